"""Every converter on the shipped gold corpus (corpus/gold.jsonl): exact round trips, independent readers,
and imports that pass validation."""

from __future__ import annotations

import json

import pytest

from annotate.formats.brat import export_brat
from annotate.formats.doccano import document_to_record, import_doccano
from annotate.formats.importing import ImportReport
from annotate.formats.label_studio import document_to_task, import_label_studio
from annotate.jsonl import read_documents
from annotate.validate.content import check_document
from conftest import REPO, run_annotate
from test_formats_brat import brat_reference_read
from test_formats_label_studio import projection

CORPUS = REPO / "corpus"
GOLD = CORPUS / "gold.jsonl"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="the gold corpus is not in this checkout")


@pytest.fixture(scope="module")
def gold():
    return list(read_documents(GOLD))


def test_brat_and_prodigy_round_trips_are_byte_identical(tmp_path):
    brat_out, back = tmp_path / "brat", tmp_path / "back.jsonl"
    assert run_annotate("export", "brat", str(brat_out), "--corpus", str(CORPUS)).returncode == 0
    result = run_annotate("import", "brat", str(brat_out), "--out", str(back), "--corpus", str(CORPUS))
    assert result.returncode == 0, result.stderr
    assert back.read_bytes() == GOLD.read_bytes()
    tasks, again = tmp_path / "tasks.jsonl", tmp_path / "again.jsonl"
    assert run_annotate("export", "prodigy", str(tasks), "--corpus", str(CORPUS)).returncode == 0
    result = run_annotate("import", "prodigy", str(tasks), "--out", str(again), "--corpus", str(CORPUS))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == GOLD.read_bytes()


def test_gold_brat_files_read_by_brat_rules_and_pybrat(tmp_path, gold):
    pybrat = pytest.importorskip("pybrat.parser")
    export_brat(gold, tmp_path)
    for doc in gold:
        failed, anns = brat_reference_read(doc.text, (tmp_path / f"{doc.id}.ann").read_text(encoding="utf-8"))
        assert failed == []
        assert sum(a["kind"] == "E" for a in anns.values()) == len(doc.events)
    try:
        examples = pybrat.BratParser(ignore_types=["*"], error="raise").parse(tmp_path)
    except RuntimeError as exc:  # pybrat refuses two annotations with identical spans (brat allows them)
        assert "identical span" in str(exc)
        return
    assert sum(len(ex.events) for ex in examples) == sum(len(d.events) for d in gold)


def test_gold_through_label_studio_and_doccano_validates(tmp_path, gold):
    ls = tmp_path / "ls.json"
    ls.write_text(json.dumps([document_to_task(d) for d in gold], ensure_ascii=False), encoding="utf-8")
    dc = tmp_path / "dc.jsonl"
    dc.write_text("".join(json.dumps(document_to_record(d), ensure_ascii=False) + "\n" for d in gold),
                  encoding="utf-8")
    report = ImportReport()
    back = list(import_label_studio(ls, corpus=CORPUS, report=report))
    assert not report.blocking, report.lines()
    for doc, imported in zip(gold, back):
        assert imported.id == doc.id and imported.source == doc.source
        assert projection(imported) == projection(doc)
    # doccano has no attributes: a generic event without its required roles becomes realis actual, which
    # the validator refuses, so the import leaves exactly those events out and reports each one
    report = ImportReport()
    back = list(import_doccano(dc, corpus=CORPUS, report=report))
    generic = [(d.id, e.id) for d in gold for e in d.events if e.attributes.realis.value == "generic"
               and any(i.test_id == "missing-required-role" for i in check_document(
                   d.model_copy(update={"events": [e.model_copy(update={"attributes": type(e.attributes).default()})]})))]
    assert {p.kind for p in report.problems} <= {"missing-required-role"}
    assert report.problem_count == len(generic)
    for doc, imported in zip(gold, back):
        assert imported.id == doc.id and imported.source == doc.source
        kept = [e for e in doc.events if (doc.id, e.id) not in generic]
        assert projection(imported) == projection(doc.model_copy(update={"events": kept}))
    for doc, imported in zip(gold, list(import_label_studio(ls, corpus=CORPUS))):
        assert [e.attributes for e in imported.events] == [e.attributes for e in doc.events]
        errors = [i for i in check_document(imported) if i.severity == "error"]
        assert errors == [], [str(e) for e in errors][:3]
