"""Differential tests of the importers' optimised paths against the straightforward ones (issue 13).

No timing here (speed is measured by ``benchmarks/imports.py``): each optimisation must give exactly
what the straightforward code gave, on random documents and texts.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.formats.importing import build_document, sentence_around, utf16_index
from annotate.formats.offsets import OffsetError, OffsetIndex, _width
from benchmarks.synthetic import synthetic_documents
from schema import AnnotationInfo, Document

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "é", "\n", "\u00a0", "“", "😀", "🇷", "𝔸", "中", "\r"]),
                max_size=40)


def loop_index(text: str, unit: str) -> tuple[list[int], list[int], list[int]]:
    """The index OffsetIndex built before: a Python loop over every character."""
    wide_cp, wide_unit, extras, extra = [], [], [], 0
    for index, char in enumerate(text):
        if ord(char) >= (0x10000 if unit == "utf-16" else 0x80):
            wide_cp.append(index)
            wide_unit.append(index + extra)
            extra += _width(char, unit) - 1
            extras.append(extra)
    return wide_cp, wide_unit, extras


@SETTINGS
@given(TEXTS, st.sampled_from(["utf-16", "utf-8"]))
def test_offset_index_by_regex_equals_the_loop(text, unit):
    index = OffsetIndex(text, unit)
    assert (index._wide_cp, index._wide_unit, index._extra) == loop_index(text, unit)


def convert(index, offset):
    try:
        return index.to_codepoint(offset)
    except OffsetError as exc:
        return ("error", str(exc))


@SETTINGS
@given(TEXTS, st.lists(st.integers(-2, 50), max_size=8))
def test_utf16_identity_index_equals_the_full_index(text, offsets):
    fast, full = utf16_index(text), OffsetIndex(text, "utf-16")
    assert fast.length == full.length
    assert [convert(fast, o) for o in offsets] == [convert(full, o) for o in offsets]


def test_build_document_equals_the_json_round_trip_on_random_documents():
    for document in synthetic_documents(40, seed=7):
        annotation = AnnotationInfo.model_validate_json(json.dumps({
            "annotator": "alice", "status": "draft", "created": "2019-03-01T10:00:00Z",
            "modified": "2019-03-02T11:30:00+02:00"}))
        data = json.loads(document.to_json())
        straightforward = Document.model_validate_json(json.dumps({
            **data, "annotation": annotation.model_dump(mode="json", exclude_none=True)}, ensure_ascii=False))
        optimised = build_document({**data, "source": document.source, "annotation": annotation})
        assert optimised == straightforward and optimised.to_json() == straightforward.to_json()


@SETTINGS
@given(TEXTS, st.data())
def test_sentence_around_holds_the_span_and_no_sentence_end_outside_it(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    context = sentence_around(text, start, end)
    at = text.find(context)
    assert at != -1 and text[start:end] in context
