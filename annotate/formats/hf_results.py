"""Baseline results for the dataset card: reports of ``annotate score --format json``, each labelled with
the system, what it was trained on and what it was scored on, so that the figures travel with the data.

``annotate export hf --results "SYSTEM|TRAINED ON|SCORED ON=FILE"`` (repeatable) reads them with
:func:`parse_results_option` and :func:`load_result`; :func:`results_markdown` is the card's table.
Labels are free text from the command line: they are escaped (:func:`escape_markdown`) so that a
``|``, ``*``, ``<script>`` or a line break in one cannot break the table or inject markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, StorageError, UsageError

#: The figures of a score report shown in the card, in order (TextEE's metrics).
METRICS = ("TI", "TC", "AI", "AC", "AI+", "AC+")
OPTION_FORM = "SYSTEM|TRAINED ON|SCORED ON=FILE"
OPTION_EXAMPLE = "rules (annotate suggest)|nothing (hand-written rules)|test split, seed 0=rules-test.json"


@dataclass(frozen=True)
class BaselineResult:
    """One scored system: who, trained on what, scored on what, and the ``annotate score`` report."""

    system: str
    trained_on: str
    scored_on: str
    scores: dict[str, Any]
    file: str = ""

    @property
    def offsets(self) -> str:
        return str(self.scores.get("offsets", "characters"))

    @property
    def documents(self) -> int | None:
        scored = (self.scores.get("documents") or {}).get("scored") if isinstance(self.scores.get("documents"),
                                                                                  dict) else None
        return scored if isinstance(scored, int) else None


def parse_results_option(value: str) -> tuple[str, str, str, Path]:
    """``"SYSTEM|TRAINED ON|SCORED ON=FILE"`` -> ``(system, trained_on, scored_on, Path(FILE))``.

    The file is after the last ``=``; the three labels must be non-empty. Raises UsageError.
    """
    label, sep, file = value.rpartition("=")
    parts = [part.strip() for part in label.split("|")] if sep else []
    if len(parts) != 3 or not all(parts) or not file.strip():
        raise UsageError(f"--results {value!r}: expected {OPTION_FORM}, e.g. --results {OPTION_EXAMPLE!r} "
                         "(what the system is, what it was trained on, what it was scored on)")
    return parts[0], parts[1], parts[2], Path(file.strip())


def load_result(path: str | Path, *, system: str, trained_on: str, scored_on: str) -> BaselineResult:
    """The report of ``annotate score --format json`` in ``path``, labelled. Raises DataError when the
    file is not such a report (every metric needs precision, recall and F1 between 0 and 1),
    StorageError when it cannot be read."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise DataError(f"not valid JSON: {exc}", file=path) from None
    if not isinstance(data, dict):
        raise DataError("expected the JSON object of `annotate score --format json`", file=path)
    for metric in METRICS:
        figures = data.get(metric)
        if not isinstance(figures, dict):
            raise DataError(f"no {metric} figures: expected the output of `annotate score --format json`",
                            file=path, field=metric)
        for name in ("precision", "recall", "f1"):
            value = figures.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise DataError(f"{metric}.{name} must be a fraction between 0 and 1 (as `annotate score "
                                f"--format json` writes), got {value!r}", file=path, field=f"{metric}.{name}")
    return BaselineResult(system=system, trained_on=trained_on, scored_on=scored_on, scores=data, file=path.name)


#: Characters with a meaning inside a Markdown table cell (emphasis, code, links, cells, strike-through).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown inline text in a table cell: HTML escaped (``<``, ``>``, ``&``),
    Markdown punctuation backslash-escaped, line breaks made spaces."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _figure(result: BaselineResult, metric: str) -> str:
    figures = result.scores[metric]
    return f"{100 * figures['precision']:.1f} / {100 * figures['recall']:.1f} / **{100 * figures['f1']:.1f}**"


def results_markdown(results: list[BaselineResult]) -> str:
    """The card's baseline table (precision / recall / F1 in %) and where each row comes from."""
    header = ["system", "trained on", "scored on", "offsets", *METRICS]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for result in results:
        docs = f" ({result.documents} documents scored)" if result.documents is not None else ""
        cells = [escape_markdown(result.system), escape_markdown(result.trained_on),
                 escape_markdown(result.scored_on) + docs, escape_markdown(result.offsets),
                 *(_figure(result, metric) for metric in METRICS)]
        lines.append("| " + " | ".join(cells) + " |")
    sources = ", ".join(escape_markdown(r.file) if r.file else "-" for r in results)
    return "\n".join([
        "Figures are precision / recall / **F1** in %, micro-averaged over the scored documents, as "
        "`annotate score --format json` reported them (TextEE's definitions: TI trigger, TC trigger and type, "
        "AI/AC argument and role, AI+/AC+ also requiring the trigger; see \"How to score a model\"). Each "
        "row says what the system was trained on and what it was scored on; compare rows only when they "
        "were scored on the same documents with the same offsets.", "",
        *lines, "",
        f"Score reports: {sources}.",
    ])


__all__ = ["BaselineResult", "METRICS", "escape_markdown", "load_result", "parse_results_option",
           "results_markdown"]
