"""Real third-party files (tests/data/*, sources and licences in each README) through every importer.

Each test counts the spans of the foreign file on its own and checks the rule of issue 10: every span
is imported or reported as left out (spans in = spans imported + spans reported), and what is written
passes ``annotate validate``.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotate.formats.brat import import_brat
from annotate.formats.doccano import import_doccano
from annotate.formats.importing import ImportReport, write_imported
from annotate.formats.label_studio import import_label_studio
from annotate.formats.mapping import build_mapping
from annotate.formats.prodigy import import_prodigy
from annotate.jsonl import read_documents
from annotate.validate import validate_paths
from conftest import REPO, run_annotate

DATA = REPO / "tests" / "data"
BRAT = DATA / "brat-news-tutorial"
BRAT_MAP = ["Person=PER", "Organization=ORG", "Merge-org=Agreement", "Report=Statement", "Org-Arg=Party",
            "Reporter-Arg=Speaker", "Alias=Coreference", "Located=-", "Confidence=-"]


def spans_of(document) -> int:
    return len(document.mentions) + len({(e.type, e.trigger.start, e.trigger.end) for e in document.events})


def write_and_validate(documents, out: Path, report: ImportReport) -> list:
    write_imported(documents, out, report=report, skip_unmapped=True)
    empty = out.parent / "no-corpus"
    empty.mkdir(exist_ok=True)
    validation = validate_paths([out], corpus_root=empty)
    assert validation.ok, [str(i) for i in validation.incidents]
    return list(read_documents(out))


def assert_accounted(report: ImportReport, documents: list, spans_in: int) -> None:
    assert report.spans_read == spans_in
    assert report.spans_imported == sum(spans_of(d) for d in documents)
    assert report.spans_read == report.spans_imported + report.spans_left_out, report.to_dict()["left_out"]


def test_brat_tutorial_every_text_bound_annotation_is_imported_or_reported(tmp_path):
    t_lines = sum(1 for ann in BRAT.glob("*.ann") for line in ann.read_text("utf-8").splitlines()
                  if line.startswith("T"))
    report = ImportReport()
    documents = write_and_validate(import_brat(BRAT, report=report, mapping=build_mapping(options=BRAT_MAP)),
                                   tmp_path / "brat.jsonl", report)
    assert len(documents) == 5 and t_lines == 93
    assert_accounted(report, documents, t_lines)
    kinds = {item.kind for item in report.left_out}
    # events as arguments (090, 100), the entity attribute Individual and the relations Family (110)
    # cannot be held; each is listed with its line
    assert "argument" in kinds and report.unmapped.keys() >= {("attribute", "Individual"), ("relation", "Family")}
    assert any("a note on a relation cannot be kept" in p.message and p.where.endswith("110-note_annotation.ann:12")
               for p in report.problems)
    assert all(Path(item.where.split(":")[0]).name.endswith(".ann") for item in report.left_out)
    # the Alias equivalence of 060 links three mentions of one person
    (doc060,) = [d for d in documents if d.id == "060-relation_annotation"]
    assert len({m.entity for m in doc060.mentions if m.text in ("Joanne Rowling", "Jo Rowling", "J. K. Rowling")
                and m.start < 600}) == 1


def test_brat_tutorial_cli_blocks_then_ignores_what_the_hint_says(tmp_path):
    out = tmp_path / "out.jsonl"
    blocked = run_annotate("import", "brat", str(BRAT), "--out", str(out), *[f"--map={m}" for m in BRAT_MAP])
    assert blocked.returncode == 1 and not out.exists() and "Traceback" not in blocked.stderr.decode()
    ignore = ["Family=-", "Individual=-", "Event-Arg=-", "Merge-org=-", "#AnnotatorNotes=-"]
    result = run_annotate("import", "brat", str(BRAT), "--out", str(out), "--json",
                          *[f"--map={m}" for m in BRAT_MAP if m != "Merge-org=Agreement"],
                          *[f"--map={m.lstrip('#')}" for m in ignore])
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["problems"] == 0 and report["unmapped"] == []
    assert report["spans"]["read"] == report["spans"]["imported"] + report["spans"]["left_out"]
    # a note on an ignored relation is ignored with it; so are the arguments of ignored events
    assert any("R1" in item["message"] or item["message"].startswith("label 'AnnotatorNotes'")
               for item in report["left_out"] if item["kind"] == "ignored")
    assert validate_paths([out], corpus_root=tmp_path).ok


def test_prodigy_rel_component_export(tmp_path):
    path = DATA / "prodigy-rel-component" / "annotations.head4.jsonl"
    tasks = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    spans_in = sum(len(t["spans"]) for t in tasks)
    relations = sorted({r["label"] for t in tasks for r in t["relations"]})
    report = ImportReport()
    mapping = build_mapping(options=["GGP=ORG", *[f"{label}=-" for label in relations]])
    documents = write_and_validate(import_prodigy(path, report=report, mapping=mapping), tmp_path / "p.jsonl", report)
    assert len(documents) == 4 and not report.problems and not report.unmapped
    assert_accounted(report, documents, spans_in)
    assert sum(report.ignored.values()) == sum(len(t["relations"]) for t in tasks)
    # without the mapping, each relation between two genes is reported (no event-to-event, no roles)
    unmapped = ImportReport()
    list(import_prodigy(path, report=unmapped, mapping=build_mapping(options=["GGP=ORG"])))
    assert {label for (what, label) in unmapped.unmapped} == set(relations)


def test_doccano_relation_example_normalizes_an_absolute_date_without_dct(tmp_path):
    path = DATA / "doccano" / "relation_extraction_example.jsonl"
    report = ImportReport()
    mapping = build_mapping(options=["PERSON=PER", "DATE=TIME", "foundedAt=-", "foundedBy=-"])
    (doc,) = write_and_validate(import_doccano(path, report=report, mapping=mapping), tmp_path / "d.jsonl", report)
    (time,) = [m for m in doc.mentions if m.type.value == "TIME"]
    assert time.text == "September 4, 1998" and time.time.value == "1998-09-04" and doc.source.dct is None
    assert_accounted(report, [doc], 4)
    assert doc.id == "doccano-line1"


def test_doccano_old_exports_and_transformer_data(tmp_path):
    old = DATA / "doccano" / "download_sequence_labeling.jsonl"
    report = ImportReport()
    documents = write_and_validate(import_doccano(old, report=report, mapping=build_mapping(options=["PERSON=PER"])),
                                   tmp_path / "old.jsonl", report)
    assert [[(m.type.value, m.text) for m in d.mentions] for d in documents] == [
        [("ORG", "EU")], [("PER", "Peter Blackburn")], [("PER", "Obama")]]
    assert_accounted(report, documents, 3)

    multi = DATA / "doccano" / "transformer_labeling_multi_users.jsonl"
    report = ImportReport()
    documents = write_and_validate(
        import_doccano(multi, report=report, mapping=build_mapping(options=["12=LOC", "13=PER", "14=ORG"])),
        tmp_path / "multi.jsonl", report)
    # two users annotated the first record: one annotation set each, never merged into one document
    assert [(d.id, d.annotation.annotator, len(d.mentions)) for d in documents] == [
        ("doccano-2578", "doccano-user1", 5), ("doccano-2578", "doccano-user2", 5), ("doccano-2580", "doccano", 6)]
    assert_accounted(report, documents, 16)
    unmapped = ImportReport()
    list(import_doccano(multi, report=unmapped))
    assert {label for (_what, label) in unmapped.unmapped} == {"12", "13", "14"}


def test_doccano_labels_triples(tmp_path):
    path = DATA / "doccano" / "labeling.jsonl"
    report = ImportReport()
    documents = write_and_validate(import_doccano(path, report=report), tmp_path / "l.jsonl", report)
    # "e" of "example" cuts a word (a warning only): kept; ids from the lines, distinct
    assert [d.id for d in documents] == ["doccano-line1", "doccano-line2", "doccano-line3"]
    assert_accounted(report, documents, 4)


def test_label_studio_frontend_examples(tmp_path):
    report = ImportReport()
    documents = write_and_validate(import_label_studio(DATA / "label-studio-frontend" / "named_entity.json",
                                                       report=report, mapping=build_mapping(options=["Date=TIME"])),
                                   tmp_path / "ne.jsonl", report)
    # no document creation time: a date without year keeps its year unknown
    assert [(m.text, m.time.value) for d in documents for m in d.mentions] == [("February 22", "XXXX-02-22")]
    assert_accounted(report, documents, 1)
    # this example's annotation was made on another text: its span does not match, and is reported
    report = ImportReport()
    documents = write_and_validate(import_label_studio(DATA / "label-studio-frontend" / "rich_text_plain.json",
                                                       report=report, mapping=build_mapping(options=["Date=TIME"])),
                                   tmp_path / "rt.jsonl", report)
    assert documents[0].mentions == [] and [p.kind for p in report.problems] == ["offsets"]
    assert "should be 'February 22' but the text there is ' supporters'" in report.problems[0].message
    assert_accounted(report, documents, 1)


def test_label_studio_list_is_streamed_from_real_tasks(tmp_path):
    task = json.loads((DATA / "label-studio-frontend" / "named_entity.json").read_text("utf-8"))
    tasks = [{**task, "id": n} for n in range(3)]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    report = ImportReport()
    documents = list(import_label_studio(path, report=report, mapping=build_mapping(options=["Date=TIME"])))
    assert [d.id for d in documents] == ["label-studio-0", "label-studio-1", "label-studio-2"]
