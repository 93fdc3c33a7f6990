"""Property tests: mutated records always give incidents, never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.validate import Incident, TESTS, check_document, check_record
from schema import Document
from tests.conftest import build_sample_document

VALID = build_sample_document().to_json().encode("utf-8")
RECORD = json.loads(VALID)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
HUGE = st.sampled_from([10**30, -(10**30), 2**63, 1e308, -1e308, "x" * 5000, [[[[[]]]]], 2**40 + 1])


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (dict keys and list indices)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _paths(sub, (*prefix, index))
    return found


PATHS = _paths(RECORD)


def _assert_clean(raw: bytes) -> list[Incident]:
    is_document, found = check_record(raw, file="fuzz.jsonl", line=1)
    assert isinstance(is_document, bool)
    for item in found:
        assert item.test_id in TESTS and item.message and "\n" not in str(item)
        assert (item.file, item.line) == ("fuzz.jsonl", 1)
    return found


def _set(record: dict, path: tuple, value: object, *, delete: bool = False) -> dict:
    record = json.loads(json.dumps(record))
    target = record
    for part in path[:-1]:
        target = target[part]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return record


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_byte_flips(flips: list[tuple[int, int]]):
    raw = bytearray(VALID)
    for at, byte in flips:
        raw[at] = byte
    _assert_clean(bytes(raw).replace(b"\n", b" "))


@FUZZ
@given(st.integers(0, len(VALID)))
def test_truncation(cut: int):
    found = _assert_clean(VALID[:cut])
    if cut < len(VALID):
        assert any(item.is_error for item in found)


@FUZZ
@given(st.sampled_from(PATHS))
def test_field_deletion(path: tuple):
    _assert_clean(json.dumps(_set(RECORD, path, None, delete=True), ensure_ascii=False).encode())


@FUZZ
@given(st.sampled_from(PATHS), JSON_VALUES | HUGE)
def test_type_swaps_and_huge_values(path: tuple, value: object):
    _assert_clean(json.dumps(_set(RECORD, path, value), ensure_ascii=False).encode())


@FUZZ
@given(st.sampled_from([p for p in PATHS if p[-1] in ("start", "end")]), st.integers(-300, 300))
def test_offset_shifts(path: tuple, shift: int):
    record = json.loads(VALID)
    target = record
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] += shift
    found = _assert_clean(json.dumps(record, ensure_ascii=False).encode())
    if shift:
        assert any(item.is_error for item in found)


@FUZZ
@given(st.sampled_from([("mentions", i) for i in range(len(RECORD["mentions"]))]), st.integers(-5, 5),
       st.integers(-5, 5))
def test_respanned_mentions_are_checked_by_check_document(where: tuple, left: int, right: int):
    """A span moved to other, exact offsets is schema-valid; check_document must still not fail."""
    doc = Document.model_validate_json(VALID)
    mention = doc.mentions[where[1]]
    start = min(max(0, mention.start + left), len(doc.text) - 1)
    end = min(max(start + 1, mention.end + right), len(doc.text))
    moved = mention.model_copy(update={"start": start, "end": end, "text": doc.text[start:end]})
    mentions = list(doc.mentions)
    mentions[where[1]] = moved
    for item in check_document(doc.model_copy(update={"mentions": mentions})):
        assert item.test_id in TESTS and item.level == 3
