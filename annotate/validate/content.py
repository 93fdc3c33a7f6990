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
from collections.abc import Iterator

from schema import EVENT_TYPES, Document, MentionType, Realis, Span, TimeValue, money_problem, timex_problem

from .incident import Incident, incident

_TIME, _MONEY = MentionType.TIME, MentionType.MONEY
_GENERIC = Realis.GENERIC


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of ``text`` (tolerates lone surrogates: they cannot match)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_document(doc: Document, *, corpus_root=None) -> list[Incident]:
    """The content (level 3) incidents of one in-memory document, in document order.

    With ``corpus_root`` (a corpus folder), the text is also compared with its source article
    ``corpus_root/raw/DOC_ID.txt`` when that file exists (test ``raw-text-mismatch``).
    Incidents carry the document id and a field path such as ``mentions[4].text``; no file or line.
    """
    found = list(iter_content_incidents(doc))
    if corpus_root is not None:
        from .corpus import raw_text_problem

        problem = raw_text_problem(corpus_root, doc.id, doc.text)
        if problem:
            found.append(problem)
    return [i.located(file=None, line=None, doc_id=doc.id) for i in found]


def _span_incidents(text: str, size: int, span: Span, where: str) -> Iterator[Incident]:
    start, end = span.start, span.end
    if end > size:
        yield incident("span-out-of-bounds",
                       f"offsets [{start}, {end}) fall outside the text, expected end <= {size} (its length "
                       "in code points)", where)
        return
    actual = text[start:end]
    if actual != span.text:
        yield incident("span-text-mismatch",
                       f"{span.text!r} does not match the text at [{start}, {end}): expected {actual!r}",
                       f"{where}.text")
        return
    if (start > 0 and actual[0].isalnum() and text[start - 1].isalnum()) or (
            end < size and actual[-1].isalnum() and text[end].isalnum()):
        context = text[max(0, start - 15):min(size, end + 15)]
        yield incident("span-cuts-word",
                       f"{actual!r} at [{start}, {end}) starts or ends inside a word: ...{context}...; "
                       "expected whole words", where)
    if actual[0].isspace() or actual[-1].isspace():
        yield incident("span-edge-whitespace",
                       f"{actual!r} at [{start}, {end}) starts or ends with white space; expected it trimmed",
                       where)


def _dct_problem(value: str) -> str | None:
    if not value:
        return "the document creation time is empty; expected a TIMEX3 date such as 2018-11-05"
    try:
        time = TimeValue(value=value)
    except ValueError:
        return f"{value[:80]!r} is not a TIMEX3 date (expected e.g. 2018-11-05 or 2018-11)"
    return timex_problem(time)


def iter_content_incidents(doc: Document) -> Iterator[Incident]:
    """Yield the level 3 incidents of ``doc`` without location (see :func:`check_document`)."""
    text = doc.text
    size = len(text)

    if doc.source.sha256 != sha256_hex(text):
        yield incident("source-sha256-mismatch",
                       f"{doc.source.sha256} is not the SHA-256 of the text; expected {sha256_hex(text)}",
                       "source.sha256")
    dct = doc.source.dct
    if dct is not None:
        problem = _dct_problem(dct.value)
        if problem:
            yield incident("bad-dct", problem, "source.dct.value")

    # -- mentions ---------------------------------------------------------------------------------
    mention_types: dict[str, MentionType] = {}
    entity_types: dict[str, tuple[MentionType, int]] = {}
    for index, mention in enumerate(doc.mentions):
        where = f"mentions[{index}]"
        yield from _span_incidents(text, size, mention, where)
        if mention.id in mention_types:
            yield incident("duplicate-mention-id", f"mention id {mention.id!r} is used twice; expected unique ids",
                           f"{where}.id")
        else:
            mention_types[mention.id] = mention.type
        mtype = mention.type
        if mtype is _TIME:
            if mention.time is None:
                yield incident("missing-normalization",
                               f"TIME mention {mention.text!r} has no time value; expected e.g. "
                               '{"value": "2018-11-02"}', f"{where}.time")
            else:
                problem = timex_problem(mention.time)
                if problem:
                    yield incident("bad-timex", problem, f"{where}.time.value")
        elif mtype is _MONEY:
            if mention.money is None:
                yield incident("missing-normalization",
                               f"MONEY mention {mention.text!r} has no money value; expected e.g. "
                               '{"currency": "USD", "amount": 50000000}', f"{where}.money")
            else:
                problem = money_problem(mention.money)
                if problem:
                    yield incident("bad-money", problem, f"{where}.money")
        if mention.entity is not None:
            first = entity_types.setdefault(mention.entity, (mtype, index))
            if first[0] is not mtype:
                yield incident("entity-mixed-types",
                               f"entity {mention.entity!r} is {first[0].value} at mentions[{first[1]}] but "
                               f"{mtype.value} here; expected one type per entity", f"{where}.entity")

    # -- events -----------------------------------------------------------------------------------
    event_ids: set[str] = set()
    signatures: dict[tuple, int] = {}
    hoppers: dict[str, tuple[str, int]] = {}
    for index, event in enumerate(doc.events):
        where = f"events[{index}]"
        etype = event.type
        cls = EVENT_TYPES[etype]
        yield from _span_incidents(text, size, event.trigger, f"{where}.trigger")
        if event.id in event_ids:
            yield incident("duplicate-event-id", f"event id {event.id!r} is used twice; expected unique ids",
                           f"{where}.id")
        else:
            event_ids.add(event.id)

        counts: dict[str, int] = {}
        pairs: set[tuple[str, str]] = set()
        for a_index, argument in enumerate(event.arguments):
            a_where = f"{where}.arguments[{a_index}]"
            role = cls.role(argument.role)
            if role is None:
                yield incident("role-not-allowed",
                               f"{etype} has no role {argument.role!r}; expected one of "
                               f"{', '.join(cls.role_names())}", f"{a_where}.role")
            else:
                counts[role.name] = counts.get(role.name, 0) + 1
            pair = (argument.role, argument.mention)
            if pair in pairs:
                yield incident("duplicate-argument",
                               f"mention {argument.mention!r} fills role {argument.role!r} twice; expected once",
                               a_where)
            pairs.add(pair)
            mtype = mention_types.get(argument.mention)
            if mtype is None:
                yield incident("unknown-mention",
                               f"no mention with id {argument.mention!r} in this document; expected the id of "
                               "one of its mentions", f"{a_where}.mention")
            elif role is not None and mtype not in role.fillers:
                yield incident("filler-type-not-allowed",
                               f"role {etype}.{role.name} cannot be filled by a {mtype.value} mention "
                               f"({argument.mention}); expected {' or '.join(t.value for t in role.fillers)}",
                               f"{a_where}.mention")
        specific = event.attributes.realis is not _GENERIC
        for role in cls.ROLES:
            count = counts.get(role.name, 0)
            if specific and count < role.min:
                yield incident("missing-required-role",
                               f"{etype} role {role.name} has {count} filler(s); expected at least {role.min} "
                               f"(realis {event.attributes.realis.value}; only generic events may leave it empty)",
                               f"{where}.arguments")
            if role.max is not None and count > role.max:
                yield incident("too-many-fillers",
                               f"{etype} role {role.name} has {count} fillers; expected at most {role.max}",
                               f"{where}.arguments")

        signature = (etype, event.trigger.start, event.trigger.end, frozenset(pairs))
        first = signatures.setdefault(signature, index)
        if first != index:
            yield incident("duplicate-event",
                           f"same type, trigger and arguments as events[{first}] ({doc.events[first].id}); "
                           "expected each event once", where)
        if event.coref is not None:
            hopper = hoppers.setdefault(event.coref, (etype, index))
            if hopper[0] != etype:
                yield incident("coref-mixed-types",
                               f"hopper {event.coref!r} holds a {hopper[0]} (events[{hopper[1]}]) and this "
                               f"{etype}; expected one event type per hopper", f"{where}.coref")
