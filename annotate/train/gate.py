"""Does a retrained model earn its place? A held-out check before a model is published (INCEpTION style).

``annotate train --evaluate`` (what ``annotate session --watch`` runs after each ``done``) holds out part
of the training documents, trains a model on the rest, and scores the suggestions on the held-out
documents twice with ``annotate score``'s TextEE metrics (:mod:`annotate.evaluate.score`): the rules
alone, and rules+model (the union that ``--model`` gives, at the session's ``--threshold``). The model
is used only when rules+model is **not worse than the rules alone on TC F1 and on AC F1**; then the
model is trained again on all the documents and published. A model that would make the suggestions
worse is never shown to the annotator; the previous model (if any) stays in use.

The held-out part: a fifth of the documents (at least one, rounded down otherwise), chosen by the
SHA-256 of their ids, so a document stays on the same side as the set grows. Fewer than two documents
leave nothing to train on once one is held out: the model is then not used ("too few documents").
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from schema import Document

#: The share of documents held out for the check (at least one).
HELD_OUT_SHARE = 5


def split(documents: Sequence[Document]) -> tuple[list[Document], list[Document]]:
    """(train, held out): a fifth of the documents, at least one, by the SHA-256 of their ids."""
    ranked = sorted(documents, key=lambda d: hashlib.sha256(d.id.encode("utf-8")).hexdigest())
    count = max(1, len(ranked) // HELD_OUT_SHARE)
    held = {d.id for d in ranked[:count]}
    return [d for d in documents if d.id not in held], [d for d in documents if d.id in held]


def evaluate_split(documents: Sequence[Document], folder: Path, *, iterations: int, seed: int,
                   threshold: float) -> dict:
    """Train on the training part into ``folder``, score rules and rules+model on the held-out part.

    Returns ``{"used": bool, "reason": str, "held_out": [ids], "threshold": t, "rules": {"TC": f1,
    "AC": f1}, "rules+model": {...}}`` (F1 as fractions).
    """
    from ..evaluate.score import score_documents
    from ..suggest import suggest
    from .run import fit_pipelines, save_pipelines

    train_part, held_out = split(documents)
    result: dict = {"used": False, "held_out": sorted(d.id for d in held_out), "threshold": threshold}
    if not train_part or not any(d.events for d in train_part):
        result["reason"] = (f"too few documents to check a model on held-out ones ({len(documents)} complete; "
                            "it takes 2 or more, with events in the training part)")
        return result
    triggers, roles, _sizes = fit_pipelines(train_part, iterations=iterations, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    save_pipelines(folder, triggers, roles, {"format": 1, "held_out_check": True})
    both, rules = [], []
    for gold in held_out:
        empty = gold.model_copy(update={"mentions": [], "events": []})
        predicted = suggest(empty, model=folder, threshold=threshold)
        rules_only = [e for e in predicted.events if not (e.notes or "").startswith("source: model")]
        both.append((gold, predicted))
        rules.append((gold, predicted.model_copy(update={"events": rules_only})))
    scores = {}
    for name, pairs in (("rules", rules), ("rules+model", both)):
        report = score_documents(pairs)
        scores[name] = {"TC": round(report["TC"].f1, 4), "AC": round(report["AC"].f1, 4)}
    result.update(scores)
    worse = [metric for metric in ("TC", "AC") if scores["rules+model"][metric] < scores["rules"][metric]]
    count = f"{len(held_out)} held-out document(s)"
    if worse:
        result["reason"] = (f"rules+model is worse than the rules alone on {count} (" + ", ".join(
            f"{m} F1 {scores['rules+model'][m]:.2f} < {scores['rules'][m]:.2f}" for m in worse) + ")")
    else:
        result["used"] = True
        result["reason"] = (f"on {count}: rules+model TC F1 {scores['rules+model']['TC']:.2f}, AC F1 "
                            f"{scores['rules+model']['AC']:.2f}; rules alone TC F1 {scores['rules']['TC']:.2f}, "
                            f"AC F1 {scores['rules']['AC']:.2f}")
    return result
