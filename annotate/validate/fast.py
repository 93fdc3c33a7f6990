"""The fast path of the validator: prove that a line has no incident at levels 1-3, cheaply.

Most lines of a corpus are valid, and for them the detailed checks only need to say "nothing to
report". :func:`clean_record` does that on plain dicts: it validates the line with a pydantic-core
validator built from the very core schema of :class:`schema.Document`, with every model turned into a
typed dict of the same fields (same field schemas, same strictness, extra keys forbidden; defaults left
out, so that each dict holds exactly the keys of its JSON object). That skips building ~150 model
instances per document, which is about a third of pydantic's time. The two model validators of the
schema (``Span._length_agrees``, ``Mention._normalization_fits_type``) are re-checked in Python, and
the level 1 (duplicate keys) and level 3 tests are the fast tests of
:func:`annotate.validate.content.scan_document`, on dicts.

The fast path never reports anything: it returns the few values that level 4 needs when the line is
provably clean, and None on any doubt (pydantic refused it, a check failed, the key counts differ...).
For a complete or adjudicated document the same loop also gathers what level 5 would otherwise look
up mention by mention (orphans, entity ids, gazetteer names: :attr:`CleanRecord.guidelines`), so that
level 5 only runs its document-wide tests (:func:`annotate.validate.guidelines.clean_incidents`); when
one of those facts says "maybe", level 5 reads the whole document as before.
The caller then runs the detailed path (the :class:`~schema.Document` model, :mod:`.format`,
:mod:`.content`), which finds and words the incidents. So what is reported never depends on this module.

If the schema ever holds something this conversion does not know (another validator, aliases, a
computed field...), :data:`FAST_VALIDATOR` is None and every line takes the detailed path.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple

from pydantic_core import SchemaValidator, to_json

from schema import Document, MentionType, MoneyValue, Realis, TimeValue, TimexType
from schema.entities import ENTITY_TYPES, Mention
from schema.spans import Span

from . import content
from .format import _SPACED_KEY
from .guidelines import _PLACES, CHECKED_STATUSES, _place_kind

_TIME, _MONEY, _GPE = MentionType.TIME, MentionType.MONEY, MentionType.GPE
_GENERIC, _ACTUAL = Realis.GENERIC, Realis.ACTUAL
#: What a TIME normalization without "type" is (the default of TimeValue.type).
_DEFAULT_TIMEX_TYPE: TimexType = TimeValue.model_fields["type"].default

_SPACE_COLON = re.compile(rb" :")

#: The number of required fields of a mention (a mention dict with no more keys has no optional one).
_MENTION_REQUIRED = sum(field.is_required() for field in Mention.model_fields.values())

#: The model validators the fast path checks itself (in :func:`clean_record`), by identity.
_RECHECKED = {Span._length_agrees, Mention._normalization_fits_type}


class _Unsupported(Exception):
    """The core schema holds something the typed-dict conversion does not handle."""


def _typed_dict_schema(node: Any) -> Any:
    """``node`` (a pydantic core schema) with every model replaced by a typed dict of its fields."""
    if isinstance(node, list):
        return [_typed_dict_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind in ("definitions", "definition-ref"):
        raise _Unsupported(kind)
    if isinstance(kind, str) and kind.startswith("function-"):
        validator = node.get("function", {}).get("function")
        if kind != "function-after" or validator not in _RECHECKED:
            raise _Unsupported(f"{kind} {validator!r}")
        return _typed_dict_schema(node["schema"])
    if kind == "model":
        if node.get("custom_init") or node.get("root_model") or node.get("post_init"):
            raise _Unsupported("model with custom init, root model or post init")
        inner = node["schema"]
        if inner.get("type") != "model-fields" or inner.get("computed_fields") or inner.get("extras_schema"):
            raise _Unsupported("model fields")
        config = dict(node.get("config") or {})
        if config.get("extra_fields_behavior") != "forbid":
            raise _Unsupported("a model that allows extra fields")
        fields = {}
        for name, field in inner["fields"].items():
            if set(field) - {"type", "schema", "metadata", "serialization_exclude"}:
                raise _Unsupported(f"field {name}: {sorted(field)}")
            schema = field["schema"]
            required = True
            if schema.get("type") == "default":
                if schema.get("validate_default"):
                    raise _Unsupported(f"field {name}: validate_default")
                required = False
                schema = schema["schema"]
            fields[name] = {"type": "typed-dict-field", "schema": _typed_dict_schema(schema), "required": required}
        return {"type": "typed-dict", "fields": fields, "extra_behavior": "forbid",
                "strict": bool(config.get("strict")), "config": config}
    return {key: _typed_dict_schema(value) for key, value in node.items() if key != "ref"}


def typed_dict_validator(model: type) -> SchemaValidator | None:
    """A validator of ``model``'s fields (a pydantic model of :mod:`schema`) that returns typed dicts:
    the model's own core schema, every model turned into a typed dict (see the module's docstring; the
    model validators ``Span._length_agrees`` and ``Mention._normalization_fits_type`` are the caller's to
    check). None when the schema holds something the conversion does not know."""
    core = model.__pydantic_core_schema__
    try:
        return SchemaValidator(_typed_dict_schema(core), core.get("config"))
    except _Unsupported:
        return None


#: The typed-dict validator of a corpus line, or None when the schema cannot be converted.
FAST_VALIDATOR = typed_dict_validator(Document)
_validate_json = FAST_VALIDATOR.validate_json if FAST_VALIDATOR is not None else None


class CleanRecord(NamedTuple):
    """What levels 4 and 5 need of a line that has no incident at levels 1-3."""

    doc_id: str
    annotator: str
    text: str
    text_sha256: bytes
    #: (event index, cluster id, event type) of the events that have a cluster id
    clusters: list[tuple[int, str, str]]
    #: the validated line as typed dicts (what level 5 reads; only the keys the line has)
    data: dict
    #: What level 5 (:func:`annotate.validate.guidelines.clean_incidents`) needs when the mentions and
    #: events passed its per-mention and per-event tests here: every mention fills an argument, every
    #: entity mention has an entity id (of one type: level 3 here), no entity mention that is not GPE
    #: names a place in the gazetteer, no two events share a type and trigger. Then it is
    #: ``(sorted trigger starts of the actual events, whether a hopper has two events or more, the
    #: UTF-8 text)``; None when one of those tests failed (level 5 then reads the whole document).
    guidelines: tuple[list[int], bool, bytes] | None = None


#: (event type, is generic, *roles) -> whether the roles meet the minima (unless generic) and maxima
#: of the type; cleared when it reaches _MEMO_SIZE entries.
_CARDINALITY_OK: dict[tuple, bool] = {}
_MEMO_SIZE = 4096


def _cardinality_ok(pattern: tuple, required: list[tuple[str, int]], maximum: dict[str, int]) -> bool:
    generic, roles = pattern[1], pattern[2:]
    verdict = (generic or all(roles.count(name) >= least for name, least in required)) and all(
        roles.count(name) <= most for name, most in maximum.items())
    if len(_CARDINALITY_OK) >= _MEMO_SIZE:
        _CARDINALITY_OK.clear()
    _CARDINALITY_OK[pattern] = verdict
    return verdict


def clean_record(raw: bytes) -> CleanRecord | None:
    """The level 4 values of ``raw`` when it provably has no level 1-3 incident (not even a warning),
    else None: then the detailed path decides. ``raw`` is one line, already known to be non-blank and
    not too long. Also tells level 5 what it can skip (:attr:`CleanRecord.guidelines`)."""
    if _validate_json is None:
        return None
    try:
        doc = _validate_json(raw)
    except ValueError:  # pydantic_core.ValidationError: the detailed path words it
        return None
    text = doc["text"]
    size = len(text)
    encoded = text.encode("utf-8", "surrogatepass")
    hashed = hashlib.sha256(encoded)
    source = doc["source"]
    if source["sha256"] != hashed.hexdigest():
        return None
    annotation = doc["annotation"]
    keys = len(doc) + len(source) + len(annotation)
    # level 5 checks complete and adjudicated documents only; for a draft its facts are not gathered
    suspect = annotation["status"] not in CHECKED_STATUSES
    dct = source.get("dct")
    if dct is not None:
        keys += len(dct)
        if content._dct_problem(dct["value"]):
            return None

    timex_known = content._TIMEX_KNOWN
    money_valid = content._MONEY_VALID
    entity_kinds = ENTITY_TYPES
    places = _PLACES
    places_get = places.get
    mentions = doc.get("mentions", ())
    mention_types: dict[str, MentionType] = {}
    entity_types: dict[str, MentionType] = {}
    for mention in mentions:
        start = mention["start"]
        end = mention["end"]
        span_text = mention["text"]
        mtype = mention["type"]
        mention_types[mention["id"]] = mtype
        fields = len(mention)
        keys += fields
        # exact (start >= 0 is the schema's; a non-empty text that equals the slice makes start < end
        # and Span._length_agrees hold), no word cut, no white space at the edges
        if (end > size or text[start:end] != span_text
                or (start and text[start - 1].isalnum() and span_text[0].isalnum())
                or (end < size and text[end].isalnum() and span_text[-1].isalnum())
                or span_text.strip() is not span_text):
            return None
        if fields == _MENTION_REQUIRED:  # no entity, normalization or provenance
            if mtype is _TIME or mtype is _MONEY:
                return None
            if mtype in entity_kinds:
                suspect = True  # an entity mention without entity id (level 5)
            continue
        if mtype in entity_kinds:
            entity = mention.get("entity")
            if entity is None:
                suspect = True  # an entity mention without entity id (level 5)
            elif entity_types.setdefault(entity, mtype) is not mtype:
                return None
            elif mtype is not _GPE and not suspect:  # level 5: a PER, ORG, LOC or FAC naming a place?
                kind = places_get(span_text, places)
                if kind is places:
                    kind = _place_kind(span_text)
                if kind is not None:
                    suspect = True
            if fields == _MENTION_REQUIRED + 1 and entity is not None:
                continue  # the entity id is its one optional field
            if mention.get("time") is not None or mention.get("money") is not None:  # _normalization_fits_type
                return None
        else:
            time = mention.get("time")
            money = mention.get("money")
            if mtype is _TIME:
                if time is None or money is not None:
                    return None
                keys += len(time)
                key = (time["value"], time.get("type", _DEFAULT_TIMEX_TYPE))
                problem = timex_known.get(key, content._UNKNOWN)
                if problem is content._UNKNOWN:
                    problem = content._timex_problem(TimeValue.model_construct(value=key[0], type=key[1]))
                if problem:
                    return None
            elif mtype is _MONEY:
                if money is None or time is not None:
                    return None
                keys += len(money)
                if ((money["currency"], money.get("amount"), money.get("min"), money.get("max")) not in money_valid
                        and not content._money_valid(MoneyValue.model_construct(**money))):
                    return None
            elif time is not None or money is not None:  # Mention._normalization_fits_type
                return None
            if mention.get("entity") is not None:  # a value mention with an entity id
                return None
        provenance = mention.get("provenance")
        if provenance is not None:
            keys += len(provenance)
    if len(mention_types) != len(mentions):
        return None

    events = doc.get("events", ())
    event_ids = set()
    triggers = set()
    hoppers: dict[str, str] = {}
    corefs = 0
    used: set[str] = set()
    actual: list[int] = []
    clusters = []
    tables = content._TABLES
    cardinality_ok = _CARDINALITY_OK
    for index, event in enumerate(events):
        etype = event["type"]
        fillers, required, maximum = tables[etype]
        trigger = event["trigger"]
        attributes = event["attributes"]
        event_ids.add(event["id"])
        keys += len(event) + len(trigger) + len(attributes)
        if "provenance" in event:
            provenance = event["provenance"]
            if provenance is not None:
                keys += len(provenance)
        start = trigger["start"]
        end = trigger["end"]
        span_text = trigger["text"]
        if (not 0 <= start < end <= size or text[start:end] != span_text
                or (start and text[start - 1].isalnum() and span_text[0].isalnum())
                or (end < size and text[end].isalnum() and span_text[-1].isalnum())
                or span_text.strip() is not span_text):
            return None
        roles = []
        fillers_of = []
        for argument in event.get("arguments", ()):
            name = argument["role"]
            mention_id = argument["mention"]
            fields = len(argument)
            keys += fields
            if fields > 2:  # more than role and mention: a provenance
                provenance = argument.get("provenance")
                if provenance is not None:
                    keys += len(provenance)
            allowed = fillers.get(name)
            if allowed is None or mention_types.get(mention_id) not in allowed:
                return None
            roles.append(name)
            fillers_of.append(mention_id)
        if len(set(fillers_of)) != len(fillers_of) and len(set(zip(roles, fillers_of))) != len(roles):
            return None
        used.update(fillers_of)
        # required roles and maxima depend on the type, the realis and the list of roles only
        realis = attributes["realis"]
        pattern = (etype, realis is _GENERIC, *roles)
        verdict = cardinality_ok.get(pattern)
        if verdict is None:
            verdict = _cardinality_ok(pattern, required, maximum)
        if not verdict:
            return None
        # a second event with this type and trigger may be a duplicate event: the detailed path decides
        signature = (etype, start, end)
        if signature in triggers:
            return None
        triggers.add(signature)
        if realis is _ACTUAL:
            actual.append(start)
        coref = event.get("coref")
        if coref is not None:
            corefs += 1
            if hoppers.setdefault(coref, etype) != etype:
                return None
        cluster = event.get("cluster")
        if cluster is not None:
            clusters.append((index, cluster, etype))
    if len(event_ids) != len(events):
        return None

    # level 1: no duplicate key (see format.hidden_format_incident for why this count is exact). The
    # content of the "text" string cannot hold a key, so it is left out of the scans when it is found.
    if not _no_hidden_key(raw, keys, encoded, text):
        return None
    # level 5: an orphan mention is one that no argument uses (every argument's mention exists: above)
    if suspect or len(used) != len(mention_types):
        guidelines = None
    else:
        actual.sort()
        guidelines = (actual, corefs > len(hoppers), encoded)
    return CleanRecord(doc["id"], annotation["annotator"], text, hashed.digest(), clusters, doc, guidelines)


def _no_hidden_key(raw: bytes, keys: int, encoded: bytes, text: str) -> bool:
    """True when the number of keys in ``raw`` is ``keys`` (what the dicts received) and no key is
    followed by white space: then no key was repeated. ``encoded`` is the UTF-8 of the text. (First
    test: the number of colons outside the text is ``keys``; see below.)

    Every key is a string followed by ``":``; inside a string a quote is always escaped (``\\"``), so
    ``":`` not preceded by a backslash ends a key (valid keys, field names, hold no backslash). The
    scans skip the content of the ``"text"`` string when they can find it exactly: the first
    ``"text":"`` of the line is a key (a quote inside a string is escaped, and a key ending in
    ``\\"text`` is not a field name) followed by its value, which ends at the next quote when the line
    has no backslash, and otherwise is the canonical JSON of the text when it was written that way.
    """
    size = len(raw)
    start = end = size  # [start, end): string content left out of the scans
    escaped = raw.find(b"\\") != -1
    at = raw.find(b'"text":"')
    if at != -1:
        if not escaped:
            start = at + 8
            end = raw.find(b'"', start)
        else:
            literal = to_json(text)
            if raw.startswith(literal, at + 7):
                start, end = at + 8, at + 6 + len(literal)
    # Outside strings a colon follows a key, and only there; so the colons outside the text, when they
    # are no more than the keys the dicts received, are exactly those keys, each written once (and
    # counting one byte is about twice as fast as counting two).
    if raw.count(b":", 0, start) + raw.count(b":", end) == keys:
        return True
    found = raw.count(b'":', 0, start) + raw.count(b'":', end)
    if escaped:  # an escaped quote before a colon inside a string is not a key
        found -= raw.count(b'\\":', 0, start) + raw.count(b'\\":', end)
    if found != keys:
        return False
    # JSON strings cannot hold a raw tab or CR, so one in the line is white space between tokens.
    # (re finds the two bytes " :" about twice as fast as bytes.find does on such lines)
    if (raw.find(b"\t") != -1 or raw.find(b"\r") != -1 or _SPACE_COLON.search(raw, 0, start) is not None
            or _SPACE_COLON.search(raw, end) is not None):
        return _SPACED_KEY.search(raw) is None
    return True
