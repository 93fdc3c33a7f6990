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


def perturbed(n: int, seed: int = 1, *, documents=None):
    """A second annotation of :func:`synthetic_documents` ``(n)`` (or of ``documents``) that disagrees with
    it: about 10% of the events dropped, 10% retyped (their arguments moved to the new type's roles by
    filler type; an event whose required roles cannot be filled keeps its type), 15% lose one optional
    argument; mentions that then fill no argument are dropped. Every document stays valid (``annotate
    validate`` passes without warnings, as any file an annotator hands in must), so readers that run the
    validator's checks accept it.
    """
    from collections import Counter

    from schema import Argument, MentionType
    from schema.events import EVENT_TYPES

    rng = random.Random(seed)
    types = list(EVENT_TYPES)
    for doc in documents if documents is not None else synthetic_documents(n):
        mention_type = {m.id: m.type for m in doc.mentions}
        events = []
        for event in doc.events:
            roll = rng.random()
            if roll < 0.1:
                continue  # dropped
            if roll < 0.2:
                other = rng.choice([t for t in types if t != event.type])
                moved = _retyped(event, EVENT_TYPES[other], mention_type, Argument, Counter)
                event = moved if moved is not None else event
            elif roll < 0.35 and event.arguments:
                counts = Counter(a.role for a in event.arguments)
                # an optional argument, never a date (a date left in an actual event's sentence is
                # ``unused-date``) and never the last filler of a required role
                optional = [i for i, a in enumerate(event.arguments)
                            if mention_type[a.mention] is not MentionType.TIME
                            and counts[a.role] > type(event).role(a.role).min]
                if optional:
                    drop = rng.choice(optional)
                    event = event.model_copy(update={"arguments": [a for i, a in enumerate(event.arguments)
                                                                   if i != drop]})
            events.append(event)
        used = {a.mention for event in events for a in event.arguments}
        yield doc.model_copy(update={"events": events, "mentions": [m for m in doc.mentions if m.id in used]})


def _retyped(event, cls, mention_type, Argument, Counter):
    """``event`` as a ``cls`` event: arguments keep their role where ``cls`` has it for their filler type,
    the others go to the first role that takes their type (unfilled required roles first) or are dropped;
    None if a required role stays empty. Hopper and cluster are dropped (they hold one type)."""
    counts = Counter()
    kept, moved = [], []
    for arg in event.arguments:
        role = cls.role(arg.role)
        if role is not None and mention_type[arg.mention] in role.fillers and (
                role.max is None or counts[role.name] < role.max):
            kept.append(arg)
            counts[role.name] += 1
        else:
            moved.append(arg)
    for arg in moved:
        free = [r for r in cls.ROLES if mention_type[arg.mention] in r.fillers
                and (r.max is None or counts[r.name] < r.max)]
        if free:
            role = min(free, key=lambda r: counts[r.name] >= r.min)  # stable: unfilled required first
            kept.append(Argument(role=role.name, mention=arg.mention))
            counts[role.name] += 1
    if any(counts[r.name] < r.min for r in cls.ROLES):
        return None
    return cls(id=event.id, trigger=event.trigger, arguments=kept, attributes=event.attributes)


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
