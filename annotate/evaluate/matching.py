"""Matching of spans, triggers, arguments and normalized values between two versions of a document.

Shared by ``annotate score`` (system vs gold), ``annotate agree`` (annotator vs annotator) and
``annotate adjudicate`` (several annotators into gold), so that the three agree on what "the same
trigger" or "the same argument" means.

Spans are compared through a :class:`SpanKeys` object: by character offsets (the default), or by
spaCy token offsets within a sentence, ``(sentence, first_token, last_token + 1)``, as token-based
event-extraction benchmarks do (see :mod:`annotate.nlp`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema import Document, Mention, MentionType, Span, span_problem
from schema.values import MoneyValue, TimeValue

from annotate.errors import DataError

SpanKey = tuple[int, ...]


class SpanKeys:
    """Turns character spans of one text into comparable keys (characters, or tokens in sentences)."""

    def __init__(self, text: str, *, tokens: bool = False) -> None:
        self.text = text
        self.tokens = tokens
        if tokens:
            from annotate.nlp import analyze

            analysis = analyze(text)
            self._tokens = analysis.tokens
            self._starts = [t[0] for t in analysis.tokens]
            self._sentences = analysis.sentences
            self._sentence_starts = [s.token_start for s in analysis.sentences]

    def key(self, start: int, end: int) -> SpanKey:
        """``(start, end)``; in token mode ``(sentence, first token, end token)``, tokens counted from the
        start of the sentence of the span's first token (the tokens of ``TextAnalysis.token_range``)."""
        if not self.tokens:
            return (start, end)
        tokens, starts = self._tokens, self._starts
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or tokens[first][1] <= start:
            first += 1
        last = bisect.bisect_left(starts, end) - 1
        if first >= len(tokens) or last < first:  # only white space: no token stands for it
            return (-1, start, end)
        index = bisect.bisect_right(self._sentence_starts, first) - 1
        sentence = self._sentences[index]
        return (sentence.index, first - sentence.token_start, last + 1 - sentence.token_start)

    def of(self, span: Span) -> SpanKey:
        return self.key(span.start, span.end)


# -- document checks --------------------------------------------------------------------------------


def check_document(document: Document, *, file: str | Path | None = None) -> None:
    """Raise :class:`DataError` when a span disagrees with the text or an argument names no mention.

    The checks a comparison needs to be meaningful; ``annotate validate`` does the full job.
    """
    text = document.text
    size = len(text)
    ids: set[str] = set()
    for i, mention in enumerate(document.mentions):
        start, end = mention.start, mention.end
        if not (0 <= start < end <= size and text[start:end] == mention.text):  # else span_problem says None
            raise DataError(span_problem(text, start, end, mention.text), file=file, record_id=document.id,
                            field=f"mentions.{i}")
        if mention.id in ids:
            raise DataError(f"duplicate mention id {mention.id!r}", file=file, record_id=document.id,
                            field=f"mentions.{i}.id")
        ids.add(mention.id)
    for i, event in enumerate(document.events):
        trigger = event.trigger
        start, end = trigger.start, trigger.end
        if not (0 <= start < end <= size and text[start:end] == trigger.text):
            raise DataError(span_problem(text, start, end, trigger.text), file=file, record_id=document.id,
                            field=f"events.{i}.trigger")
        for j, argument in enumerate(event.arguments):
            if argument.mention not in ids:
                raise DataError(f"argument refers to mention {argument.mention!r}, which the document does "
                                "not have", file=file, record_id=document.id,
                                field=f"events.{i}.arguments.{j}.mention")


def same_text(a: Document, b: Document) -> bool:
    return a.text == b.text


# -- normalized values -------------------------------------------------------------------------------


def time_key(value: TimeValue | None) -> tuple | None:
    """What must be equal for two time normalizations to agree: TIMEX3 type, value and mod.

    ``anchor`` (what the value was resolved against) is how it was derived, not what it is.
    """
    if value is None:
        return None
    return (value.type.value, value.value, value.mod.value if value.mod else None)


def money_key(value: MoneyValue | None) -> tuple | None:
    """What must be equal for two money normalizations to agree: currency, amount, bounds, approximate."""
    if value is None:
        return None
    return (value.currency, value.amount, value.min, value.max, value.approximate)


def normalization_key(mention: Mention) -> tuple | None:
    """The normalized value of a TIME or MONEY mention, comparable with ``==`` (None when absent)."""
    if mention.type == MentionType.TIME:
        return time_key(mention.time)
    if mention.type == MentionType.MONEY:
        return money_key(mention.money)
    return None


def normalization_kind(mention_type: MentionType) -> str | None:
    """``time`` or ``money`` for the mention types that carry a normalized value, else None."""
    return {MentionType.TIME: "time", MentionType.MONEY: "money"}.get(mention_type)


# -- argument views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArgumentView:
    """One argument resolved to its filler mention."""

    event_index: int
    role: str
    mention: Mention


def arguments_of(document: Document, event_index: int,
                 by_id: dict[str, Mention] | None = None) -> Iterator[ArgumentView]:
    """The arguments of one event with their filler mentions (call :func:`check_document` first).

    Pass ``by_id`` (``document.mentions_by_id()``) when walking many events of one document."""
    if by_id is None:
        by_id = document.mentions_by_id()
    for argument in document.events[event_index].arguments:
        yield ArgumentView(event_index, argument.role, by_id[argument.mention])


# -- one-to-one alignment ----------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of positions two ``[start, end)`` ranges share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(left: Sequence[Any], right: Sequence[Any], score) -> list[tuple[int, int]]:
    """Greedy one-to-one alignment: pairs ``(i, j)`` in decreasing order of ``score(left[i], right[j])``.

    ``score`` returns a tuple (compared lexicographically) or None for "cannot be paired". Ties are
    broken by position, so the result is deterministic.
    """
    candidates = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            value = score(a, b)
            if value is not None:
                candidates.append((value, i, j))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple[tuple, int, int]]) -> list[tuple[int, int]]:
    """The pairs :func:`align` chooses from its scored ``(score, i, j)`` candidates (any order): by
    decreasing score, ties by position, each ``i`` and each ``j`` used once; sorted."""
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def event_pair_score(a, b, *, allow_overlap: bool) -> tuple[int, int, int] | None:
    """Score of pairing two events by trigger: exact span first, then same type, then overlap size."""
    ta, tb = a.trigger.offsets, b.trigger.offsets
    exact = ta == tb
    shared = overlap(ta, tb)
    if not exact and not (allow_overlap and shared > 0):
        return None
    return (int(exact), int(a.type == b.type), shared)


def align_events(a: Document, b: Document, *, allow_overlap: bool = True) -> list[tuple[int, int]]:
    """Pairs of event indices ``(i, j)``: events of ``a`` and ``b`` whose triggers match.

    Exact trigger spans are paired first (same type preferred), then, with ``allow_overlap``,
    overlapping triggers by decreasing overlap. Each event is in at most one pair.
    """
    candidates = []  # align(a.events, b.events, event_pair_score), with the triggers' offsets read once
    spans_b = [(e.trigger.start, e.trigger.end, e.type) for e in b.events]
    for i, event in enumerate(a.events):
        start, end, etype = event.trigger.start, event.trigger.end, event.type
        for j, (start_b, end_b, type_b) in enumerate(spans_b):
            exact = start == start_b and end == end_b
            shared = min(end, end_b) - max(start, start_b)
            if exact or (allow_overlap and shared > 0):
                candidates.append(((int(exact), int(etype == type_b), max(0, shared)), i, j))
    return greedy_pairs(candidates)


__all__ = [
    "ArgumentView", "SpanKey", "SpanKeys", "align", "align_events", "greedy_pairs", "arguments_of", "check_document",
"event_pair_score", "money_key", "normalization_key", "normalization_kind", "overlap",
    "same_text", "time_key",
]
