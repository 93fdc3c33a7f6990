"""brat standoff: lossless round trip, independent readers, foreign data through the label mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotate.formats.brat import export_brat, fragments, import_brat
from annotate.formats.importing import ImportReport
from annotate.formats.mapping import build_mapping
from annotate.jsonl import read_documents
from annotate.schema_export import schema_text
from annotate.validate.content import check_document
from conftest import run_annotate
from formats_fixtures import all_documents, emoji_document, make_corpus, seed_documents, seed_text, write_jsonl


# -- brat's own parsing rules (ported from nlplab/brat server/src/annotation.py) ------------------------

def brat_reference_read(text: str, ann: str) -> tuple[list[int], dict[str, dict]]:
    """Parse ``ann`` the way brat's ``TextAnnotations`` does; returns (failed line numbers, annotations).

    Ported rules: an id, a TAB, data, optionally a TAB and a tail; ids match ``[A-Za-z]+|#[A-Za-z]*`` +
    digits; no duplicate ids; T spans within the text, non-overlapping fragments, and the tail starts with
    the fragment texts joined by one space; E is ``TYPE:TRIGGER ROLE:ID...``; A is ``NAME TARGET [VALUE]``;
    N is ``TYPE TARGET DB:ID``; # is ``TYPE TARGET``; * is ``TYPE ID ID...``. Then the sanity checks:
    every referenced id exists, each event's trigger is a T of the event's type, and no annotation other
    than an event (or a relation) refers to a trigger.
    """
    failed: list[int] = []
    anns: dict[str, dict] = {}
    equivs: list[dict] = []
    for number, line in enumerate(ann.splitlines()):
        try:
            ann_id, id_tail = line.split("\t", 1)
            if ann_id != "*" and not re.match(r"^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$", ann_id):
                raise ValueError("id")
            if ann_id in anns:
                raise ValueError("duplicate")
            data, _, tail = id_tail.partition("\t")
            tail = "\t" + tail if _ else ""
            kind = ann_id[0]
            if kind == "T":
                type_, rest = data.split(" ", 1)
                spans = []
                for piece in rest.split(";"):
                    start_s, end_s = piece.split(" ", 2)
                    start, end = int(start_s), int(end_s.rstrip())
                    assert 0 <= start <= end <= len(text)
                    assert all(not (end >= s and start < e) for s, e in spans), "fragments overlap"
                    spans.append((start, end))
                spanlen = sum(e - s for s, e in spans) + len(spans) - 1
                assert tail.startswith("\t") and len(tail) - 1 >= spanlen
                reference = " ".join(text[s:e] for s, e in spans)
                assert tail[1:spanlen + 1] == reference, (tail, reference)
                rest_tail = tail[spanlen + 1:]
                assert rest_tail == "" or rest_tail[0].isspace()
                anns[ann_id] = {"kind": "T", "type": type_, "spans": spans, "text": reference}
            elif kind == "E":
                head, _, args = data.partition(" ")
                type_, trigger = head.split(":")
                pairs = [tuple(arg.split(":")) for arg in args.split()]
                assert all(len(p) == 2 for p in pairs)
                anns[ann_id] = {"kind": "E", "type": type_, "trigger": trigger, "args": pairs}
            elif kind == "A":
                match = re.match(r"(.+?) (.+?) (.+?)$", data) or re.match(r"(.+?) (.+?)$", data)
                assert match
                groups = match.groups()
                anns[ann_id] = {"kind": "A", "type": groups[0], "target": groups[1],
                                "value": groups[2] if len(groups) == 3 else True}
            elif kind == "N":
                match = re.match(r"(\S+) (\S+) (\S+?):(\S+)", data)
                assert match
                anns[ann_id] = {"kind": "N", "type": match.group(1), "target": match.group(2),
                                "db": match.group(3), "ref": match.group(4), "text": tail.lstrip("\t")}
            elif kind == "#":
                type_, target = data.split()
                anns[ann_id] = {"kind": "#", "type": type_, "target": target, "text": tail.strip()}
            elif kind == "*":
                type_, rest = data.split(None, 1)
                equivs.append({"kind": "*", "type": type_, "members": rest.split()})
            elif kind == "R":
                type_, rest = data.split(" ", 1)
                pairs = [tuple(arg.split(":")) for arg in rest.split()]
                assert len(pairs) == 2 and pairs[0][0] != pairs[1][0]
                anns[ann_id] = {"kind": "R", "type": type_, "args": pairs}
            else:
                raise ValueError("kind")
        except (ValueError, AssertionError):
            failed.append(number)
    triggers = {a["trigger"] for a in anns.values() if a["kind"] == "E"}
    for ann_id, a in anns.items():
        deps = ([a["trigger"]] + [t for _, t in a["args"]] if a["kind"] == "E"
                else [a["target"]] if a["kind"] in "AN#" else [t for _, t in a["args"]] if a["kind"] == "R" else [])
        assert all(d in anns for d in deps), f"{ann_id} refers to an undefined id"
        if a["kind"] == "E":
            trigger = anns[a["trigger"]]
            assert trigger["kind"] == "T" and trigger["type"] == a["type"], f"{ann_id}: trigger of another type"
        elif a["kind"] in "AN#":
            assert a["target"] not in triggers, f"{ann_id} refers to a trigger"
    for equiv in equivs:
        assert all(m in anns and m not in triggers for m in equiv["members"])
    anns["*"] = {"kind": "*", "groups": equivs}
    return failed, anns


def export(documents, tmp_path: Path) -> Path:
    out = tmp_path / "brat"
    export_brat(documents, out)
    return out


# -- round trip --------------------------------------------------------------------------------------

def test_round_trip_is_lossless_on_seeds_and_emoji(tmp_path):
    documents = all_documents()
    out = export(documents, tmp_path)
    report = ImportReport()
    back = {doc.id: doc for doc in import_brat(out, report=report)}
    assert report.lines() == []
    assert set(back) == {doc.id for doc in documents}
    for doc in documents:
        assert back[doc.id] == doc, doc.id
        assert back[doc.id].to_json() == doc.to_json()


def test_text_files_are_the_exact_text_and_config_is_the_schema(tmp_path):
    documents = all_documents()
    out = export(documents, tmp_path)
    for doc in documents:
        assert (out / f"{doc.id}.txt").read_bytes() == doc.text.encode("utf-8")
    assert (out / "annotation.conf").read_text(encoding="utf-8") == schema_text("brat-conf")
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "Visit\tVisitor+:PER|ORG|GPE, Host*:" in conf and "Realis\tArg:<EVENT>, Value:actual|generic|other" in conf
    assert "[normalization]" in (out / "tools.conf").read_text(encoding="utf-8")
    assert "Visit\tbgColor:" in (out / "visual.conf").read_text(encoding="utf-8")


def test_brats_own_parsing_rules_accept_every_line(tmp_path):
    documents = all_documents()
    out = export(documents, tmp_path)
    for doc in documents:
        ann = (out / f"{doc.id}.ann").read_text(encoding="utf-8")
        failed, anns = brat_reference_read(doc.text, ann)
        assert failed == [], [ann.splitlines()[i] for i in failed]
        textbounds = [a for a in anns.values() if a["kind"] == "T"]
        assert len(textbounds) == len(doc.mentions) + len(doc.events)
        for mention, t in zip(doc.mentions, textbounds):
            assert (t["spans"][0][0], t["spans"][-1][1]) == (mention.start, mention.end)
            assert t["type"] == mention.type.value
        events = [a for a in anns.values() if a["kind"] == "E"]
        assert [e["type"] for e in events] == [e.type for e in doc.events]
        assert [len(e["args"]) for e in events] == [len(e.arguments) for e in doc.events]
        attributes = [a for a in anns.values() if a["kind"] == "A"]
        assert len(attributes) == 3 * len(doc.events)
        coref_groups = [g["members"] for g in anns["*"]["groups"]]
        entities = {m.entity for m in doc.mentions if m.entity}
        assert len(coref_groups) == sum(1 for e in entities if sum(m.entity == e for m in doc.mentions) > 1)


def test_independent_reader_pybrat_reads_our_output(tmp_path):
    pybrat = pytest.importorskip("pybrat.parser", reason="pybrat is in the test extra")
    documents = all_documents()
    out = export(documents, tmp_path)
    # pybrat reads only `*\tEquiv` lines; ours are `*\tCoreference` (checked by the reference reader above).
    examples = {ex.id: ex for ex in pybrat.BratParser(ignore_types=["*"], error="raise").parse(out)}
    assert set(examples) == {doc.id for doc in documents}
    for doc in documents:
        example = examples[doc.id]
        assert example.text == doc.text
        mentions = {(e.spans[0].start, e.spans[-1].end, e.type) for e in example.entities}
        assert {(m.start, m.end, m.type.value) for m in doc.mentions} <= mentions
        for entity in example.entities:
            joined = " ".join(doc.text[s.start:s.end] for s in entity.spans)
            assert entity.mention == joined.rstrip()  # pybrat strips the line's trailing white space
        assert sorted((e.type, e.trigger.spans[0].start) for e in example.events) == \
            sorted((e.type, e.trigger.start) for e in doc.events)
        by_trigger = {(e.type, e.trigger.spans[0].start): e for e in example.events}
        for event in doc.events:
            theirs = by_trigger[(event.type, event.trigger.start)]
            mentions_by_id = doc.mentions_by_id()
            # pybrat 0.1.7 keeps the argument entities in order but drops their role names
            assert [a.spans[0].start for a in theirs.arguments] == \
                [mentions_by_id[a.mention].start for a in event.arguments]
        refs = {(e.spans[0].start, r.rid, r.eid) for e in example.entities for r in e.references}
        for mention in doc.mentions:
            if mention.time:
                assert (mention.start, "TIMEX3", mention.time.value) in refs
            if mention.money:
                assert (mention.start, "ISO4217", mention.money.currency) in refs


def test_emoji_offsets_are_code_points(tmp_path):
    doc = emoji_document()
    out = export([doc], tmp_path)
    ann = (out / "emoji-1.ann").read_text(encoding="utf-8")
    flag = doc.mention("M11")
    assert f"GPE {flag.start} {flag.end}\t\U0001F1F7\U0001F1FA" in ann
    cuba = next(m for m in doc.mentions if m.text == "Cuba")
    assert f"GPE {cuba.start} {cuba.end}\tCuba" in ann
    assert cuba.start > flag.end  # after the emoji: UTF-16 would be 2 more, UTF-8 6 more


def test_span_across_a_line_break_is_split_and_joined_back(tmp_path):
    doc = seed_documents()[1]
    topic = doc.mention("M4")
    assert "\n" in topic.text
    pieces = fragments(doc.text, topic.start, topic.end)
    assert len(pieces) == 2 and all("\n" not in doc.text[s:e] for s, e in pieces)
    out = export([doc], tmp_path)
    line = next(line for line in (out / f"{doc.id}.ann").read_text(encoding="utf-8").splitlines()
                if line.startswith("T") and ";" in line)
    assert line.split("\t")[1] == f"TOPIC {pieces[0][0]} {pieces[0][1]};{pieces[1][0]} {pieces[1][1]}"
    assert list(import_brat(out))[0] == doc


def test_notes_carry_what_brat_cannot_express(tmp_path):
    doc = seed_documents()[0]
    out = export([doc], tmp_path)
    ann = (out / f"{doc.id}.ann").read_text(encoding="utf-8")
    assert "\tAnnotatorNotes E3\tsame visit as EV1 eventgold:{" in ann  # plain notes stay readable
    note = next(line for line in ann.splitlines() if line.startswith("#") and "AnnotatorNotes E2\t" in line)
    data = json.loads(note.split("eventgold:", 1)[1])
    assert data["notes"] == "Herald says the loan\nbuys arms;\tcheck" and data["provenance"]["decision"] == "agreed"
    assert "Reference T5 TIMEX3:2018-11-01\t2018-11-01" in ann
    assert "ISO4217:USD\t50000000 USD" in ann
    assert re.search(r"^\*\tCoreference T\d+ T\d+ T\d+$", ann, re.M)
    sidecar = json.loads((out / f"{doc.id}.eventgold.json").read_text(encoding="utf-8"))
    assert sidecar["id"] == doc.id and sidecar["annotation"]["adjudicated_from"] == ["alice", "bob"]


def test_edits_made_in_brat_are_read(tmp_path):
    doc = seed_documents()[0]
    out = export([doc], tmp_path)
    ann_path = out / f"{doc.id}.ann"
    ann = ann_path.read_text(encoding="utf-8")
    ann = ann.replace("A4\tRealis E2 actual", "A4\tRealis E2 other")  # changed an attribute
    ann = ann.replace("Reference T5 TIMEX3:2018-11-01", "Reference T5 TIMEX3:2018-11-02")  # a normalization
    ann += "T99\tStatement 0 4\tCuba\nE99\tStatement:T99 Speaker:T2\n"  # a new event, no notes
    ann_path.write_text(ann, encoding="utf-8")
    report = ImportReport()
    back = list(import_brat(out, report=report))[0]
    loan = next(e for e in back.events if e.id == "EV2")
    assert loan.attributes.realis.value == "other"
    assert back.mention("M5").time.value == "2018-11-02"
    new = [e for e in back.events if e.type == "Statement"]
    assert len(new) == 1 and new[0].id == "EV4" and new[0].arguments[0].mention == "M2"
    assert report.warning_counts == {"attributes": 1}  # the new event got default attributes, and says so
    assert not report.blocking


def test_an_argument_removed_in_brat_leaves_the_others_provenance_in_place(tmp_path):
    """Per-argument provenance is found by role and filler, not by position in the E line."""
    doc = seed_documents()[0]
    out = export([doc], tmp_path)
    ann_path = out / f"{doc.id}.ann"
    ann = ann_path.read_text(encoding="utf-8")
    assert "E1\tVisit:T11 Visitor:T1 Visitor2:T3 Destination:T4 Time:T5\n" in ann
    # brat renumbers the repeated role when the first Visitor goes; M1 (T1) goes with its argument
    ann = ann.replace("Visitor:T1 Visitor2:T3", "Visitor:T3").replace("T1\tPER 91 108\tMiguel Díaz-Canel\n", "")
    ann = re.sub(r"#1\tAnnotatorNotes T1\t[^\n]*\n", "", ann).replace("Coreference T1 T3", "Coreference T3")
    ann_path.write_text(ann, encoding="utf-8")
    report = ImportReport()
    back = list(import_brat(out, report=report))[0]
    assert report.lines() == []
    visit = next(e for e in back.events if e.id == "EV1")
    expected = [a for a in doc.events[0].arguments if a.mention != "M1"]
    assert visit.arguments == expected
    assert [a.provenance is not None for a in visit.arguments] == [False, True, False]  # Destination's, as before


def test_a_finished_document_that_breaks_the_guidelines_comes_in_as_a_draft(tmp_path):
    """The sidecar says adjudicated, but an argument removed in brat leaves its mention filling nothing
    (level 5, orphan-mention): the content is kept whole as a draft, the error is reported, and the CLI
    writes nothing unless --skip-unmapped; what it writes then passes annotate validate."""
    doc = seed_documents()[0]
    out = export([doc], tmp_path)
    ann_path = out / f"{doc.id}.ann"
    ann_path.write_text(ann_path.read_text(encoding="utf-8").replace("E3\tVisit:T13 Visitor:T10 Host:T2",
                                                                      "E3\tVisit:T13 Visitor:T10"), encoding="utf-8")
    report = ImportReport()
    back = list(import_brat(out, report=report))[0]
    assert back.annotation.status.value == "draft" and back.annotation.annotator == doc.annotation.annotator
    assert [m.id for m in back.mentions] == [m.id for m in doc.mentions]  # M2 (Putin) is kept
    assert report.blocking and [p.kind for p in report.problems] == ["orphan-mention"]
    line = next(line for line in report.lines() if "orphan-mention" in line)
    assert "mentions[1]" in line and "imported as a draft, not adjudicated" in line and ".ann" in line

    target = tmp_path / "back.jsonl"
    blocked = run_annotate("import", "brat", str(out), "-o", str(target))
    assert blocked.returncode == 1 and not target.exists()
    assert b"orphan-mention" in blocked.stderr + blocked.stdout
    written = run_annotate("import", "brat", str(out), "-o", str(target), "--skip-unmapped")
    assert written.returncode == 0, written.stderr
    assert run_annotate("validate", str(target)).returncode == 0
    assert next(read_documents(target)).annotation.status.value == "draft"


# -- foreign brat ------------------------------------------------------------------------------------

FOREIGN_TEXT = "Díaz-Canel met Putin 🇷🇺 in Moscow on Friday; Russia lent Cuba 50 million euros. Putin smiled."
FOREIGN_ANN = """\
T1\tPerson 0 10\tDíaz-Canel
T2\tPerson 15 20\tPutin
T3\tCity 27 33\tMoscow
T4\tMeeting 11 14\tmet
E1\tMeeting:T4 agent:T1 agent2:T2 place:T3
A1\tNegation E1
T5\tCountry 45 51\tRussia
T6\tCountry 57 61\tCuba
T7\tLoanEvent 52 56\tlent
E2\tLoanEvent:T7 giver:T5 receiver:T6
T8\tPerson 80 85\tPutin
R1\tSameAs Arg1:T2 Arg2:T8
T9\tEmotion 80 85;86 92\tPutin smiled
#1\tAnnotatorNotes T1\tCuban president
"""


def write_foreign(folder: Path, text: str = FOREIGN_TEXT, ann: str = FOREIGN_ANN, name: str = "news-1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{name}.ann").write_bytes(ann.encode("utf-8"))
    return folder


FOREIGN_MAP = ["Person=PER", "City=GPE", "Country=GPE", "Meeting=Visit", "LoanEvent=Loan", "agent=Visitor",
               "place=Destination", "Loan:giver=Lender", "Loan:receiver=Borrower", "SameAs=Coreference",
               "Emotion=-", "Negation=polarity:negative"]


def test_foreign_offsets_are_checked_by_the_reference_reader():
    failed, _ = brat_reference_read(FOREIGN_TEXT, FOREIGN_ANN)
    assert failed == []


def test_foreign_brat_without_mapping_reports_every_unmapped_label(tmp_path):
    folder = write_foreign(tmp_path / "foreign")
    report = ImportReport()
    docs = list(import_brat(folder, report=report))
    labels = {(what, label): count for (what, label), (count, _) in report.unmapped.items()}
    assert labels[("span", "Person")] == 3 and labels[("span", "City")] == 1 and labels[("span", "Country")] == 2
    assert ("event", "Meeting") in labels and ("event", "LoanEvent") in labels
    assert ("relation", "SameAs") in labels and ("attribute", "Negation") in labels
    assert report.blocking and docs[0].mentions == [] and docs[0].events == []


def test_foreign_brat_with_mapping(tmp_path):
    folder = write_foreign(tmp_path / "foreign")
    report = ImportReport()
    doc = list(import_brat(folder, report=report, mapping=build_mapping(options=FOREIGN_MAP)))[0]
    assert report.unmapped == {}
    assert report.ignored == {"Emotion": 1}
    # the note on a mention cannot be kept: reported as left out
    assert [p.kind for p in report.problems] == ["note"]
    assert [(m.type.value, m.text) for m in doc.mentions] == [
        ("PER", "Díaz-Canel"), ("PER", "Putin"), ("GPE", "Moscow"), ("GPE", "Russia"), ("GPE", "Cuba"),
        ("PER", "Putin")]
    visit, loan = doc.events
    assert visit.type == "Visit" and [a.role for a in visit.arguments] == ["Visitor", "Visitor", "Destination"]
    assert visit.attributes.polarity.value == "negative" and visit.attributes.realis.value == "actual"
    assert loan.type == "Loan" and [a.role for a in loan.arguments] == ["Lender", "Borrower"]
    putins = [m for m in doc.mentions if m.text == "Putin"]
    assert putins[0].entity is not None and putins[0].entity == putins[1].entity
    assert doc.id == "news-1" and doc.source.title == FOREIGN_TEXT and doc.annotation.annotator == "brat"
    errors = [i for i in check_document(doc) if i.severity == "error"]
    assert errors == []


def test_foreign_brat_cli_exit_codes(tmp_path):
    folder = write_foreign(tmp_path / "foreign")
    out = tmp_path / "out.jsonl"
    failed = run_annotate("import", "brat", str(folder), "--out", str(out), "--corpus", str(tmp_path / "none"))
    assert failed.returncode == 1, failed.stderr
    err = failed.stderr.decode()
    assert "unmapped span label 'Person': 3 time(s)" in err and "annotate: error:" in err
    assert "Traceback" not in err and not out.exists()

    mapped = ["--map=" + m for m in FOREIGN_MAP]
    still = run_annotate("import", "brat", str(folder), "--out", str(out), *mapped)
    assert still.returncode == 1 and "note on a mention" in still.stderr.decode() and not out.exists()

    ok = run_annotate("import", "brat", str(folder), "--out", str(out), *mapped, "--skip-unmapped")
    assert ok.returncode == 0, ok.stderr
    assert "left out (note)" in ok.stderr.decode()
    docs = list(read_documents(out))
    assert len(docs) == 1 and len(docs[0].events) == 2

    bad_map = run_annotate("import", "brat", str(folder), "--out", str(out), "--map", "Person=Human")
    assert bad_map.returncode == 2 and "not an eventgold label" in bad_map.stderr.decode()


def test_discontinuous_span_is_reported(tmp_path):
    ann = "T1\tPER 0 4;15 20\tDíaz Putin\n"
    folder = write_foreign(tmp_path / "disc", ann=ann)
    report = ImportReport()
    doc = list(import_brat(folder, report=report))[0]
    assert doc.mentions == []
    assert [p.kind for p in report.problems] == ["discontinuous"] and report.blocking


def test_offsets_that_do_not_match_the_text_are_reported(tmp_path):
    ann = "T1\tPER 1 11\tDíaz-Canel\n"  # shifted by one, as a UTF-16 or byte counter would
    report = ImportReport()
    doc = list(import_brat(write_foreign(tmp_path / "shift", ann=ann), report=report))[0]
    assert doc.mentions == [] and report.problems[0].kind == "offsets"


def test_known_text_gets_registry_id_and_source_and_time_is_normalized(tmp_path):
    seed = seed_documents()[0]
    corpus = make_corpus(tmp_path / "corpus", [seed])
    i = seed.text.index("November 1")
    ann = f"T1\tDATE {i} {i + len('November 1')}\tNovember 1\n"
    folder = write_foreign(tmp_path / "foreign", text=seed.text, ann=ann, name="whatever")
    report = ImportReport()
    doc = list(import_brat(folder, report=report, corpus=corpus, mapping=build_mapping(options=["DATE=TIME"])))[0]
    assert doc.id == seed.id and doc.source == seed.source
    assert doc.mentions[0].time is not None and doc.mentions[0].time.value == "2018-11-01"


def test_failed_normalization_is_reported_and_left_out(tmp_path):
    text = FOREIGN_TEXT
    f, m = text.index("Friday"), text.index("50 million euros")
    ann = f"T1\tTIME {f} {f + 6}\tFriday\nT2\tMONEY {m} {m + 16}\t50 million euros\n"
    report = ImportReport()
    doc = list(import_brat(write_foreign(tmp_path / "norm", ann=ann), report=report))[0]
    (money,) = doc.mentions  # no DCT to resolve "Friday" against: a TIME without value is not valid
    assert money.money is not None and money.money.currency == "EUR" and money.money.amount == 50_000_000
    assert report.warning_counts == {"normalization": 1} and report.blocking
    (problem,) = report.problems
    assert problem.kind == "missing-normalization" and "T1 TIME" in problem.message and problem.spans == 1


def test_changed_text_under_a_sidecar_is_refused(tmp_path):
    doc = seed_documents()[2]
    out = export([doc], tmp_path)
    (out / f"{doc.id}.txt").write_bytes(doc.text.replace("Moscow", "Moskva").encode("utf-8"))
    result = run_annotate("import", "brat", str(out), "--out", str(tmp_path / "x.jsonl"))
    assert result.returncode == 1 and "text of a brat document must never change" in result.stderr.decode()


def test_cli_export_from_corpus_and_back(tmp_path):
    documents = all_documents()
    corpus = make_corpus(tmp_path / "corpus", documents)
    out = tmp_path / "brat"
    exported = run_annotate("export", "brat", str(out), "--corpus", str(corpus))
    assert exported.returncode == 0, exported.stderr
    assert "5 document(s)" in exported.stdout.decode()
    back = tmp_path / "back.jsonl"
    imported = run_annotate("import", "brat", str(out), "--out", str(back), "--corpus", str(corpus))
    assert imported.returncode == 0, imported.stderr
    assert {d.id: d for d in read_documents(back)} == {d.id: d for d in documents}

    missing = run_annotate("export", "brat", str(out), "--corpus", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no gold corpus" in missing.stderr.decode()


def test_existing_output_survives_a_blocked_import(tmp_path):
    folder = write_foreign(tmp_path / "foreign")
    out = tmp_path / "keep.jsonl"
    write_jsonl(out, seed_documents()[:1])
    before = out.read_bytes()
    result = run_annotate("import", "brat", str(folder), "--out", str(out))
    assert result.returncode == 1 and out.read_bytes() == before


def test_seed_text_is_read_byte_for_byte():
    assert "\u00a0" in seed_text("001") and "í" in seed_text("000")


def test_export_into_a_folder_with_other_documents_warns(tmp_path):
    first, second = seed_documents()[:2]
    out = tmp_path / "brat"
    export_brat([first], out)
    summary = export_brat([second], out)
    assert len(summary.warnings) == 1 and f"{first.id}.ann" in summary.warnings[0]
    result = run_annotate("export", "brat", str(out), "--input", str(write_jsonl(tmp_path / "s.jsonl", [second])))
    assert result.returncode == 0 and "not part of this export" in result.stderr.decode()


def test_everything_brat_can_say_that_the_schema_cannot_is_reported(tmp_path):
    text = "Putin met Díaz-Canel in Moscow and said so."
    i = {w: text.index(w) for w in ("Putin", "met", "Díaz-Canel", "Moscow", "said", "so")}
    ann = "\n".join([
        f"T1\tPER {i['Putin']} {i['Putin'] + 5}\tPutin",
        f"T2\tVisit {i['met']} {i['met'] + 3}\tmet",
        f"T3\tPER {i['Díaz-Canel']} {i['Díaz-Canel'] + 10}\tDíaz-Canel",
        f"T4\tGPE {i['Moscow']} {i['Moscow'] + 6}\tMoscow",
        f"T5\tStatement {i['said']} {i['said'] + 4}\tsaid",
        f"T6\tVisit {i['so']} {i['so'] + 2}\tso",  # a trigger type without an E line
        "E1\tVisit:T2 Visitor:T3 Host:T1 Destination:T4 Purpose:T99",  # T99 does not exist
        "E2\tStatement:T5 Speaker:T1 Topic:E1",  # an event as an argument
        "R1\tLocatedIn Arg1:T1 Arg2:T4",  # a relation the schema has no place for
        "A1\tRealis E1 actual",
        "A2\tSpeculation T1",  # an attribute on a mention
        "N1\tReference T4 GeoNames:524901\tMoscow",  # a normalization to another database
        "#1\tAnnotatorNotes T2\tcheck the trigger",  # a note on a trigger
        "#2\tAnnotatorNotes E1\tlooks right",  # a note on an event: kept
        "this line is not brat",
        "",
    ])
    report = ImportReport()
    (doc,) = import_brat(write_foreign(tmp_path / "all", text=text, ann=ann), report=report)
    kinds = sorted(p.kind for p in report.problems)
    assert kinds == ["argument", "argument", "note", "syntax", "trigger"], [str(p) for p in report.problems]
    unmapped = {(what, label) for what, label in report.unmapped}
    assert unmapped == {("relation", "LocatedIn"), ("attribute", "Speculation"), ("normalization", "GeoNames")}
    visit, statement = doc.events
    assert [a.role for a in visit.arguments] == ["Visitor", "Host", "Destination"] and visit.notes == "looks right"
    assert [a.role for a in statement.arguments] == ["Speaker"]
    assert report.warning_counts == {"attributes": 2}  # E1 lacks Polarity/Tense, E2 has none
    assert report.blocking


def test_ann_without_txt_and_txt_without_ann(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "orphan.ann").write_text("T1\tPER 0 5\tPutin\n", encoding="utf-8")
    (folder / "plain.txt").write_text("Nothing annotated.", encoding="utf-8")
    report = ImportReport()
    assert list(import_brat(folder, report=report)) == []
    assert [p.kind for p in report.problems] == ["no-text"] and report.warning_counts == {"no-ann": 1}
    not_a_folder = run_annotate("import", "brat", str(folder / "plain.txt"), "--out", str(tmp_path / "o.jsonl"))
    assert not_a_folder.returncode == 2


def test_export_refuses_a_span_whose_text_disagrees_with_the_document(tmp_path):
    # The .ann line is cut from the offsets: exporting a trigger stored as 'arrived' at [start+1, end+1)
    # used to write 'rrived ' silently, "fixing" the annotation instead of reporting it.
    line = json.loads(seed_documents()[0].to_json())
    line["events"][0]["trigger"]["start"] += 1
    line["events"][0]["trigger"]["end"] += 1
    source = tmp_path / "shifted.jsonl"  # a valid document first: the message names line 2
    source.write_text(seed_documents()[1].to_json() + "\n" + json.dumps(line, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    result = run_annotate("export", "brat", str(tmp_path / "brat"), "--input", str(source))
    err = result.stderr.decode()
    assert result.returncode == 1, err
    # the reader's check (annotate validate's span-text-mismatch) refuses it before the exporter sees it
    assert (f"shifted.jsonl:2 [{line['id']}]: events[0].trigger.text: {line['events'][0]['trigger']['text']!r} "
            "does not match the text at") in err
    assert "Traceback" not in err and not (tmp_path / "brat" / f"{line['id']}.ann").exists()


def test_an_annotators_document_with_timestamps_round_trips(tmp_path):
    # An annotator's document carries created/modified times. The sidecar was read back with python-mode
    # validation of the strict schema, which refuses a datetime as text: the import failed with
    # "created: Input should be a valid datetime" on every session or `event add` file.
    from datetime import datetime, timezone

    document = seed_documents()[0]
    when = datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    document = document.model_copy(update={"annotation": document.annotation.model_copy(
        update={"annotator": "alice", "created": when, "modified": when})})
    source = write_jsonl(tmp_path / "alice.jsonl", [document])
    out = tmp_path / "brat"
    assert run_annotate("export", "brat", str(out), "--input", str(source)).returncode == 0
    back = tmp_path / "back.jsonl"
    imported = run_annotate("import", "brat", str(out), "--out", str(back))
    assert imported.returncode == 0, imported.stderr.decode()
    assert back.read_bytes() == source.read_bytes()


def test_import_of_a_missing_or_empty_folder_is_a_usage_error(tmp_path):
    # A missing folder was called "not a folder"; an empty one (a wrong path) wrote an empty corpus, exit 0.
    out = tmp_path / "out.jsonl"
    missing = run_annotate("import", "brat", str(tmp_path / "nope"), "--out", str(out))
    assert missing.returncode == 2 and "nope: no such folder" in missing.stderr.decode()
    (tmp_path / "empty").mkdir()
    empty = run_annotate("import", "brat", str(tmp_path / "empty"), "--out", str(out))
    assert empty.returncode == 2 and "empty: no .txt or .ann files in this folder" in empty.stderr.decode()
    assert not out.exists()
