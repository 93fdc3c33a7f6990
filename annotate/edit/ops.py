"""Pure editing operations on a :class:`schema.Document`: each returns a new Document.

These are the actions of an annotation session and of ``annotate event add|edit|remove``: add a mention,
add, edit or remove an event, set an attribute, link coreferent events (hopper) or entity mentions, set a
time or money normalization, set the status. Nothing here touches the disk or prints.

Every operation checks what it is asked to do against the schema and raises :class:`DataError` with a
short explanation (``Lender does not allow a MONEY mention (allowed: PER, ORG, GPE)``) instead of
producing a document that ``annotate validate`` would refuse. Spans are made only with
:func:`schema.spans.make_span` / :func:`schema.spans.find_span`, so their text always equals the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotate.errors import DataError
from schema import (
    ATTRIBUTES, EVENT_TYPES, Argument, Attributes, Document, EventBase, Mention, MentionType, MoneyValue, Realis,
    Span, SpanMismatch, Status, TimeValue, make_span, money_problem, parse_anchor, timex_problem,
)
from schema.spans import occurrences

__all__ = [
    "ArgSpec", "add_argument", "add_event", "add_mention", "anchor_span", "exact_span", "word_occurrences", "edit_event", "event_problems",
    "edit_mention", "link_entities", "link_events", "next_id", "remove_mention", "remove_argument", "remove_event", "set_attribute",
    "set_normalization", "set_status", "span_at", "summarize_event",
]


_UNSET = object()


# -- ids and spans --------------------------------------------------------------------------------

def next_id(existing: Iterable[str], prefix: str) -> str:
    """``PREFIX<n>`` with ``n`` one more than the largest number already used with that prefix."""
    pattern = re.compile(rf"{re.escape(prefix)}([0-9]+)")
    highest = 0
    for ident in existing:
        match = pattern.fullmatch(ident or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1}"


def span_at(doc: Document, start: int, end: int) -> Span:
    """The exact span ``[start, end)`` of the document text (DataError when out of range)."""
    try:
        return Span(**make_span(doc.text, start, end))
    except SpanMismatch as exc:
        raise DataError(str(exc), record_id=doc.id) from None


def word_occurrences(text: str, needle: str, starts: Iterable[int] | None = None) -> list[int]:
    """The occurrences of ``needle`` that do not cut a word ("Russia" in "Russian" does not count)
    (:func:`schema.spans.word_occurrences`, optionally among given ``starts``)."""
    found = occurrences(text, needle) if starts is None else list(starts)
    size, length = len(text), len(needle)
    return [s for s in found
            if not (s > 0 and needle[0].isalnum() and text[s - 1].isalnum())
            and not (s + length < size and needle[-1].isalnum() and text[s + length].isalnum())]


def exact_span(doc: Document, span: Span, *, what: str = "span") -> Span:
    """``span`` as a plain :class:`Span` after checking it against the document text (DataError when its
    offsets or text do not agree: spans are never silently re-cut)."""
    from schema.spans import span_problem

    problem = span_problem(doc.text, span.start, span.end, span.text)
    if problem:
        raise DataError(f"{what}: {problem}", record_id=doc.id)
    return Span(start=span.start, end=span.end, text=span.text)


def anchor_span(doc: Document, anchor: str, *, what: str = "text") -> tuple[Span, int]:
    """The span of ``TEXT`` or ``TEXT@N`` and how often TEXT occurs as whole words.

    Occurrences are counted as **whole words** ("Cuba" in "Cuban" does not count, so ``Cuba@4`` is the
    fourth "Cuba" a reader sees); a plain ``TEXT`` is ``TEXT@1``. When TEXT never stands as whole words
    (a sub-word span such as "Soviet" in "post-Soviet"), every occurrence counts. Raises DataError when
    the text does not occur, or has fewer than N occurrences (saying how many).
    """
    needle, number = parse_anchor(anchor)
    if not needle.strip():
        raise DataError(f"{what} is empty", record_id=doc.id)
    starts = occurrences(doc.text, needle)
    if not starts:
        raise DataError(f"{what} {needle!r} does not occur in the document", record_id=doc.id)
    whole = word_occurrences(doc.text, needle, starts)
    counted, kind = (whole, " as whole words") if whole else (starts, "")
    if not 1 <= number <= len(counted):
        raise DataError(f"{what} {needle!r} occurs {len(counted)} time(s){kind} in the document; "
                        f"occurrence {number} does not exist", record_id=doc.id)
    start = counted[number - 1]
    return span_at(doc, start, start + len(needle)), len(counted)


# -- checks ---------------------------------------------------------------------------------------

def _event_class(type_name: str) -> type[EventBase]:
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        for name, candidate in EVENT_TYPES.items():  # be kind about case: "loan" -> Loan
            if name.lower() == str(type_name).lower():
                return candidate
        raise DataError(f"unknown event type {type_name!r} (expected one of {', '.join(EVENT_TYPES)})")
    return cls


def event_problems(doc: Document, event: EventBase, *, mentions: Mapping[str, Mention] | None = None) -> list[str]:
    """Everything wrong with ``event`` in ``doc``: roles, filler types, cardinality, trigger text.

    Required roles (``Role.min``) are enforced unless the event is generic (realis ``generic``).
    """
    from schema.spans import span_problem

    problems: list[str] = []
    by_id = mentions if mentions is not None else doc.mentions_by_id()
    cls = type(event)
    trigger_problem = span_problem(doc.text, event.trigger.start, event.trigger.end, event.trigger.text)
    if trigger_problem:
        problems.append(f"trigger: {trigger_problem}")
    counts: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for arg in event.arguments:
        role = cls.role(arg.role)
        if role is None:
            problems.append(f"{cls.__name__} has no role {arg.role!r} (roles: {', '.join(cls.role_names())})")
            continue
        if (arg.role, arg.mention) in seen:
            problems.append(f"{arg.role} is filled twice by {arg.mention}")
        seen.add((arg.role, arg.mention))
        counts[arg.role] = counts.get(arg.role, 0) + 1
        mention = by_id.get(arg.mention)
        if mention is None:
            problems.append(f"{arg.role}: no mention {arg.mention!r} in the document")
        elif mention.type not in role.fillers:
            problems.append(f"{arg.role} does not allow a {mention.type.value} mention ({arg.mention} "
                            f"{mention.text!r}; allowed: {', '.join(t.value for t in role.fillers)})")
    for role in cls.ROLES:
        count = counts.get(role.name, 0)
        if role.max is not None and count > role.max:
            problems.append(f"{role.name} takes at most {role.max} filler(s), got {count}")
        if count < role.min and event.attributes.realis != Realis.GENERIC:
            problems.append(f"{role.name} is required (at least {role.min}; only a generic event may leave it empty)")
    return problems


def _require_valid(doc: Document, event: EventBase, mentions: Mapping[str, Mention] | None = None) -> None:
    problems = event_problems(doc, event, mentions=mentions)
    if problems:
        raise DataError("; ".join(problems), record_id=doc.id, field=f"events[{event.id}]")


def _find_event(doc: Document, event_id: str) -> tuple[int, EventBase]:
    for index, event in enumerate(doc.events):
        if event.id == event_id:
            return index, event
    known = ", ".join(e.id for e in doc.events) or "none"
    raise DataError(f"no event {event_id!r} in the document (events: {known})", record_id=doc.id)


def _find_mention(doc: Document, mention_id: str) -> tuple[int, Mention]:
    for index, mention in enumerate(doc.mentions):
        if mention.id == mention_id:
            return index, mention
    raise DataError(f"no mention {mention_id!r} in the document", record_id=doc.id)


def _mention_type(value: MentionType | str) -> MentionType:
    try:
        return MentionType(str(getattr(value, "value", value)).upper())
    except ValueError:
        raise DataError(f"unknown mention type {value!r} (expected one of "
                        f"{', '.join(t.value for t in MentionType)})") from None


# -- mentions -------------------------------------------------------------------------------------

def add_mention(
    doc: Document,
    *,
    span: Span,
    type: MentionType | str,
    time: TimeValue | None = None,
    money: MoneyValue | None = None,
    entity: str | None = None,
    mention_id: str | None = None,
    reuse: bool = True,
) -> tuple[Document, str]:
    """Add a mention of ``type`` at ``span``; returns the new document and the mention id.

    An entity mention always gets an entity id (guidelines 6.3): ``entity`` when given, else that of a
    mention with the same text and type, else a new one (link coreferent mentions with
    :func:`link_entities`, which merges entities).

    With ``reuse`` (default) a mention with the same offsets and type is reused (and returned unchanged);
    a mention with the same offsets but another type is an error, since one stretch of text names one
    thing. Normalizations must fit the type (``time`` for TIME, ``money`` for MONEY) and be well formed.
    """
    mtype = _mention_type(type)
    span = exact_span(doc, span)
    if reuse:
        for mention in doc.mentions:
            if (mention.start, mention.end) == (span.start, span.end):
                if mention.type != mtype:
                    raise DataError(f"{span.text!r} is already mention {mention.id} of type {mention.type.value}, "
                                    f"not {mtype.value}", record_id=doc.id)
                return doc, mention.id
    if time is not None and (problem := timex_problem(time)):
        raise DataError(problem, record_id=doc.id, field="time")
    if money is not None and (problem := money_problem(money)):
        raise DataError(problem, record_id=doc.id, field="money")
    new_id = mention_id or next_id((m.id for m in doc.mentions), "M")
    if doc.mention(new_id) is not None:
        raise DataError(f"mention id {new_id!r} is already used", record_id=doc.id)
    if entity is None and mtype.is_entity:
        entity = default_entity(doc, span.text, mtype)
    try:
        mention = Mention(id=new_id, type=mtype, start=span.start, end=span.end, text=span.text,
                          time=time, money=money, entity=entity)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise DataError(_first_error(exc), record_id=doc.id, field=f"mentions[{new_id}]") from None
    return doc.model_copy(update={"mentions": [*doc.mentions, mention]}), new_id


def default_entity(doc: Document, text: str, mtype: MentionType) -> str:
    """The entity id a new entity mention of ``text`` gets: the entity of a mention with the same text
    and type ("Putin" ... "Putin"), else a new id ``E1, E2, ...``."""
    same = next((m.entity for m in doc.mentions if m.entity and m.text == text and m.type == mtype), None)
    return same or next_id((m.entity or "" for m in doc.mentions), "E")


def set_normalization(doc: Document, mention_id: str, *, time: TimeValue | None = None,
                      money: MoneyValue | None = None) -> Document:
    """Set (or clear, with None) the time or money normalization of a TIME or MONEY mention."""
    index, mention = _find_mention(doc, mention_id)
    if mention.type == MentionType.TIME:
        if money is not None:
            raise DataError(f"{mention_id} is a TIME mention; it takes a time value, not money", record_id=doc.id)
        if time is not None and (problem := timex_problem(time)):
            raise DataError(problem, record_id=doc.id, field=f"mentions[{mention_id}].time")
        updated = mention.model_copy(update={"time": time})
    elif mention.type == MentionType.MONEY:
        if time is not None:
            raise DataError(f"{mention_id} is a MONEY mention; it takes money, not a time value", record_id=doc.id)
        if money is not None and (problem := money_problem(money)):
            raise DataError(problem, record_id=doc.id, field=f"mentions[{mention_id}].money")
        updated = mention.model_copy(update={"money": money})
    else:
        raise DataError(f"{mention_id} is a {mention.type.value} mention; only TIME and MONEY mentions are "
                        "normalized", record_id=doc.id)
    mentions = list(doc.mentions)
    mentions[index] = updated
    return doc.model_copy(update={"mentions": mentions})


def edit_mention(doc: Document, mention_id: str, *, span: Span | None = None, type: MentionType | str | None = None,
                 entity: str | None | object = _UNSET, time: TimeValue | None = None,
                 money: MoneyValue | None = None) -> Document:
    """Change a mention's span, type, entity id (None unlinks) or value.

    A new type must be allowed by every role the mention fills; a value type (TIME, MONEY, TOPIC) loses
    its entity id, and a normalization that no longer fits the type is dropped unless a new one is given.
    """
    index, mention = _find_mention(doc, mention_id)
    data = mention.model_dump(exclude_none=True)
    if span is not None:
        span = exact_span(doc, span)
        clash = next((m for m in doc.mentions if m.id != mention_id and (m.start, m.end) == (span.start, span.end)), None)
        if clash is not None:
            raise DataError(f"{span.text!r} is already mention {clash.id}", record_id=doc.id)
        data.update(start=span.start, end=span.end, text=span.text)
    new_type = _mention_type(type) if type is not None else mention.type
    if new_type != mention.type:
        for event in doc.events:
            for arg in event.arguments:
                role = event.role(arg.role)
                if arg.mention == mention_id and role is not None and new_type not in role.fillers:
                    raise DataError(f"{mention_id} fills {event.id} {arg.role}, which does not allow {new_type.value} "
                                    f"(allowed: {', '.join(t.value for t in role.fillers)})", record_id=doc.id)
        data["type"] = new_type
        if new_type != MentionType.TIME:
            data.pop("time", None)
        if new_type != MentionType.MONEY:
            data.pop("money", None)
        if not new_type.is_entity:
            data.pop("entity", None)
        elif not data.get("entity") and entity is _UNSET:
            data["entity"] = default_entity(doc, data["text"], new_type)
    if entity is not _UNSET:
        _check_identifier(entity, "entity")  # type: ignore[arg-type]
        if entity is not None and not new_type.is_entity:
            raise DataError(f"{mention_id} is a {new_type.value} mention; only entity mentions have an entity id")
        data["entity"] = entity
    if time is not None:
        data["time"] = time
    if money is not None:
        data["money"] = money
    try:
        updated = Mention.model_validate({k: v for k, v in data.items() if v is not None}, strict=False)
    except ValueError as exc:
        raise DataError(_first_error(exc), record_id=doc.id, field=f"mentions[{mention_id}]") from None
    if updated.time is not None and (problem := timex_problem(updated.time)):
        raise DataError(problem, record_id=doc.id, field=f"mentions[{mention_id}].time")
    if updated.money is not None and (problem := money_problem(updated.money)):
        raise DataError(problem, record_id=doc.id, field=f"mentions[{mention_id}].money")
    mentions = list(doc.mentions)
    mentions[index] = updated
    return doc.model_copy(update={"mentions": mentions})


def remove_mention(doc: Document, mention_id: str) -> Document:
    """Remove a mention that no event uses (DataError naming the events that use it otherwise)."""
    _find_mention(doc, mention_id)
    users = [f"{e.id} {a.role}" for e in doc.events for a in e.arguments if a.mention == mention_id]
    if users:
        raise DataError(f"{mention_id} fills {', '.join(users)}; drop it from the event(s) first", record_id=doc.id)
    return doc.model_copy(update={"mentions": [m for m in doc.mentions if m.id != mention_id]})


def link_entities(doc: Document, mention_ids: Sequence[str], *, entity: str | None = None) -> tuple[Document, str]:
    """Mark entity mentions as coreferent: they get one entity id (an existing one of theirs, or new).

    Mentions already in other entities bring their whole entity along (entities merge).
    """
    if len(mention_ids) < 1:
        raise DataError("name at least one mention to link")
    chosen: list[Mention] = []
    for mention_id in mention_ids:
        _, mention = _find_mention(doc, mention_id)
        if not mention.type.is_entity:
            raise DataError(f"{mention_id} is a {mention.type.value} mention; only entity mentions "
                            "(PER, ORG, GPE, LOC, FAC) corefer", record_id=doc.id)
        chosen.append(mention)
    existing = [m.entity for m in chosen if m.entity]
    target = entity or (existing[0] if existing else next_id((m.entity or "" for m in doc.mentions), "E"))
    merge = set(existing)
    ids = {m.id for m in chosen}
    mentions = [m.model_copy(update={"entity": target}) if m.id in ids or (m.entity and m.entity in merge) else m
                for m in doc.mentions]
    return doc.model_copy(update={"mentions": mentions}), target


# -- events ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArgSpec:
    """An argument to add: a role and either an existing ``mention`` id or a ``span`` for a new mention.

    ``mention_type`` is the type of a new mention (default: the role's first allowed filler type);
    ``time`` / ``money`` its normalization.
    """

    role: str
    mention: str | None = None
    span: Span | None = None
    mention_type: MentionType | str | None = None
    time: TimeValue | None = None
    money: MoneyValue | None = None


def _attach(doc: Document, cls: type[EventBase], spec: ArgSpec) -> tuple[Document, Argument]:
    role = cls.role(spec.role)
    if role is None:
        raise DataError(f"{cls.__name__} has no role {spec.role!r} (roles: {', '.join(cls.role_names())})",
                        record_id=doc.id)
    if spec.mention is not None:
        _, mention = _find_mention(doc, spec.mention)
        if mention.type not in role.fillers:
            raise DataError(f"{role.name} does not allow a {mention.type.value} mention ({mention.id} "
                            f"{mention.text!r}; allowed: {', '.join(t.value for t in role.fillers)})", record_id=doc.id)
        return doc, Argument(role=role.name, mention=mention.id)
    if spec.span is None:
        raise DataError(f"{role.name}: give a mention id or a text")
    mtype = _mention_type(spec.mention_type) if spec.mention_type else None
    if mtype is None:
        # Reuse an existing mention at this span when its type fits; otherwise the role's first filler type.
        for mention in doc.mentions:
            if (mention.start, mention.end) == (spec.span.start, spec.span.end):
                mtype = mention.type
                break
        else:
            mtype = role.fillers[0]
    if mtype not in role.fillers:
        raise DataError(f"{role.name} does not allow a {mtype.value} mention ({spec.span.text!r}; allowed: "
                        f"{', '.join(t.value for t in role.fillers)})", record_id=doc.id)
    doc, mention_id = add_mention(doc, span=spec.span, type=mtype, time=spec.time, money=spec.money)
    if spec.time is not None or spec.money is not None:
        doc = set_normalization(doc, mention_id, time=spec.time, money=spec.money)
    return doc, Argument(role=role.name, mention=mention_id)


def _attributes(base: Attributes, changes: Mapping[str, str] | None) -> Attributes:
    values = base.model_dump()
    for name, value in (changes or {}).items():
        enum = ATTRIBUTES.get(name)
        if enum is None:
            raise DataError(f"unknown attribute {name!r} (attributes: {', '.join(ATTRIBUTES)})")
        allowed = [m.value for m in enum]
        if str(getattr(value, "value", value)) not in allowed:
            raise DataError(f"{name} cannot be {value!r} (values: {', '.join(allowed)})")
        values[name] = str(getattr(value, "value", value))
    return Attributes.model_validate(values, strict=False)


def _check_identifier(value: str | None, what: str) -> None:
    if value is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*", value):
        raise DataError(f"{what} {value!r} is not a valid id (letters, digits and _ . : -, a letter or digit first)")


def add_event(
    doc: Document,
    *,
    type: str,
    trigger: Span,
    args: Sequence[ArgSpec] = (),
    attributes: Attributes | Mapping[str, str] | None = None,
    coref: str | None = None,
    cluster: str | None = None,
    notes: str | None = None,
    event_id: str | None = None,
) -> tuple[Document, str]:
    """Add an event; returns the new document and the event id (``EV<n>``).

    ``args`` fill roles with existing mentions or new ones (see :class:`ArgSpec`); ``attributes`` are an
    :class:`Attributes` or changes to :meth:`Attributes.default`. Raises DataError when a role is not of
    the type, a filler type is not allowed, a role is over-filled, or a required role is empty.
    """
    cls = _event_class(type)
    trigger = exact_span(doc, trigger, what="trigger")
    attrs = attributes if isinstance(attributes, Attributes) else _attributes(Attributes.default(), attributes)
    _check_identifier(coref, "hopper")
    _check_identifier(cluster, "cluster")
    arguments: list[Argument] = []
    for spec in args:
        doc, argument = _attach(doc, cls, spec)
        if argument not in arguments:
            arguments.append(argument)
    new_id = event_id or next_id((e.id for e in doc.events), "EV")
    if any(e.id == new_id for e in doc.events):
        raise DataError(f"event id {new_id!r} is already used", record_id=doc.id)
    event = cls(id=new_id, trigger=trigger, arguments=_in_role_order(cls, arguments), attributes=attrs, coref=coref,
                cluster=cluster, notes=notes)
    _require_valid(doc, event)
    return doc.model_copy(update={"events": [*doc.events, event]}), new_id


def _in_role_order(cls: type[EventBase], arguments: list[Argument]) -> list[Argument]:
    """Arguments sorted by the schema's role order (stable within a role)."""
    order = {name: i for i, name in enumerate(cls.role_names())}
    return sorted(arguments, key=lambda a: order.get(a.role, len(order)))


def _replace_event(doc: Document, index: int, event: EventBase) -> Document:
    _require_valid(doc, event)
    events = list(doc.events)
    events[index] = event
    return doc.model_copy(update={"events": events})



def edit_event(
    doc: Document,
    event_id: str,
    *,
    trigger: Span | None = None,
    type: str | None = None,
    attributes: Mapping[str, str] | None = None,
    add_args: Sequence[ArgSpec] = (),
    remove_args: Sequence[tuple[str, str | None]] = (),
    coref: str | None | object = _UNSET,
    cluster: str | None | object = _UNSET,
    notes: str | None | object = _UNSET,
    drop_orphan_mentions: bool = True,
) -> Document:
    """Change an event: trigger, type (arguments must fit the new type), attributes, arguments,
    hopper (``coref``), ``cluster``, ``notes`` (pass None to clear those three).

    ``remove_args`` are ``(role, mention_id_or_None)``: None removes every filler of the role. A removed
    filler that no event uses any more is removed too (guidelines 1: mentions fill arguments), unless
    ``drop_orphan_mentions`` is False. Removals come before additions, so a required filler is replaced
    in one step.
    The result must be a valid event (required roles filled unless generic).
    """
    index, event = _find_event(doc, event_id)
    cls = _event_class(type) if type else event.__class__
    data = event.model_dump(exclude={"type"})
    arguments = list(event.arguments)
    for role, mention_id in remove_args:
        matching = [a for a in arguments if a.role == role and (mention_id is None or a.mention == mention_id)]
        if not matching:
            what = f"{role}={mention_id}" if mention_id else role
            raise DataError(f"{event_id} has no argument {what}", record_id=doc.id)
        arguments = [a for a in arguments if a not in matching]
    for spec in add_args:
        doc, argument = _attach(doc, cls, spec)
        if argument not in arguments:
            arguments.append(argument)
    data["arguments"] = arguments
    dropped = {m for _, m in removed_fillers(event, arguments)}
    if trigger is not None:
        data["trigger"] = exact_span(doc, trigger, what="trigger")
    else:
        data["trigger"] = event.trigger
    data["attributes"] = _attributes(event.attributes, attributes)
    for name, value in (("coref", coref), ("cluster", cluster), ("notes", notes)):
        if value is not _UNSET:
            if name != "notes":
                _check_identifier(value, "hopper" if name == "coref" else "cluster")  # type: ignore[arg-type]
            data[name] = value
    data.pop("provenance", None)
    new_event = cls(**{k: v for k, v in data.items() if k not in ("arguments", "trigger", "attributes")},
                    arguments=_in_role_order(cls, arguments), trigger=data["trigger"], attributes=data["attributes"],
                    provenance=event.provenance)
    doc = _replace_event(doc, index, new_event)
    if dropped and drop_orphan_mentions:
        used = {a.mention for e in doc.events for a in e.arguments}
        doc = doc.model_copy(update={"mentions": [m for m in doc.mentions if m.id in used or m.id not in dropped]})
    return doc


def removed_fillers(event: EventBase, arguments: Sequence[Argument]) -> list[tuple[str, str]]:
    """``(role, mention id)`` of the arguments of ``event`` that ``arguments`` no longer has."""
    kept = {(a.role, a.mention) for a in arguments}
    return [(a.role, a.mention) for a in event.arguments if (a.role, a.mention) not in kept]


def add_argument(doc: Document, event_id: str, spec: ArgSpec) -> Document:
    """Fill one more role of an event (see :class:`ArgSpec`)."""
    return edit_event(doc, event_id, add_args=[spec])


def remove_argument(doc: Document, event_id: str, role: str, mention_id: str | None = None) -> Document:
    """Remove the fillers of ``role`` (only ``mention_id`` when given)."""
    return edit_event(doc, event_id, remove_args=[(role, mention_id)])


def set_attribute(doc: Document, event_id: str, name: str, value: str) -> Document:
    """Set one attribute (realis, polarity, tense) of an event."""
    return edit_event(doc, event_id, attributes={name: value})


def remove_event(doc: Document, event_id: str, *, drop_orphan_mentions: bool = True) -> Document:
    """Remove an event. Its argument mentions that no other event uses and that are not in an entity
    with other mentions are removed too, unless ``drop_orphan_mentions`` is False."""
    index, event = _find_event(doc, event_id)
    events = [e for i, e in enumerate(doc.events) if i != index]
    mentions = list(doc.mentions)
    if drop_orphan_mentions:
        used = {a.mention for e in events for a in e.arguments}
        entity_sizes: dict[str, int] = {}
        for m in mentions:
            if m.entity:
                entity_sizes[m.entity] = entity_sizes.get(m.entity, 0) + 1
        own = {a.mention for a in event.arguments}
        mentions = [m for m in mentions
                    if not (m.id in own and m.id not in used and entity_sizes.get(m.entity or "", 0) < 2)]
    return doc.model_copy(update={"events": events, "mentions": mentions})


def link_events(doc: Document, event_ids: Sequence[str], *, hopper: str | None = None) -> tuple[Document, str]:
    """Mark event mentions as mentions of one event (one hopper id: an existing one of theirs, or new).

    Events already in other hoppers bring their whole hopper along (hoppers merge). All must share a type.
    """
    chosen = [_find_event(doc, event_id)[1] for event_id in event_ids]
    if not chosen:
        raise DataError("name at least one event to link")
    types = {e.type for e in chosen}
    if len(types) > 1:
        raise DataError(f"coreferent event mentions must have one type, got {', '.join(sorted(types))}",
                        record_id=doc.id)
    _check_identifier(hopper, "hopper")
    existing = [e.coref for e in chosen if e.coref]
    target = hopper or (existing[0] if existing else next_id((e.coref or "" for e in doc.events), "H"))
    merge = set(existing)
    ids = {e.id for e in chosen}
    events = [e.model_copy(update={"coref": target}) if e.id in ids or (e.coref and e.coref in merge) else e
              for e in doc.events]
    return doc.model_copy(update={"events": events}), target


def set_status(doc: Document, status: Status | str) -> Document:
    """Set the annotation status (draft or complete). Marking complete requires every event to be valid."""
    try:
        value = Status(str(getattr(status, "value", status)))
    except ValueError:
        raise DataError(f"unknown status {status!r} (draft or complete)") from None
    if value == Status.COMPLETE:
        by_id = doc.mentions_by_id()
        for event in doc.events:
            _require_valid(doc, event, by_id)
    annotation = doc.annotation.model_copy(update={"status": value})
    return doc.model_copy(update={"annotation": annotation})


def summarize_event(doc: Document, event: EventBase, *, width: int | None = None) -> str:
    """One line: ``EV2 Loan "loan" Lender=M4 "The Russian government" ... (actual, positive, past)``."""
    by_id = doc.mentions_by_id()
    parts = [f"{event.id} {event.type} {event.trigger.text!r}"]
    for arg in event.arguments:
        mention = by_id.get(arg.mention)
        parts.append(f"{arg.role}={arg.mention}" + (f" {mention.text!r}" if mention else ""))
    a = event.attributes
    tail = f"({a.realis.value}, {a.polarity.value}, {a.tense.value})"
    if event.coref:
        tail += f" hopper {event.coref}"
    if event.cluster:
        tail += f" cluster {event.cluster}"
    line = " ".join(parts + [tail])
    if width and len(line) > width:
        line = line[: width - 1] + "…"
    return line


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors(include_url=False)[0]
            return first.get("msg", str(exc))
        except Exception:  # pragma: no cover - defensive
            pass
    return str(exc)
