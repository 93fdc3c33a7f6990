"""One regression test per importer item of issue 10 (sections 2 and 3), built from the failing input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.errors import DataError
from annotate.formats.brat import export_brat, import_brat
from annotate.formats.doccano import import_doccano
from annotate.formats.importing import ImportBlocked, ImportReport, write_imported
from annotate.formats.label_studio import import_label_studio
from annotate.formats.mapping import build_mapping
from annotate.formats.prodigy import export_prodigy, import_prodigy
from annotate.formats.reading import read_records
from annotate.jsonl import read_documents
from annotate.validate import check_guidelines, validate_paths
from conftest import REPO, run_annotate
from formats_fixtures import make_corpus, seed_documents

TEXT = "Russia lent Cuba $50 million in Havana; Putin said Cuba will pay."


def lines(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def span(needle: str, label: str, key: int) -> dict:
    start = TEXT.index(needle)
    return {"id": key, "start_offset": start, "end_offset": start + len(needle), "label": label}


LOAN = [span("Russia", "GPE", 1), span("lent", "Loan", 2), span("Cuba", "GPE", 3), span("$50 million", "MONEY", 4)]
LOAN_RELATIONS = [{"from_id": 2, "to_id": 1, "type": "Lender"}, {"from_id": 2, "to_id": 3, "type": "Borrower"}]


def import_all(importer, path, **options):
    report = ImportReport()
    documents = list(importer(path, report=report, **options))
    return documents, report


# -- section 2: tracebacks ---------------------------------------------------------------------------

@pytest.mark.parametrize("importer,record", [
    (import_doccano, {"text": "a\ud800b", "label": [[0, 1, "PER"]]}),
    (import_prodigy, {"text": "a\ud800b", "spans": [], "answer": "accept"}),
])
def test_lone_surrogate_in_a_jsonl_record_is_one_clear_error(tmp_path, importer, record):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")  # json.dumps writes the \ud800 escape
    with pytest.raises(DataError) as caught:
        import_all(importer, path)
    assert str(caught.value).startswith(f"{path}:1: text: a lone UTF-16 surrogate")


def test_lone_surrogate_in_a_label_studio_list_is_one_clear_error(tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text('[{"data": {"text": "a\\ud800b"}, "annotations": [{"result": []}]}]', encoding="utf-8")
    result = run_annotate("import", "label-studio", str(path), "--out", str(tmp_path / "o.jsonl"))
    err = result.stderr.decode()
    assert result.returncode == 1 and "lone UTF-16 surrogate \\ud800 at byte" in err and "Traceback" not in err
    assert not (tmp_path / "o.jsonl").exists()
    # a surrogate pair (an emoji) is a character, and an escaped backslash before u is no escape
    path.write_text('[{"data": {"text": "a\\ud83d\\ude00 \\\\ud800"}, "annotations": [{"result": []}]}]')
    (doc,) = import_all(import_label_studio, path)[0]
    assert doc.text == "a\U0001F600 \\ud800"


def test_label_studio_choices_that_are_not_a_list(tmp_path):
    task = {"data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "t", "type": "labels", "value": {"start": 7, "end": 11, "text": "lent", "labels": ["Loan"]}},
        {"id": "t", "type": "choices", "from_name": "realis", "value": {"choices": 5}}]}]}
    documents, report = import_all(import_label_studio, lines(tmp_path / "t.jsonl", [task]))
    assert [p.kind for p in report.problems][:1] == ["result"] and "choices must be a list" in report.problems[0].message


def test_prodigy_eventgold_key_with_an_unhashable_element(tmp_path):
    task = {"text": "Putin came.", "spans": [{"start": 0, "end": 5, "label": "PER"}], "answer": "accept",
            "eventgold": {"mentions": [{"key": [[0], 1, "PER"], "id": "M1"}]}}
    (doc,), report = import_all(import_prodigy, lines(tmp_path / "p.jsonl", [task]))
    assert [m.text for m in doc.mentions] == ["Putin"] and not report.blocking


# -- section 3: what validate rejects is never written ------------------------------------------------

def test_a_role_the_event_type_lacks_is_left_out_not_written(tmp_path):
    record = {"id": 1, "text": TEXT, "entities": LOAN,
              "relations": LOAN_RELATIONS + [{"from_id": 2, "to_id": 3, "type": "agent"}]}
    path = lines(tmp_path / "d.jsonl", [record])
    documents, report = import_all(import_doccano, path, mapping=build_mapping(options=["agent=Visitor"]))
    assert [(a.role) for a in documents[0].events[0].arguments] == ["Lender", "Borrower"]
    (problem,) = report.problems
    assert problem.kind == "role-not-allowed" and problem.where.endswith("d.jsonl:1 relations[2]")
    assert "argument Visitor of Loan 'lent'" in problem.message
    out = tmp_path / "o.jsonl"
    result = run_annotate("import", "doccano", str(path), "--out", str(out), "--map", "agent=Visitor")
    assert result.returncode == 1 and not out.exists()
    assert run_annotate("import", "doccano", str(path), "--out", str(out), "--map", "agent=Visitor",
                        "--skip-unmapped").returncode == 0
    assert validate_paths([out], corpus_root=tmp_path).ok


def test_a_repeated_doccano_relation_is_not_a_duplicate_argument(tmp_path):
    record = {"text": TEXT, "entities": LOAN, "relations": LOAN_RELATIONS + LOAN_RELATIONS[:1]}
    documents, report = import_all(import_doccano, lines(tmp_path / "d.jsonl", [record]))
    assert len(documents[0].events[0].arguments) == 2
    assert [p.kind for p in report.problems] == ["duplicate-argument"]


def test_a_statement_without_its_speaker_is_left_out(tmp_path):
    start = TEXT.index("said")
    record = {"text": TEXT, "label": [[start, start + 4, "Statement"]]}
    documents, report = import_all(import_doccano, lines(tmp_path / "d.jsonl", [record]))
    assert documents[0].events == [] and [p.kind for p in report.problems] == ["missing-required-role"]
    assert report.spans_read == 1 == report.spans_imported + report.spans_left_out


def test_our_prodigy_export_with_two_events_on_one_trigger_writes_nothing_invalid(tmp_path):
    document = next(d for d in seed_documents() if d.events)
    twin = document.events[0].model_copy(update={"id": "EV99"})
    document = document.model_copy(update={"events": [*document.events, twin]})
    out = tmp_path / "p.jsonl"
    export_prodigy([document], out)
    report = ImportReport()
    target = tmp_path / "back.jsonl"
    try:
        write_imported(import_prodigy(out, report=report), target, report=report, skip_unmapped=True)
    finally:
        if target.exists():
            assert validate_paths([target], corpus_root=tmp_path, level=4).ok
            # level 5: nothing the import made (an orphan of a left-out event); the fixture's own gaps stay
            before = {(i.test_id, i.message) for i in check_guidelines(document)}
            after = {(i.test_id, i.message) for i in check_guidelines(next(read_documents(target)))}
            assert after <= before
    # relations cannot tell the two triggers apart (the import warns): whatever cannot be held is reported
    assert report.warning_counts["ambiguous-span"] and report.problems
    assert {p.kind for p in report.problems} <= {"duplicate-event", "duplicate-argument", "too-many-fillers",
                                                 "missing-required-role", "orphan-mention"}


def test_a_changed_brat_text_under_a_corpus_id_is_not_imported_as_that_document(tmp_path):
    document = seed_documents()[0]
    corpus = make_corpus(tmp_path / "corpus", [document])
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / f"{document.id}.txt").write_text(document.text.replace("\n", "\r\n", 1), encoding="utf-8")
    (folder / f"{document.id}.ann").write_text("", encoding="utf-8")
    documents, report = import_all(import_brat, folder, corpus=corpus)
    assert documents == [] and [p.kind for p in report.problems] == ["raw-text-mismatch"]
    assert "differ only in line endings" in report.problems[0].message


def test_a_bad_dct_in_a_brat_sidecar_is_left_out(tmp_path):
    document = next(d for d in seed_documents() if d.source.dct is not None)
    export_brat([document], tmp_path / "b", config=False)
    sidecar = next((tmp_path / "b").glob("*.eventgold.json"))
    data = json.loads(sidecar.read_text("utf-8"))
    data["source"]["dct"]["value"] = "2018-13-45"
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    (back,), report = import_all(import_brat, tmp_path / "b")
    assert back.source.dct is None and [p.kind for p in report.problems] == ["bad-dct"]


def test_a_crlf_text_whose_offsets_do_not_match_says_line_endings(tmp_path):
    folder = tmp_path / "crlf"
    folder.mkdir()
    (folder / "d.txt").write_bytes(b"One line.\r\nRussia lent Cuba money.\r\n")
    (folder / "d.ann").write_text("T1\tGPE 10 16\tRussia\n", encoding="utf-8")  # counted on LF text
    _, report = import_all(import_brat, folder)
    assert "CRLF line endings" in report.problems[0].message


def test_span_like_content_the_doccano_importer_does_not_read_is_an_error(tmp_path):
    prodigy = {"text": TEXT, "spans": [{"start": 0, "end": 6, "label": "GPE"}], "answer": "accept"}
    with pytest.raises(DataError, match="a Prodigy task"):
        import_all(import_doccano, lines(tmp_path / "p.jsonl", [prodigy]))
    label_studio = {"data": {"text": TEXT}, "annotations": [{"result": []}]}
    with pytest.raises(DataError, match="a Label Studio task"):
        import_all(import_doccano, lines(tmp_path / "l.jsonl", [{"text": TEXT, **label_studio}]))


def test_records_without_ids_get_distinct_ids(tmp_path):
    records = [{"text": TEXT, "label": []}, {"text": TEXT + " Again.", "label": []}]
    documents, _ = import_all(import_doccano, lines(tmp_path / "d.jsonl", records))
    assert [d.id for d in documents] == ["doccano-line1", "doccano-line2"]


# -- the mapping can ignore everything its hint names ---------------------------------------------------

BRAT_TEXT = "Russia lent Cuba $50 million in Havana."
BRAT_ANN = """T1\tGPE 0 6\tRussia
T2\tLoan 7 11\tlent
T3\tGPE 12 16\tCuba
T4\tMONEY 17 28\t$50 million
T5\tGPE 32 38\tHavana
T6\tVisit 7 11\tlent
E1\tLoan:T2 Lender:T1 Borrower:T3 Amount:T4 Site:T5
E2\tVisit:T6 Visitor:T1 Destination:T3 Site:T5
N1\tReference T1 Wikipedia:Q159\tRussia
#1\tComment T3\tcheck this
"""


def brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "b"
    folder.mkdir(exist_ok=True)
    (folder / "d.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (folder / "d.ann").write_text(BRAT_ANN, encoding="utf-8")
    return folder


def test_brat_roles_databases_and_note_types_can_be_ignored_with_scope(tmp_path):
    mapping = build_mapping(options=["Wikipedia=-", "Loan:Site=-", "Comment=-"])
    (doc,), report = import_all(import_brat, brat_folder(tmp_path), mapping=mapping)
    loan, visit = doc.events
    assert [a.role for a in loan.arguments] == ["Lender", "Borrower", "Amount"]
    # Loan:Site=- ignores Site for Loan events only: the Visit's Site is still read (and unmapped: Visit
    # has no role Site)
    assert ("role (Visit)", "Site") in report.unmapped and report.ignored["Loan:Site"] == 1
    assert report.ignored["Wikipedia"] == 1 and report.ignored["Comment"] == 1


def test_a_mapping_file_ignore_list_and_a_global_role_ignore(tmp_path):
    mapping_file = tmp_path / "m.toml"
    mapping_file.write_text('ignore = ["Wikipedia", "Comment", "Site"]\n', encoding="utf-8")
    (doc,), report = import_all(import_brat, brat_folder(tmp_path), mapping=build_mapping(files=[mapping_file]))
    assert not report.blocking and report.ignored == {"Wikipedia": 1, "Comment": 1, "Site": 2}


def test_ignoring_a_label_ignores_what_points_at_it_with_user_facing_ids(tmp_path):
    record = {"text": TEXT, "entities": LOAN + [span("Havana", "CITY", 5)],
              "relations": LOAN_RELATIONS + [{"from_id": 2, "to_id": 5, "type": "Site"}]}
    documents, report = import_all(import_doccano, lines(tmp_path / "d.jsonl", [record]),
                                   mapping=build_mapping(options=["CITY=-"]))
    assert not report.blocking and report.ignored == {"CITY": 1, "Site": 1}
    assert "it points at CITY 'Havana' (" in report.ignored_items[-1].message
    _, unmapped = import_all(import_doccano, lines(tmp_path / "d.jsonl", [record]))
    problem = next(p for p in unmapped.problems if p.kind == "relation")
    assert "points at CITY 'Havana' (" in problem.message and "span S" not in problem.message


def test_unlabeled_label_studio_relations_and_regions_can_be_ignored(tmp_path):
    task = {"data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "text": "Russia", "labels": ["GPE"]}},
        {"id": "b", "type": "labels", "value": {"start": 12, "end": 16, "text": "Cuba", "labels": []}},
        {"from_id": "a", "to_id": "b", "type": "relation", "labels": []}]}]}
    path = lines(tmp_path / "t.jsonl", [task])
    _, report = import_all(import_label_studio, path)
    assert report.unmapped.keys() == {("span", "(no label)")}
    (doc,), report = import_all(import_label_studio, path, mapping=build_mapping(options=["(no label)=-"]))
    assert not report.blocking and [m.text for m in doc.mentions] == ["Russia"]
    assert report.ignored == {"(no label)": 2}


def test_a_label_studio_span_without_text_is_checked(tmp_path):
    task = {"data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 60, "end": 90, "labels": ["GPE"]}},
        {"id": "b", "type": "labels", "value": {"start": 12, "end": 16, "labels": ["GPE"]}}]}]}
    (doc,), report = import_all(import_label_studio, lines(tmp_path / "t.jsonl", [task]))
    assert [m.text for m in doc.mentions] == ["Cuba"]
    assert [p.kind for p in report.problems] == ["offsets"] and report.problems[0].spans == 1


# -- the report ---------------------------------------------------------------------------------------

def test_json_report_lists_every_left_out_item_and_no_hint_without_unmapped(tmp_path):
    records = [{"id": n, "text": TEXT, "label": [[0, 99, "GPE"]]} for n in range(30)]
    path = lines(tmp_path / "d.jsonl", records)
    result = run_annotate("import", "doccano", str(path), "--out", str(tmp_path / "o.jsonl"), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["problems"] == 30 and len(report["left_out"]) == 30 and len(report["problem_examples"]) == 30
    err = result.stderr.decode()
    assert "map the labels" not in err and "(pass --skip-unmapped to write the rest)" in err


# -- bounded reading ------------------------------------------------------------------------------------

def test_a_huge_line_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"text": "')
        chunk = b"x" * (1 << 20)
        for _ in range(96):  # 96 MiB on one line
            handle.write(chunk)
        handle.write(b'", "label": []}\n')
    code = (
        "import resource, sys\n"
        "from annotate.formats.doccano import import_doccano\n"
        "from annotate.errors import DataError\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    list(import_doccano(sys.argv[1]))\n"
        "except DataError as exc:\n    print(exc)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, cwd=REPO, timeout=120)
    message, grown_kib = result.stdout.decode().strip().splitlines()
    assert message == f"{path}:1: line longer than 16777216 bytes (at most 16 MiB a record); not read"
    assert int(grown_kib) < 48 * 1024, grown_kib  # the 16 MiB cap (and a little), never the 96 MiB line


def test_a_huge_label_studio_element_is_refused_while_streaming(tmp_path):
    path = tmp_path / "tasks.json"
    with open(path, "wb") as handle:
        handle.write(b'[{"data": {"text": "ok"}, "annotations": []}, {"data": {"text": "')
        handle.write(b"x" * (20 << 20))
        handle.write(b'"}}]')
    records = read_records(path, max_bytes=1 << 20)
    assert next(records).value["data"]["text"] == "ok"
    with pytest.raises(DataError, match="element 2 of the JSON list is longer than 1048576 bytes"):
        next(records)


def test_blocked_import_writes_nothing(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text("before\n")
    report = ImportReport()
    record = {"text": TEXT, "label": [[0, 6, "COUNTRY"]]}
    with pytest.raises(ImportBlocked):
        write_imported(import_doccano(lines(tmp_path / "d.jsonl", [record]), report=report), out, report=report)
    assert out.read_text() == "before\n"
