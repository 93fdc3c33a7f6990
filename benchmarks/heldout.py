"""``annotate suggest`` on held-out news: RAMS 1.0 windows mapped onto eventgold's types.

    .venv/bin/python -m benchmarks.heldout [tune|heldout ...] [--model DIR [--threshold T]]

With ``--model DIR`` (a folder from ``annotate train``) the rules+model union is scored as well.

The data (``benchmarks/data/rams/``, see its README) are five-sentence news windows from RAMS 1.0's dev
file (``tune``: rules may be written while looking at it) and its test file (``heldout``: never looked
at while writing rules). RAMS annotates **one** trigger per window, so the rest of the window is not
annotated: a suggestion elsewhere in it may be right or wrong and is not scored. Scored are the
suggestions whose trigger overlaps the annotated RAMS trigger: there, the gold is the mapped event (a
positive) or nothing (a negative: a RAMS event of another kind, such as aid, an attack or a migrant's
journey, where any suggestion is a false positive). Arguments are scored on the suggestions kept.

Scores come from :func:`annotate.evaluate.score.score_documents` (TextEE TI/TC/AI/AC, character offsets).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from annotate.jsonl import read_documents
from annotate.evaluate.score import METRICS, ScoreReport, score_documents
from schema import AnnotationInfo, Document

DATA = Path(__file__).resolve().parent / "data" / "rams"
PARTS = ("tune", "heldout")


def positions(part: str) -> dict[str, tuple[int, int]]:
    """Document id -> the annotated RAMS trigger span (character offsets)."""
    out = {}
    for line in (DATA / "positions.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if fields[0] == part:
            out[fields[1]] = (int(fields[2]), int(fields[3]))
    return out


def gold_documents(part: str) -> list[Document]:
    return list(read_documents(DATA / f"{part}.jsonl"))


def bare(document: Document) -> Document:
    """The document's text and source only (what a suggester may see)."""
    return Document(id=document.id, text=document.text, source=document.source,
                    annotation=AnnotationInfo(annotator="bench", status="draft"))


def at_position(prediction: Document, span: tuple[int, int]) -> Document:
    """``prediction`` with only the events whose trigger overlaps ``span`` (and the mentions they use)."""
    start, end = span
    events = [e for e in prediction.events if e.trigger.start < end and start < e.trigger.end]
    used = {arg.mention for e in events for arg in e.arguments}
    return prediction.model_copy(update={"events": events,
                                         "mentions": [m for m in prediction.mentions if m.id in used]})


def evaluate(part: str, suggester: Callable[[Document], Document] | None = None,
             documents: Iterable[Document] | None = None) -> ScoreReport:
    """Score ``suggester`` (default: :func:`annotate.suggest.suggest`) on a part, at the RAMS triggers."""
    if suggester is None:
        from annotate.suggest import suggest as suggester
    where = positions(part)
    golds = list(documents) if documents is not None else gold_documents(part)
    return score_documents((gold, at_position(suggester(bare(gold)), where[gold.id])) for gold in golds)


def print_report(title: str, report: ScoreReport) -> None:
    print(title)
    print(f"  {'metric':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for metric in METRICS[:4]:
        c = report[metric]
        print(f"  {metric:<6} {100 * c.precision:6.1f} {100 * c.recall:6.1f} {100 * c.f1:6.1f} {c.gold:5d} {c.pred:5d}")
    for event_type, metrics in report.per_type.items():
        tc, ac = metrics["TC"], metrics["AC"]
        print(f"  {event_type:<10} TC P/R/F1 {100 * tc.precision:5.1f} {100 * tc.recall:5.1f} {100 * tc.f1:5.1f} "
              f"(gold {tc.gold}, pred {tc.pred})   AC F1 {100 * ac.f1:5.1f} (gold {ac.gold})")


def main(argv: list[str]) -> None:
    model = threshold = None
    if "--model" in argv:
        index = argv.index("--model")
        model = argv[index + 1]
        argv = argv[:index] + argv[index + 2:]
    if "--threshold" in argv:
        index = argv.index("--threshold")
        threshold = float(argv[index + 1])
        argv = argv[:index] + argv[index + 2:]
    for part in argv or PARTS:
        golds = gold_documents(part)
        positives = sum(1 for d in golds if d.events)
        title = (f"on RAMS {part} ({len(golds)} windows: {positives} positive, {len(golds) - positives} negative; "
                 "scored at the RAMS trigger)")
        print_report(f"rules {title}:", evaluate(part, documents=golds))
        if model is not None:
            from annotate.suggest import suggest

            report = evaluate(part, lambda d: suggest(d, model=model, threshold=threshold), documents=golds)
            print_report(f"rules+model ({model}) {title}:", report)


if __name__ == "__main__":
    main(sys.argv[1:])
