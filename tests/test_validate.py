"""The validator's library API: one bad record per test id (a table), levels, reports and streaming."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotate.errors import UsageError
from annotate.jsonl import MAX_LINE_BYTES
from annotate.validate import (
    TESTS, Incident, ValidationReport, check_document, check_record, expand_paths, iter_incidents, validate_paths,
)
from annotate.validate.format import _count_keys, count_model_keys
from annotate.validate.structure import field_path, schema_incidents
from schema import AnnotationInfo, Document
from tests.conftest import SAMPLE_TEXT, build_sample_document

SAMPLE = json.loads(build_sample_document().to_json())


def _raw(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _edit(change: Callable[[dict], object]) -> bytes:
    record = json.loads(json.dumps(SAMPLE))
    change(record)
    return _raw(record)


def _sample_raw() -> bytes:
    return _raw(SAMPLE)


def _set(path: str, value: object) -> Callable[[dict], None]:
    """A change that sets ``a.b.0.c`` to ``value``."""
    def change(record: dict) -> None:
        *head, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = record
        for part in head:
            target = target[part]
        target[last] = value
    return change


def _delete(path: str) -> Callable[[dict], None]:
    def change(record: dict) -> None:
        *head, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = record
        for part in head:
            target = target[part]
        del target[last]
    return change


def _both(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(record: dict) -> None:
        for one in changes:
            one(record)
    return change


def _shift_mention(index: int, by: int) -> Callable[[dict], None]:
    def change(record: dict) -> None:
        mention = record["mentions"][index]
        mention["start"] += by
        mention["end"] += by
    return change


def _append_argument(event: int, role: str, mention: str) -> Callable[[dict], None]:
    return lambda record: record["events"][event]["arguments"].append({"role": role, "mention": mention})


def _respan(index: int, start: int, end: int, *, key: str = "mentions") -> Callable[[dict], None]:
    def change(record: dict) -> None:
        item = record[key][index] if key == "mentions" else record["events"][index]["trigger"]
        item.update(start=start, end=end, text=SAMPLE_TEXT[start:end])
    return change


_MOSCOW = SAMPLE_TEXT.index("Moscow")
_LOAN = SAMPLE_TEXT.index("loan")

#: test id -> (raw line, expected field or None, text the message must contain)
CASES: dict[str, tuple[bytes, str | None, str]] = {
    # level 1
    "not-utf8": (_sample_raw().replace(b'"Sample"', b'"Sa\xffmple"'), None,
                 f"byte {_sample_raw().index(b'Sample') + 2} (0xff) is not valid UTF-8"),
    "byte-order-mark": (b"\xef\xbb\xbf" + _sample_raw(), None, "byte order mark"),
    "blank-line": (b"  \t", None, "blank line"),
    "line-too-long": (b'{"id": "' + b"a" * (MAX_LINE_BYTES + 1), None, f"longer than {MAX_LINE_BYTES} bytes"),
    "not-json": (_sample_raw()[:200], None, "expected one JSON object per line"),
    "not-an-object": (b'["a", "list"]', None, "the line is a JSON array; expected an object"),
    "json-nan": (_sample_raw().replace(b'"amount": 50000000.0', b'"amount": NaN'), None, "NaN is not JSON"),
    "lone-surrogate": (_sample_raw().replace(b'"Sample"', b'"Sa\\udc00mple"'), "source.title",
                       "lone surrogate \\udc00 at code point 2"),
    "duplicate-key": (_sample_raw().replace(b'"id": "sample-1"', b'"id": "sample-1", "id": "sample-2"'), None,
                      "key 'id' appears twice"),
    "too-deep": (_edit(_set("events.0.notes", json.loads("[" * 100 + "]" * 100))), "events[0].notes[0][0][0][0][0]",
                 "deeper than 64 levels"),
    "huge-number": (_sample_raw().replace(b'"amount": 50000000.0', b'"amount": 1e400'), None,
                    "1e400 does not fit a 64-bit float"),
    # level 2
    "missing-field": (_edit(_delete("source.sha256")), "source.sha256", "Field required"),
    "unknown-field": (_edit(_set("mentions.2.normalized", "x")), "mentions[2].normalized", "Extra inputs"),
    "wrong-type": (_edit(_set("mentions.0.start", "0")), "mentions[0].start", "valid integer"),
    "not-allowed-value": (_edit(_set("mentions.1.type", "PERSON")), "mentions[1].type", "got 'PERSON'"),
    "unknown-event-type": (_edit(_set("events.0.type", "Trip")), "events[0].type", "'Trip'"),
    "pattern-mismatch": (_edit(_set("source.sha256", "XYZ")), "source.sha256", "should match pattern"),
    "bad-length": (_edit(_set("annotation.annotator", "")), "annotation.annotator", "at least 1 character"),
    "out-of-range": (_edit(_set("mentions.0.start", -1)), "mentions[0].start", "greater than or equal to 0"),
    "schema-version": (_edit(_set("schema_version", "2.0")), "schema_version", "got '2.0'"),
    "invalid-value": (_edit(_set("mentions.0.end", 11)), "mentions[0]", "text has 10 code points but"),
    # level 3
    "span-out-of-bounds": (_edit(_set("mentions.0", {**SAMPLE["mentions"][0], "start": 10_000, "end": 10_010})),
                           "mentions[0]", f"expected end <= {len(SAMPLE_TEXT)}"),
    "span-text-mismatch": (_edit(_shift_mention(1, 1)), "mentions[1].text",
                           "'Moscow' does not match the text at [23, 29): expected 'oscow '"),
    "span-cuts-word": (_edit(_respan(1, _MOSCOW, _MOSCOW + 3)), "mentions[1]", "'Mos'"),
    "span-edge-whitespace": (_edit(_respan(1, _MOSCOW - 1, _MOSCOW + 6)), "mentions[1]", "' Moscow'"),
    "duplicate-mention-id": (_edit(_set("mentions.1.id", "M1")), "mentions[1].id", "'M1' is used twice"),
    "duplicate-event-id": (_edit(_set("events.1.id", "EV1")), "events[1].id", "'EV1' is used twice"),
    "unknown-mention": (_edit(_set("events.2.arguments.0.mention", "M99")), "events[2].arguments[0].mention",
                        "no mention with id 'M99'"),
    "role-not-allowed": (_edit(_append_argument(0, "Lender", "M4")), "events[0].arguments[3].role",
                         "Visit has no role 'Lender'; expected one of Visitor, Host"),
    "filler-type-not-allowed": (_edit(_set("events.3.arguments.0.mention", "M3")), "events[3].arguments[0].mention",
                                "cannot be filled by a TIME mention (M3); expected GPE or ORG or PER"),
    "duplicate-argument": (_edit(_append_argument(0, "Destination", "M2")), "events[0].arguments[3]",
                           "'M2' fills role 'Destination' twice"),
    "missing-required-role": (_edit(_set("events.2.arguments", [])), "events[2].arguments",
                              "Statement role Speaker has 0 filler(s); expected at least 1"),
    "too-many-fillers": (_edit(_both(_append_argument(0, "Origin", "M2"), _append_argument(0, "Origin", "M6"))),
                         "events[0].arguments", "Visit role Origin has 2 fillers; expected at most 1"),
    "missing-normalization": (_edit(_delete("mentions.2.time")), "mentions[2].time", "has no time value"),
    "bad-timex": (_edit(_set("mentions.2.time.value", "2018-11-31")), "mentions[2].time.value",
                  "has day 31, which its month does not have"),
    "bad-money": (_edit(_set("mentions.4.money.currency", "XYZ")), "mentions[4].money",
                  "'XYZ' is not an ISO 4217 code"),
    "bad-dct": (_edit(_set("source.dct.value", "2018-13-05")), "source.dct.value", "month 13"),
    "source-sha256-mismatch": (_edit(_set("source.sha256", "0" * 64)), "source.sha256",
                               f"expected {hashlib.sha256(SAMPLE_TEXT.encode()).hexdigest()}"),
    "duplicate-event": (_edit(lambda r: r["events"].append({**r["events"][2], "id": "EV9"})), "events[4]",
                        "same type, trigger and arguments as events[2] (EV3)"),
    "coref-mixed-types": (_edit(_both(_set("events.0.coref", "H1"), _set("events.1.coref", "H1"))), "events[1].coref",
                          "hopper 'H1' holds a Visit (events[0]) and this Loan"),
    "entity-mixed-types": (_edit(_set("mentions.1.entity", "E1")), "mentions[1].entity",
                           "entity 'E1' is PER at mentions[0] but GPE here"),
}

LEVEL4 = {"duplicate-document", "raw-text-mismatch", "annotation-file-mismatch", "cluster-mixed-types",
          "annotation-file-count", "registry-invalid"}


def test_every_test_id_has_a_case():
    from annotate.validate.guidelines import GUIDELINE_TESTS  # level 5: tests/test_validate_guidelines.py

    assert set(CASES) | LEVEL4 | {"schema-error"} | set(GUIDELINE_TESTS) == set(TESTS)


def test_sample_document_is_valid_without_warnings():
    assert check_document(build_sample_document()) == []
    ok, found = check_record(_sample_raw())
    assert ok and found == []


@pytest.mark.parametrize("test_id", sorted(CASES))
def test_one_bad_record_per_test_id(test_id: str):
    raw, field, expected = CASES[test_id]
    _, found = check_record(raw, file="bad.jsonl", line=7)
    matching = [i for i in found if i.test_id == test_id]
    assert matching, f"{test_id} not reported; got {[str(i) for i in found]}"
    first = matching[0]
    assert expected in first.message
    assert first.field == field
    assert (first.file, first.line) == ("bad.jsonl", 7)
    assert first.level == TESTS[test_id].level and first.severity == TESTS[test_id].severity
    line = str(first)
    assert line.startswith("bad.jsonl:7 ") and f" L{first.level} {first.category} {test_id}" in line
    assert "\n" not in line
    # a failed level skips the deeper ones: no incident below the first failed level
    if first.is_error:
        assert all(i.level <= first.level for i in found)


def test_incident_line_is_in_the_ud_style():
    raw, _, _ = CASES["span-text-mismatch"]
    _, found = check_record(raw, file="gold.jsonl", line=12)
    assert str(found[0]) == ("gold.jsonl:12 [sample-1] L3 CONTENT span-text-mismatch: mentions[1].text: "
                             "'Moscow' does not match the text at [23, 29): expected 'oscow '")
    assert found[0].to_dict()["class"] == "CONTENT"


def test_warnings_are_marked_and_do_not_fail():
    raw, _, _ = CASES["span-cuts-word"]
    report = ValidationReport()
    for found in check_record(raw)[1]:
        report.add(found)
    assert report.ok and report.warnings == 1 and report.errors == 0
    assert "(warning)" in str(report.incidents[0])


def test_generic_events_may_leave_required_roles_empty():
    raw = _edit(_both(_set("events.2.arguments", []), _set("events.2.attributes.realis", "generic")))
    assert check_record(raw, level=4)[1] == []
    # (the Speaker it no longer has is now an orphan mention, which level 5 reports)
    assert [i.test_id for i in check_record(raw)[1]] == ["orphan-mention"]
    too_many = _edit(_both(_append_argument(0, "Origin", "M2"), _append_argument(0, "Origin", "M6"),
                           _set("events.0.attributes.realis", "generic")))
    assert [i.test_id for i in check_record(too_many)[1]] == ["too-many-fillers"]


def test_every_schema_error_becomes_one_incident_with_its_path():
    raw = _edit(_both(_set("mentions.0.type", "X"), _set("events.1.arguments.0.role", 3), _delete("annotation.status")))
    _, found = check_record(raw)
    assert sorted((i.test_id, i.field) for i in found) == [
        ("missing-field", "annotation.status"), ("not-allowed-value", "mentions[0].type"),
        ("wrong-type", "events[1].arguments[0].role")]
    assert all(i.doc_id == "sample-1" for i in found)


def test_unknown_pydantic_error_types_fall_back_to_schema_error():
    from pydantic import BaseModel, ValidationError, field_validator

    class Odd(BaseModel):
        x: int

        @field_validator("x")
        @classmethod
        def _odd(cls, value: int) -> int:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("odd_number", "x must be odd")

    with pytest.raises(ValidationError) as info:
        Odd(x=2)
    [found] = schema_incidents(info.value)
    assert (found.test_id, found.field, found.message) == ("schema-error", "x", "x must be odd; got 2")


def test_field_path_leaves_out_the_union_tag():
    assert field_path(("events", 2, "Visit", "arguments", 0, "role")) == "events[2].arguments[0].role"
    assert field_path(("mentions", 4, "text")) == "mentions[4].text"


def test_key_count_matches_a_generic_count():
    doc = Document.model_validate_json(_sample_raw())
    assert _count_keys(doc) == count_model_keys(doc) == _sample_raw().count(b'":')


def test_duplicate_key_hidden_by_spaced_keys_is_found():
    raw = _sample_raw().replace(b'"id": "sample-1"', b'"id" : "sample-1", "id" :"x"')
    assert [i.test_id for i in check_record(raw)[1]] == ["duplicate-key"]
    compact = build_sample_document().to_json().encode()
    assert check_record(compact)[1] == []
    quoted = json.loads(compact)
    quoted["source"]["title"] = 'He said "a": \\ "b" : x'
    assert check_record(_raw(quoted))[1] == []


def test_check_document_compares_with_the_raw_article(tmp_path: Path):
    doc = build_sample_document()
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "sample-1.txt").write_text(SAMPLE_TEXT.replace("Moscow", "Moskva"), encoding="utf-8")
    [found] = check_document(doc, corpus_root=tmp_path)
    assert found.test_id == "raw-text-mismatch"
    assert f"at code point {_MOSCOW + 3}" in found.message and found.doc_id == "sample-1"
    (tmp_path / "raw" / "sample-1.txt").write_bytes(SAMPLE_TEXT.encode())
    assert check_document(doc, corpus_root=tmp_path) == []


# -- level 4 and streaming runs -----------------------------------------------------------------

def _write(path: Path, *docs: Document | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join((d if isinstance(d, bytes) else d.to_json().encode()) + b"\n" for d in docs))
    return path


def _annotated(doc_id: str, annotator: str, status: str = "complete") -> Document:
    doc = build_sample_document(doc_id)
    return doc.model_copy(update={"annotation": AnnotationInfo(annotator=annotator, status=status)})


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "raw").mkdir(parents=True)
    for doc_id in ("d1", "d2"):
        (root / "raw" / f"{doc_id}.txt").write_bytes(SAMPLE_TEXT.encode())
    _write(root / "gold.jsonl", _annotated("d1", "gold", "adjudicated"), _annotated("d2", "gold", "adjudicated"))
    _write(root / "annotations" / "ana" / "d1.jsonl", _annotated("d1", "ana"))
    _write(root / "annotations" / "bob" / "d1.jsonl", _annotated("d1", "bob"))
    return root


def test_a_corpus_with_gold_and_annotators_is_valid(tmp_path: Path):
    root = _corpus(tmp_path)
    (root / "annotations" / "ana" / "d1.jsonl.lock").write_text("123")
    (root / "annotations" / "ana" / ".d1.jsonl.x.tmp").write_text("partial")
    report = validate_paths([root])
    assert report.ok and report.documents == 4 and report.files == 3 and report.warnings == 0, report.incidents


def test_duplicate_document_per_annotation_set(tmp_path: Path):
    root = _corpus(tmp_path)
    _write(root / "gold2.jsonl", _annotated("d2", "gold", "adjudicated"))
    _write(root / "annotations" / "ana" / "d2.jsonl", _annotated("d2", "ana"), _annotated("d2", "ana"))
    report = validate_paths([root])
    dups = [i for i in report.incidents if i.test_id == "duplicate-document"]
    assert [(Path(i.file).name, i.line) for i in dups] == [("d2.jsonl", 2), ("gold2.jsonl", 1)]
    assert "document 'd2' of annotation set 'ana' already appears at" in dups[0].message
    assert not report.ok


def test_raw_text_and_annotation_file_mismatch(tmp_path: Path):
    root = _corpus(tmp_path)
    (root / "raw" / "d2.txt").write_bytes(SAMPLE_TEXT.replace("loan", "LOAN").encode())
    _write(root / "annotations" / "ana" / "d2.jsonl", _annotated("d3", "bob"))
    report = validate_paths([root])
    found = {(i.test_id, Path(i.file).name, i.field) for i in report.incidents}
    assert found == {("raw-text-mismatch", "gold.jsonl", "text"), ("annotation-file-mismatch", "d2.jsonl", "id"),
                     ("annotation-file-mismatch", "d2.jsonl", "annotation.annotator")}
    [raw] = [i for i in report.incidents if i.test_id == "raw-text-mismatch"]
    assert f"at code point {_LOAN}" in raw.message and "expected 'LOAN to Cuba" in raw.message


def test_annotation_file_must_hold_exactly_one_document(tmp_path: Path):
    root = _corpus(tmp_path)
    (root / "annotations" / "ana").mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "ana" / "d1.jsonl").write_bytes(b"")
    _write(root / "annotations" / "ana" / "d2.jsonl", _annotated("d2", "ana"), _annotated("d2", "ana"))
    report = validate_paths([root], max_errors=None)
    counts = sorted((Path(i.file).name, i.doc_id, i.message.split(";")[0])
                    for i in report.incidents if i.test_id == "annotation-file-count")
    assert counts == [("d1.jsonl", "d1", "holds 0 documents"), ("d2.jsonl", "d2", "holds 2 documents")]
    assert not report.ok


def test_an_invalid_registry_is_reported_once(tmp_path: Path):
    root = _corpus(tmp_path)
    (root / "raw" / "registry.json").write_text('{"documents": {"d1": {"file_name": "d1.txt", "sha256": "x"}}}')
    report = validate_paths([root, root / "gold.jsonl"], max_errors=None)
    [found] = [i for i in report.incidents if i.test_id == "registry-invalid"]
    assert found.file.endswith("registry.json") and found.doc_id == "d1" and found.field == "sha256"
    assert not report.ok


def test_an_empty_path_is_a_usage_error():
    with pytest.raises(UsageError, match="empty path"):
        expand_paths([""])


def test_raw_check_uses_the_corpus_option_for_other_files(tmp_path: Path):
    root = _corpus(tmp_path)
    (root / "raw" / "d1.txt").write_bytes(b"something else")
    other = _write(tmp_path / "elsewhere.jsonl", _annotated("d1", "gold"))
    assert validate_paths([other]).ok  # no corpus found from the path, no ./corpus
    report = validate_paths([other], corpus_root=root)
    assert [i.test_id for i in report.incidents] == ["raw-text-mismatch"]


def test_cluster_holds_one_event_type_across_files(tmp_path: Path):
    first = build_sample_document("a")  # its Visit is in cluster C-visit
    second = build_sample_document("b")
    events = list(second.events)
    events[0] = events[0].model_copy(update={"cluster": None})
    events[1] = events[1].model_copy(update={"cluster": "C-visit"})
    second = second.model_copy(update={"events": events})
    report = validate_paths([_write(tmp_path / "1.jsonl", first), _write(tmp_path / "2.jsonl", second)])
    [found] = report.incidents
    assert found.test_id == "cluster-mixed-types" and found.field == "events[1].cluster"
    assert "holds a Visit" in found.message and "1.jsonl:1 [a]" in found.message


def test_a_failed_record_does_not_stop_the_run(tmp_path: Path):
    path = _write(tmp_path / "mixed.jsonl", b"{", build_sample_document("x"), b"", build_sample_document("x"),
                  CASES["span-text-mismatch"][0])
    found = [(i.line, i.test_id) for i in iter_incidents([path])]
    assert found == [(1, "not-json"), (3, "blank-line"), (4, "duplicate-document"), (5, "span-text-mismatch")]


def test_max_errors_keeps_counting(tmp_path: Path):
    path = _write(tmp_path / "many.jsonl", *[b"nope"] * 30)
    report = validate_paths([path], max_errors=5)
    assert len(report.incidents) == 5 and report.errors == 30 and report.not_shown() == {"not-json": 25}
    assert report.verdict() == "*** FAILED *** with 30 errors (0 warnings)"
    assert report.summary()["by_class"] == [{"level": 1, "class": "FORMAT", "errors": 30, "warnings": 0}]


def test_empty_file_and_missing_final_newline(tmp_path: Path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert validate_paths([empty]).verdict() == "*** PASSED *** (0 documents, 0 warnings)"
    last = tmp_path / "last.jsonl"
    last.write_bytes(build_sample_document().to_json().encode())
    assert validate_paths([last]).ok and validate_paths([last]).documents == 1


def test_line_too_long_through_a_file(tmp_path: Path):
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"id": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}\n' + build_sample_document().to_json().encode())
    report = validate_paths([path])
    assert [(i.line, i.test_id) for i in report.incidents] == [(1, "line-too-long")]
    assert report.documents == 2


def test_inputs_that_are_usage_errors(tmp_path: Path):
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([tmp_path / "missing.jsonl"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match="without any \\*.jsonl"):
        expand_paths([tmp_path / "empty"])


def test_folders_are_expanded_sorted_without_hidden_files(tmp_path: Path):
    for name in ("b/2.jsonl", "a/1.jsonl", "a/.hidden.jsonl", ".git/x.jsonl", "a/1.jsonl.lock", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])] == ["a/1.jsonl", "b/2.jsonl"]


def test_incidents_are_frozen_values():
    found = Incident("blank-line", "blank line")
    assert found.level == 1 and found.category == "FORMAT" and found.severity == "error"
    assert str(found) == "L1 FORMAT blank-line: blank line"
    with pytest.raises(AttributeError):
        found.message = "x"  # type: ignore[misc]


def test_the_same_file_given_twice_is_read_once(tmp_path: Path):
    path = _write(tmp_path / "corpus" / "gold.jsonl", build_sample_document())
    assert expand_paths([path, tmp_path / "corpus", str(path)]) == [path]
    assert validate_paths([path, tmp_path]).ok


def test_a_report_that_does_not_keep_incidents_still_counts():
    report = ValidationReport(max_errors=None, keep=False)
    assert report.add(Incident("blank-line", "blank line")) is True
    assert report.incidents == [] and report.errors == 1 and not report.ok


def test_docs_list_every_test_id():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "validation.md").read_text(encoding="utf-8")
    for test_id, info in TESTS.items():
        assert f"| `{test_id}` | L{info.level} {info.category} | {info.severity} |" in docs, test_id


def test_pre_commit_hook_runs_annotate_validate_on_jsonl_files():
    import re

    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text())
    [hook] = [h for h in hooks if h["id"] == "annotate-validate"]
    assert (hook["entry"], hook["language"], hook["require_serial"]) == ("annotate validate", "python", True)
    assert re.search(hook["files"], "corpus/annotations/ana/doc.jsonl")
    assert not re.search(hook["files"], "corpus/raw/doc.txt") and not re.search(hook["files"], "a.jsonl.lock")


def test_github_lines_escape_their_properties_and_message():
    from annotate.validate.reporters import github_line

    found = Incident("span-cuts-word", "50%\nof it", "mentions[0]", "a,b:c.jsonl", 3, "d1")
    assert github_line(found) == ("::warning file=a%2Cb%3Ac.jsonl,line=3,title=span-cuts-word::[d1] L3 CONTENT "
                                  "mentions[0]: 50%25%0Aof it")


def test_text_summary_and_json_report():
    from annotate.validate.reporters import json_report, summary_lines

    report = ValidationReport(max_errors=1)
    for found in (Incident("not-json", "x", file="f", line=1), Incident("not-json", "y", file="f", line=2),
                  Incident("span-cuts-word", "z", file="f", line=3)):
        report.add(found)
    assert summary_lines(report) == [
        "... 1 more not-json incident(s) not shown (--max-errors 1)",
        "L1 FORMAT: 2 error(s) (not-json 2)",
        "L3 CONTENT: 1 warning(s) (span-cuts-word 1)",
        "*** FAILED *** with 2 errors (1 warnings)",
    ]
    body = json.loads(json_report(report))
    assert [i["message"] for i in body["incidents"]] == ["x", "z"]
    assert body["summary"]["not_shown"] == {"not-json": 1} and body["summary"]["by_test"]["not-json"] == 2


def test_synthetic_documents_are_valid_realistic_and_reproducible():
    from benchmarks.synthetic import synthetic_documents

    docs = list(synthetic_documents(20, seed=3))
    assert [d.to_json() for d in synthetic_documents(20, seed=3)] == [d.to_json() for d in docs]
    for doc in docs:
        assert check_record(doc.to_json().encode(), level=4)[1] == []  # levels 1-4 (level 5 judges content)
        assert 2000 <= len(doc.text.encode()) <= 4500 and len(doc.events) == 12 and 35 <= len(doc.mentions) <= 50
    assert {e.type for d in docs for e in d.events} == {"Visit", "Loan", "Agreement", "Statement"}
    assert any(not d.text.isascii() for d in docs) and any("\U0001F1F7" in d.text for d in docs)
