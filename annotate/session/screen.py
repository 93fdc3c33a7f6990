"""What the session shows: a sentence with its events, mentions and suggestions marked, and status lines.

Functions here return rich markup strings (document text escaped) and never print. Marks stay readable
without colour (``TERM=dumb``, ``NO_COLOR``, ``--plain``): an event trigger is ``[loan|EV1]``, an argument
mention ``[Russia|M1]``, a suggested trigger ``{loan|s1}``; colours only add to the brackets.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from annotate.edit.ops import summarize_event
from annotate.edit.values import describe_value
from schema import Document, EventBase

__all__ = ["Mark", "Suggestion", "header_line", "render_sentence", "sentence_marks", "source_label",
           "suggestion_line", "token_line"]

STYLES = {"event": "bold reverse", "mention": "underline cyan", "suggestion": "yellow", "suggested-arg": "yellow"}


@dataclass(frozen=True)
class Suggestion:
    """A suggested event shown to the annotator: its label (``s1``), the event and its mentions' texts."""

    label: str
    key: str  # stable across runs: TYPE:START-END of the trigger
    event: EventBase
    source: Document  # the suggestion document (holds the suggested mentions)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    label: str
    kind: str  # event | mention | suggestion


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text.replace("\n", " "))


def _escape_lines(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def sentence_marks(doc: Document, start: int, end: int, suggestions: Sequence[Suggestion]) -> list[Mark]:
    """Non-overlapping marks inside ``[start, end)``: triggers first, then mentions, then suggestions."""
    candidates: list[Mark] = []
    for event in doc.events:
        if start <= event.trigger.start and event.trigger.end <= end:
            candidates.append(Mark(event.trigger.start, event.trigger.end, event.id, "event"))
    used = {a.mention for e in doc.events for a in e.arguments}
    for mention in doc.mentions:
        if start <= mention.start and mention.end <= end:
            candidates.append(Mark(mention.start, mention.end, mention.id, "mention" if mention.id in used else "mention"))
    for suggestion in suggestions:
        trig = suggestion.event.trigger
        if start <= trig.start and trig.end <= end:
            candidates.append(Mark(trig.start, trig.end, suggestion.label, "suggestion"))
    chosen: list[Mark] = []
    for mark in candidates:  # in priority order
        if all(mark.end <= other.start or other.end <= mark.start for other in chosen):
            chosen.append(mark)
    return sorted(chosen, key=lambda m: m.start)


def render_sentence(doc: Document, start: int, end: int, suggestions: Sequence[Suggestion]) -> str:
    """The sentence text ``doc.text[start:end]`` with marks, as rich markup."""
    pieces: list[str] = []
    at = start
    for mark in sentence_marks(doc, start, end, suggestions):
        pieces.append(_escape(doc.text[at:mark.start]))
        open_, close = ("{", "}") if mark.kind == "suggestion" else ("[", "]")
        body = _escape(f"{open_}{doc.text[mark.start:mark.end]}|{mark.label}{close}")
        pieces.append(f"[{STYLES[mark.kind]}]{body}[/]")
        at = mark.end
    pieces.append(_escape(doc.text[at:end]))
    return "".join(pieces)


def header_line(*, doc: Document, position: int, total: int, sentence: int, sentences: int, width: int) -> str:
    """``doc 1/5 001_0cef… · draft · 3 events · sentence 4/36`` (plain text, fits ``width``)."""
    status = doc.annotation.status.value
    events = len(doc.events)
    tail = f" · {status} · {events} event{'s' if events != 1 else ''} · sentence {sentence}/{sentences}"
    head = f"doc {position}/{total} "
    room = max(8, width - len(head) - len(tail))
    name = doc.id if len(doc.id) <= room else doc.id[: room - 1] + "…"
    return head + name + tail


def event_lines(doc: Document, events: Sequence[EventBase], *, width: int) -> list[str]:
    """One markup line per event (id, type, trigger, arguments, attributes), cut to ``width``."""
    return [_escape_lines(_wrap(summarize_event(doc, event), width)) for event in events]


def _wrap(line: str, width: int) -> str:
    """``line`` indented by 2 and wrapped to ``width`` (continuation lines indented by 6)."""
    return textwrap.fill(line, width=max(30, width - 1), initial_indent="  ", subsequent_indent="      ",
                         break_long_words=True, break_on_hyphens=False)


def suggestion_line(suggestion: Suggestion, *, width: int) -> str:
    """``s1 suggested Loan 'loan' Lender='Russia' …`` as markup; with a trained model, its source at the
    end: ``[rules]``, ``[model 0.71]`` or ``[rules+model 0.93]``."""
    source = suggestion.source
    by_id = source.mentions_by_id()
    args = " ".join(f"{a.role}={by_id[a.mention].text!r}" for a in suggestion.event.arguments if a.mention in by_id)
    line = f"{suggestion.label} suggested {suggestion.event.type} {suggestion.event.trigger.text!r} {args}".rstrip()
    origin = source_label(suggestion.event)
    if origin:
        line += f" [{origin}]"
    return f"[{STYLES['suggestion']}]{_escape_lines(_wrap(line, width))}[/]"


def source_label(event: EventBase) -> str:
    """Where a suggestion comes from, with a trained model: ``rules``, ``model 0.71``, ``rules+model 0.93``
    (from the event's notes, :func:`annotate.suggest.model.source_of`); empty without a model."""
    from annotate.suggest.model import source_of

    found = source_of(event)
    if found is None:
        return ""
    source, score = found
    return source if score is None else f"{source} {score:.2f}"


def mention_lines(doc: Document, start: int, end: int, *, width: int) -> list[str]:
    """Mentions of the sentence that no event of it shows, one short line each."""
    lines = []
    for mention in doc.mentions:
        if start <= mention.start and mention.end <= end:
            value = describe_value(mention)
            entity = f" entity {mention.entity}" if mention.entity else ""
            line = f"  {mention.id} {mention.type.value} {mention.text!r} {value}{entity}".rstrip()
            lines.append(_escape(line[: width - 1]))
    return lines


def token_line(text: str, tokens: Sequence[tuple[int, int]], *, width: int) -> str:
    """``1:In 2:his 3:first …`` wrapped to ``width`` (plain text)."""
    words = [f"{i}:{text[s:e]}" for i, (s, e) in enumerate(tokens, start=1)]
    return "\n".join(textwrap.wrap(" ".join(words), width=max(20, width - 2), break_long_words=False,
                                   break_on_hyphens=False, initial_indent="  ", subsequent_indent="  "))
