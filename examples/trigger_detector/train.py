"""Train a trigger detector from scratch on the gold corpus with ``spacy train``, and score it with
``annotate score``.

For each evaluation mode, the script

1. writes the training and held-out documents as corpus JSONL and exports them with
   ``annotate export spacy DIR --split ... --ents triggers`` (triggers in ``doc.ents``, labelled by event
   type; the ``split`` mode lets the exporter choose the held-out documents);
2. runs ``python -m spacy train config.cfg --paths.train ... --paths.dev ...`` (blank English, CNN
   tok2vec + ``ner``; no downloaded weights; a fixed number of steps and ``model-last``, so the held-out
   documents never choose a checkpoint);
3. predicts triggers on the held-out documents and writes them as corpus JSONL (events with a trigger
   and a type, no arguments);
4. scores them against the gold with ``annotate score GOLD PRED --format json`` (TI and TC).

Modes (``--modes``, default all three):

- ``split``: one train/dev split of the documents (``--split``, default train=0.8,dev=0.2);
- ``cv``: leave-one-document-out cross-validation, predictions of every fold pooled, scored once;
- ``all``: train on every document and predict the same documents. NOT an evaluation: a sanity upper
  bound showing that the pipeline can fit its training data.

Usage (from the repository root)::

    .venv/bin/python examples/trigger_detector/train.py [--gold corpus/gold.jsonl] [--out out/trigger_detector]

Results go to ``OUT/results.json`` and ``OUT/results.md``; each mode's data, model, predictions and scores
to ``OUT/MODE/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
MODES = ("split", "cv", "all")


def run(command: list[str], *, quiet: bool = False) -> subprocess.CompletedProcess:
    """Run a command, stop the script with its output if it fails."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
    if not quiet and result.stdout.strip():
        print("   " + result.stdout.strip().replace("\n", "\n   "))
    return result


def annotate(*args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "annotate", *args], quiet=quiet)


def read(path: Path) -> list:
    from annotate.jsonl import read_documents

    return list(read_documents(path))


def write(path: Path, documents: list) -> Path:
    from annotate.jsonl import write_documents

    write_documents(path, documents)
    return path


def train(folder: Path, train_docs: list, dev_docs: list, *, max_steps: int, seed: int) -> Path:
    """Export train/dev DocBins with the triggers as entities, run ``spacy train``; the model-last path."""
    data = folder / "data"
    write(folder / "train.jsonl", train_docs)
    write(folder / "dev.jsonl", dev_docs)
    annotate("export", "spacy", str(data / "train.spacy"), "--input", str(folder / "train.jsonl"), "--ents",
             "triggers", quiet=True)
    annotate("export", "spacy", str(data / "dev.spacy"), "--input", str(folder / "dev.jsonl"), "--ents",
             "triggers", quiet=True)
    return spacy_train(folder, data / "train.spacy", data / "dev.spacy", max_steps=max_steps, seed=seed)


def spacy_train(folder: Path, train_path: Path, dev_path: Path, *, max_steps: int, seed: int) -> Path:
    model = folder / "model"
    shutil.rmtree(model, ignore_errors=True)
    started = time.perf_counter()
    run([sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(model),
         "--paths.train", str(train_path), "--paths.dev", str(dev_path),
         f"--training.max_steps={max_steps}", f"--system.seed={seed}"], quiet=True)
    print(f"   spacy train: {time.perf_counter() - started:.0f} s")
    return model / "model-last"


def predict(model: Path, documents: list) -> list:
    """Documents with the predicted triggers as events (type = label, default attributes, no arguments)."""
    import spacy

    from schema import EVENT_TYPES, AnnotationInfo, Attributes, Span, make_span

    nlp = spacy.load(model)
    predicted = []
    for document in documents:
        doc = nlp(document.text)
        events = [EVENT_TYPES[ent.label_](id=f"P{i}", trigger=Span(**make_span(document.text, ent.start_char,
                                                                                 ent.end_char)),
                                          attributes=Attributes.default())
                  for i, ent in enumerate(doc.ents, 1)]
        predicted.append(document.model_copy(update={
            "mentions": [], "events": events,
            "annotation": AnnotationInfo(annotator="trigger-detector", status="draft"),
        }))
    return predicted


def score(folder: Path, gold: list, predicted: list) -> dict:
    write(folder / "heldout-gold.jsonl", gold)
    write(folder / "pred.jsonl", predicted)
    result = annotate("score", str(folder / "heldout-gold.jsonl"), str(folder / "pred.jsonl"), "--format", "json",
                      quiet=True)
    (folder / "scores.json").write_text(result.stdout, encoding="utf-8")
    return json.loads(result.stdout)


def evaluate(mode: str, documents: list, out: Path, args: argparse.Namespace) -> dict:
    folder = out / mode
    folder.mkdir(parents=True, exist_ok=True)
    print(f"== {mode}")
    if mode == "split":
        source = write(folder / "all.jsonl", documents)
        annotate("export", "spacy", str(folder / "data"), "--input", str(source), "--split", args.split,
                 "--seed", str(args.seed), "--ents", "triggers")
        from annotate.formats.spacy import assign_splits, parse_split_spec

        assignment = assign_splits([d.id for d in documents], parse_split_spec(args.split), seed=args.seed)
        held_out = [d for d in documents if assignment[d.id] == "dev"]
        model = spacy_train(folder, folder / "data" / "train.spacy", folder / "data" / "dev.spacy",
                            max_steps=args.max_steps, seed=args.seed)
        gold, predicted = held_out, predict(model, held_out)
        trained_on = len(documents) - len(held_out)
    elif mode == "cv":
        gold, predicted = [], []
        for i, document in enumerate(documents):
            rest = documents[:i] + documents[i + 1:]
            print(f"   fold {i + 1}/{len(documents)}: hold out {document.id}")
            model = train(folder / f"fold{i + 1}", rest, [document], max_steps=args.max_steps, seed=args.seed)
            gold.append(document)
            predicted += predict(model, [document])
        trained_on = len(documents) - 1
    else:
        model = train(folder, documents, documents, max_steps=args.max_steps, seed=args.seed)
        gold, predicted = documents, predict(model, documents)
        trained_on = len(documents)
    scores = score(folder, gold, predicted)
    figures = {
        "mode": mode,
        "trained_on_documents": trained_on,
        "evaluated_documents": len(gold),
        "gold_triggers": sum(len(d.events) for d in gold),
        "predicted_triggers": sum(len(d.events) for d in predicted),
        "TI": {k: scores["TI"][k] for k in ("precision", "recall", "f1")},
        "TC": {k: scores["TC"][k] for k in ("precision", "recall", "f1")},
        "TC_per_type": {t: {k: v["TC"].get(k) for k in ("precision", "recall", "f1", "gold", "pred")}
                        for t, v in scores.get("per_type", {}).items()},
    }
    print(f"   TI F1 {figures['TI']['f1']:.3f}  TC F1 {figures['TC']['f1']:.3f}  "
          f"({figures['predicted_triggers']} predicted, {figures['gold_triggers']} gold triggers)")
    return figures


LABELS = {
    "split": "held-out split",
    "cv": "leave-one-document-out CV",
    "all": "train = test (upper bound, not an evaluation)",
}


def markdown(results: list[dict]) -> str:
    lines = ["| evaluation | train docs | test docs | gold / predicted triggers | TI P | TI R | TI F1 | TC P | TC R | TC F1 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ti, tc = r["TI"], r["TC"]
        lines.append(f"| {LABELS[r['mode']]} | {r['trained_on_documents']} | {r['evaluated_documents']} | "
                     f"{r['gold_triggers']} / {r['predicted_triggers']} | {ti['precision']:.2f} | {ti['recall']:.2f} | "
                     f"{ti['f1']:.2f} | {tc['precision']:.2f} | {tc['recall']:.2f} | {tc['f1']:.2f} |")
    for r in results:
        if r["mode"] == "all" or not r["TC_per_type"]:
            continue
        lines += ["", f"TC per event type, {LABELS[r['mode']]}:", "",
                  "| event type | gold | predicted | P | R | F1 |", "|---|---|---|---|---|---|"]
        for event_type, t in r["TC_per_type"].items():
            lines.append(f"| {event_type} | {t['gold']} | {t['pred']} | {t['precision']:.2f} | {t['recall']:.2f} | "
                         f"{t['f1']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("corpus/gold.jsonl"), help="gold corpus JSONL")
    parser.add_argument("--out", type=Path, default=Path("out/trigger_detector"), help="output folder")
    parser.add_argument("--split", default="train=0.8,dev=0.2", help="split spec of the 'split' mode (names "
                        "train and dev)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split and of spaCy")
    parser.add_argument("--max-steps", type=int, default=600, help="training steps per model")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: split, cv, all")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes):
        parser.error(f"--modes takes a comma-separated list of {', '.join(MODES)}")
    documents = read(args.gold)
    if len(documents) < 2:
        parser.error(f"{args.gold} has {len(documents)} document(s); at least 2 are needed to hold one out")
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{len(documents)} documents, {sum(len(d.events) for d in documents)} events in {args.gold}")
    results = [evaluate(mode, documents, args.out, args) for mode in modes]
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    print()
    print(table, end="")


if __name__ == "__main__":
    main()
