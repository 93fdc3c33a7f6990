"""Learning curve of the suggestion model: how many annotated documents before it pays off.

    .venv/bin/python -m benchmarks.learning_curve [--iterations N]

For k = 1..4, ``annotate train`` learns from the first k gold seed documents and suggestions are scored
on the other 5 - k with :func:`annotate.evaluate.score.score_documents`: rules alone, model alone (its triggers,
its roles over the rules' candidate mentions) and both (the union ``annotate suggest --model`` makes).
Then the model learns from the RAMS tuning part and is scored on the RAMS held-out part
(:mod:`benchmarks.heldout`, at the RAMS triggers). Training time is CPU seconds of this process.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from annotate.jsonl import read_documents
from annotate.evaluate.score import ScoreReport, score_documents
from benchmarks.heldout import at_position, bare, gold_documents, positions
from schema import Document


def suggesters(model: Path, threshold: float = 0.5) -> dict:
    from annotate.suggest import _rules, suggest
    from annotate.suggest.model import combine

    def model_alone(document: Document) -> Document:
        result, candidates = _rules(document, model=None)
        empty = result.model_copy(update={"events": [], "mentions": []})
        return combine(empty, candidates, model, threshold=threshold)

    return {"rules": lambda d: suggest(d),
            "model": model_alone,
            "rules+model": lambda d: suggest(d, model=model, threshold=threshold)}


def line(k: str, name: str, report: ScoreReport, seconds: str) -> str:
    tc, ac = report["TC"], report["AC"]
    return (f"| {k} | {name} | {100 * tc.precision:.1f} | {100 * tc.recall:.1f} | {100 * tc.f1:.1f} | "
            f"{100 * ac.f1:.1f} | {seconds} |")


def main(argv: list[str]) -> None:
    from annotate.train import train

    iterations = int(argv[argv.index("--iterations") + 1]) if "--iterations" in argv else 15
    seeds = list(read_documents(Path("corpus") / "gold.jsonl"))
    work = Path(tempfile.mkdtemp(prefix="eventgold-curve-"))
    print("| trained on | suggester | TC P | TC R | TC F1 | AC F1 | training CPU s |")
    print("|---|---|---|---|---|---|---|")
    for k in range(1, len(seeds)):
        started = time.process_time()
        train(documents=seeds[:k], out=work / f"k{k}", iterations=iterations)
        seconds = f"{time.process_time() - started:.0f}"
        rest = seeds[k:]
        for name, run in suggesters(work / f"k{k}").items():
            report = score_documents((gold, run(bare(gold))) for gold in rest)
            print(line(f"{k} seed(s), scored on {len(rest)}", name, report, seconds if name != "rules" else ""))
    started = time.process_time()
    train(documents=gold_documents("tune"), out=work / "rams", iterations=iterations)
    seconds = f"{time.process_time() - started:.0f}"
    where = positions("heldout")
    golds = gold_documents("heldout")
    for name, run in suggesters(work / "rams").items():
        report = score_documents((gold, at_position(run(bare(gold)), where[gold.id])) for gold in golds)
        print(line("RAMS tune, scored on held-out", name, report, seconds if name != "rules" else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
