"""Spans: ``[start, end)`` Unicode code-point offsets into a document's exact text, plus that text.

This module is the one place where offsets are checked against text. Every mention and trigger in
eventgold is a :class:`Span`; code that creates one from a document should use :func:`make_span` or
:func:`find_span`, which can only produce spans whose ``text`` equals ``doc_text[start:end]``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

NonNegativeInt = Annotated[int, Field(ge=0, le=2**40)]

#: Identifier of a document, mention, event, entity, hopper or cluster: a letter or digit first, then
#: letters, digits and `_ . : -` (no white space, so ids can stand in brat files and file names).
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$", min_length=1, max_length=128)]


class SpanMismatch(ValueError):
    """A span whose offsets or text do not agree with the document text."""


class Span(BaseModel):
    """A contiguous stretch of the document text, ``text == doc_text[start:end]``.

    Offsets count Unicode code points (Python ``str`` indices), start inclusive, end exclusive.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    start: NonNegativeInt = Field(description="Offset of the first code point (inclusive).")
    end: NonNegativeInt = Field(description="Offset after the last code point (exclusive).")
    text: str = Field(min_length=1, description="The exact text at [start, end).")

    @model_validator(mode="after")
    def _length_agrees(self) -> "Span":
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"text has {len(self.text)} code points but [start, end) covers {self.end - self.start}"
            )
        return self

    @property
    def offsets(self) -> tuple[int, int]:
        return (self.start, self.end)

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def span_problem(doc_text: str, start: int, end: int, text: str) -> str | None:
    """Say what is wrong with a span against ``doc_text``, or return None when it is exact."""
    if start < 0 or end > len(doc_text):
        return f"offsets [{start}, {end}) fall outside the text (length {len(doc_text)})"
    if end <= start:
        return f"end ({end}) must be greater than start ({start})"
    actual = doc_text[start:end]
    if actual != text:
        return f"text {text!r} does not match the document text at [{start}, {end}): {actual!r}"
    return None


def check_span(doc_text: str, span: Span) -> None:
    """Raise :class:`SpanMismatch` unless ``span`` is exact for ``doc_text``."""
    problem = span_problem(doc_text, span.start, span.end, span.text)
    if problem:
        raise SpanMismatch(problem)


def make_span(doc_text: str, start: int, end: int) -> dict[str, int | str]:
    """The fields of an exact span of ``doc_text`` (for building a Span or any subclass of it)."""
    if not (0 <= start < end <= len(doc_text)):
        raise SpanMismatch(f"offsets [{start}, {end}) are not a non-empty range inside the text "
                           f"(length {len(doc_text)})")
    return {"start": start, "end": end, "text": doc_text[start:end]}


def occurrences(doc_text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of ``needle`` in ``doc_text`` (overlapping ones included)."""
    found, at = [], doc_text.find(needle)
    while needle and at != -1:
        found.append(at)
        at = doc_text.find(needle, at + 1)
    return found


def find_span(doc_text: str, needle: str, occurrence: int = 1) -> dict[str, int | str]:
    """The exact span of the ``occurrence``-th (1-based) appearance of ``needle`` in ``doc_text``.

    ``find_span(text, "loan", 2)`` is the second "loan". Raises :class:`SpanMismatch` when there
    is no such occurrence, saying how many there are.
    """
    if not needle:
        raise SpanMismatch("cannot look up an empty text")
    starts = occurrences(doc_text, needle)
    if not starts:
        raise SpanMismatch(f"{needle!r} does not occur in the text")
    if not 1 <= occurrence <= len(starts):
        raise SpanMismatch(f"{needle!r} occurs {len(starts)} time(s); occurrence {occurrence} does not exist")
    start = starts[occurrence - 1]
    return make_span(doc_text, start, start + len(needle))


def word_occurrences(doc_text: str, needle: str) -> list[int]:
    """Start offsets of the occurrences of ``needle`` that stand as whole words: no letter or digit
    continues a word across either end ("Cuba" in "Cuban" does not count; "Cuba" in "Cuba's" does)."""
    size, length = len(doc_text), len(needle)
    return [s for s in occurrences(doc_text, needle)
            if not (s > 0 and needle[0].isalnum() and doc_text[s - 1].isalnum())
            and not (s + length < size and needle[-1].isalnum() and doc_text[s + length].isalnum())]


def find_word_span(doc_text: str, needle: str, occurrence: int = 1) -> dict[str, int | str]:
    """The span of the ``occurrence``-th whole-word appearance of ``needle`` (see :func:`word_occurrences`);
    when ``needle`` never stands as whole words (a sub-word span), of its ``occurrence``-th appearance."""
    if not needle:
        raise SpanMismatch("cannot look up an empty text")
    starts = word_occurrences(doc_text, needle)
    if not starts:
        return find_span(doc_text, needle, occurrence)
    if not 1 <= occurrence <= len(starts):
        raise SpanMismatch(f"{needle!r} occurs {len(starts)} time(s) as whole words; occurrence {occurrence} "
                           "does not exist")
    return make_span(doc_text, starts[occurrence - 1], starts[occurrence - 1] + len(needle))


def parse_anchor(anchor: str) -> tuple[str, int]:
    """Split ``"TEXT@N"`` into ``("TEXT", N)``; a plain ``"TEXT"`` is occurrence 1.

    Only a trailing ``@`` followed by ASCII digits counts, so ``"a@b"`` and ``"arrived@²"`` (a
    superscript two is a digit to ``str.isdigit`` but not to ``int``) stay one text.
    """
    head, sep, tail = anchor.rpartition("@")
    if sep and head and tail.isascii() and tail.isdigit():
        return head, int(tail)
    return anchor, 1
