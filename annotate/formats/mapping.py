"""Explicit label mapping for imports of foreign annotations.

Other tools name things their own way (``PERSON``, ``Meeting``, ``agent``). An import maps every
foreign label to the schema through a :class:`LabelMapping`; eventgold's own labels map to themselves;
everything else is *unmapped* and reported (never guessed, never silently dropped).

A mapping comes from ``--map FOREIGN=OURS`` options and/or a small file (TOML or JSON)::

    # labels.toml
    [mentions]            # span labels that become mentions (PER ORG GPE LOC FAC MONEY TIME TOPIC)
    PERSON = "PER"
    DATE = "TIME"
    [events]              # span labels (brat: T/E types) that become event triggers
    Meeting = "Visit"
    [roles]               # relation labels / brat roles that become argument roles, any event type
    agent = "Visitor"
    [roles.Loan]          # roles for one (eventgold) event type only; they win over [roles]
    giver = "Lender"
    [relations]           # relation labels that mean entity coreference
    SameAs = "Coreference"
    [attributes]          # event attributes (brat A lines): NAME or NAME:VALUE -> ours
    Negation = "polarity:negative"       # a binary attribute sets a value
    Modality = "realis"                  # values taken as they are (lower-cased)
    "Modality:Speculated" = "realis:other"
    ignore = ["MISC", "Sentiment"]   # labels deliberately left out (reported as ignored, not as errors)

``ignore`` (or ``--map LABEL=-``) works for every kind of label: span and event types, roles, relation
labels, attributes, brat ``N`` databases (``Wikipedia``), brat note types (``#`` lines), and Label
Studio's unlabeled regions or relations (``(no label)``). ``--map Loan:Site=-`` (or ``Site = "-"`` in
``[roles.Loan]``) ignores a role for one event type only. Whatever points at an ignored item (a relation,
an argument, a note, a normalization) is ignored with it and counted in the report.

On the command line the kind is inferred from the target: ``--map PERSON=PER`` (a mention type),
``--map Meeting=Visit`` (an event type), ``--map agent=Visitor`` (a role), ``--map SameAs=Coreference``,
``--map Negation=polarity:negative`` (an attribute), ``--map MISC=-`` (ignore).
``--map Loan:giver=Lender`` maps a role for one event type, and
``--map role:Agent=Visitor`` / ``mention:`` / ``event:`` force the kind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from schema import ATTRIBUTES, EVENT_TYPES, MentionType

from ..errors import DataError, StorageError, UsageError

#: What a relation label maps to when it means entity coreference (brat's ``Equiv`` is built in).
COREFERENCE = "Coreference"
IGNORE = "-"
KINDS = ("mentions", "events", "roles", "relations", "attributes")
_MENTION_TYPES = {t.value for t in MentionType}
_ALL_ROLES = {role.name for cls in EVENT_TYPES.values() for role in cls.ROLES}


@dataclass
class LabelMapping:
    """Foreign label -> eventgold label, per kind; ``ignore`` lists labels deliberately left out."""

    mentions: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    event_roles: dict[str, dict[str, str]] = field(default_factory=dict)  # our event type -> {foreign: ours}
    relations: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)  # "Name" or "Name:Value" -> "ours" or "ours:value"
    ignore: set[str] = field(default_factory=set)

    # -- lookups ---------------------------------------------------------------------------------
    def span_label(self, label: str) -> tuple[str, str] | None:
        """``("mention", "PER")`` or ``("event", "Visit")`` for a span label, ``("ignore", label)``,
        or None when the label does not map."""
        if label in self.ignore:
            return ("ignore", label)
        if label in self.events:
            return ("event", self.events[label])
        if label in self.mentions:
            return ("mention", self.mentions[label])
        if label in EVENT_TYPES:
            return ("event", label)
        if label in _MENTION_TYPES:
            return ("mention", label)
        return None

    def role(self, event_type: str, label: str) -> str | None:
        """The schema role for a foreign role label of an event of ``event_type``, :data:`IGNORE` when
        the label is ignored (for that event type, ``Loan:Site=-``, or for all, ``Site=-``), or None.

        brat numbers repeated roles (``Party2``); a trailing number is removed before lookup.
        """
        for candidate in (label, label.rstrip("0123456789")):
            if not candidate:
                continue
            specific = self.event_roles.get(event_type, {})
            if candidate in specific:
                return specific[candidate]
            if candidate in self.ignore:
                return IGNORE
            if candidate in self.roles:
                return self.roles[candidate]
            cls = EVENT_TYPES.get(event_type)
            if cls is not None and cls.role(candidate) is not None:
                return candidate
        return None

    def attribute(self, name: str, value: str | None) -> tuple[str, str] | None:
        """``(our attribute, our value)`` for a foreign attribute ``name`` with ``value`` (None for a
        binary attribute), or None when it does not map. Values are checked by the caller."""
        for key in ((f"{name}:{value}", name) if value is not None else (name,)):
            target = self.attributes.get(key)
            if target is not None:
                ours, _, fixed = target.partition(":")
                if fixed:
                    return ours, fixed
                return (ours, value.lower()) if value is not None else None
        if name.lower() in ATTRIBUTES and value is not None:
            return name.lower(), value.lower()
        return None

    def is_coreference(self, label: str) -> bool:
        return label in ("Equiv", COREFERENCE) or self.relations.get(label) == COREFERENCE

    def is_ignored(self, label: str) -> bool:
        return label in self.ignore

    def frozen(self) -> "FrozenMapping":
        """A copy whose lookups are remembered (an import asks the same few labels thousands of times);
        for the length of one import, which never changes its mapping."""
        copied = FrozenMapping(**{f.name: copy.deepcopy(getattr(self, f.name)) for f in fields(self)})
        return copied

    # -- building --------------------------------------------------------------------------------
    def add(self, foreign: str, ours: str, *, kind: str | None = None, event_type: str | None = None) -> None:
        """Map ``foreign`` to ``ours``; ``kind`` is inferred from ``ours`` when not given."""
        foreign, ours = foreign.strip(), ours.strip()
        if not foreign:
            raise UsageError(f"empty foreign label in mapping {foreign}={ours}")
        if ours == IGNORE:
            if event_type is not None:  # Loan:Site=- ignores the role Site of Loan events only
                if event_type not in EVENT_TYPES:
                    raise UsageError(f"{event_type}:{foreign}={ours}: {event_type!r} is not an event type")
                self.event_roles.setdefault(event_type, {})[foreign] = IGNORE
            else:
                self.ignore.add(foreign)
            return
        kind = kind or _infer_kind(ours, event_type)
        if kind == "mentions":
            if ours not in _MENTION_TYPES:
                raise UsageError(f"{foreign}={ours}: {ours!r} is not a mention type "
                                 f"({', '.join(sorted(_MENTION_TYPES))})")
            self.mentions[foreign] = ours
        elif kind == "events":
            if ours not in EVENT_TYPES:
                raise UsageError(f"{foreign}={ours}: {ours!r} is not an event type ({', '.join(EVENT_TYPES)})")
            self.events[foreign] = ours
        elif kind == "roles":
            if event_type is not None:
                cls = EVENT_TYPES.get(event_type)
                if cls is None:
                    raise UsageError(f"{event_type}:{foreign}={ours}: {event_type!r} is not an event type")
                if cls.role(ours) is None:
                    raise UsageError(f"{event_type}:{foreign}={ours}: {event_type} has no role {ours!r} "
                                     f"({', '.join(cls.role_names())})")
                self.event_roles.setdefault(event_type, {})[foreign] = ours
            else:
                if ours not in _ALL_ROLES:
                    raise UsageError(f"{foreign}={ours}: {ours!r} is not a role of any event type")
                self.roles[foreign] = ours
        elif kind == "attributes":
            name, _, value = ours.partition(":")
            if name not in ATTRIBUTES:
                raise UsageError(f"{foreign}={ours}: {name!r} is not an attribute ({', '.join(ATTRIBUTES)})")
            if value and value not in {m.value for m in ATTRIBUTES[name]}:
                raise UsageError(f"{foreign}={ours}: {name} has no value {value!r} "
                                 f"({', '.join(m.value for m in ATTRIBUTES[name])})")
            self.attributes[foreign] = ours
        elif kind == "relations":
            if ours != COREFERENCE:
                raise UsageError(f"{foreign}={ours}: a relation label can only map to {COREFERENCE}")
            self.relations[foreign] = ours
        else:
            raise UsageError(f"unknown mapping kind {kind!r}: use mention, event, role or relation")

    def to_dict(self) -> dict:
        data: dict = {kind: dict(getattr(self, kind)) for kind in KINDS if getattr(self, kind)}
        for event_type, roles in self.event_roles.items():
            data.setdefault("roles", {})[event_type] = dict(roles)
        if self.ignore:
            data["ignore"] = sorted(self.ignore)
        return data


@dataclass
class FrozenMapping(LabelMapping):
    """A :class:`LabelMapping` that remembers the answers of its lookups (see :meth:`LabelMapping.frozen`);
    the same answers, as long as it is not changed (:meth:`add` forgets them)."""

    def __post_init__(self) -> None:
        self._spans: dict[str, tuple[str, str] | None] = {}
        self._roles: dict[tuple[str, str], str | None] = {}
        self._attributes: dict[tuple[str, str | None], tuple[str, str] | None] = {}

    def span_label(self, label: str) -> tuple[str, str] | None:
        try:
            return self._spans[label]
        except KeyError:
            found = self._spans[label] = LabelMapping.span_label(self, label)
            return found

    def role(self, event_type: str, label: str) -> str | None:
        key = (event_type, label)
        try:
            return self._roles[key]
        except KeyError:
            found = self._roles[key] = LabelMapping.role(self, event_type, label)
            return found

    def attribute(self, name: str, value: str | None) -> tuple[str, str] | None:
        key = (name, value)
        try:
            return self._attributes[key]
        except KeyError:
            found = self._attributes[key] = LabelMapping.attribute(self, name, value)
            return found

    def add(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.__post_init__()
        super().add(*args, **kwargs)

    def frozen(self) -> "FrozenMapping":
        return self


def _infer_kind(ours: str, event_type: str | None) -> str:
    if event_type is not None:
        return "roles"
    if ours in _MENTION_TYPES:
        return "mentions"
    if ours in EVENT_TYPES:
        return "events"
    if ours == COREFERENCE:
        return "relations"
    if ours.partition(":")[0] in ATTRIBUTES:
        return "attributes"
    if ours in _ALL_ROLES:
        return "roles"
    raise UsageError(
        f"{ours!r} is not an eventgold label: expected a mention type ({', '.join(sorted(_MENTION_TYPES))}), "
        f"an event type ({', '.join(EVENT_TYPES)}), a role ({', '.join(sorted(_ALL_ROLES))}), "
        f"{COREFERENCE}, an attribute ({', '.join(ATTRIBUTES)}, optionally :VALUE), or - to ignore"
    )


_KIND_PREFIXES = {"mention": "mentions", "event": "events", "role": "roles", "relation": "relations",
                  "attribute": "attributes"}


def parse_map_option(option: str, mapping: LabelMapping) -> None:
    """Add one ``--map`` value (``FOREIGN=OURS``, ``KIND:FOREIGN=OURS`` or ``EVENTTYPE:FOREIGN=ROLE``)."""
    foreign, sep, ours = option.rpartition("=")
    if not sep or not foreign or not ours:
        raise UsageError(f"--map {option!r}: expected FOREIGN=OURS, e.g. --map PERSON=PER")
    kind = event_type = None
    prefix, colon, rest = foreign.partition(":")
    if colon and prefix in _KIND_PREFIXES:
        kind, foreign = _KIND_PREFIXES[prefix], rest
    elif colon and prefix in EVENT_TYPES:
        event_type, foreign = prefix, rest
    mapping.add(foreign, ours, kind=kind, event_type=event_type)


def load_mapping_file(path: str | Path, mapping: LabelMapping | None = None) -> LabelMapping:
    """Read a mapping file (``.toml`` or ``.json``, the layout in this module's docstring)."""
    mapping = mapping if mapping is not None else LabelMapping()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StorageError(f"{p}: cannot read mapping file: {exc.strerror or exc}") from exc
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(raw)
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError(f"not a valid mapping file: {exc}", file=p) from None
    if not isinstance(data, Mapping):
        raise DataError("a mapping file is a table of [mentions], [events], [roles], [relations], [attributes], "
                        "ignore", file=p)
    for key, value in data.items():
        try:
            if key == "ignore":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise DataError("ignore must be a list of labels", file=p, field="ignore")
                mapping.ignore.update(value)
            elif key in KINDS:
                if not isinstance(value, Mapping):
                    raise DataError(f"[{key}] must be a table of FOREIGN = OURS", file=p, field=key)
                for foreign, ours in value.items():
                    if key == "roles" and isinstance(ours, Mapping):
                        for role_foreign, role_ours in ours.items():
                            mapping.add(role_foreign, _string(role_ours, p, f"roles.{foreign}.{role_foreign}"),
                                        kind="roles", event_type=foreign)
                    else:
                        mapping.add(foreign, _string(ours, p, f"{key}.{foreign}"), kind=key)
            else:
                raise DataError(f"unknown section {key!r} (expected {', '.join(KINDS)} or ignore)", file=p, field=key)
        except UsageError as exc:
            raise DataError(str(exc), file=p, field=key) from None
    return mapping


def _string(value: object, path: Path, field_name: str) -> str:
    if not isinstance(value, str):
        raise DataError(f"expected a label string, got {value!r}", file=path, field=field_name)
    return value


def build_mapping(*, options: Iterable[str] = (), files: Iterable[str | Path] = ()) -> LabelMapping:
    """A mapping from mapping files, then ``--map`` options (options win)."""
    mapping = LabelMapping()
    for path in files:
        load_mapping_file(path, mapping)
    for option in options:
        parse_map_option(option, mapping)
    return mapping


__all__ = ["COREFERENCE", "IGNORE", "FrozenMapping", "LabelMapping", "build_mapping", "load_mapping_file", "parse_map_option"]
