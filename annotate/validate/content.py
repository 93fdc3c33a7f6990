"""Level 3: content checks of one schema-valid document (offsets, references, roles, values).

:func:`check_document` is what the annotation session, the importers and the adjudicator call to make
sure that what they write passes ``annotate validate``. It never raises on bad content: every problem
is an :class:`~annotate.validate.incident.Incident`.

The word-boundary test (``span-cuts-word``) does not tokenize: a span boundary cuts a word when the
characters on both sides of it are letters or digits (``str.isalnum``). So ``loan`` in ``loans`` is
reported, ``Cuba`` in ``Cuba's`` or ``$50`` in ``$50-million`` is not.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from schema import (
    EVENT_TYPES, Document, MentionType, Realis, Span, TimeValue, TimexType, money_problem, timex_problem,
)

from .incident import Incident, incident

_TIME, _MONEY = MentionType.TIME, MentionType.MONEY
_GENERIC = Realis.GENERIC
#: Event type -> (role -> allowed filler types, [(required role, min)], role -> max) from the schema.
_TABLES = {
    name: ({role.name: frozenset(role.fillers) for role in cls.ROLES},
           [(role.name, role.min) for role in cls.ROLES if role.min > 0],
           {role.name: role.max for role in cls.ROLES if role.max is not None})
    for name, cls in EVENT_TYPES.items()
}


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of ``text`` (tolerates lone surrogates: they cannot match)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_document(doc: Document, *, corpus_root=None) -> list[Incident]:
    """The content (level 3) incidents of one in-memory document, in document order.

    With ``corpus_root`` (a corpus folder), the text is also compared with its source article
    ``corpus_root/raw/DOC_ID.txt`` when that file exists (test ``raw-text-mismatch``).
    Incidents carry the document id and a field path such as ``mentions[4].text``; no file or line.
    """
    found = content_incidents(doc)
    if corpus_root is not None:
        from .corpus import raw_text_problem

        problem = raw_text_problem(corpus_root, doc.id, doc.text)
        if problem:
            found.append(problem)
    return [i.located(file=None, line=None, doc_id=doc.id) for i in found]


def _span_problems(text: str, size: int, span: Span, where: str, found: list[Incident]) -> None:
    """Append the incidents of a span whose fast check failed (bounds, text, word cut, white space)."""
    start, end = span.start, span.end
    if end > size:
        found.append(incident(
            "span-out-of-bounds", f"offsets [{start}, {end}) fall outside the text, expected end <= {size} "
            "(its length in code points)", where))
        return
    actual = text[start:end]
    if actual != span.text:
        found.append(incident(
            "span-text-mismatch", f"{span.text!r} does not match the text at [{start}, {end}): expected "
            f"{actual!r}", f"{where}.text"))
        return
    if (start > 0 and actual[0].isalnum() and text[start - 1].isalnum()) or (
            end < size and actual[-1].isalnum() and text[end].isalnum()):
        context = text[max(0, start - 15):min(size, end + 15)]
        found.append(incident(
            "span-cuts-word", f"{actual!r} at [{start}, {end}) starts or ends inside a word: ...{context}...; "
            "expected whole words", where))
    if actual[0].isspace() or actual[-1].isspace():
        found.append(incident(
            "span-edge-whitespace", f"{actual!r} at [{start}, {end}) starts or ends with white space; "
            "expected it trimmed", where))


@lru_cache(maxsize=4096)
def _timex_problem(value: str, type_: TimexType) -> str | None:
    # timex_problem depends on the value and type only; corpora repeat values, so remember answers.
    return timex_problem(TimeValue.model_construct(value=value, type=type_))


@lru_cache(maxsize=1024)
def _dct_problem(value: str) -> str | None:
    if not value:
        return "the document creation time is empty; expected a TIMEX3 date such as 2018-11-05"
    try:
        time = TimeValue(value=value)
    except ValueError:
        return f"{value[:80]!r} is not a TIMEX3 date (expected e.g. 2018-11-05 or 2018-11)"
    return timex_problem(time)


def content_incidents(doc: Document) -> list[Incident]:
    """The level 3 incidents of ``doc`` without location, in document order (see :func:`check_document`)."""
    found: list[Incident] = []
    add = found.append
    text = doc.text
    size = len(text)

    digest = sha256_hex(text)
    if doc.source.sha256 != digest:
        add(incident("source-sha256-mismatch", f"{doc.source.sha256} is not the SHA-256 of the text; expected "
                     f"{digest}", "source.sha256"))
    dct = doc.source.dct
    if dct is not None:
        problem = _dct_problem(dct.value)
        if problem:
            add(incident("bad-dct", problem, "source.dct.value"))

    # -- mentions ---------------------------------------------------------------------------------
    mentions = doc.mentions
    mention_types = {mention.id: mention.type for mention in mentions}
    if len(mention_types) != len(mentions):
        seen: set[str] = set()
        for index, mention in enumerate(mentions):
            if mention.id in seen:
                add(incident("duplicate-mention-id", f"mention id {mention.id!r} is used twice; expected unique "
                             "ids", f"mentions[{index}].id"))
            seen.add(mention.id)
    entity_types: dict[str, tuple[MentionType, int]] = {}
    for index, mention in enumerate(mentions):
        start, end, span_text = mention.start, mention.end, mention.text
        # fast path: exact, no word cut (a 2-character slice across a boundary is not all alnum),
        # no white space at the edges (strip() returns the same object when there is none)
        if (end > size or text[start:end] != span_text or (start and text[start - 1:start + 1].isalnum())
                or (end < size and text[end - 1:end + 1].isalnum()) or span_text.strip() is not span_text):
            _span_problems(text, size, mention, f"mentions[{index}]", found)
        mtype = mention.type
        if mtype is _TIME:
            time = mention.time
            if time is None:
                add(incident("missing-normalization", f"TIME mention {span_text!r} has no time value; "
                             'expected e.g. {"value": "2018-11-02"}', f"mentions[{index}].time"))
            else:
                problem = _timex_problem(time.value, time.type)
                if problem:
                    add(incident("bad-timex", problem, f"mentions[{index}].time.value"))
        elif mtype is _MONEY:
            if mention.money is None:
                add(incident("missing-normalization", f"MONEY mention {span_text!r} has no money value; "
                             'expected e.g. {"currency": "USD", "amount": 50000000}', f"mentions[{index}].money"))
            else:
                problem = money_problem(mention.money)
                if problem:
                    add(incident("bad-money", problem, f"mentions[{index}].money"))
        entity = mention.entity
        if entity is not None:
            first = entity_types.setdefault(entity, (mtype, index))
            if first[0] is not mtype:
                add(incident("entity-mixed-types", f"entity {entity!r} is {first[0].value} at "
                             f"mentions[{first[1]}] but {mtype.value} here; expected one type per entity",
                             f"mentions[{index}].entity"))

    # -- events -----------------------------------------------------------------------------------
    events = doc.events
    if len({event.id for event in events}) != len(events):
        seen = set()
        for index, event in enumerate(events):
            if event.id in seen:
                add(incident("duplicate-event-id", f"event id {event.id!r} is used twice; expected unique ids",
                             f"events[{index}].id"))
            seen.add(event.id)
    signatures: dict[tuple, int] = {}
    hoppers: dict[str, tuple[str, int]] = {}
    for index, event in enumerate(events):
        etype = event.type
        fillers, required, maximum = _TABLES[etype]
        trigger = event.trigger
        start, end, span_text = trigger.start, trigger.end, trigger.text
        # fast path: exact, no word cut (a 2-character slice across a boundary is not all alnum),
        # no white space at the edges (strip() returns the same object when there is none)
        if (end > size or text[start:end] != span_text or (start and text[start - 1:start + 1].isalnum())
                or (end < size and text[end - 1:end + 1].isalnum()) or span_text.strip() is not span_text):
            _span_problems(text, size, trigger, f"events[{index}].trigger", found)

        pairs = [(argument.role, argument.mention) for argument in event.arguments]
        counts: dict[str, int] = {}
        for a_index, (name, mention_id) in enumerate(pairs):
            allowed = fillers.get(name)
            mtype = mention_types.get(mention_id)
            if allowed is None or mtype not in allowed:
                where = f"events[{index}].arguments[{a_index}]"
                if allowed is None:
                    add(incident("role-not-allowed", f"{etype} has no role {name!r}; expected one of "
                                 f"{', '.join(fillers)}", f"{where}.role"))
                if mtype is None:
                    add(incident("unknown-mention", f"no mention with id {mention_id!r} in this document; "
                                 "expected the id of one of its mentions", f"{where}.mention"))
                elif allowed is not None:
                    add(incident("filler-type-not-allowed", f"role {etype}.{name} cannot be filled by a "
                                 f"{mtype.value} mention ({mention_id}); expected "
                                 f"{' or '.join(sorted(t.value for t in allowed))}", f"{where}.mention"))
            counts[name] = counts.get(name, 0) + 1
        pairset = frozenset(pairs)
        if len(pairset) != len(pairs):
            seen_pairs: set[tuple[str, str]] = set()
            for a_index, pair in enumerate(pairs):
                if pair in seen_pairs:
                    add(incident("duplicate-argument", f"mention {pair[1]!r} fills role {pair[0]!r} twice; "
                                 "expected once", f"events[{index}].arguments[{a_index}]"))
                seen_pairs.add(pair)
        if event.attributes.realis is not _GENERIC:
            for name, least in required:
                count = counts.get(name, 0)
                if count < least:
                    add(incident("missing-required-role", f"{etype} role {name} has {count} filler(s); "
                                 f"expected at least {least} (realis {event.attributes.realis.value}; only "
                                 "generic events may leave it empty)", f"events[{index}].arguments"))
        for name, count in counts.items():
            most = maximum.get(name)
            if most is not None and count > most:
                add(incident("too-many-fillers", f"{etype} role {name} has {count} fillers; expected at most "
                             f"{most}", f"events[{index}].arguments"))

        first = signatures.setdefault((etype, start, end, pairset), index)
        if first != index:
            add(incident("duplicate-event", f"same type, trigger and arguments as events[{first}] "
                         f"({events[first].id}); expected each event once", f"events[{index}]"))
        if event.coref is not None:
            hopper = hoppers.setdefault(event.coref, (etype, index))
            if hopper[0] != etype:
                add(incident("coref-mixed-types", f"hopper {event.coref!r} holds a {hopper[0]} "
                             f"(events[{hopper[1]}]) and this {etype}; expected one event type per hopper",
                             f"events[{index}].coref"))
    return found
