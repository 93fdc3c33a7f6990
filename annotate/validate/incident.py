"""What the validator reports: :class:`Incident`, and the catalogue of test ids (:data:`TESTS`).

Every check has a stable kebab-case test id. Its level, class and severity live in :data:`TESTS`, so
that an incident is always made through :func:`incident` and the documentation table
(``docs/validation.md``) can be checked against the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: Level number -> class name (the UD validator's levels, adapted to JSONL corpora).
LEVEL_CLASSES: dict[int, str] = {1: "FORMAT", 2: "SCHEMA", 3: "CONTENT", 4: "CORPUS", 5: "GUIDELINES"}


@dataclass(frozen=True, slots=True)
class TestInfo:
    """One check: its level (1-5), severity and a one-line description of what it requires."""

    __test__ = False  # not a pytest test class

    level: int
    severity: Severity
    summary: str

    @property
    def category(self) -> str:
        return LEVEL_CLASSES[self.level]


def _e(level: int, summary: str) -> TestInfo:
    return TestInfo(level, "error", summary)


def _w(level: int, summary: str) -> TestInfo:
    return TestInfo(level, "warning", summary)


#: Test id -> what it checks. Ids are stable: tools and CI configurations filter on them.
TESTS: dict[str, TestInfo] = {
    # -- level 1: format ------------------------------------------------------------------------
    "not-utf8": _e(1, "The line is UTF-8 (the message gives the byte offset of the first bad byte)."),
    "byte-order-mark": _e(1, "A line does not start with a UTF-8 byte order mark (EF BB BF)."),
    "blank-line": _e(1, "No blank or white-space-only lines."),
    "line-too-long": _e(1, "A line is at most annotate.jsonl.MAX_LINE_BYTES (16 MiB) long."),
    "not-json": _e(1, "The line is one JSON value, with nothing before or after it."),
    "not-an-object": _e(1, "The JSON value of a line is an object."),
    "json-nan": _e(1, "No NaN, Infinity or -Infinity (they are not JSON)."),
    "lone-surrogate": _e(1, "No lone UTF-16 surrogate escapes such as \\ud800 (not a character)."),
    "duplicate-key": _e(1, "No key appears twice in one JSON object."),
    "too-deep": _e(1, "JSON nesting is at most 64 levels deep."),
    "huge-number": _e(1, "Numbers fit a 64-bit float (no 1e400) and have at most 4300 digits."),
    # -- level 2: schema ------------------------------------------------------------------------
    "missing-field": _e(2, "Every required field of the schema is present."),
    "unknown-field": _e(2, "No field that the schema does not define."),
    "wrong-type": _e(2, "Every value has the JSON type of its field (string, integer, list, object...)."),
    "not-allowed-value": _e(2, "Enumerated fields (mention type, realis, status...) have an allowed value."),
    "unknown-event-type": _e(2, "An event's type is Visit, Loan, Agreement or Statement."),
    "pattern-mismatch": _e(2, "Ids, sha256 and language tags match their pattern."),
    "bad-length": _e(2, "Strings and lists respect their length limits (no empty span text)."),
    "out-of-range": _e(2, "Numbers lie in their range (offsets >= 0, amounts >= 0)."),
    "schema-version": _e(2, "schema_version is one this validator knows (1.0)."),
    "invalid-value": _e(2, "Cross-field rules of one object hold (span length = end - start, "
                           "normalization fits the mention type...)."),
    "schema-error": _e(2, "Any other schema violation."),
    # -- level 3: content -----------------------------------------------------------------------
    "span-out-of-bounds": _e(3, "Span offsets lie inside the document text."),
    "span-text-mismatch": _e(3, "A span's text equals the document text at its offsets."),
    "span-cuts-word": _w(3, "A span does not start or end inside a word (letters or digits on both sides)."),
    "span-edge-whitespace": _w(3, "A span does not start or end with white space."),
    "duplicate-mention-id": _e(3, "Mention ids are unique in the document."),
    "duplicate-event-id": _e(3, "Event ids are unique in the document."),
    "unknown-mention": _e(3, "An argument refers to a mention of the document."),
    "role-not-allowed": _e(3, "An argument's role is one of its event type's roles."),
    "filler-type-not-allowed": _e(3, "An argument's mention has a type the role allows."),
    "duplicate-argument": _e(3, "The same mention does not fill the same role of one event twice."),
    "missing-required-role": _e(3, "Required roles are filled (not checked for realis generic)."),
    "too-many-fillers": _e(3, "A role has at most its maximum number of fillers."),
    "missing-normalization": _e(3, "A TIME mention has a time value, a MONEY mention a money value."),
    "bad-timex": _e(3, "A time normalization is a well-formed TIMEX3 value of a fitting type."),
    "bad-money": _e(3, "A money normalization has an ISO 4217 currency and a consistent amount or bounds."),
    "bad-dct": _e(3, "The document creation time is a well-formed TIMEX3 date."),
    "source-sha256-mismatch": _e(3, "source.sha256 is the SHA-256 of the UTF-8 text."),
    "duplicate-event": _e(3, "No two events share type, trigger offsets and argument set."),
    "coref-mixed-types": _e(3, "Events of one hopper (coref id) have one event type."),
    "entity-mixed-types": _w(3, "Mentions of one entity id have one mention type."),
    # -- level 4: corpus ------------------------------------------------------------------------
    "duplicate-document": _e(4, "A document id appears once per annotation set (annotation.annotator) "
                                "in the files of one run."),
    "raw-text-mismatch": _e(4, "The text equals its source article corpus/raw/DOC_ID.txt, when present."),
    "annotation-file-mismatch": _e(4, "annotations/NAME/DOC_ID.jsonl holds document DOC_ID by annotator NAME."),
    "annotation-file-count": _e(4, "annotations/NAME/DOC_ID.jsonl holds exactly one document (the tools refuse "
                                   "an empty file or several lines)."),
    "registry-invalid": _e(4, "raw/registry.json, when present, is the source registry that `annotate import "
                              "text` writes (valid JSON, a Source per document id)."),
    "cluster-mixed-types": _e(4, "Events of one cross-document cluster have one event type."),
}


@dataclass(frozen=True, slots=True)
class Incident:
    """One problem found by the validator, located as precisely as possible.

    ``str(incident)`` is one line in the style of the Universal Dependencies validator::

        gold.jsonl:12 [doc-7] L3 CONTENT span-text-mismatch: mentions[4].text: ...
    """

    test_id: str
    message: str
    field: str | None = None
    file: str | None = None
    line: int | None = None
    doc_id: str | None = None

    @property
    def info(self) -> TestInfo:
        return TESTS[self.test_id]

    @property
    def level(self) -> int:
        return TESTS[self.test_id].level

    @property
    def severity(self) -> Severity:
        return TESTS[self.test_id].severity

    @property
    def category(self) -> str:
        """FORMAT, SCHEMA, CONTENT or CORPUS (the "class" of the incident)."""
        return TESTS[self.test_id].category

    @property
    def is_error(self) -> bool:
        return TESTS[self.test_id].severity == "error"

    def located(self, *, file: str | None, line: int | None, doc_id: str | None) -> "Incident":
        """A copy with its location filled in (keeps a location that is already set)."""
        return Incident(self.test_id, self.message, self.field, self.file or file,
                        self.line if self.line is not None else line, self.doc_id or doc_id)

    def location(self) -> str:
        """``file:line`` (or ``file``, or ``line N``, or empty for an in-memory document)."""
        if self.file is None:
            return f"line {self.line}" if self.line is not None else ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        head = " ".join(part for part in (self.location(), f"[{self.doc_id}]" if self.doc_id else "") if part)
        field = f"{self.field}: " if self.field else ""
        sev = "" if self.is_error else " (warning)"
        text = f"L{self.level} {self.category} {self.test_id}{sev}: {field}{self.message}"
        line = f"{head} {text}" if head else text
        return line.replace("\r", "\\r").replace("\n", "\\n")  # always one line

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "line": self.line, "doc_id": self.doc_id, "level": self.level,
            "severity": self.severity, "class": self.category, "test_id": self.test_id,
            "field": self.field, "message": self.message,
        }


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def format_path(parts: tuple | list) -> str:
    """``("mentions", 4, "text")`` -> ``mentions[4].text``; odd keys are quoted: ``source['a b']``."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _NAME.fullmatch(str(part)):
            out.append(f".{part}" if out else str(part))
        else:
            out.append(f"[{str(part)[:60]!r}]")
    return "".join(out)


def incident(test_id: str, message: str, field: str | None = None) -> Incident:
    """An incident of a catalogued test (raises KeyError for an unknown test id: a bug)."""
    if test_id not in TESTS:
        raise KeyError(f"unknown validator test id {test_id!r}")
    return Incident(test_id, message, field)
