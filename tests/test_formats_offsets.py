"""Explicit offset conversion: UTF-16 and UTF-8 against code points, checked against Python's codecs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.formats.offsets import (
    OffsetError, OffsetIndex, codepoint_to_utf16, codepoint_to_utf8, utf16_to_codepoint, utf8_to_codepoint,
)
from conftest import SAMPLE_TEXT


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_sample_text_by_hand():
    flag = SAMPLE_TEXT.index("\U0001F1F7")
    assert codepoint_to_utf16(SAMPLE_TEXT, flag) == flag
    assert codepoint_to_utf16(SAMPLE_TEXT, flag + 2) == flag + 4
    assert utf16_to_codepoint(SAMPLE_TEXT, flag + 4) == flag + 2
    assert codepoint_to_utf8(SAMPLE_TEXT, 2) == 3  # "Dí": í is two bytes
    assert utf8_to_codepoint(SAMPLE_TEXT, 3) == 2
    with pytest.raises(OffsetError, match="inside the character"):
        utf16_to_codepoint(SAMPLE_TEXT, flag + 1)
    with pytest.raises(OffsetError, match="inside the character"):
        utf8_to_codepoint(SAMPLE_TEXT, 2)
    with pytest.raises(OffsetError, match="outside"):
        utf16_to_codepoint(SAMPLE_TEXT, utf16_len(SAMPLE_TEXT) + 1)


TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "í", "\u00a0", "“", "\u4e2d", "\U0001F600", "\U0001F1F7",
                                          "\n"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_conversions_agree_with_the_codecs(text):
    u16, u8 = OffsetIndex(text, "utf-16"), OffsetIndex(text, "utf-8")
    assert u16.length == utf16_len(text) and u8.length == len(text.encode("utf-8"))
    for i in range(len(text) + 1):
        assert u16.from_codepoint(i) == utf16_len(text[:i])
        assert u8.from_codepoint(i) == len(text[:i].encode("utf-8"))
        assert u16.to_codepoint(u16.from_codepoint(i)) == i
        assert u8.to_codepoint(u8.from_codepoint(i)) == i
    boundaries = {u16.from_codepoint(i) for i in range(len(text) + 1)}
    for unit in range(u16.length + 1):
        if unit not in boundaries:
            with pytest.raises(OffsetError):
                u16.to_codepoint(unit)


def test_codepoint_unit_is_identity_and_bad_unit_is_refused():
    assert OffsetIndex(SAMPLE_TEXT, "codepoint").to_codepoint(50) == 50
    with pytest.raises(ValueError):
        OffsetIndex("x", "utf-32")  # type: ignore[arg-type]
    with pytest.raises(OffsetError):
        OffsetIndex("x").to_codepoint(True)  # type: ignore[arg-type]
