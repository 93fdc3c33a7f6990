"""Event editing without prompts, on an annotator's stored document: ``annotate event add|edit|remove``.

Each function takes the document's lock (waiting up to ``wait`` seconds for another process to finish),
loads the document (or starts it from ``raw/DOC_ID.txt``), applies one operation of :mod:`.ops`,
checks the result like ``annotate validate`` and saves it durably. Texts are given as ``TEXT`` or
``TEXT@N`` (N-th occurrence in the document); ``#M3`` names an existing mention by id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotate.corpus import Corpus
from annotate.errors import DataError, UsageError
from schema import EVENT_TYPES, Document, EventBase, MentionType, parse_anchor

from . import ops
from .store import AnnotationStore
from .values import parse_money, parse_time, propose_money, propose_time

__all__ = ["EventResult", "event_add", "event_edit", "event_remove", "parse_assignment"]


@dataclass
class EventResult:
    """What a batch operation did: the saved document, the event id and notes for the user."""

    document: Document
    event_id: str
    notes: list[str] = field(default_factory=list)

    @property
    def event(self) -> EventBase | None:
        return next((e for e in self.document.events if e.id == self.event_id), None)

    def summary(self) -> str:
        event = self.event
        return ops.summarize_event(self.document, event) if event else self.event_id


def parse_assignment(text: str, what: str) -> tuple[str, str]:
    """Split ``KEY=VALUE`` (the value may contain ``=``); UsageError when there is no ``=``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"{what} {text!r} is not KEY=VALUE")
    return key.strip(), value


def _role_map(pairs: Sequence[str], what: str, cls: type[EventBase]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        role, value = parse_assignment(pair, what)
        if cls.role(role) is None:
            raise DataError(f"{what} {pair!r}: {cls.__name__} has no role {role!r} "
                            f"(roles: {', '.join(cls.role_names())})")
        if role in out:
            raise UsageError(f"{what} {role} is given twice ({role}={out[role]} and {pair}); give it once")
        out[role] = value
    return out


def _span(doc: Document, anchor: str, what: str, notes: list[str]) -> ops.Span:
    span, count = ops.anchor_span(doc, anchor, what=what)
    needle, number = parse_anchor(anchor)
    if count > 1 and needle == anchor:
        notes.append(f"{what} {needle!r} occurs {count} times in the document as whole words; took the first "
                     f"({needle}@1, at offset {span.start}); write {needle}@N for the N-th whole-word occurrence")
    return span


def _arg_specs(doc: Document, cls: type[EventBase], args: Sequence[str], *, mention_types: Mapping[str, str],
               money: Mapping[str, str], time: Mapping[str, str], notes: list[str]) -> list[ops.ArgSpec]:
    specs: list[ops.ArgSpec] = []
    by_text: set[str] = set()  # roles given a text, i.e. a new or reused mention the options apply to
    for pair in args:
        role_name, value = parse_assignment(pair, "--arg")
        role = cls.role(role_name)
        if role is None:
            raise DataError(f"--arg {pair!r}: {cls.__name__} has no role {role_name!r} "
                            f"(roles: {', '.join(cls.role_names())})")
        if value.startswith("#") and doc.mention(value[1:]) is not None:
            specs.append(ops.ArgSpec(role=role.name, mention=value[1:]))
            continue
        if value.startswith("#") and re.fullmatch(r"#[A-Za-z0-9][A-Za-z0-9_.:\-]*", value):
            raise DataError(f"--arg {pair!r}: no mention {value[1:]!r} in the document")
        span = _span(doc, value, f"{role.name} text", notes)
        by_text.add(role.name)
        existing = next((m for m in doc.mentions if (m.start, m.end) == (span.start, span.end)), None)
        mtype = MentionType(mention_types[role.name].upper()) if role.name in mention_types else (
            existing.type if existing else _default_mention_type(doc, role, span, notes))
        if mtype not in role.fillers:
            raise DataError(f"{role.name} does not allow a {mtype.value} mention ({span.text!r}; allowed: "
                            f"{', '.join(t.value for t in role.fillers)})")
        time_value = parse_time(time[role.name]) if role.name in time else None
        money_value = parse_money(money[role.name]) if role.name in money else None
        if mtype == MentionType.TIME and time_value is None and not (existing and existing.time):
            time_value = propose_time(doc, span.text, context=doc.text[max(0, span.start - 160):span.end + 160])
            if time_value is None:
                raise DataError(f"{role.name} {span.text!r} is a TIME mention and needs a value: give "
                                f"--time {role.name}=2018-11-02 (a TIMEX3 value)")
            notes.append(f"{role.name} {span.text!r}: proposed time value {time_value.value}")
        if mtype == MentionType.MONEY and money_value is None and not (existing and existing.money):
            money_value = propose_money(span.text)
            if money_value is None:
                raise DataError(f"{role.name} {span.text!r} is a MONEY mention and needs a value: give "
                                f"--money {role.name}=USD:50M (CUR:AMOUNT)")
            from .values import format_money

            notes.append(f"{role.name} {span.text!r}: proposed money value {format_money(money_value)}")
        specs.append(ops.ArgSpec(role=role.name, span=span, mention_type=mtype, time=time_value, money=money_value))
    for what, given in (("--mention-type", mention_types), ("--money", money), ("--time", time)):
        for role_name, value in given.items():
            if role_name not in by_text:  # never silently ignore what the user asked for
                raise UsageError(f"{what} {role_name}={value}: no --arg {role_name}=TEXT in this command for it "
                                 f"to apply to (it sets the mention that --arg names by its text)")
    return specs


def _default_mention_type(doc: Document, role, span: ops.Span, notes: list[str]) -> MentionType:
    """The type of a new filler mention when --mention-type does not give it: the role's only type, else
    the type the same text already has in the document, else the gazetteer's (a country, capital or US
    state is GPE); a UsageError asks for --mention-type when none of them decides."""
    if len(role.fillers) == 1:
        return role.fillers[0]
    known = {m.type for m in doc.mentions if m.text == span.text and m.type in role.fillers}
    if len(known) == 1:
        mtype = known.pop()
        notes.append(f"{role.name} {span.text!r}: mention type {mtype.value}, as elsewhere in the document")
        return mtype
    if not known:
        from annotate.gazetteer import place_type

        mtype = place_type(span.text)
        if mtype is not None and mtype in role.fillers:
            notes.append(f"{role.name} {span.text!r}: mention type {mtype.value} (a place name in GeoNames)")
            return mtype
    allowed = ", ".join(t.value for t in role.fillers)
    why = ("the document gives it several types" if known else
           "neither the document nor the gazetteer says what it is")
    raise UsageError(f"give --mention-type {role.name}=TYPE for {span.text!r} ({why}; {role.name} allows {allowed})")


def _check_mention_types(mention_types: Mapping[str, str]) -> None:
    for role, value in mention_types.items():
        try:
            MentionType(value.upper())
        except ValueError:
            raise DataError(f"--mention-type {role}={value}: unknown mention type (one of "
                            f"{', '.join(t.value for t in MentionType)})") from None


def _attrs(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, value = parse_assignment(pair, "--attr")
        if name in out:
            raise UsageError(f"--attr {name} is given twice ({name}={out[name]} and {pair}); give it once")
        out[name] = value
    return out


def _check_exists(store: AnnotationStore, doc_id: str, *, started: bool) -> None:
    """Fail before taking the lock, which creates ``annotations/NAME/`` (a mistyped --corpus, annotator or
    document id left a stray folder behind, which later read as an empty annotation set)."""
    if store.path(doc_id).exists():
        return
    if started:
        raise UsageError(f"{store.annotator} has no annotation of {doc_id!r} yet (use annotate event add)")
    if not store.corpus.raw_path(doc_id).exists():
        store.corpus.raw_text(doc_id)  # raises the usual "no source article" error


def _event_class(name: str) -> type[EventBase]:
    for key, cls in EVENT_TYPES.items():
        if key.lower() == name.lower():
            return cls
    raise DataError(f"unknown event type {name!r} (one of {', '.join(EVENT_TYPES)})")


def event_add(
    corpus: Corpus | str | Path,
    annotator: str,
    doc_id: str,
    *,
    type: str,
    trigger: str,
    args: Sequence[str] = (),
    attributes: Sequence[str] = (),
    mention_types: Sequence[str] = (),
    money: Sequence[str] = (),
    time: Sequence[str] = (),
    coref: str | None = None,
    cluster: str | None = None,
    notes: str | None = None,
    wait: float = 0.0,
) -> EventResult:
    """Add one event to ``annotator``'s document ``doc_id`` and save it.

    ``args`` are ``ROLE=TEXT[@N]`` or ``ROLE=#MENTION_ID``; ``attributes`` ``NAME=VALUE``;
    ``mention_types`` ``ROLE=TYPE`` for new mentions; ``money`` ``ROLE=CUR:AMOUNT``; ``time``
    ``ROLE=TIMEX3``. New TIME and MONEY mentions without an explicit value get the normalizer's
    proposal (reported in ``notes``), or the call fails asking for one.
    """
    cls = _event_class(type)
    store = AnnotationStore(corpus, annotator)
    mtypes = _role_map(mention_types, "--mention-type", cls)
    _check_mention_types(mtypes)
    money_map, time_map = _role_map(money, "--money", cls), _role_map(time, "--time", cls)
    _check_exists(store, doc_id, started=False)
    with store.lock(doc_id, wait=wait):
        doc = store.load(doc_id)
        said: list[str] = []
        trigger_span = _span(doc, trigger, "trigger", said)
        specs = _arg_specs(doc, cls, args, mention_types=mtypes, money=money_map, time=time_map, notes=said)
        doc, event_id = ops.add_event(doc, type=cls.__name__, trigger=trigger_span, args=specs,
                                      attributes=_attrs(attributes), coref=coref, cluster=cluster, notes=notes)
        doc = store.save(doc)
    return EventResult(doc, event_id, said)


def event_edit(
    corpus: Corpus | str | Path,
    annotator: str,
    doc_id: str,
    event_id: str,
    *,
    trigger: str | None = None,
    type: str | None = None,
    attributes: Sequence[str] = (),
    args: Sequence[str] = (),
    remove_args: Sequence[str] = (),
    mention_types: Sequence[str] = (),
    money: Sequence[str] = (),
    time: Sequence[str] = (),
    coref: str | None = None,
    cluster: str | None = None,
    notes: str | None = None,
    wait: float = 0.0,
) -> EventResult:
    """Edit one event: ``remove_args`` (``ROLE`` or ``ROLE=TEXT`` / ``ROLE=#M3``) are removed first, then
    ``args`` added; ``trigger``, ``type``, ``attributes``, ``coref``, ``cluster``, ``notes`` replaced when
    given (an empty string clears coref, cluster or notes)."""
    store = AnnotationStore(corpus, annotator)
    _check_exists(store, doc_id, started=True)
    with store.lock(doc_id, wait=wait):
        doc = store.read(doc_id)
        if doc is None:
            raise UsageError(f"{annotator} has no annotation of {doc_id!r} yet (use annotate event add)")
        event = next((e for e in doc.events if e.id == event_id), None)
        if event is None:
            raise DataError(f"no event {event_id!r} in {doc_id} (events: {', '.join(e.id for e in doc.events) or 'none'})")
        cls = _event_class(type) if type else event.__class__
        said: list[str] = []
        removals: list[tuple[str, str | None]] = []
        for item in remove_args:
            role, sep, value = item.partition("=")
            if not sep:
                removals.append((role.strip(), None))
                continue
            fillers = [a.mention for a in event.arguments if a.role == role.strip()]
            by_id = doc.mentions_by_id()
            wanted = value[1:] if value.startswith("#") else None
            needle, number = parse_anchor(value)
            matches = [m for m in fillers if m == wanted or (by_id.get(m) and by_id[m].text == needle)]
            if not matches:
                raise DataError(f"--remove-arg {item!r}: {event_id} has no {role.strip()} filler {value!r}")
            removals.append((role.strip(), matches[min(number, len(matches)) - 1]))
        mtypes = _role_map(mention_types, "--mention-type", cls)
        _check_mention_types(mtypes)
        specs = _arg_specs(doc, cls, args, mention_types=mtypes, money=_role_map(money, "--money", cls),
                           time=_role_map(time, "--time", cls), notes=said)
        changes: dict[str, object] = {}
        for name, value in (("coref", coref), ("cluster", cluster), ("notes", notes)):
            if value is not None:
                changes[name] = value or None
        doc = ops.edit_event(doc, event_id, type=cls.__name__ if type else None,
                             trigger=_span(doc, trigger, "trigger", said) if trigger else None,
                             attributes=_attrs(attributes), add_args=specs, remove_args=removals, **changes)
        doc = store.save(doc)
    return EventResult(doc, event_id, said)


def event_remove(corpus: Corpus | str | Path, annotator: str, doc_id: str, event_id: str, *,
                 keep_mentions: bool = False, wait: float = 0.0) -> EventResult:
    """Remove one event (and its argument mentions nothing else uses, unless ``keep_mentions``)."""
    store = AnnotationStore(corpus, annotator)
    _check_exists(store, doc_id, started=True)
    with store.lock(doc_id, wait=wait):
        doc = store.read(doc_id)
        if doc is None:
            raise UsageError(f"{annotator} has no annotation of {doc_id!r} yet")
        doc = ops.remove_event(doc, event_id, drop_orphan_mentions=not keep_mentions)
        doc = store.save(doc)
    return EventResult(doc, event_id, [])
