"""Label Studio: UTF-16 offsets on emoji text, annotation choice, relations, attributes, round trip."""

from __future__ import annotations

import json

from annotate.formats.importing import ImportReport
from annotate.formats.label_studio import document_to_task, import_label_studio
from annotate.formats.mapping import build_mapping
from annotate.jsonl import read_documents
from annotate.validate.content import check_document
from conftest import SAMPLE_TEXT, run_annotate
from formats_fixtures import all_documents, make_corpus

# A task as Label Studio exports it. Offsets are UTF-16 code units, computed by hand: the flag emoji
# "🇷🇺" (code points 44-46) is two astral characters, four UTF-16 units (44-48), so everything after
# it is two units further than its code-point offset ("The Russian government": 47 -> 49).


def region(rid, start, end, text, label):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


LS_TASK = {
    "id": 17,
    "data": {"text": SAMPLE_TEXT},
    "annotations": [
        {"id": 101, "completed_by": 1, "was_cancelled": False, "created_at": "2024-05-01T10:00:00.000Z",
         "updated_at": "2024-05-01T10:00:00.000Z",
         "result": [region("old1", 0, 10, "Díaz-Canel", "Person")]},
        {"id": 102, "completed_by": 2, "was_cancelled": False, "created_at": "2024-05-02T09:00:00.000Z",
         "updated_at": "2024-05-03T08:30:00.000Z",
         "result": [
             region("a1", 0, 10, "Díaz-Canel", "Person"),
             region("a2", 44, 48, "\U0001F1F7\U0001F1FA", "Country"),
             region("a3", 49, 71, "The Russian government", "Country"),
             region("a4", 83, 94, "$50\u00a0million", "Money"),
             region("a5", 95, 99, "loan", "Lending"),
             region("a6", 103, 107, "Cuba", "Country"),
             region("a7", 154, 158, "said", "Statement"),
             region("a8", 148, 153, "Putin", "Person"),
             {"id": "a5", "from_name": "realis", "to_name": "text", "type": "choices",
              "value": {"start": 95, "end": 99, "text": "loan", "choices": ["other"]}},
             {"id": "a5", "from_name": "notes", "to_name": "text", "type": "textarea",
              "value": {"start": 95, "end": 99, "text": ["is it a loan or a grant?"]}},
             {"from_id": "a5", "to_id": "a3", "type": "relation", "direction": "right", "labels": ["lender"]},
             {"from_id": "a6", "to_id": "a5", "type": "relation", "direction": "left", "labels": ["borrower"]},
             {"from_id": "a5", "to_id": "a4", "type": "relation", "direction": "right", "labels": ["Amount"]},
             {"from_id": "a7", "to_id": "a8", "type": "relation", "direction": "right", "labels": ["Speaker"]},
         ]},
        {"id": 103, "completed_by": 3, "was_cancelled": True, "created_at": "2024-05-04T09:00:00.000Z",
         "updated_at": "2024-05-04T09:00:00.000Z", "result": []},
    ],
    "predictions": [],
}
LS_MAP = ["Person=PER", "Country=GPE", "Money=MONEY", "Lending=Loan", "lender=Lender", "borrower=Borrower"]


def write_tasks(path, tasks):
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_utf16_offsets_after_an_emoji_are_converted(tmp_path):
    path = write_tasks(tmp_path / "export.json", [LS_TASK])
    report = ImportReport()
    (doc,) = import_label_studio(path, report=report, mapping=build_mapping(options=LS_MAP))
    assert [(m.type.value, m.start, m.end, m.text) for m in doc.mentions] == [
        ("PER", 0, 10, "Díaz-Canel"),
        ("GPE", 44, 46, "\U0001F1F7\U0001F1FA"),
        ("GPE", 47, 69, "The Russian government"),
        ("MONEY", 81, 92, "$50\u00a0million"),
        ("GPE", 101, 105, "Cuba"),
        ("PER", 146, 151, "Putin"),
    ]
    for mention in doc.mentions:
        assert SAMPLE_TEXT[mention.start:mention.end] == mention.text
    loan, statement = doc.events
    assert (loan.type, loan.trigger.start, loan.trigger.text) == ("Loan", 93, "loan")
    by_id = doc.mentions_by_id()
    assert [(a.role, by_id[a.mention].text) for a in loan.arguments] == [
        ("Lender", "The Russian government"), ("Borrower", "Cuba"), ("Amount", "$50\u00a0million")]
    assert loan.attributes.realis.value == "other" and loan.notes == "is it a loan or a grant?"
    assert statement.arguments[0].role == "Speaker"
    # the MONEY mention was normalized on import
    assert doc.mentions[3].money.currency == "USD" and doc.mentions[3].money.amount == 50_000_000
    # the latest annotation (102) was imported; the cancelled one (103) and the older one are reported
    assert report.warning_counts["cancelled"] == 1 and report.warning_counts["other-annotations"] == 1
    assert doc.id == "label-studio-17" and doc.annotation.annotator == "label-studio"
    assert not report.blocking


def test_annotation_index_picks_another_annotation(tmp_path):
    path = write_tasks(tmp_path / "export.json", [LS_TASK])
    (doc,) = import_label_studio(path, annotation_index=0, mapping=build_mapping(options=LS_MAP))
    assert [m.text for m in doc.mentions] == ["Díaz-Canel"] and doc.events == []
    report = ImportReport()
    assert list(import_label_studio(path, annotation_index=2, report=report)) == []
    assert report.warning_counts == {"cancelled": 1}


def test_code_point_offsets_are_recognized_and_reported(tmp_path):
    task = {"data": {"text": SAMPLE_TEXT}, "annotations": [{"result": [
        region("x", 47, 69, "The Russian government", "GPE")]}]}  # a Python script's offsets
    report = ImportReport()
    (doc,) = import_label_studio(write_tasks(tmp_path / "t.json", [task]), report=report)
    assert doc.mentions[0].start == 47 and report.warning_counts == {"offsets": 1}
    forced = ImportReport()
    (doc,) = import_label_studio(write_tasks(tmp_path / "t.json", [task]), report=forced, offsets="utf-16")
    assert doc.mentions == [] and forced.problems[0].kind == "offsets"


def test_offsets_that_match_nothing_fail_the_import(tmp_path):
    task = {"data": {"text": SAMPLE_TEXT}, "annotations": [{"result": [
        region("x", 50, 72, "The Russian government", "GPE")]}]}
    path = write_tasks(tmp_path / "t.json", [task])
    out = tmp_path / "out.jsonl"
    result = run_annotate("import", "label-studio", str(path), "--out", str(out))
    assert result.returncode == 1 and not out.exists()
    err = result.stderr.decode()
    assert "should be 'The Russian government'" in err and "Traceback" not in err


def test_an_offset_inside_a_surrogate_pair_is_not_rounded(tmp_path):
    task = {"data": {"text": SAMPLE_TEXT}, "annotations": [{"result": [
        region("x", 45, 48, "\U0001F1FA", "GPE")]}]}  # starts in the middle of the first flag letter
    report = ImportReport()
    (doc,) = import_label_studio(write_tasks(tmp_path / "t.json", [task]), report=report, offsets="utf-16")
    assert doc.mentions == [] and "inside the character" in report.problems[0].message


def test_cli_with_mapping_jsonl_and_registry(tmp_path):
    seed = all_documents()[-1]  # the emoji document
    corpus = make_corpus(tmp_path / "corpus", [seed])
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(LS_TASK, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    unmapped = run_annotate("import", "label-studio", str(path), "--out", str(out), "--corpus", str(corpus))
    assert unmapped.returncode == 1 and "unmapped span label 'Country': 3 time(s)" in unmapped.stderr.decode()
    ok = run_annotate("import", "label-studio", str(path), "--out", str(out), "--corpus", str(corpus),
                      *[f"--map={m}" for m in LS_MAP], "--annotator", "ls-team")
    assert ok.returncode == 0, ok.stderr
    (doc,) = read_documents(out)
    assert doc.id == seed.id and doc.source == seed.source and doc.annotation.annotator == "ls-team"
    assert [i for i in check_document(doc) if i.severity == "error"] == []


def projection(doc):
    """What Label Studio and doccano can carry: spans, types, events, roles, entity groups."""
    by_id = doc.mentions_by_id()
    groups = {}
    for m in doc.mentions:
        if m.entity:
            groups.setdefault(m.entity, set()).add((m.start, m.end))
    return {
        "mentions": [(m.start, m.end, m.text, m.type.value) for m in doc.mentions],
        "events": [(e.type, e.trigger.start, e.trigger.end,
                    [(a.role, by_id[a.mention].start, by_id[a.mention].end) for a in e.arguments])
                   for e in doc.events],
        "entities": sorted(sorted(g) for g in groups.values() if len(g) > 1),
    }


def test_round_trip_through_label_studio_tasks(tmp_path):
    documents = all_documents()
    path = write_tasks(tmp_path / "export.json", [document_to_task(d) for d in documents])
    report = ImportReport()
    back = list(import_label_studio(path, report=report))
    assert not report.blocking and set(report.warning_counts) <= {"normalization"}
    for doc, imported in zip(documents, back):
        assert imported.id == doc.id
        assert projection(imported) == projection(doc)
        assert [e.attributes for e in imported.events] == [e.attributes for e in doc.events]
        assert [e.notes for e in imported.events] == [e.notes for e in doc.events]
    task = document_to_task(documents[-1])
    flag = next(r for r in task["annotations"][0]["result"] if r.get("value", {}).get("text") == "\U0001F1F7\U0001F1FA")
    assert (flag["value"]["start"], flag["value"]["end"]) == (44, 48)  # written in UTF-16 too


def test_round_trip_with_registry_normalizes_times(tmp_path):
    documents = all_documents()
    corpus = make_corpus(tmp_path / "corpus", documents)
    path = write_tasks(tmp_path / "export.json", [document_to_task(d) for d in documents])
    report = ImportReport()
    back = list(import_label_studio(path, report=report, corpus=corpus))
    assert report.warning_counts == {}
    for doc, imported in zip(documents, back):
        assert imported.source == doc.source
        for ours, theirs in zip(doc.mentions, imported.mentions):
            if ours.time:
                assert theirs.time.value == ours.time.value, ours.text
            if ours.money:
                assert theirs.money.currency == ours.money.currency
        assert [i for i in check_document(imported) if i.severity == "error"] == []


def test_an_annotation_that_is_not_an_object_is_an_error_not_a_skipped_task(tmp_path):
    # A task whose annotations were all malformed (not objects) used to vanish: "wrote 0 document(s)",
    # exit 0, not a word, even with --skip-unmapped.
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"id": 1, "data": {"text": "Putin visited Cuba."}, "annotations": ["junk"]}]),
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for extra in ((), ("--skip-unmapped",), ("--annotation-index", "0")):
        result = run_annotate("import", "label-studio", str(path), "--out", str(out), *extra)
        err = result.stderr.decode()
        assert result.returncode == 1, (extra, err)
        assert f"{path}[0]: annotations[0]: an annotation is a JSON object" in err and "Traceback" not in err
        assert not out.exists()
