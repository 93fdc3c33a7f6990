"""Level 2: the :class:`schema.Document` model. Every pydantic error becomes one incident.

Pydantic error types are grouped into a few stable test ids (``missing-field``, ``wrong-type``...);
the field path is written ``mentions[4].text`` (the event type that pydantic puts in the path of a
discriminated union is left out: ``events[2].arguments`` rather than ``events.2.Visit.arguments``).
"""

from __future__ import annotations

from pydantic import ValidationError

from schema import EVENT_TYPES

from .incident import Incident, format_path, incident

_TEST_OF_TYPE = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "not-allowed-value",
    "literal_error": "not-allowed-value",
    "union_tag_invalid": "unknown-event-type",
    "union_tag_not_found": "unknown-event-type",
    "string_pattern_mismatch": "pattern-mismatch",
    "string_too_short": "bad-length",
    "string_too_long": "bad-length",
    "too_short": "bad-length",
    "too_long": "bad-length",
    "greater_than": "out-of-range",
    "greater_than_equal": "out-of-range",
    "less_than": "out-of-range",
    "less_than_equal": "out-of-range",
    "finite_number": "out-of-range",
    "value_error": "invalid-value",
    "assertion_error": "invalid-value",
    "json_invalid": "not-json",
}


def field_path(loc: tuple[str | int, ...]) -> str:
    """``("mentions", 4, "text")`` -> ``mentions[4].text``; drops the union tag after ``events[i]``."""
    if len(loc) >= 3 and loc[0] == "events" and isinstance(loc[1], int) and loc[2] in EVENT_TYPES:
        loc = (*loc[:2], *loc[3:])
    return format_path(loc)


def _test_id(error: dict) -> str:
    kind = error.get("type", "")
    if kind in _TEST_OF_TYPE:
        return _TEST_OF_TYPE[kind]
    if kind.endswith("_type") or kind in ("model_attributes_type", "dataclass_type", "is_instance_of"):
        return "wrong-type"
    if kind.endswith("_parsing"):  # a string that is not a date, a datetime...
        return "invalid-value"
    return "schema-error"


def _expected(error: dict) -> str:
    """What the schema expects, for the message (pydantic's "Input should be ..." already says it)."""
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "missing":
        return "expected the field to be present"
    if kind == "extra_forbidden":
        return "expected only the fields of the schema (run `annotate schema --format json-schema`)"
    if isinstance(value, (dict, list)):
        return ""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"got {shown}"


def schema_incidents(exc: ValidationError) -> list[Incident]:
    """One incident per error of ``exc``, in pydantic's order."""
    found = []
    for error in exc.errors(include_url=False, include_context=False):
        loc = tuple(error.get("loc", ()))
        test_id = _test_id(error)
        message = error.get("msg", "invalid")
        if loc == ("schema_version",) and test_id == "not-allowed-value":
            test_id = "schema-version"
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        path = field_path(loc)
        if test_id == "unknown-event-type":
            path += ".type"
        expected = _expected(error)
        found.append(incident(test_id, f"{message}; {expected}" if expected else message, path or None))
    return found
