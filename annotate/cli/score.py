"""``annotate score GOLD PRED``: precision, recall and F1 of event extraction (TextEE definitions)."""


from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, TableOrJson, echo, print_json


@app.command("score")
def score_cli(
    gold: Annotated[str, typer.Argument(metavar="GOLD", help="Gold corpus JSONL (or an annotation set: folder or NAME).")],
    pred: Annotated[str, typer.Argument(metavar="PRED", help="Predicted corpus JSONL (or an annotation set).")],
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    tokens: Annotated[bool, typer.Option("--tokens", help="Match on spaCy token offsets within sentences "
                                          "instead of character offsets.")] = False,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """Score predicted events against gold: TI, TC, AI, AC, AI+ and AC+ (micro P/R/F1 over sets of
    tuples, duplicates collapsed), per event type, and normalization accuracy of time and money.

    Documents missing from PRED count as empty predictions; documents in PRED but not in GOLD, or whose
    text differs, are an error (exit 1)."""
    from annotate.evaluate.score import score_files

    report = score_files(gold, pred, tokens=tokens, corpus=corpus)
    if format is TableOrJson.json:
        print_json(report.to_json())
        return
    echo(format_score_table(report, gold=gold, pred=pred))


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def format_score_table(report, *, gold: str | Path, pred: str | Path) -> str:
    """The plain-text report: one row per metric, then per event type, then normalization."""
    lines = [
        f"GOLD {gold}  PRED {pred}",
        f"{report.documents} document(s) scored on {'token' if report.tokens else 'character'} offsets"
        + (f"; {len(report.missing_in_pred)} missing from PRED, scored as empty: "
           + ", ".join(report.missing_in_pred[:5]) + (" ..." if len(report.missing_in_pred) > 5 else "")
           if report.missing_in_pred else ""),
        "",
        f"{'metric':<7} {'P':>5} {'R':>5} {'F1':>5} {'gold':>6} {'pred':>6} {'match':>6}",
    ]
    for metric, counts in report.metrics.items():
        lines.append(f"{metric:<7} {_pct(counts.precision)} {_pct(counts.recall)} {_pct(counts.f1)} "
                     f"{counts.gold:>6} {counts.pred:>6} {counts.matched:>6}")
    if report.per_type:
        lines += ["", "F1 per event type (gold/pred tuples)"]
        header = f"{'type':<11}" + "".join(f" {m:>17}" for m in report.per_type[next(iter(report.per_type))])
        lines.append(header)
        for event_type, metrics in report.per_type.items():
            cells = "".join(f" {_pct(c.f1)} {f'({c.gold}/{c.pred})':>11}" for c in metrics.values())
            lines.append(f"{event_type:<11}{cells}")
    lines += ["", "Normalization accuracy (gold arguments matched with the same role)"]
    for name, acc in report.normalization.items():
        lines.append(f"{name:<7} {_pct(acc.accuracy)}  ({acc.equal} of {acc.matched} equal)")
    lines.append("")
    lines.append("(percentages; precision, recall and F1 are 0 when their denominator is 0)")
    return "\n".join(lines)
