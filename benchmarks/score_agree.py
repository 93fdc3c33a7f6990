"""Speed of ``annotate score`` and ``annotate agree`` against reading the same files, in one run.

    .venv/bin/python -m benchmarks.score_agree [N_DOCUMENTS]

Writes a synthetic gold corpus (:mod:`benchmarks.synthetic`) and a perturbed copy of it (some events
retyped, some dropped, some argument fillers removed), then times, on the same machine in the same run:

- baseline: parsing both files into Documents (``annotate.jsonl.read_documents``), the least any tool
  that looks at every document must do;
- ``score_files`` (character offsets), ``score_files(tokens=True)`` (spaCy tokens and sentences), and
  ``agree`` on the two files.

It prints each as a ratio to the baseline, and the peak memory of scoring (which streams: it should
not grow with N).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from annotate.evaluate.agree import agree
from annotate.jsonl import read_documents, write_documents
from annotate.evaluate.score import score_files
from benchmarks.synthetic import synthetic_documents


def perturbed(n: int, seed: int = 1):
    rng = random.Random(seed)
    types = ["Visit", "Loan", "Agreement", "Statement"]
    from schema.events import EVENT_TYPES

    for doc in synthetic_documents(n):
        events = []
        for event in doc.events:
            roll = rng.random()
            if roll < 0.1:
                continue  # dropped
            if roll < 0.2:
                other = rng.choice([t for t in types if t != event.type])
                cls = EVENT_TYPES[other]
                args = [a for a in event.arguments if cls.role(a.role) is not None]
                event = cls(id=event.id, trigger=event.trigger, arguments=args, attributes=event.attributes)
            elif roll < 0.35 and event.arguments:
                event = event.model_copy(update={"arguments": event.arguments[:-1]})
            events.append(event)
        yield doc.model_copy(update={"events": events})


def timed(label: str, func) -> float:
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    return elapsed


def main(n: int = 400) -> None:
    folder = Path(tempfile.mkdtemp(prefix="eventgold-bench-"))
    gold = folder / "gold.jsonl"
    pred = folder / "pred.jsonl"
    write_documents(gold, synthetic_documents(n))
    write_documents(pred, perturbed(n))
    size = (gold.stat().st_size + pred.stat().st_size) / 1e6

    def baseline() -> None:
        for path in (gold, pred):
            for _ in read_documents(path):
                pass

    base = min(timed("baseline", baseline) for _ in range(3))
    print(f"{n} documents per file, {size:.1f} MB in all; baseline (parse both files): {base:.2f} s")
    results = {
        "score (characters)": lambda: score_files(gold, pred),
        "score --tokens": lambda: score_files(gold, pred, tokens=True),
        "agree (2 sets)": lambda: agree([gold, pred], per_document=False),
    }
    for label, func in results.items():
        elapsed = min(timed(label, func) for _ in range(2))
        print(f"{label:<20} {elapsed:7.2f} s  = {elapsed / base:5.2f} x baseline")
    tracemalloc.start()
    report = score_files(gold, pred)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"peak traced memory while scoring: {peak:.1f} MB (the files: {size:.1f} MB); "
          f"TC F1 {report['TC'].f1:.3f}, AC F1 {report['AC'].f1:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
