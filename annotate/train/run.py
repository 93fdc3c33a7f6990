"""Train an eventgold suggestion model from annotated documents (``annotate train``).

Two small spaCy pipelines trained from scratch on the CPU (no pretrained vectors or weights):

- ``triggers/``: a ``spancat`` over one- and two-token spans, one label per event type, trained on
  every sentence of the documents (sentences without events are the negatives);
- ``roles/``: an exclusive ``textcat`` (bag of n-grams) over (trigger, candidate mention) pairs shown
  as marked-up text (:mod:`annotate.suggest.pairs`): the label is the role the mention fills in the
  event, or ``NONE``. Candidates are the entity and value mentions of the trigger's sentence.

``DIR/eventgold-model.json`` says what the model was trained on (and, with ``evaluate``, how it
scored on held-out documents: :mod:`annotate.train.gate`). The folder is written beside and swapped in
at once (:class:`annotate.outputs.FolderOutput`); an existing ``DIR`` is replaced only when it holds an
eventgold model.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from schema import EVENT_TYPES, Document

from ..errors import UsageError
from ..suggest.model import MODEL_FILE, is_model_dir
from ..suggest.pairs import CANDIDATE_TYPES, NO_ROLE, pair_text

MODEL_FORMAT = 1
#: Passes over the data when neither ``iterations`` nor ``EVENTGOLD_TRAIN_ITERATIONS`` says otherwise.
ITERATIONS = 15
#: The environment variable that sets the default training budget (passes over the data).
ITERATIONS_ENV = "EVENTGOLD_TRAIN_ITERATIONS"


@dataclass
class TrainReport:
    out: Path
    documents: int
    skipped_drafts: int
    sentences: int
    triggers: int
    pairs: int
    seconds: float
    published: bool = True
    evaluation: dict | None = None  # with ``evaluate``: see :func:`annotate.train.gate.evaluate_split`

    def to_json(self) -> dict:
        return {"out": str(self.out), "published": self.published, "documents": self.documents,
                "skipped_drafts": self.skipped_drafts, "events": self.triggers, "sentences": self.sentences,
                "pairs": self.pairs, "seconds": round(self.seconds, 1), "evaluation": self.evaluation}


def collect_documents(sets: Sequence[str | Path], *, corpus: str | Path | None) -> tuple[list[Document], int]:
    """The documents of ``sets`` (the first set that has a document id wins), drafts left out."""
    from ..annotation_sets import open_annotation_sets

    documents: dict[str, Document] = {}
    drafts = 0
    for aset in open_annotation_sets(list(sets), corpus=corpus):
        for document in aset:
            if document.id in documents:
                continue
            if document.annotation.status.value == "draft":
                drafts += 1
                continue
            documents[document.id] = document
    return list(documents.values()), drafts


def _sentences(text: str) -> list[tuple[int, int]]:
    from ..nlp import analyze

    return [(s.start, s.end) for s in analyze(text).sentences]


def trigger_examples(nlp, documents: Iterable[Document]) -> list:
    """One spaCy Example per sentence, its triggers as spans labelled with their event type."""
    from spacy.training import Example

    examples = []
    for document in documents:
        for start, end in _sentences(document.text):
            predicted = nlp.make_doc(document.text[start:end])
            reference = predicted.copy()
            spans = []
            for event in document.events:
                if start <= event.trigger.start and event.trigger.end <= end:
                    span = reference.char_span(event.trigger.start - start, event.trigger.end - start,
                                               label=event.type, alignment_mode="expand")
                    if span is not None and len(span) <= 2:
                        spans.append(span)
            reference.spans["sc"] = spans
            examples.append(Example(predicted, reference))
    return examples


def role_pairs(documents: Iterable[Document]) -> list[tuple[str, str]]:
    """(pair text, role or NONE) for each event and each entity/value mention of its sentence."""
    pairs = []
    for document in documents:
        sentences = _sentences(document.text)
        by_id = document.mentions_by_id()
        for event in document.events:
            sentence = next(((s, e) for s, e in sentences if s <= event.trigger.start < e), None)
            if sentence is None:
                continue
            roles = {}
            for argument in event.arguments:
                mention = by_id.get(argument.mention)
                if mention is not None:
                    roles.setdefault((mention.start, mention.end), argument.role)
            for mention in document.mentions:
                if mention.type.value not in CANDIDATE_TYPES or not (
                        sentence[0] <= mention.start and mention.end <= sentence[1]):
                    continue
                text = pair_text(document.text, sentence, event.type, (event.trigger.start, event.trigger.end),
                                 (mention.start, mention.end), mention.type.value)
                pairs.append((text, roles.get((mention.start, mention.end), NO_ROLE)))
    return pairs


def role_labels() -> list[str]:
    return sorted({role.name for cls in EVENT_TYPES.values() for role in cls.ROLES}) + [NO_ROLE]


def _fit(nlp, examples: list, *, iterations: int, seed: int) -> None:
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(iterations):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=compounding(4.0, 32.0, 1.5)):
            nlp.update(batch, sgd=optimizer, drop=0.1)


def default_iterations() -> int:
    """The training budget when none is given: ``EVENTGOLD_TRAIN_ITERATIONS`` (a positive integer; tests
    and ``session --watch`` on a slow machine set it low), else :data:`ITERATIONS`."""
    import os

    value = os.environ.get(ITERATIONS_ENV, "").strip()
    if not value:
        return ITERATIONS
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"{ITERATIONS_ENV}={value!r}: expected a positive whole number of passes")
    return int(value)


def fit_pipelines(documents: Sequence[Document], *, iterations: int, seed: int) -> tuple[object, object, dict]:
    """The trigger and role pipelines trained on ``documents``, and what they were trained on."""
    import spacy
    from spacy.training import Example

    triggers = spacy.blank("en")
    spancat = triggers.add_pipe("spancat", config={
        "spans_key": "sc", "threshold": 0.2, "max_positive": 1,
        "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": [1, 2]}})
    for label in EVENT_TYPES:
        spancat.add_label(label)
    trigger_set = trigger_examples(triggers, documents)
    _fit(triggers, trigger_set, iterations=iterations, seed=seed)

    roles = spacy.blank("en")
    textcat = roles.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 3,
        "no_output_layer": False}})
    labels = role_labels()
    for label in labels:
        textcat.add_label(label)
    pairs = role_pairs(documents)
    pair_examples = []
    for text, role in pairs:
        doc = roles.make_doc(text)
        pair_examples.append(Example.from_dict(doc, {"cats": {label: float(label == role) for label in labels}}))
    if pair_examples:
        _fit(roles, pair_examples, iterations=iterations, seed=seed)
    else:
        roles.initialize()
    return triggers, roles, {"sentences": len(trigger_set), "pairs": len(pairs)}


def save_pipelines(folder: Path, triggers, roles, meta: dict) -> None:
    """Write a model folder's content into ``folder`` (an empty staging folder)."""
    triggers.to_disk(folder / "triggers")
    roles.to_disk(folder / "roles")
    (folder / MODEL_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def train(sets: Sequence[str | Path] = ("gold",), *, out: str | Path, corpus: str | Path | None = "corpus",
          iterations: int | None = None, seed: int = 0, documents: Sequence[Document] | None = None,
          evaluate: bool = False, threshold: float | None = None) -> TrainReport:
    """Train a suggestion model on the documents of ``sets`` (or on ``documents``) and save it to ``out``.

    ``iterations`` passes over the data (fewer: faster, weaker; default :func:`default_iterations`).
    ``out`` is written beside and swapped in whole (:mod:`annotate.outputs`): a reader, a crash or a
    kill sees the previous model or the new one, never a mix; two runs into one folder do not mix
    either (the second stops at once with :class:`~annotate.errors.LockedError`).

    With ``evaluate`` (what ``annotate session --watch`` runs), the model must first earn its place
    (:mod:`annotate.train.gate`): a model trained without the held-out documents is scored on them,
    rules+model against rules alone at ``threshold``; only when it is not worse on TC F1 nor on AC F1
    is the model trained on all documents and published. Otherwise ``out`` is left as it was and the
    report says why (``published`` False).

    Raises :class:`UsageError` when there are no annotated events to learn from, or when ``out`` exists
    and is not an eventgold model.
    """
    from ..outputs import FolderOutput
    from ..suggest.model import DEFAULT_THRESHOLD

    started = time.perf_counter()
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not is_model_dir(out))):
        raise UsageError(f"{out}: exists and is not an eventgold model folder; give a new folder for --out")
    iterations = default_iterations() if iterations is None else iterations
    if iterations < 1:
        raise UsageError("--iterations must be at least 1")
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    drafts = 0
    from_sets = documents is None
    if from_sets:
        documents, drafts = collect_documents(sets, corpus=corpus)
    documents = list(documents)
    events = sum(len(d.events) for d in documents)
    if not events:
        raise UsageError("no annotated events to learn from in " +
                         (", ".join(str(s) for s in sets) if from_sets else "the documents given") +
                         (f" ({drafts} draft document(s) left out)" if drafts else ""))

    output = FolderOutput(out, owned=None)
    stage = output.open()  # the lock is held from here to the swap: one run at a time per folder
    try:
        evaluation = None
        if evaluate:
            from .gate import evaluate_split

            evaluation = evaluate_split(documents, stage / "held-out-model", iterations=iterations, seed=seed,
                                        threshold=threshold)
            shutil.rmtree(stage / "held-out-model", ignore_errors=True)
            if not evaluation["used"]:
                return TrainReport(out=out, documents=len(documents), skipped_drafts=drafts, sentences=0,
                                   triggers=events, pairs=0, seconds=time.perf_counter() - started,
                                   published=False, evaluation=evaluation)
        triggers, roles, sizes = fit_pipelines(documents, iterations=iterations, seed=seed)
        seconds = time.perf_counter() - started
        meta = {"format": MODEL_FORMAT, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "sets": [str(s) for s in sets] if from_sets else [], "documents": len(documents),
                "doc_ids": sorted(d.id for d in documents),
                "events": events, "sentences": sizes["sentences"], "pairs": sizes["pairs"],
                "iterations": iterations, "seed": seed, "seconds": round(seconds, 1),
                "event_types": list(EVENT_TYPES)}
        if evaluation is not None:
            meta["evaluation"] = evaluation
        save_pipelines(stage, triggers, roles, meta)
        output.commit()
    finally:
        output.close()
    return TrainReport(out=out, documents=len(documents), skipped_drafts=drafts, sentences=sizes["sentences"],
                       triggers=events, pairs=sizes["pairs"], seconds=seconds, evaluation=evaluation)
