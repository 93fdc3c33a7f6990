"""Explicit conversion between code-point offsets (ours) and the units other tools count in.

eventgold offsets are Unicode code points (Python ``str`` indices). JavaScript tools (Label Studio,
browser front ends) count UTF-16 code units: a character outside the Basic Multilingual Plane (an
emoji, ``"\\U0001F1F7"``) is one code point but two UTF-16 units. Byte-oriented tools count UTF-8
bytes. :class:`OffsetIndex` converts both ways for one text, in O(log n) per offset after an O(n)
scan, and refuses offsets that fall inside a character (half a surrogate pair, the middle of a
multi-byte sequence) instead of rounding them.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

Unit = Literal["codepoint", "utf-16", "utf-8"]
UNITS: tuple[str, ...] = ("codepoint", "utf-16", "utf-8")


class OffsetError(ValueError):
    """An offset that does not fall on a character boundary of the text, or lies outside it."""


def _width(char: str, unit: str) -> int:
    code = ord(char)
    if unit == "utf-16":
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


_bisect_right = bisect.bisect_right
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


class OffsetIndex:
    """Offsets of one text in one unit (``utf-16`` or ``utf-8``) against code points.

    Only characters wider than one unit are recorded, so an ASCII text (or a BMP text for UTF-16)
    costs nothing and converts by identity.
    """

    def __init__(self, text: str, unit: Unit = "utf-16") -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown offset unit {unit!r}; expected one of {', '.join(UNITS)}")
        self.text = text
        self.unit = unit
        # For each wide character (in code-point order): its code-point offset, and the cumulative extra
        # units of all wide characters up to and including it.
        self._wide_cp: list[int] = []
        self._wide_unit: list[int] = []  # unit offset of each wide character's first unit
        self._extra: list[int] = []
        if unit != "codepoint":
            extra = 0
            wide = _ASTRAL if unit == "utf-16" else _NON_ASCII  # found by regex, not a loop over every character
            for found in wide.finditer(text):
                index, char = found.start(), found.group()
                width = _width(char, unit)
                self._wide_cp.append(index)
                self._wide_unit.append(index + extra)
                extra += width - 1
                self._extra.append(extra)
        self.length = len(text) + (self._extra[-1] if self._extra else 0)

    def to_codepoint(self, offset: int) -> int:
        """The code-point offset of a unit ``offset``; raises :class:`OffsetError` inside a character."""
        if type(offset) is not int and (isinstance(offset, bool) or not isinstance(offset, int)):
            raise OffsetError(f"offset {offset!r} is not an integer")
        if not 0 <= offset <= self.length:
            raise OffsetError(f"{self.unit} offset {offset} lies outside the text ({self.length} {self.unit} units)")
        wide_unit = self._wide_unit
        if not wide_unit or offset <= wide_unit[0]:  # before the first wide character: the same offset
            return offset
        position = _bisect_right(wide_unit, offset) - 1
        start = wide_unit[position]
        extra = self._extra
        extra_before = extra[position - 1] if position else 0
        width = extra[position] - extra_before + 1
        if start < offset < start + width:
            raise OffsetError(f"{self.unit} offset {offset} falls inside the character "
                              f"{self.text[self._wide_cp[position]]!r} at code point {self._wide_cp[position]}")
        return offset - extra[position] if offset >= start + width else offset - extra_before

    def from_codepoint(self, offset: int) -> int:
        """The unit offset of a code-point ``offset``."""
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise OffsetError(f"offset {offset!r} is not an integer")
        if not 0 <= offset <= len(self.text):
            raise OffsetError(f"code point offset {offset} lies outside the text ({len(self.text)} code points)")
        position = bisect.bisect_left(self._wide_cp, offset) - 1  # wide characters strictly before offset
        return offset + (self._extra[position] if position >= 0 else 0)


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Code-point offset of a UTF-16 ``offset`` into ``text`` (one-off; use :class:`OffsetIndex` for many)."""
    return OffsetIndex(text, "utf-16").to_codepoint(offset)


def codepoint_to_utf16(text: str, offset: int) -> int:
    """UTF-16 offset of a code-point ``offset`` into ``text``."""
    return OffsetIndex(text, "utf-16").from_codepoint(offset)


def utf8_to_codepoint(text: str, offset: int) -> int:
    """Code-point offset of a UTF-8 byte ``offset`` into ``text``."""
    return OffsetIndex(text, "utf-8").to_codepoint(offset)


def codepoint_to_utf8(text: str, offset: int) -> int:
    """UTF-8 byte offset of a code-point ``offset`` into ``text``."""
    return OffsetIndex(text, "utf-8").from_codepoint(offset)


__all__ = ["UNITS", "OffsetError", "OffsetIndex", "Unit", "codepoint_to_utf16", "codepoint_to_utf8",
           "utf16_to_codepoint", "utf8_to_codepoint"]
