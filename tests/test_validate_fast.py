"""The validator's fast path (``annotate.validate.fast``) never changes what is reported.

It may only say "this line has nothing to report at levels 1-3"; these tests check that it says so for
clean lines, that every line it passes really is clean (same result with the fast path switched off),
and that duplicate keys are caught in every position, whatever the strings around them hold.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, field_validator

from annotate.validate import check_record, validate_paths
from annotate.validate import fast, run
from annotate.validate.fast import FAST_VALIDATOR, _typed_dict_schema, _Unsupported, clean_record
from benchmarks.synthetic import synthetic_documents
from schema import Document
from tests.conftest import build_sample_document
from tests.test_validate_fuzz import _paths

SAMPLE = build_sample_document()
COMPACT = SAMPLE.to_json().encode()
RECORD = json.loads(COMPACT)


def _detailed(raw: bytes, monkeypatch: pytest.MonkeyPatch, level: int = 5):
    """check_record with the fast path switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(run, "clean_record", lambda raw: None)
        return check_record(raw, file="x.jsonl", line=3, level=level)


def _ids(found) -> list[str]:
    return [item.test_id for item in found[1]]


def test_fast_path_is_active_for_the_schema():
    assert FAST_VALIDATOR is not None
    for doc in synthetic_documents(20):
        line = doc.to_json().encode()
        clean = clean_record(line)
        assert clean is not None
        assert (clean.doc_id, clean.annotator, clean.text) == (doc.id, doc.annotation.annotator, doc.text)
        assert clean.clusters == [(i, e.cluster, e.type) for i, e in enumerate(doc.events) if e.cluster]
    assert clean_record(COMPACT) is not None
    assert clean_record(json.dumps(RECORD, indent=None, separators=(", ", ": ")).encode()) is not None


def test_fast_path_result_matches_the_detailed_path(monkeypatch: pytest.MonkeyPatch):
    for doc in synthetic_documents(5):
        line = doc.to_json().encode()
        # levels 1-4, where the fast path works (level 5 is the same code after either path)
        assert check_record(line, file="x.jsonl", line=3, level=4) == _detailed(line, monkeypatch, 4) == (True, [])


def test_conversion_refuses_what_it_does_not_recheck():
    class Checked(BaseModel):
        model_config = ConfigDict(extra="forbid")
        x: int

        @field_validator("x")
        @classmethod
        def _odd(cls, value: int) -> int:
            return value

    class Open(BaseModel):
        x: int

    for model in (Checked, Open):
        with pytest.raises(_Unsupported):
            _typed_dict_schema(model.__pydantic_core_schema__)


@pytest.mark.parametrize("value", ["0", 0.0, True, None, [], {}, -1, 2**41])
def test_fast_validator_keeps_strict_types(value: object):
    record = json.loads(COMPACT)
    record["mentions"][0]["start"] = value
    raw = json.dumps(record).encode()
    assert clean_record(raw) is None
    assert _ids(check_record(raw))[0] in ("wrong-type", "out-of-range", "invalid-value")


# -- duplicate keys in every position ----------------------------------------------------------

def _dump_with_duplicate(value: object, target: int, *, spaced: bool, other: bool) -> tuple[str, int]:
    """``value`` as compact JSON where the ``target``-th key (in document order) is written twice
    (first with a different value when ``other``); also returns the number of keys."""
    count = 0

    def dump(item: object) -> str:
        nonlocal count
        if isinstance(item, dict):
            parts = []
            for key, sub in item.items():
                this = count
                count += 1
                body = dump(sub)
                if this == target:
                    first = json.dumps("other" if other and not isinstance(sub, (dict, list)) else sub,
                                       ensure_ascii=False, separators=(",", ":"))
                    parts.append(f'{json.dumps(key)}{" :" if spaced else ":"}{first}')
                parts.append(f"{json.dumps(key)}:{body}")
            return "{" + ",".join(parts) + "}"
        if isinstance(item, list):
            return "[" + ",".join(dump(sub) for sub in item) + "]"
        return json.dumps(item, ensure_ascii=False)

    text = dump(value)
    return text, count


def _records_with_tricky_strings() -> list[dict]:
    quoted = json.loads(COMPACT)
    quoted["source"]["title"] = 'He said \\"a\\": \\\\ "b" : x'  # escaped quotes and colons in a string
    quoted["events"][0]["notes"] = '"id": "x", "text": "y"'  # looks like keys, is a string
    return [json.loads(COMPACT), quoted]


@pytest.mark.parametrize("spaced", [False, True])
def test_duplicate_key_caught_in_every_position(spaced: bool):
    for record in _records_with_tricky_strings():
        _, keys = _dump_with_duplicate(record, -1, spaced=False, other=False)
        clean, _ = _dump_with_duplicate(record, -1, spaced=False, other=False)
        assert check_record(clean.encode())[1] == []
        for target in range(keys):
            for other in (False, True):
                line, _ = _dump_with_duplicate(record, target, spaced=spaced, other=other)
                raw = line.encode()
                assert clean_record(raw) is None, (target, line[:200])
                assert _ids(check_record(raw)) == ["duplicate-key"], (target, other, line[:200])


def test_spaced_keys_without_duplicates_are_clean():
    raw = json.dumps(RECORD, separators=(" , ", " : ")).encode()
    assert check_record(raw)[1] == []
    tabbed = json.dumps(RECORD, separators=(",", "\t:\t")).encode()
    assert check_record(tabbed)[1] == []


def test_duplicate_key_hidden_by_a_spaced_key_is_caught():
    raw = COMPACT.replace(b'"id":"sample-1"', b'"id" :"sample-1","id":"sample-1"', 1)
    assert raw != COMPACT
    assert clean_record(raw) is None
    assert _ids(check_record(raw)) == ["duplicate-key"]


# -- every line the fast path passes is clean ---------------------------------------------------

PATHS = _paths(RECORD)
VALUES = (st.none() | st.booleans() | st.integers(-3, 400) | st.floats(allow_nan=False) | st.text(max_size=6)
          | st.sampled_from(["PER", "TIME", "MONEY", "Visit", "Loan", "Host", "Origin", "M1", "M3", "EV1", "H1",
                             "generic", "2018-11-31", "USD", "XYZ", "\\", '"', ":"])
          | st.lists(st.integers(0, 3), max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES, st.booleans()), min_size=1, max_size=3))
def test_fast_path_never_hides_an_incident(monkeypatch: pytest.MonkeyPatch, changes: list):
    record = json.loads(COMPACT)
    for path, value, delete in changes:
        target = record
        try:
            for part in path[:-1]:
                target = target[part]
            if delete:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(record, ensure_ascii=False).encode()
    if clean_record(raw) is not None:
        Document.model_validate_json(raw)  # what the fast path accepts, the model accepts
    assert check_record(raw, file="x.jsonl", line=3) == _detailed(raw, monkeypatch)


def test_corpus_level_checks_run_on_the_fast_path(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "raw" / f"{SAMPLE.id}.txt").write_text(SAMPLE.text + "!", encoding="utf-8")
    (corpus / "gold.jsonl").write_bytes(COMPACT + b"\n" + COMPACT + b"\n")
    report = validate_paths([corpus])
    assert [i.test_id for i in report.incidents] == ["raw-text-mismatch", "duplicate-document", "raw-text-mismatch"]
    assert fast.clean_record(COMPACT) is not None


# -- the model validators that the typed-dict validator leaves out are re-checked --------------

_TIME = {"value": "2018-11-02"}
_MONEY = {"currency": "USD", "amount": 5.0}


@pytest.mark.parametrize(("index", "extra", "message"), [
    (0, {"time": _TIME}, "only TIME mentions carry a time normalization, not PER"),
    (0, {"money": _MONEY}, "only MONEY mentions carry a money normalization, not PER"),
    (2, {"money": _MONEY}, "only MONEY mentions carry a money normalization, not TIME"),
    (4, {"time": _TIME}, "only TIME mentions carry a time normalization, not MONEY"),
    (6, {"entity": "E7"}, "TOPIC is a value type; only entity mentions have an entity id"),
    (2, {"entity": "E7"}, "TIME is a value type; only entity mentions have an entity id"),
    (0, {"end": 9, "text": "Díaz-Cane"}, None),  # exact but cuts a word: a warning, not a schema error
    (1, {"start": 28, "end": 22}, "end (22) must be greater than start (28)"),
])
def test_model_validators_are_rechecked(monkeypatch: pytest.MonkeyPatch, index: int, extra: dict,
                                        message: str | None):
    record = json.loads(COMPACT)
    record["mentions"][index].update(extra)
    raw = json.dumps(record, ensure_ascii=False).encode()
    assert clean_record(raw) is None
    found = check_record(raw, file="x.jsonl", line=3)
    assert found == _detailed(raw, monkeypatch)
    if message is None:
        assert _ids(found) == ["span-cuts-word"]
    else:
        assert [(i.test_id, i.field, i.message) for i in found[1]] == [
            ("invalid-value", f"mentions[{index}]", message)]
