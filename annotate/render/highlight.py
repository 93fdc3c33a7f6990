"""A document's text as HTML with nested (and even crossing) highlighted spans.

Offsets are code points, so Python slicing cuts the text exactly; the browser never re-slices it. The
text is cut at every span boundary (a sorted boundary list); tags are opened longest-first and closed
innermost-first. When two spans cross, the inner one is closed at the outer one's end and reopened
right after as a continuation fragment (class ``cont``, no ``id``), so the HTML stays well nested and a
span is still counted once (by its first fragment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Mark:
    """A span to highlight: ``[start, end)`` code points, an element name, classes and attributes."""

    start: int
    end: int
    tag: str
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...] = ()
    priority: int = 0  # for identical extents: lower opens first (outside)


def escape_text(text: str) -> str:
    """Escape text for an HTML element (``<``, ``>``, ``&``), keeping carriage returns, which an HTML
    parser would otherwise fold into line feeds, as character references."""
    return escape(text, quote=False).replace("\r", "&#13;")


def _open(mark: Mark, *, continued: bool, split: bool) -> str:
    classes = list(mark.classes) + (["cont"] if continued else []) + (["split"] if split else [])
    parts = [f'<{mark.tag} class="{escape(" ".join(classes))}"']
    for name, value in mark.attrs:
        if continued and name in ("id", "tabindex"):
            continue
        parts.append(f' {name}="{escape(value)}"')
    return "".join(parts) + ">"


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with each mark wrapped around its exact code-point range."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.priority))
    for mark in ordered:
        if not 0 <= mark.start < mark.end <= len(text):
            raise ValueError(f"mark [{mark.start}, {mark.end}) is outside the text (length {len(text)})")
    starts: dict[int, list[Mark]] = {}
    for mark in ordered:
        starts.setdefault(mark.start, []).append(mark)
    boundaries = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})

    chunks: list[str] = []
    # stack entries: (mark, index of its opening tag in chunks, continued)
    stack: list[tuple[Mark, int, bool]] = []
    position = 0
    for at in boundaries:
        if at > position:
            chunks.append(escape_text(text[position:at]))
            position = at
        if any(mark.end == at for mark, _, _ in stack):
            reopen: list[Mark] = []
            while any(mark.end == at for mark, _, _ in stack):
                mark, index, continued = stack.pop()
                chunks.append(f"</{mark.tag}>")
                if mark.end != at:  # crossing: this fragment ends early, its label belongs to the last one
                    chunks[index] = _open(mark, continued=continued, split=True)
                    reopen.append(mark)
            for mark in reversed(reopen):
                stack.append((mark, len(chunks), True))
                chunks.append(_open(mark, continued=True, split=False))
        for mark in starts.get(at, ()):
            stack.append((mark, len(chunks), False))
            chunks.append(_open(mark, continued=False, split=False))
    if position < len(text):  # pragma: no cover - the last boundary is len(text)
        chunks.append(escape_text(text[position:]))
    return "".join(chunks)


def nesting_heights(spans: list[tuple[int, int]]) -> list[int]:
    """For each span, how many levels of other spans nest inside it (0 for one that contains none).

    Used to draw the underline of an outer span below those of the spans inside it.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0]))
    heights = [0] * len(spans)
    for position, i in enumerate(order):
        start, end = spans[i]
        for j in order[:position]:
            inner_start, inner_end = spans[j]
            if start <= inner_start and inner_end <= end and (inner_start, inner_end) != (start, end):
                heights[i] = max(heights[i], heights[j] + 1)
    return heights
