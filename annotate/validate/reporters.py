"""Turn incidents and a :class:`~annotate.validate.run.ValidationReport` into text, JSON or GitHub
workflow commands. Reporters return strings; only the CLI prints them.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING

from .incident import TESTS, Incident

if TYPE_CHECKING:  # pragma: no cover  (``annotate validate --help`` needs OutputFormat only)
    from .run import ValidationReport


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def text_line(found: Incident) -> str:
    """``file:line [doc-id] L3 CONTENT test-id: field: message`` (one line, no newline)."""
    return _one_line(str(found))


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(found: Incident) -> str:
    """A GitHub Actions workflow command: ``::error file=F,line=N,title=TEST-ID::message``."""
    props = []
    if found.file:
        props.append(f"file={_escape_property(found.file)}")
    if found.line is not None:
        props.append(f"line={found.line}")
    props.append(f"title={_escape_property(found.test_id)}")
    doc = f"[{found.doc_id}] " if found.doc_id else ""
    field = f"{found.field}: " if found.field else ""
    message = f"{doc}L{found.level} {found.category} {field}{found.message}"
    return f"::{found.severity} {','.join(props)}::{_escape_data(message)}"


def summary_lines(report: ValidationReport) -> list[str]:
    """The end of a text report: incidents not shown, counts per level and class, the verdict."""
    lines = []
    for test_id, hidden in report.not_shown().items():
        lines.append(f"... {hidden} more {test_id} incident(s) not shown (--max-errors {report.max_errors})")
    for row in report.by_class():
        parts = []
        if row["errors"]:
            parts.append(f"{row['errors']} error(s)")
        if row["warnings"]:
            parts.append(f"{row['warnings']} warning(s)")
        tests = ", ".join(f"{t} {n}" for t, n in sorted(report.counts.items()) if TESTS[t].level == row["level"])
        lines.append(f"L{row['level']} {row['class']}: {' and '.join(parts)} ({tests})")
    lines.append(report.verdict())
    return lines


def json_report(report: ValidationReport) -> str:
    """One JSON object: ``{"incidents": [...], "summary": {...}}`` (the incidents kept by the report)."""
    body = {"incidents": [found.to_dict() for found in report.incidents], "summary": report.summary()}
    return json.dumps(body, ensure_ascii=False, indent=2)
