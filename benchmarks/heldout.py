"""``annotate suggest`` on held-out news: RAMS 1.0 windows mapped onto eventgold's types.

    .venv/bin/python -m benchmarks.heldout                  # seeds, development parts, test part
    .venv/bin/python -m benchmarks.heldout seeds tune dev   # only these parts
    .venv/bin/python -m benchmarks.heldout dev --errors     # list the misses and false alarms of a
                                                            # development part (refused for test)
    .venv/bin/python -m benchmarks.heldout --model DIR [--threshold T]   # rules+model as well

The data (``benchmarks/data/rams/``, see its README) are five-sentence news windows from RAMS 1.0,
in three parts:

- ``tune``: the windows of RAMS's dev file (``tune.jsonl``); development data, and the training part
  of the development set for :mod:`benchmarks.learning_curve`;
- ``dev`` and ``test``: the windows of RAMS's test file (``heldout.jsonl``), split by RAMS document
  with a fixed seed (:func:`split`), stratified by mapped type so that both halves have positives of
  every type. ``dev`` is development data (its errors may be read and rules tuned on it); ``test``
  is never read, only scored (``--errors`` refuses it).

"development" in the report is ``tune`` and ``dev`` together.

RAMS annotates **one** trigger per window, so the rest of the window is not annotated: a suggestion
elsewhere in it may be right or wrong and is not scored. Scored are the suggestions whose trigger
overlaps the annotated RAMS trigger: there, the gold is the mapped event (a positive) or nothing (a
negative: a RAMS event of another kind, such as aid, an attack or a migrant's journey, where any
suggestion is a false positive). Arguments are scored on the suggestions kept.

The seed figures beside them are ``annotate suggest`` on the five bundled gold articles, whole
documents (what ``annotate suggest --all`` + ``annotate score`` give; the rules were written on them).

Scores come from :func:`annotate.evaluate.score.score_documents` (TextEE TI/TC/AI/AC, character
offsets); per event type TC, AI and AC (TI is untyped).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from annotate.evaluate.score import METRICS, ScoreReport, score_documents
from annotate.jsonl import read_documents
from schema import AnnotationInfo, Document

DATA = Path(__file__).resolve().parent / "data" / "rams"
SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "gold.jsonl"
#: the parts; "development" = tune + dev
PARTS = ("tune", "dev", "test")
DEVELOPMENT = ("tune", "dev")
#: the seed of the dev/test split of RAMS's test windows (fixed: changing it would leak test windows)
SPLIT_SEED = "eventgold-rams-split-1"
_FILES = {"tune": "tune", "dev": "heldout", "test": "heldout"}


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in (DATA / "positions.tsv").read_text(encoding="utf-8").splitlines()[1:]]


def document_key(window_id: str) -> str:
    """The RAMS document a window comes from (``rams_<document hash>_<sentence>`` -> the hash)."""
    return window_id.split("_")[1]


@lru_cache(maxsize=1)
def split() -> dict[str, str]:
    """Window id of RAMS's test file -> ``"dev"`` or ``"test"``: fixed, by document, stratified by type.

    Within each mapped type (Statement, Agreement, Loan, negative), the documents are ordered by the
    SHA-256 of the seed and the document key; the first half (rounded down) goes to ``dev``, the rest
    to ``test``. All windows of a document go to the same part.
    """
    strata: dict[str, set[str]] = {}
    windows: dict[str, list[str]] = {}
    for part, window, _, _, _, mapped, *_ in _rows():
        if part != "heldout":
            continue
        strata.setdefault(mapped, set()).add(document_key(window))
        windows.setdefault(document_key(window), []).append(window)
    out: dict[str, str] = {}
    for mapped in sorted(strata):
        keys = sorted(strata[mapped], key=lambda k: hashlib.sha256(f"{SPLIT_SEED}:{k}".encode()).hexdigest())
        for index, key in enumerate(keys):
            for window in windows[key]:
                out.setdefault(window, "dev" if index < len(keys) // 2 else "test")
    return out


def positions(part: str) -> dict[str, tuple[int, int]]:
    """Window id -> the annotated RAMS trigger span (character offsets), for ``part``."""
    out = {}
    for fields in _rows():
        if fields[0] == _FILES[part] and (part == "tune" or split()[fields[1]] == part):
            out[fields[1]] = (int(fields[2]), int(fields[3]))
    return out


def gold_documents(part: str) -> list[Document]:
    """The gold windows of ``part`` (``tune``, ``dev`` or ``test``), in file order."""
    keep = positions(part)
    return [d for d in read_documents(DATA / f"{_FILES[part]}.jsonl") if d.id in keep]


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


def predictions(parts: Iterable[str], suggester: Callable[[Document], Document] | None = None
                ) -> list[tuple[Document, Document]]:
    """(gold, suggestion at the RAMS trigger) for every window of ``parts``."""
    if suggester is None:
        from annotate.suggest import suggest as suggester
    pairs = []
    for part in parts:
        where = positions(part)
        pairs += [(gold, at_position(suggester(bare(gold)), where[gold.id])) for gold in gold_documents(part)]
    return pairs


def evaluate(part: str | Iterable[str], suggester: Callable[[Document], Document] | None = None,
             documents: Iterable[Document] | None = None) -> ScoreReport:
    """Score ``suggester`` (default: :func:`annotate.suggest.suggest`) on one part or several, at the
    RAMS triggers (``documents``: a subset of one part's windows)."""
    parts = [part] if isinstance(part, str) else list(part)
    if documents is None:
        return score_documents(predictions(parts, suggester))
    if suggester is None:
        from annotate.suggest import suggest as suggester
    where = positions(parts[0])
    return score_documents((gold, at_position(suggester(bare(gold)), where[gold.id])) for gold in documents)


def seed_report(suggester: Callable[[Document], Document] | None = None, path: Path = SEEDS) -> ScoreReport:
    """``suggester`` on the bundled gold articles, whole documents (the seed figures)."""
    if suggester is None:
        from annotate.suggest import suggest as suggester
    return score_documents((gold, suggester(bare(gold))) for gold in read_documents(path))


def describe(parts: Iterable[str]) -> str:
    golds = [d for part in parts for d in gold_documents(part)]
    positives = sum(1 for d in golds if d.events)
    return f"{len(golds)} windows: {positives} positive, {len(golds) - positives} negative"


def print_report(title: str, report: ScoreReport) -> None:
    print(title)
    print(f"  {'':<10} {'metric':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for metric in METRICS[:4]:
        c = report[metric]
        print(f"  {'all':<10} {metric:<6} {100 * c.precision:6.1f} {100 * c.recall:6.1f} {100 * c.f1:6.1f} "
              f"{c.gold:5d} {c.pred:5d}")
    for event_type, metrics in report.per_type.items():
        for metric in ("TC", "AI", "AC"):
            c = metrics[metric]
            if c.gold or c.pred:
                print(f"  {event_type:<10} {metric:<6} {100 * c.precision:6.1f} {100 * c.recall:6.1f} "
                      f"{100 * c.f1:6.1f} {c.gold:5d} {c.pred:5d}")


def print_errors(pairs: list[tuple[Document, Document]]) -> None:
    """Each window where the suggestion at the RAMS trigger differs from the gold in trigger or type."""
    for gold, pred in pairs:
        want = {(e.trigger.start, e.trigger.end, e.type) for e in gold.events}
        got = {(e.trigger.start, e.trigger.end, e.type) for e in pred.events}
        if want == got:
            continue
        kind = "FN" if want and not got else "FP" if got and not want else "WRONG"
        event = (gold.events or pred.events)[0]
        start, end = event.trigger.start, event.trigger.end
        left = gold.text.rfind(". ", 0, start) + 2 if gold.text.rfind(". ", 0, start) >= 0 else 0
        right = gold.text.find(". ", end)
        sentence = gold.text[left: right + 1 if right >= 0 else len(gold.text)]
        label = "/".join(sorted(e.type for e in gold.events)) or "-"
        print(f"{kind:5} {gold.id} gold={label} pred={'/'.join(sorted(t for *_, t in got)) or '-'} "
              f"[{gold.text[start:end]}]\n      {sentence}")


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
    errors = "--errors" in argv
    named = [a for a in argv if a != "--errors"]
    seeds = not named or "seeds" in named
    parts = [a for a in named if a != "seeds"] if named else list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        sys.exit(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}")
    if errors:
        if "test" in parts:
            sys.exit("--errors lists a development part's errors; the test part is scored, never read")
        for part in parts:
            print_errors(predictions([part]))
        return
    from annotate.suggest import suggest

    suggesters: dict[str, Callable[[Document], Document]] = {"rules": suggest}
    if model is not None:
        suggesters[f"rules+model ({model})"] = lambda d: suggest(d, model=model, threshold=threshold)
    for name, run in suggesters.items():
        if seeds:
            print_report(f"{name} on the 5 seed articles (whole documents; the rules were written on them):",
                         seed_report(run))
        groups = [[p] for p in parts]
        if all(p in parts for p in DEVELOPMENT):
            groups.insert(len(DEVELOPMENT), list(DEVELOPMENT))
        for group in groups:
            label = " + ".join(group) if len(group) > 1 else group[0]
            kind = "test (never read)" if group == ["test"] else "development"
            print_report(f"{name} on RAMS {label}, {kind} ({describe(group)}; scored at the RAMS trigger):",
                         evaluate(group, run))


if __name__ == "__main__":
    main(sys.argv[1:])
