"""Learning curve of the suggestion model: how many annotated documents before it pays off.

    .venv/bin/python -m benchmarks.learning_curve [--iterations N] [--models DIR] [--train-only] [--no-test]

Training sets, each scored with :func:`annotate.evaluate.score.score_documents` (TextEE TC and AC,
character offsets) for rules alone, model alone (its triggers, its roles over the rules' candidate
mentions) and both (the union ``annotate suggest --model`` makes):

- k = 1..4 of the five gold seed documents (the first k): scored on the other 5 - k seeds (whole
  documents) and on the RAMS test part (:mod:`benchmarks.heldout`, at the RAMS triggers);
- the development set's training part (RAMS ``tune``, the windows of RAMS's dev file): scored on the
  rest of the development set (RAMS ``dev``) and on the RAMS test part.

``--models DIR`` keeps the trained models in ``DIR/k1`` ... ``DIR/tune`` and reuses a model already
there (training is the slow part: run ``--train-only`` first, score later); ``--train-only`` trains
and prints training times only; ``--no-test`` leaves the test part out (for runs while rules are
being developed: the test part is scored once, at the end). Training time is the CPU seconds of the
process that trained, recorded in the model folder.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from annotate.evaluate.score import ScoreReport, score_documents
from annotate.jsonl import read_documents
from benchmarks.heldout import SEEDS, bare, predictions
from schema import Document

TIMES = "training-cpu.json"


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


def line(trained: str, scored: str, name: str, report: ScoreReport, seconds: str) -> str:
    tc, ac = report["TC"], report["AC"]
    return (f"| {trained} | {scored} | {name} | {100 * tc.precision:.1f} | {100 * tc.recall:.1f} | "
            f"{100 * tc.f1:.1f} | {100 * ac.f1:.1f} | {seconds} |")


def trained(documents: list[Document], out: Path, iterations: int) -> str:
    """Train on ``documents`` into ``out`` unless a model is there; its training CPU seconds."""
    from annotate.train import is_model_dir, train

    times = out / TIMES
    if not (is_model_dir(out) and times.exists()):
        started = time.process_time()
        train(documents=documents, out=out, iterations=iterations)
        times.write_text(json.dumps({"cpu_seconds": time.process_time() - started, "iterations": iterations}))
    return f"{json.loads(times.read_text())['cpu_seconds']:.0f}"


def main(argv: list[str]) -> None:
    iterations = int(argv[argv.index("--iterations") + 1]) if "--iterations" in argv else 15
    work = Path(argv[argv.index("--models") + 1]) if "--models" in argv else Path(
        tempfile.mkdtemp(prefix="eventgold-curve-"))
    work.mkdir(parents=True, exist_ok=True)
    train_only = "--train-only" in argv
    with_test = "--no-test" not in argv
    from benchmarks.heldout import gold_documents

    seeds = list(read_documents(SEEDS))
    plans: list[tuple[str, list[Document], Path, list[tuple[str, object]]]] = []
    for k in range(1, len(seeds)):
        rest = seeds[k:]
        plans.append((f"{k} seed(s)", seeds[:k], work / f"k{k}", [(f"{len(rest)} other seed(s)", rest)]))
    plans.append(("RAMS tune (187 windows)", gold_documents("tune"), work / "tune", [("RAMS dev", "dev")]))
    if with_test:
        for _, _, _, targets in plans:
            targets.append(("RAMS test", "test"))
    if not train_only:
        print("| trained on | scored on | suggester | TC P | TC R | TC F1 | AC F1 | training CPU s |")
        print("|---|---|---|---|---|---|---|---|")
    for label, documents, folder, targets in plans:
        seconds = trained(documents, folder, iterations)
        if train_only:
            print(f"{label}: trained in {seconds} CPU s -> {folder}", flush=True)
            continue
        for target, data in targets:
            for name, run in suggesters(folder).items():
                if isinstance(data, str):
                    report = score_documents(predictions([data], run))
                else:
                    report = score_documents((gold, run(bare(gold))) for gold in data)
                print(line(label, target, name, report, seconds if name != "rules" else ""), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
