"""eventgold's schema: the single source of truth for documents, mentions and events.

Everything else (validation, prompts, JSON Schema, brat configuration, Hugging Face features,
guideline tables) is derived from these models. ``schema`` imports nothing from ``annotate``.
"""

from .document import (
    SCHEMA_VERSION,
    AnnotationInfo,
    CreationTime,
    DctMethod,
    Document,
    Source,
    Status,
)
from .entities import ENTITY_TYPES, VALUE_TYPES, Mention, MentionType
from .events import (
    ATTRIBUTE_DESCRIPTIONS,
    ATTRIBUTES,
    EVENT_CLASSES,
    EVENT_TYPES,
    Agreement,
    Argument,
    Attributes,
    Event,
    EventBase,
    Loan,
    Polarity,
    Realis,
    Role,
    Statement,
    Tense,
    Visit,
)
from .provenance import Decision, Provenance
from .spans import Span, SpanMismatch, check_span, find_span, make_span, parse_anchor, span_problem
from .values import ISO_4217, MoneyValue, TimeValue, TimexMod, TimexType, money_problem, timex_problem

__all__ = [
    "SCHEMA_VERSION", "AnnotationInfo", "CreationTime", "DctMethod", "Document", "Source", "Status",
    "ENTITY_TYPES", "VALUE_TYPES", "Mention", "MentionType",
    "ATTRIBUTE_DESCRIPTIONS", "ATTRIBUTES", "EVENT_CLASSES", "EVENT_TYPES", "Agreement", "Argument",
    "Attributes", "Event", "EventBase", "Loan", "Polarity", "Realis", "Role", "Statement", "Tense", "Visit",
    "Decision", "Provenance",
    "Span", "SpanMismatch", "check_span", "find_span", "make_span", "parse_anchor", "span_problem",
    "ISO_4217", "MoneyValue", "TimeValue", "TimexMod", "TimexType", "money_problem", "timex_problem",
    "json_schema",
]


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of one corpus line."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://eventgold.dev/schema/{SCHEMA_VERSION}/document.json"
    return schema
