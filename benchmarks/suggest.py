"""Quality and speed of ``annotate suggest``, measured in one run.

    .venv/bin/python -m benchmarks.suggest [--corpus DIR] [N_SYNTHETIC]

Quality: when ``DIR/gold.jsonl`` exists (default ``corpus``), suggestions are made for every gold
document (its text and source only) and scored against the gold with :func:`annotate.evaluate.score.score_files`
(TextEE metrics TI/TC/AI/AC/AI+/AC+, micro P/R/F1 on character offsets, and normalization accuracy).
The rules were written from ``guidelines.md``, whose examples come from these same articles, so the
figures are an optimistic estimate (training-set figures); :mod:`benchmarks.heldout` scores held-out news.

Speed, as ratios to baselines measured in the same run on the same texts:

- per document: ``suggest()`` against tokenizing and sentence-splitting the text with the blank spaCy
  pipeline of :mod:`annotate.nlp` (the least any spaCy-based pre-annotator must do);
- start-up: building the suggester's pipeline in a fresh interpreter against ``import spacy;
  spacy.blank("en")`` in a fresh interpreter.

The texts are the gold articles, plus ``N_SYNTHETIC`` synthetic ones (:mod:`benchmarks.synthetic`,
default 200) for volume.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotate.corpus import Corpus
from annotate.jsonl import read_documents, write_documents
from schema import AnnotationInfo, Document


def _bare(document: Document) -> Document:
    return Document(id=document.id, text=document.text, source=document.source,
                    annotation=AnnotationInfo(annotator="bench", status="draft"))


def quality(corpus: Path) -> None:
    from annotate.evaluate.score import METRICS, score_files
    from annotate.suggest import suggest

    gold = Corpus(corpus).gold_path
    if not gold.exists():
        print(f"quality: no {gold}; skipped")
        return
    folder = Path(tempfile.mkdtemp(prefix="eventgold-suggest-"))
    pred = folder / "suggestions.jsonl"
    count = write_documents(pred, (suggest(_bare(d)) for d in read_documents(gold)))
    report = score_files(gold, pred)
    print(f"quality on {gold} ({count} documents, character offsets):")
    print(f"  {'metric':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for metric in METRICS:
        c = report[metric]
        print(f"  {metric:<6} {100 * c.precision:6.1f} {100 * c.recall:6.1f} {100 * c.f1:6.1f} {c.gold:6d} {c.pred:6d}")
    for event_type, metrics in report.per_type.items():
        tc, ac = metrics["TC"], metrics["AC"]
        print(f"  {event_type:<10} TC F1 {100 * tc.f1:5.1f} ({tc.gold} gold)   AC F1 {100 * ac.f1:5.1f} ({ac.gold} gold)")
    for name, accuracy in report.normalization.items():
        value = "n/a" if accuracy.accuracy is None else f"{100 * accuracy.accuracy:.1f}%"
        print(f"  {name} normalization accuracy: {value} ({accuracy.equal} of {accuracy.matched})")
    attributes(gold, pred)


def attributes(gold: Path, pred: Path) -> None:
    """Agreement of realis, polarity and tense on events whose trigger and type match (not in TextEE)."""
    predicted = {d.id: d for d in read_documents(pred)}
    equal = {"realis": 0, "polarity": 0, "tense": 0}
    matched = 0
    for document in read_documents(gold):
        events = {(e.type, e.trigger.start, e.trigger.end): e for e in predicted[document.id].events}
        for event in document.events:
            other = events.get((event.type, event.trigger.start, event.trigger.end))
            if other is None:
                continue
            matched += 1
            for name in equal:
                equal[name] += getattr(event.attributes, name) == getattr(other.attributes, name)
    if matched:
        print("  attributes on matched events: " + ", ".join(
            f"{name} {100 * count / matched:.1f}%" for name, count in equal.items()) + f" (of {matched})")


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def speed(corpus: Path, synthetic: int) -> None:
    from annotate.nlp import load_pipeline
    from annotate.suggest import suggest
    from annotate.suggest.pipeline import build_pipeline
    from benchmarks.synthetic import synthetic_documents

    documents = []
    gold = Corpus(corpus).gold_path
    if gold.exists():
        documents += [_bare(d) for d in read_documents(gold)]
    documents += [_bare(d) for d in synthetic_documents(synthetic)]
    characters = sum(len(d.text) for d in documents)
    nlp = load_pipeline()
    build_pipeline()
    nlp("warm up")
    suggest(documents[0])

    def baseline() -> None:
        for document in documents:
            nlp(document.text)

    def suggestions() -> None:
        for document in documents:
            suggest(document)

    base = min(_timed(baseline) for _ in range(3))
    taken = min(_timed(suggestions) for _ in range(2))
    n = len(documents)
    print(f"speed on {n} documents ({characters / n:.0f} characters on average):")
    print(f"  baseline (spaCy tokens + sentences): {1000 * base / n:6.1f} ms per document")
    print(f"  suggest():                           {1000 * taken / n:6.1f} ms per document = {taken / base:5.2f} x baseline")

    def fresh(code: str) -> float:
        return min(_timed(lambda: subprocess.run([sys.executable, "-c", code], check=True)) for _ in range(3))

    blank = fresh("import spacy; spacy.blank('en')")
    ours = fresh("from annotate.suggest.pipeline import build_pipeline; build_pipeline()")
    print(f"  start-up: spacy.blank('en') {blank:.2f} s; suggester pipeline {ours:.2f} s = {ours / blank:5.2f} x")


#: The rows this module adds to ``python -m benchmarks`` (``--only suggest``).
ROW_NAMES = ("suggest",)
#: issue 13's target for ``suggest()`` per article against the blank pipeline.
TARGET = "<= 5x"


def run(sizes: list[int] | tuple[int, ...] = (200, 800), *, only: list[str] | None = None,
        repeat: int = 2) -> list[dict[str, object]]:
    """Rows for ``python -m benchmarks``: CPU seconds of ``suggest()`` over the five gold articles and
    ``size // 20`` synthetic ones, against tokenizing and sentence-splitting the same texts with the
    blank spaCy pipeline (the baseline), in this process after a warm-up (best of ``repeat``)."""
    if only is not None and "suggest" not in only:
        return []
    from annotate.nlp import load_pipeline
    from annotate.suggest import suggest
    from benchmarks.synthetic import synthetic_documents

    gold = Corpus(Path(__file__).resolve().parent.parent / "corpus").gold_path
    nlp = load_pipeline()
    rows = []
    for size in sizes:
        documents = [_bare(d) for d in read_documents(gold)] if gold.exists() else []
        documents += [_bare(d) for d in synthetic_documents(max(5, size // 20))]
        nlp("warm up")
        suggest(documents[0])

        def cpu(func) -> float:
            best = float("inf")
            for _ in range(max(1, repeat)):
                start = time.process_time()
                func()
                best = min(best, time.process_time() - start)
            return best

        base = cpu(lambda: [nlp(d.text) for d in documents])
        taken = cpu(lambda: [suggest(d) for d in documents])
        rows.append({"row": "suggest()", "size": len(documents), "seconds": round(taken, 3),
                     "baseline_seconds": round(base, 3),
                     "target": TARGET,
                     "note": f"{1000 * taken / len(documents):.1f} ms per article; baseline: spaCy tokens + "
                             "sentences"})
    return rows


def main(argv: list[str]) -> None:
    corpus = Path("corpus")
    if "--corpus" in argv:
        index = argv.index("--corpus")
        corpus = Path(argv[index + 1])
        argv = argv[:index] + argv[index + 2:]
    synthetic = int(argv[0]) if argv else 200
    quality(corpus)
    speed(corpus, synthetic)


if __name__ == "__main__":
    main(sys.argv[1:])
