"""Merging several annotations of one document into gold, item by item, with provenance.

Pure: nothing here reads a keyboard or a file. :func:`merge_document` walks the *items* of a document
and asks a *resolver* (any callable ``Item -> Resolution``) about each one the sets disagree on:

1. **Events.** The events of all sets are grouped into units, one event per set at most: events whose
   triggers have the same span (same type preferred) or, failing that, overlap. An event item's
   versions are each set's (trigger, type, realis, polarity, tense), or nothing.
2. **Argument slots**, under each kept event, per role: a role that takes one filler (``Time``,
   ``Amount``, ``Origin`` ...) is one slot; a role that takes several is one slot per group of
   overlapping filler spans. A slot's versions are each set's fillers (span, mention type, normalized
   value). Only the sets that have an event in the unit take part: when one annotator missed the event,
   the other's arguments come with it.
3. **Mentions** at spans no adjudicated argument fills, per exact span: entity mentions, and value
   mentions their set did not use as an argument filler (a TOPIC, TIME or MONEY filler stands or falls
   with its argument). A mention of another type at a span an adjudicated argument fills is replaced
   by the argument's mention (counted in :attr:`MergeStats.superseded`).

An item every participating set has identically is *agreed* and taken without asking. Otherwise the
resolver decides: take one set's version, drop the item, or give an edited version. Every merged
mention, event and argument records :class:`schema.Provenance`: the sets that had exactly that
version, the decision (agreed / chosen / edited / preferred) and who decided.

Output ids are renumbered (``M1``.., ``EV1``..). Entity ids (mention coreference) come from the first
set in priority order that had the mention, and event hoppers from the set the event version came
from; both are renumbered (``E1``.., ``H1``..) so that two sets' ``E1`` never merge by accident.
Cross-document ``cluster`` ids and notes are kept as the source event has them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, Decision, Document, Mention, MentionType, Provenance, Span,
)
from schema.values import MoneyValue, TimeValue

from ..evaluate.matching import align, event_pair_score, money_key, time_key

# -- versions -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filler:
    """A mention as an argument filler or a standalone mention: span, type and normalized value."""

    start: int
    end: int
    type: str
    text: str
    norm: tuple | None = None
    time: TimeValue | None = field(default=None, compare=False, hash=False)
    money: MoneyValue | None = field(default=None, compare=False, hash=False)

    @classmethod
    def of(cls, mention: Mention) -> "Filler":
        norm = None
        if mention.type == MentionType.TIME:
            norm = time_key(mention.time)
        elif mention.type == MentionType.MONEY:
            norm = money_key(mention.money)
        return cls(mention.start, mention.end, mention.type.value, mention.text, norm, mention.time, mention.money)

    @property
    def sort_key(self) -> tuple:
        return (self.start, self.end, self.type, repr(self.norm))

    def label(self) -> str:
        out = f"{self.text!r} [{self.start},{self.end}) {self.type}"
        if self.time is not None:
            out += f" = {self.time.value}" + (f" ({self.time.mod.value})" if self.time.mod else "")
            if self.time.type.value != "DATE":
                out += f" {self.time.type.value}"
        if self.money is not None:
            m = self.money
            amount = (f"{m.amount:g}" if m.amount is not None
                      else f"{'' if m.min is None else f'{m.min:g}'}..{'' if m.max is None else f'{m.max:g}'}")
            out += f" = {m.currency} {amount}" + (" approx." if m.approximate else "")
        return out

    def to_json(self) -> dict:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "type": self.type, "text": self.text}
        if self.time is not None:
            out["time"] = self.time.model_dump(mode="json", exclude_none=True)
        if self.money is not None:
            out["money"] = self.money.model_dump(mode="json", exclude_none=True)
        return out

    @classmethod
    def from_json(cls, data: dict, text: str) -> "Filler":
        mention = Mention(id="X", type=data["type"], start=data["start"], end=data["end"],
                          text=text[data["start"]:data["end"]],
                          time=TimeValue(**data["time"]) if data.get("time") else None,
                          money=MoneyValue(**data["money"]) if data.get("money") else None)
        return cls.of(mention)


@dataclass(frozen=True)
class EventVersion:
    """What an event item's versions are compared on: trigger span, type and the three attributes."""

    start: int
    end: int
    type: str
    realis: str
    polarity: str
    tense: str
    text: str

    @classmethod
    def of(cls, event) -> "EventVersion":
        a = event.attributes
        return cls(event.trigger.start, event.trigger.end, event.type, a.realis.value, a.polarity.value,
                   a.tense.value, event.trigger.text)

    def label(self) -> str:
        return (f"{self.type} {self.text!r} [{self.start},{self.end}) realis={self.realis} "
                f"polarity={self.polarity} tense={self.tense}")

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "type": self.type, "realis": self.realis,
                "polarity": self.polarity, "tense": self.tense, "text": self.text}

    @classmethod
    def from_json(cls, data: dict) -> "EventVersion":
        return cls(**{k: data[k] for k in ("start", "end", "type", "realis", "polarity", "tense", "text")})


#: An event item's version (None: no event), or a slot's / mention's fillers (empty: none).
Version = EventVersion | tuple[Filler, ...] | None


def is_empty(version: Version) -> bool:
    return version is None or version == ()


def version_label(version: Version, *, kind: str) -> str:
    if is_empty(version):
        return "(no event)" if kind == "event" else "(none)"
    if isinstance(version, EventVersion):
        return version.label()
    return "; ".join(f.label() for f in version)


def version_to_json(version: Version) -> Any:
    if version is None:
        return None
    if isinstance(version, EventVersion):
        return {"event": version.to_json()}
    return {"fillers": [f.to_json() for f in version]}


def version_from_json(data: Any, text: str) -> Version:
    if data is None:
        return None
    if "event" in data:
        return EventVersion.from_json(data["event"])
    return tuple(sorted((Filler.from_json(f, text) for f in data["fillers"]), key=lambda f: f.sort_key))


# -- items and resolutions -------------------------------------------------------------------------------


@dataclass
class Item:
    """One thing to decide: an event unit, an argument slot or a standalone mention."""

    kind: str  # "event" | "argument" | "mention"
    key: str  # stable across runs: document, position and a digest of all versions
    doc_id: str
    title: str
    versions: dict[str, Version]  # set name -> version, for the sets taking part (in set order)
    text: str  # the document text (for context and edits)
    anchor: tuple[int, int]  # the span the item is about, for showing context
    event: EventVersion | None = None  # for argument slots: the adjudicated event
    role: str | None = None  # for argument slots

    def distinct(self) -> list[tuple[Version, list[str]]]:
        """The different versions, in set order, each with the sets that have it."""
        out: list[tuple[Version, list[str]]] = []
        for name, version in self.versions.items():
            for existing, names in out:
                if existing == version:
                    names.append(name)
                    break
            else:
                out.append((version, [name]))
        return out

    def context(self, width: int = 110) -> str:
        """The stretch of text around the item's span, on one line."""
        start, end = self.anchor
        left = max(0, start - width)
        right = min(len(self.text), end + width)
        before = self.text[left:start].split("\n")[-1]
        after = self.text[end:right].split("\n")[0]
        return ("…" if left > 0 and "\n" not in self.text[left:start] else "") + before + "[" + \
            self.text[start:end] + "]" + after + ("…" if right < len(self.text) and "\n" not in self.text[end:right] else "")


@dataclass(frozen=True)
class Resolution:
    """A decision on an item: the version it takes (None / empty = dropped) and how it was reached."""

    choice: str  # "take" | "drop" | "edit" | "agreed"
    value: Version
    decision: Decision
    set: str | None = None  # for "take": whose version
    by: str | None = None  # who decided (a person), None for agreed or --prefer

    def to_json(self) -> dict:
        return {"choice": self.choice, "set": self.set, "value": version_to_json(self.value),
                "decision": self.decision.value, "by": self.by}


Resolver = Callable[[Item], Resolution]


def digest(versions: dict[str, Version]) -> str:
    # by set name, so that giving the same sets in another order finds the same decisions
    body = json.dumps([[name, version_to_json(v)] for name, v in sorted(versions.items(), key=lambda kv: kv[0])],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


# -- statistics ---------------------------------------------------------------------------------------


@dataclass
class MergeStats:
    """What happened to the items of one or more documents."""

    agreed: int = 0
    decided: int = 0  # by the resolver (a person, the journal or --prefer)
    dropped: int = 0  # items the resolver dropped
    role_mismatch: list[str] = field(default_factory=list)  # arguments whose role the adjudicated type lacks
    superseded: int = 0  # mentions not carried over: other versions at an argument's span, fillers of arguments not taken

    def add(self, other: "MergeStats") -> None:
        self.agreed += other.agreed
        self.decided += other.decided
        self.dropped += other.dropped
        self.role_mismatch.extend(other.role_mismatch)
        self.superseded += other.superseded


# -- the merge ------------------------------------------------------------------------------------------


def event_units(docs: dict[str, Document]) -> list[dict[str, int]]:
    """Group the events of all sets: each unit maps set name -> event index, at most one per set.

    Sets are added in order; each event joins the unit whose events' triggers match it best (exact span
    first, same type preferred, then overlap), else starts a new unit. Units are ordered by trigger.
    """
    units: list[dict[str, int]] = []
    for name, doc in docs.items():

        def score(event, unit):
            best = None
            for other_name, index in unit.items():
                value = event_pair_score(event, docs[other_name].events[index], allow_overlap=True)
                if value is not None and (best is None or value > best):
                    best = value
            return best

        pairs = align(doc.events, units, score)
        paired = {i for i, _ in pairs}
        for i, j in pairs:
            units[j][name] = i
        for i in range(len(doc.events)):
            if i not in paired:
                units.append({name: i})

    def position(unit: dict[str, int]) -> tuple:
        spans = [docs[n].events[i].trigger.offsets for n, i in unit.items()]
        return (min(s for s, _ in spans), max(e for _, e in spans))

    return sorted(units, key=position)


def _slots(role, candidates: list[tuple[str, Filler]]) -> list[list[tuple[str, Filler]]]:
    """Group one role's candidate fillers into slots: all of them for a one-filler role, else by overlap."""
    if not candidates:
        return []
    if role.max == 1:
        return [candidates]
    ordered = sorted(candidates, key=lambda c: c[1].sort_key)
    groups: list[list[tuple[str, Filler]]] = []
    reach = -1
    for cand in ordered:
        if groups and cand[1].start < reach:
            groups[-1].append(cand)
            reach = max(reach, cand[1].end)
        else:
            groups.append([cand])
            reach = cand[1].end
    return groups


@dataclass
class _OutMention:
    filler: Filler
    provenance: Provenance


def merge_document(
    docs: dict[str, Document],
    resolve: Resolver,
    *,
    adjudicator: str | None = None,
    priority: Sequence[str] | None = None,
    now: datetime | None = None,
) -> tuple[Document, MergeStats]:
    """Merge the versions of one document (set name -> document, in set order; at least one).

    ``resolve`` is asked about every item the sets do not all agree on. ``priority`` orders the sets
    for entity and hopper ids and for the document's source metadata (default: set order). Returns the
    gold document (annotator ``adjudicator`` or "gold", status adjudicated, ``adjudicated_from`` the
    set names) and what happened.
    """
    names = list(docs)
    if not names:
        raise ValueError("merge_document needs at least one version")
    order = [n for n in (priority or names) if n in docs] + [n for n in names if n not in (priority or ())]
    base = docs[order[0]]
    text = base.text
    doc_id = base.id
    stats = MergeStats()
    mentions: dict[tuple, _OutMention] = {}  # (start, end, type, norm) -> output mention
    events: list[tuple[EventVersion, Provenance, str | None, Any, list[tuple[str, tuple, Provenance]]]] = []

    def had(version: Version, item: Item) -> list[str]:
        return [n for n, v in item.versions.items() if v == version and not is_empty(v)]

    def decide(item: Item) -> Resolution:
        distinct = item.distinct()
        if len(distinct) == 1 and not is_empty(distinct[0][0]):
            stats.agreed += 1
            return Resolution("agreed", distinct[0][0], Decision.AGREED)
        resolution = resolve(item)
        stats.decided += 1
        if is_empty(resolution.value):
            stats.dropped += 1
        return resolution

    def provenance(resolution: Resolution, sources: list[str]) -> Provenance:
        return Provenance(sources=sources, decision=resolution.decision, decided_by=resolution.by)

    fillers: dict[str, dict[Filler, Mention]] = {}  # set -> its mentions as fillers (the first of equal ones)
    for n in names:
        fillers[n] = {}
        for m in docs[n].mentions:
            fillers[n].setdefault(Filler.of(m), m)

    def add_mention(filler: Filler, prov: Provenance) -> tuple:
        key = (filler.start, filler.end, filler.type, filler.norm)
        if key not in mentions:
            sources = [n for n in names if filler in fillers[n]]
            mentions[key] = _OutMention(filler, prov.model_copy(update={"sources": sources}))
        return key

    # 1-2. events and their argument slots
    for unit in event_units(docs):
        versions: dict[str, Version] = {n: (EventVersion.of(docs[n].events[unit[n]]) if n in unit else None)
                                        for n in names}
        spans = [docs[n].events[i].trigger.offsets for n, i in unit.items()]
        anchor = (min(s for s, _ in spans), max(e for _, e in spans))
        key = f"{doc_id}|event|{anchor[0]}-{anchor[1]}|{digest(versions)}"
        item = Item("event", key, doc_id, f"event at {text[anchor[0]:anchor[1]]!r} [{anchor[0]},{anchor[1]})",
                    versions, text, anchor)
        resolution = decide(item)
        if is_empty(resolution.value):
            continue
        chosen: EventVersion = resolution.value  # type: ignore[assignment]
        event_sources = had(chosen, item)
        source_set = resolution.set if resolution.set in unit else next(
            (n for n in order if n in event_sources), next((n for n in order if n in unit), None))
        source_event = docs[source_set].events[unit[source_set]] if source_set else None
        cls = EVENT_TYPES[chosen.type]
        participating = [n for n in names if n in unit]
        candidates: dict[str, list[tuple[str, Filler]]] = {}
        by_id = {n: docs[n].mentions_by_id() for n in participating}
        for n in participating:
            for argument in docs[n].events[unit[n]].arguments:
                filler = Filler.of(by_id[n][argument.mention])
                if cls.role(argument.role) is None:
                    stats.role_mismatch.append(f"{doc_id}: {n}'s {argument.role} {filler.label()} does not fit "
                                               f"{chosen.type} at {chosen.text!r}")
                    continue
                candidates.setdefault(argument.role, []).append((n, filler))
        arguments: list[tuple[str, tuple, Provenance]] = []
        for role in cls.ROLES:
            for slot in _slots(role, candidates.get(role.name, [])):
                slot_versions: dict[str, Version] = {
                    n: tuple(sorted({f for m, f in slot if m == n}, key=lambda f: f.sort_key)) for n in participating}
                start = min(f.start for _, f in slot)
                end = max(f.end for _, f in slot)
                # keyed by the unit's position and the adjudicated type, not by the event versions, so
                # that a change to an event's attributes does not re-open its argument decisions
                slot_key = (f"{doc_id}|arg|{anchor[0]}-{anchor[1]}|{chosen.type}|{role.name}|{start}-{end}|"
                            f"{digest(slot_versions)}")
                slot_item = Item("argument", slot_key, doc_id, f"{chosen.type} {chosen.text!r}: {role.name} "
                                 f"({role.cardinality})", slot_versions, text, (start, end), chosen, role.name)
                slot_resolution = decide(slot_item)
                if slot_resolution.choice == "agreed" and len(participating) < len(names):
                    # agreed among the sets that had the event: it came with the event's decision
                    slot_resolution = Resolution("agreed", slot_resolution.value,
                                                 resolution.decision if resolution.decision != Decision.EDITED
                                                 else Decision.CHOSEN, by=resolution.by)
                for filler in slot_resolution.value or ():
                    prov = provenance(slot_resolution, had_filler(slot_item, filler))
                    arguments.append((role.name, add_mention(filler, prov), prov))
        events.append((chosen, provenance(resolution, event_sources), source_set, source_event, arguments))

    # 3. mentions no adjudicated argument uses, per exact span. A value mention (TIME, MONEY, TOPIC) that
    # its set used as an argument filler stands or falls with that argument and is not asked again.
    used_spans = {(k[0], k[1]) for k in mentions}
    fillers_of = {n: {a.mention for e in docs[n].events for a in e.arguments} for n in names}
    spans: dict[tuple[int, int], None] = {}
    for n in names:
        for m in docs[n].mentions:
            spans.setdefault((m.start, m.end), None)
    for span in sorted(spans):
        at_span = {n: [m for m in docs[n].mentions if (m.start, m.end) == span] for n in names}
        if span in used_spans:
            stats.superseded += sum(1 for ms in at_span.values() for m in ms
                                    if (m.start, m.end, m.type.value, Filler.of(m).norm) not in mentions)
            continue
        versions = {n: tuple(sorted({Filler.of(m) for m in ms if m.type.is_entity or m.id not in fillers_of[n]},
                                    key=lambda f: f.sort_key)) for n, ms in at_span.items()}
        if all(not v for v in versions.values()):
            stats.superseded += sum(len(ms) for ms in at_span.values())
            continue
        key = f"{doc_id}|mention|{span[0]}-{span[1]}|{digest(versions)}"
        item = Item("mention", key, doc_id, f"mention {text[span[0]:span[1]]!r} [{span[0]},{span[1]})", versions,
                    text, span)
        resolution = decide(item)
        for filler in resolution.value or ():
            add_mention(filler, provenance(resolution, had_filler(item, filler)))

    return _build(fillers, order, base, mentions, events, adjudicator, now, list(names)), stats


def had_filler(item: Item, filler: Filler) -> list[str]:
    return [n for n, v in item.versions.items() if v and filler in v]


def _build(fillers: dict[str, dict[Filler, Mention]], order: list[str], base: Document,
           mentions: dict[tuple, _OutMention], events, adjudicator, now, names: list[str]) -> Document:
    text = base.text
    # entity ids: from the first set in priority order that has the same mention with an entity id
    entity_ids: dict[tuple[str, str], str] = {}
    ordered = sorted(mentions.items(), key=lambda kv: (kv[1].filler.sort_key))
    mention_ids: dict[tuple, str] = {}
    out_mentions: list[Mention] = []
    for number, (key, out) in enumerate(ordered, start=1):
        mid = f"M{number}"
        mention_ids[key] = mid
        entity = None
        if MentionType(out.filler.type).is_entity:
            for n in order:
                found = fillers[n].get(out.filler)
                if found is not None and found.entity:
                    entity = entity_ids.setdefault((n, found.entity), f"E{len(entity_ids) + 1}")
                    break
        f = out.filler
        out_mentions.append(Mention(id=mid, type=f.type, start=f.start, end=f.end, text=text[f.start:f.end],
                                    entity=entity, time=f.time, money=f.money, provenance=out.provenance))
    hoppers: dict[tuple[str, str], str] = {}
    out_events = []
    for number, (version, prov, source_set, source_event, arguments) in enumerate(events, start=1):
        cls = EVENT_TYPES[version.type]
        role_order = {r.name: i for i, r in enumerate(cls.ROLES)}
        args = sorted(arguments, key=lambda a: (role_order[a[0]], mentions[a[1]].filler.sort_key))
        coref = None
        if source_event is not None and source_event.coref:
            coref = hoppers.setdefault((source_set, source_event.coref), f"H{len(hoppers) + 1}")
        out_events.append(cls(
            id=f"EV{number}",
            trigger=Span(start=version.start, end=version.end, text=text[version.start:version.end]),
            arguments=[Argument(role=role, mention=mention_ids[key], provenance=p) for role, key, p in args],
            attributes=Attributes(realis=version.realis, polarity=version.polarity, tense=version.tense),
            coref=coref,
            cluster=source_event.cluster if source_event is not None else None,
            notes=source_event.notes if source_event is not None else None,
            provenance=prov,
        ))
    stamp = now or datetime.now(timezone.utc)
    return Document(
        id=base.id, text=text, source=base.source,
        annotation=AnnotationInfo(annotator=adjudicator or "gold", status="adjudicated",
                                  modified=stamp, adjudicated_from=list(names)),
        mentions=out_mentions, events=out_events,
    )


__all__ = [
    "EventVersion", "Filler", "Item", "MergeStats", "Resolution", "Resolver", "Version", "event_units",
    "is_empty", "merge_document", "version_from_json", "version_label", "version_to_json",
]
