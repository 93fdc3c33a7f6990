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
    EVENT_TYPES, Document, MentionType, MoneyValue, Realis, Span, TimeValue, TimexType, money_problem,
    timex_problem,
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


#: Answers of timex_problem by (value, type), the only fields it reads (corpora repeat values); and the
#: money values found valid, by (currency, amount, min, max), the only fields money_problem reads.
#: Both are cleared when they reach _MEMO_SIZE entries.
_TIMEX_KNOWN: dict[tuple[str, TimexType], str | None] = {}
_MONEY_VALID: set[tuple] = set()
_MEMO_SIZE = 4096
_UNKNOWN = object()


def _timex_problem(time: TimeValue) -> str | None:
    key = (time.value, time.type)
    problem = _TIMEX_KNOWN.get(key, _UNKNOWN)
    if problem is _UNKNOWN:
        problem = timex_problem(time)
        if len(_TIMEX_KNOWN) >= _MEMO_SIZE:
            _TIMEX_KNOWN.clear()
        _TIMEX_KNOWN[key] = problem
    return problem


def _money_valid(money: MoneyValue) -> bool:
    if money_problem(money):
        return False
    if len(_MONEY_VALID) >= _MEMO_SIZE:
        _MONEY_VALID.clear()
    _MONEY_VALID.add((money.currency, money.amount, money.min, money.max))
    return True


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
    return scan_document(doc)[0]


def scan_document(doc: Document) -> tuple[list[Incident], int, bytes]:
    """One pass over a schema-valid document: ``(incidents, keys, text_sha256)``.

    ``incidents`` are those of :func:`content_incidents`. ``keys`` is the number of JSON keys the
    models of ``doc`` received (their ``__pydantic_fields_set__``), for the level 1 duplicate-key test
    (:func:`annotate.validate.format.hidden_format_incident`): it never counts more keys than the
    record had, so that a difference can only mean "look closer". ``text_sha256`` is the SHA-256
    digest of the UTF-8 text, for the level 4 comparison with ``raw/DOC_ID.txt``.

    This is the detailed path of ``annotate validate`` (lines that :mod:`annotate.validate.fast` could
    not prove clean) and of :func:`check_document`. Each mention and event gets one cheap test that passes when it has nothing to report; only those that fail it go through the
    detailed checks (:func:`_mention_incidents`, :func:`_event_incidents`), which make the incidents,
    so the result is the same as checking everything in detail. Field values are read from the
    models' ``__dict__`` (where pydantic keeps them), which is faster than attribute access.
    """
    found: list[Incident] = []
    add = found.append
    text = doc.text
    size = len(text)

    hashed = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    source = doc.source
    digest = hashed.hexdigest()
    if source.sha256 != digest:
        add(incident("source-sha256-mismatch", f"{source.sha256} is not the SHA-256 of the text; expected "
                     f"{digest}", "source.sha256"))
    dct = source.dct
    keys = (len(doc.__pydantic_fields_set__) + len(source.__pydantic_fields_set__)
            + len(doc.annotation.__pydantic_fields_set__))
    if dct is not None:
        keys += len(dct.__pydantic_fields_set__)
        problem = _dct_problem(dct.value)
        if problem:
            add(incident("bad-dct", problem, "source.dct.value"))

    # -- mentions ---------------------------------------------------------------------------------
    mentions = doc.mentions
    mark = len(found)
    mention_types: dict[str, MentionType] = {}
    entity_types: dict[str, MentionType] = {}
    timex_known = _TIMEX_KNOWN
    money_valid = _MONEY_VALID
    for index, mention in enumerate(mentions):
        fields = mention.__pydantic_fields_set__
        values = mention.__dict__
        start = values["start"]
        end = values["end"]
        span_text = values["text"]
        mtype = values["type"]
        mention_types[values["id"]] = mtype
        keys += len(fields)
        # the span: exact, not empty, no word cut (a letter or digit on both sides of a boundary), no
        # white space at either edge (strip() returns the very same string when there is none)
        ok = not (not 0 <= start < end <= size or text[start:end] != span_text
                  or (start and text[start - 1].isalnum() and span_text[0].isalnum())
                  or (end < size and text[end].isalnum() and span_text[-1].isalnum())
                  or span_text.strip() is not span_text)
        if mtype is _TIME:
            time = values["time"]
            if time is None:
                ok = False
            else:
                keys += len(time.__pydantic_fields_set__)
                time_values = time.__dict__
                problem = timex_known.get((time_values["value"], time_values["type"]), _UNKNOWN)
                if problem is _UNKNOWN:
                    problem = _timex_problem(time)
                if problem:
                    ok = False
        elif mtype is _MONEY:
            money = values["money"]
            if money is None:
                ok = False
            else:
                keys += len(money.__pydantic_fields_set__)
                money_values = money.__dict__
                if (money_values["currency"], money_values["amount"], money_values["min"],
                        money_values["max"]) not in money_valid and not _money_valid(money):
                    ok = False
        entity = values["entity"]
        if entity is not None and entity_types.setdefault(entity, mtype) is not mtype:
            ok = False
        if len(fields) > 5:  # more than the five required fields: a provenance perhaps
            provenance = values["provenance"]
            if provenance is not None:
                keys += len(provenance.__pydantic_fields_set__)
        if not ok:
            _mention_incidents(text, size, mentions, index, found)
    if len(mention_types) != len(mentions):
        seen: set[str] = set()
        duplicates = []
        for index, mention in enumerate(mentions):
            if mention.id in seen:
                duplicates.append(incident("duplicate-mention-id", f"mention id {mention.id!r} is used twice; "
                                           "expected unique ids", f"mentions[{index}].id"))
            seen.add(mention.id)
        found[mark:mark] = duplicates  # before the incidents of single mentions, as they always were

    # -- events -----------------------------------------------------------------------------------
    events = doc.events
    if len({event.id for event in events}) != len(events):
        seen = set()
        for index, event in enumerate(events):
            if event.id in seen:
                add(incident("duplicate-event-id", f"event id {event.id!r} is used twice; expected unique ids",
                             f"events[{index}].id"))
            seen.add(event.id)
    triggers: dict[tuple[str, int, int], int] = {}
    hoppers: dict[str, tuple[str, int]] = {}
    tables = _TABLES
    for index, event in enumerate(events):
        values = event.__dict__
        etype = values["type"]
        fillers, required, maximum = tables[etype]
        trigger = values["trigger"]
        attributes = values["attributes"]
        span = trigger.__dict__
        start = span["start"]
        end = span["end"]
        span_text = span["text"]
        keys += (len(event.__pydantic_fields_set__) + len(trigger.__pydantic_fields_set__)
                 + len(attributes.__pydantic_fields_set__))
        provenance = values["provenance"]
        if provenance is not None:
            keys += len(provenance.__pydantic_fields_set__)
        ok = not (not 0 <= start < end <= size or text[start:end] != span_text
                  or (start and text[start - 1].isalnum() and span_text[0].isalnum())
                  or (end < size and text[end].isalnum() and span_text[-1].isalnum())
                  or span_text.strip() is not span_text)
        roles = []
        fillers_of = []
        for argument in values["arguments"]:
            fields = argument.__pydantic_fields_set__
            argument_values = argument.__dict__
            name = argument_values["role"]
            mention_id = argument_values["mention"]
            keys += len(fields)
            if len(fields) > 2:  # more than role and mention: a provenance perhaps
                provenance = argument_values["provenance"]
                if provenance is not None:
                    keys += len(provenance.__pydantic_fields_set__)
            roles.append(name)
            fillers_of.append(mention_id)
            allowed = fillers.get(name)
            if allowed is None or mention_types.get(mention_id) not in allowed:
                ok = False
        if ok and len(set(fillers_of)) != len(fillers_of) and len(set(zip(roles, fillers_of))) != len(roles):
            ok = False  # a mention fills one role twice
        if ok and required and attributes.realis is not _GENERIC:
            for name, least in required:
                if roles.count(name) < least:
                    ok = False
                    break
        if ok:
            for name, most in maximum.items():
                if roles.count(name) > most:
                    ok = False
                    break
        if not ok:
            _event_incidents(text, size, event, index, list(zip(roles, fillers_of)), mention_types, found)
        # duplicate events (same type, trigger offsets and set of (role, mention) pairs): the pairs are
        # compared only when the type and the trigger offsets are those of an earlier event
        if triggers.setdefault((etype, start, end), index) != index:
            first = _same_event(events, index, etype, start, end, roles, fillers_of)
            if first is not None:
                add(incident("duplicate-event", f"same type, trigger and arguments as events[{first}] "
                             f"({events[first].id}); expected each event once", f"events[{index}]"))
        coref = values["coref"]
        if coref is not None:
            hopper = hoppers.setdefault(coref, (etype, index))
            if hopper[0] != etype:
                add(incident("coref-mixed-types", f"hopper {coref!r} holds a {hopper[0]} "
                             f"(events[{hopper[1]}]) and this {etype}; expected one event type per hopper",
                             f"events[{index}].coref"))
    return found, keys, hashed.digest()


def _mention_incidents(text: str, size: int, mentions: list, index: int, found: list[Incident]) -> None:
    """The detailed level 3 checks of ``mentions[index]`` (those that failed the fast test)."""
    add = found.append
    mention = mentions[index]
    start, end, span_text = mention.start, mention.end, mention.text
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
            problem = _timex_problem(time)
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
        first = next(i for i, other in enumerate(mentions) if other.entity == entity)
        first_type = mentions[first].type
        if first_type is not mtype:
            add(incident("entity-mixed-types", f"entity {entity!r} is {first_type.value} at "
                         f"mentions[{first}] but {mtype.value} here; expected one type per entity",
                         f"mentions[{index}].entity"))


def _same_event(events: list, index: int, etype: str, start: int, end: int, roles: list[str],
                fillers_of: list[str]) -> int | None:
    """The index of the first event before ``events[index]`` with its type, trigger offsets and set of
    (role, mention) pairs, or None."""
    pairs = frozenset(zip(roles, fillers_of))
    for other_index in range(index):
        other = events[other_index]
        trigger = other.trigger
        if (other.type == etype and trigger.start == start and trigger.end == end
                and frozenset((argument.role, argument.mention) for argument in other.arguments) == pairs):
            return other_index
    return None


def _event_incidents(text: str, size: int, event, index: int, pairs: list[tuple[str, str]],
                     mention_types: dict[str, MentionType], found: list[Incident]) -> None:
    """The detailed level 3 checks of ``events[index]`` (those that failed the fast test), except the
    ones across events (duplicate events, hoppers)."""
    add = found.append
    etype = event.type
    fillers, required, maximum = _TABLES[etype]
    trigger = event.trigger
    start, end, span_text = trigger.start, trigger.end, trigger.text
    if (end > size or text[start:end] != span_text or (start and text[start - 1:start + 1].isalnum())
            or (end < size and text[end - 1:end + 1].isalnum()) or span_text.strip() is not span_text):
        _span_problems(text, size, trigger, f"events[{index}].trigger", found)
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
    if len(set(pairs)) != len(pairs):
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
