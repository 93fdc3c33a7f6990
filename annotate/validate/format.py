"""Level 1: is a line one well-formed JSON object? Diagnoses what pydantic's parser refused, and the
one thing it accepts silently (duplicate keys).

Strategy (see ``docs/validation.md``, "Speed"): a line is first given to pydantic-core (in Rust: on
the fast path, :mod:`annotate.validate.fast`, the same schema into dicts; on the detailed path,
``Document.model_validate_json``). When that succeeds, only duplicate keys remain possible at this
level, and they are ruled out cheaply by comparing the number of keys in the raw line with the number
of keys the dicts or models received (:func:`hidden_format_incident`). When it fails, :func:`parse_line`
re-reads the line with Python's ``json`` module, with hooks that see what ``json.loads`` would
otherwise accept (NaN, duplicate keys, lone surrogates, numbers beyond a float) and report it.
"""

from __future__ import annotations

import json
import math
import re

from pydantic import BaseModel

from annotate.jsonl import MAX_LINE_BYTES
from schema import Document

from .incident import Incident, format_path, incident

#: Deepest JSON nesting accepted. A corpus line nests at most 7 containers (document, events, event,
#: arguments, argument, provenance, sources); 64 leaves room and stops pathological input early.
MAX_DEPTH = 64

_BOM = b"\xef\xbb\xbf"
_SPACED_KEY = re.compile(rb'"[ \t\r]+:')


class _Found(Exception):
    """Raised from a json hook to stop parsing at the first level 1 problem."""

    def __init__(self, problem: Incident) -> None:
        super().__init__(problem.message)
        self.problem = problem


def line_incident(raw: bytes) -> Incident | None:
    """Problems visible before parsing: a blank line, an over-long line."""
    if len(raw) > MAX_LINE_BYTES:
        return incident("line-too-long", f"the line is longer than {MAX_LINE_BYTES} bytes; expected one "
                                         "document per line, at most that long")
    if not raw or raw.isspace():
        return incident("blank-line", "blank line; expected one JSON object per line (remove the line)")
    return None


def _object_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Found(incident("duplicate-key", f"key {key[:80]!r} appears twice in one object; "
                                                       "expected each key once"))
            seen.add(key)
    return result


def _constant(name: str) -> float:
    raise _Found(incident("json-nan", f"{name} is not JSON; expected a finite number"))


def _float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _Found(incident("huge-number", f"number {literal[:40]} does not fit a 64-bit float; expected "
                                             "at most about 1.8e308"))
    return value


def _path(parts: tuple) -> str:
    return format_path(parts)


def _bad_string(value: object) -> Incident | None:
    """Lone surrogates anywhere in ``value``, and nesting deeper than :data:`MAX_DEPTH`."""
    stack: list[tuple[object, int, tuple]] = [(value, 1, ())]
    while stack:
        item, level, where = stack.pop()
        if level > MAX_DEPTH:
            return incident("too-deep", f"JSON nesting deeper than {MAX_DEPTH} levels; expected a corpus record",
                            _path(where[:8]) or None)
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return incident("lone-surrogate",
                                f"string has a lone surrogate \\u{ord(item[exc.start]):04x} at code point "
                                f"{exc.start}; expected characters (write an emoji as the character, or as a "
                                "surrogate pair)", _path(where) or None)
        elif isinstance(item, dict):
            for key, sub in item.items():
                stack.append((key, level, where))
                stack.append((sub, level + 1, (*where, key)))
        elif isinstance(item, list):
            stack.extend((sub, level + 1, (*where, index)) for index, sub in enumerate(item))
    return None


_ID = re.compile(rb'"id"\s*:\s*"([A-Za-z0-9][A-Za-z0-9_.:\-]{0,127})"')


def peek_document_id(raw: bytes) -> str | None:
    """The document id of a raw line that could not be parsed, if it can be found (for messages).

    In the canonical field order the document's ``id`` is the first ``"id"`` key of the line.
    """
    match = _ID.search(raw, 0, 4096)
    return match.group(1).decode("ascii") if match else None


def parse_line(raw: bytes) -> tuple[object, Incident | None]:
    """Parse one line strictly: ``(value, None)``, or ``(None, incident)`` at the first level 1 problem."""
    problem = line_incident(raw)
    if problem:
        return None, problem
    if raw.startswith(_BOM):
        return None, incident("byte-order-mark", "the line starts with a UTF-8 byte order mark (EF BB BF); "
                                                 "expected plain UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, incident("not-utf8", f"byte {exc.start} (0x{raw[exc.start]:02x}) is not valid UTF-8 "
                                          f"({exc.reason}); expected UTF-8 text")
    try:
        value = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_constant, parse_float=_float)
    except _Found as found:
        return None, found.problem
    except json.JSONDecodeError as exc:
        near = f"near {text[exc.pos:exc.pos + 20]!r}" if exc.pos < len(text) else "at the end of the line: truncated?"
        return None, incident("not-json", f"{exc.msg} at column {exc.colno} ({near}); expected one JSON "
                                          "object per line")
    except RecursionError:
        return None, incident("too-deep", f"JSON nesting is too deep to read; expected at most {MAX_DEPTH} levels")
    except ValueError as exc:  # an integer with more digits than Python converts (4300)
        return None, incident("huge-number", f"{str(exc).split(';')[0]}; expected a number of a sensible size")
    problem = _bad_string(value)
    if problem:
        return None, problem
    if not isinstance(value, dict):
        return None, incident("not-an-object", f"the line is a JSON {_json_type(value)}; expected an object "
                                               '{"id": ..., "text": ...}')
    return value, None


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def format_incidents(raw: bytes) -> list[Incident]:
    """The level 1 incidents of one line (empty when it is one well-formed JSON object)."""
    return [problem] if (problem := parse_line(raw)[1]) else []


# -- fast duplicate-key check on the model-validated path ---------------------------------------

def _count_keys(doc: Document) -> int:
    """Number of keys the JSON of ``doc`` had: the fields each (nested) model received.

    Written out for the shape of :class:`schema.Document` (a generic walk costs more than parsing);
    ``tests/test_validate_format.py`` checks it against a generic count.
    """
    count = len(doc.__pydantic_fields_set__)
    source = doc.source
    count += len(source.__pydantic_fields_set__)
    if source.dct is not None:
        count += len(source.dct.__pydantic_fields_set__)
    count += len(doc.annotation.__pydantic_fields_set__)
    for mention in doc.mentions:
        count += len(mention.__pydantic_fields_set__)
        if mention.time is not None:
            count += len(mention.time.__pydantic_fields_set__)
        if mention.money is not None:
            count += len(mention.money.__pydantic_fields_set__)
        if mention.provenance is not None:
            count += len(mention.provenance.__pydantic_fields_set__)
    for event in doc.events:
        count += (len(event.__pydantic_fields_set__) + len(event.trigger.__pydantic_fields_set__)
                  + len(event.attributes.__pydantic_fields_set__))
        if event.provenance is not None:
            count += len(event.provenance.__pydantic_fields_set__)
        for argument in event.arguments:
            count += len(argument.__pydantic_fields_set__)
            if argument.provenance is not None:
                count += len(argument.provenance.__pydantic_fields_set__)
    return count


def count_model_keys(model: BaseModel) -> int:
    """Generic (slower) version of the key count of any model, for tests and other record types."""
    count = len(model.__pydantic_fields_set__)
    for name in model.__pydantic_fields_set__:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            count += count_model_keys(value)
        elif isinstance(value, list):
            count += sum(count_model_keys(item) for item in value if isinstance(item, BaseModel))
    return count


def hidden_format_incident(raw: bytes, doc: Document, *, keys: int | None = None) -> Incident | None:
    """The level 1 problem pydantic accepted when it parsed ``raw`` into ``doc``: a repeated key.

    ``keys`` is the number of keys the models of ``doc`` received when the caller has counted them
    (:func:`annotate.validate.content.scan_document` does, in its pass over the document); it must
    never be more than the record had. When None, :func:`_count_keys` counts them.

    Every key is a string followed by ``:``; inside a string a quote is always escaped (``\\"``), so
    ``":`` not preceded by a backslash ends a key. Valid keys are field names (no backslash). When the
    two counts agree and no key is followed by white space, the line has no duplicate key; otherwise
    the exact (slower) parse decides.
    """
    found = raw.count(b'":')
    if raw.find(b"\\") != -1:  # an escaped quote before a colon inside a string is not a key
        found -= raw.count(b'\\":')
    if found == (_count_keys(doc) if keys is None else keys):
        # JSON strings cannot hold a raw tab or CR, so one in the line is white space between tokens.
        if not ((raw.find(b"\t") != -1 or raw.find(b"\r") != -1 or b" :" in raw)
                and _SPACED_KEY.search(raw) is not None):
            return None
    return parse_line(raw)[1]
