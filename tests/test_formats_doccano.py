"""doccano: both export shapes, explicit offsets, round trip."""

from __future__ import annotations

import json

from annotate.formats.doccano import document_to_record, import_doccano
from annotate.formats.importing import ImportReport
from annotate.formats.mapping import build_mapping
from annotate.jsonl import read_documents
from conftest import SAMPLE_TEXT, run_annotate
from formats_fixtures import all_documents
from test_formats_label_studio import projection


def write_records(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


TEXT = "Putin hosted Díaz-Canel in Moscow; they signed “8 agreements”."
SEQ = {"id": 3, "text": TEXT, "label": [[0, 5, "PERSON"], [6, 12, "VISIT"], [13, 23, "PERSON"], [27, 33, "CITY"]]}
REL = {"id": 4, "text": TEXT,
       "entities": [{"id": 11, "start_offset": 0, "end_offset": 5, "label": "PERSON"},
                    {"id": 12, "start_offset": 6, "end_offset": 12, "label": "VISIT"},
                    {"id": 13, "start_offset": 13, "end_offset": 23, "label": "PERSON"},
                    {"id": 14, "start_offset": 27, "end_offset": 33, "label": "CITY"},
                    {"id": 15, "start_offset": 40, "end_offset": 46, "label": "DEAL"},
                    {"id": 16, "start_offset": 35, "end_offset": 39, "label": "PERSON"}],
       "relations": [{"id": 1, "from_id": 12, "to_id": 11, "type": "host"},
                     {"id": 2, "from_id": 12, "to_id": 13, "type": "guest"},
                     {"id": 3, "from_id": 12, "to_id": 14, "type": "Destination"},
                     {"id": 4, "from_id": 15, "to_id": 16, "type": "party"}]}
MAP = ["PERSON=PER", "CITY=GPE", "VISIT=Visit", "DEAL=Agreement", "host=Host", "guest=Visitor", "party=Party"]


def test_sequence_labeling_shape(tmp_path):
    report = ImportReport()
    (doc,) = import_doccano(write_records(tmp_path / "seq.jsonl", [SEQ]), report=report,
                            mapping=build_mapping(options=MAP))
    assert [(m.type.value, m.text) for m in doc.mentions] == [("PER", "Putin"), ("PER", "Díaz-Canel"), ("GPE", "Moscow")]
    # the shape has no relations: a Visit without its Visitor is not valid, so it is left out and reported
    assert doc.events == [] and "no-relations" in report.warning_counts and doc.id == "doccano-3"
    (problem,) = report.problems
    assert problem.kind == "missing-required-role" and problem.where.endswith("seq.jsonl:1 label[1]")
    assert "Visit 'hosted'" in problem.message and report.blocking


def test_relation_shape(tmp_path):
    report = ImportReport()
    (doc,) = import_doccano(write_records(tmp_path / "rel.jsonl", [REL]), report=report,
                            mapping=build_mapping(options=MAP))
    assert TEXT[35:39] == "they" and TEXT[40:46] == "signed"
    visit, agreement = doc.events
    by_id = doc.mentions_by_id()
    assert [(a.role, by_id[a.mention].text) for a in visit.arguments] == [
        ("Host", "Putin"), ("Visitor", "Díaz-Canel"), ("Destination", "Moscow")]
    assert [(a.role, by_id[a.mention].text) for a in agreement.arguments] == [("Party", "they")]
    assert not report.blocking


def test_unmapped_and_classification_labels_are_reported(tmp_path):
    path = write_records(tmp_path / "x.jsonl", [REL, {"text": "A plain text.", "label": ["POLITICS"]}])
    report = ImportReport()
    list(import_doccano(path, report=report))
    unmapped = {(what, label): count for (what, label), (count, _) in report.unmapped.items()}
    assert unmapped[("span", "PERSON")] == 3 and unmapped[("category", "POLITICS")] == 1
    assert report.blocking
    out = tmp_path / "out.jsonl"
    result = run_annotate("import", "doccano", str(path), "--out", str(out), *[f"--map={m}" for m in MAP],
                          "--skip-unmapped")
    assert result.returncode == 0, result.stderr
    assert "unmapped category label 'POLITICS'" in result.stderr.decode()
    assert len(list(read_documents(out))) == 2


def test_utf16_offsets_on_emoji_text(tmp_path):
    i16 = len(SAMPLE_TEXT[:SAMPLE_TEXT.index("Cuba")].encode("utf-16-le")) // 2
    assert i16 == 103  # two more than the code point offset (101): the flag emoji
    record = {"text": SAMPLE_TEXT, "label": [[i16, i16 + 4, "GPE"]]}
    path = write_records(tmp_path / "e.jsonl", [record])
    (doc,) = import_doccano(path, offsets="utf-16")
    assert doc.mentions[0].text == "Cuba" and doc.mentions[0].start == 101
    report = ImportReport()
    (doc,) = import_doccano(path, report=report)  # read as code points: shifted, and the report says why
    assert doc.mentions[0].text != "Cuba" and report.warning_counts["offsets"] == 1
    result = run_annotate("import", "doccano", str(path), "--out", str(tmp_path / "o.jsonl"), "--offsets", "utf-16")
    assert result.returncode == 0, result.stderr
    assert next(read_documents(tmp_path / "o.jsonl")).mentions[0].text == "Cuba"


def test_round_trip_through_doccano_records(tmp_path):
    documents = all_documents()
    path = write_records(tmp_path / "all.jsonl", [document_to_record(d) for d in documents])
    report = ImportReport()
    back = list(import_doccano(path, report=report))
    assert not report.blocking
    for doc, imported in zip(documents, back):
        assert projection(imported) == projection(doc)


def test_bad_records_are_clear_errors(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": [[0, 1, "PER"]]}\n', encoding="utf-8")
    result = run_annotate("import", "doccano", str(path), "--out", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1 and "needs a string 'text'" in result.stderr.decode()
    bad_offsets = run_annotate("import", "doccano", str(path), "--out", str(tmp_path / "o.jsonl"), "--offsets", "bytes")
    assert bad_offsets.returncode == 2


def test_import_refuses_an_annotator_name_no_annotator_can_have(tmp_path):
    # It was written into every document as given: "../x", "a b" or "" (which other commands refuse).
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": "Putin visited Cuba.", "label": [[0, 5, "PER"]]}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for name in ("../x", "a b", ""):
        for command in ("doccano", "label-studio", "prodigy"):
            result = run_annotate("import", command, str(path), "--out", str(out), "--annotator", name)
            err = result.stderr.decode()
            assert result.returncode == 2, (command, name, err)
            assert f"annotator name {name!r} is not valid" in err and not out.exists()
