"""The scorer's one-pass, per-type counting (issue 13) against the straightforward computation.

``score_pair`` groups each document's TextEE tuples by event type while building them and reads PRED
in one sequential pass when it follows GOLD's order. The reference here is the previous code: the
metric tuples of :func:`annotate.score.document_items`, split by type afterwards, and PRED looked up
by id. Both must give the same report on random documents and random predictions.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.jsonl import write_documents
from annotate.evaluate.matching import SpanKeys, check_document
from annotate.evaluate.score import (
    METRICS, TYPED_METRICS, ScoreReport, _order_types, _tuple_type, document_items, score_documents, score_files,
)
from benchmarks.synthetic import synthetic_document
from schema import MentionType
from schema.events import EVENT_TYPES


def reference_score(pairs) -> ScoreReport:
    report = ScoreReport()
    for gold, pred in pairs:
        check_document(gold)
        if pred is None:
            report.missing_in_pred.append(gold.id)
        else:
            check_document(pred)
        keys = SpanKeys(gold.text)
        gold_tuples, gold_values = document_items(gold, keys)
        pred_tuples, pred_values = document_items(pred, keys) if pred is not None else (
            {m: set() for m in METRICS}, {})
        for metric in METRICS:
            report.metrics[metric].add(gold_tuples[metric], pred_tuples[metric])
        for metric in TYPED_METRICS:
            by_type: dict[str, tuple[set, set]] = defaultdict(lambda: (set(), set()))
            for item in gold_tuples[metric]:
                by_type[_tuple_type(metric, item)][0].add(item)
            for item in pred_tuples[metric]:
                by_type[_tuple_type(metric, item)][1].add(item)
            for event_type, (g, p) in by_type.items():
                report.type_counts(event_type)[metric].add(g, p)
        for key, (kind, values) in gold_values.items():
            if key in pred_values:
                for value in values:
                    if value is not None:
                        report.normalization[kind].matched += 1
                        report.normalization[kind].equal += int(value in pred_values[key][1])
        report.documents += 1
    _order_types(report)
    return report


def perturb(document, rng: random.Random):
    """A prediction: events dropped, retyped (keeping the roles the new type has), arguments dropped,
    triggers moved onto a mention's span, normalized values dropped."""
    types = list(EVENT_TYPES)
    events = []
    for event in document.events:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3:
            cls = EVENT_TYPES[rng.choice(types)]
            event = cls(id=event.id, trigger=event.trigger, attributes=event.attributes,
                        arguments=[a for a in event.arguments if cls.role(a.role) is not None])
        elif roll < 0.45 and event.arguments:
            event = event.model_copy(update={"arguments": event.arguments[:rng.randrange(len(event.arguments))]})
        elif roll < 0.5 and document.mentions:
            mention = rng.choice(document.mentions)
            event = event.model_copy(update={"trigger": event.trigger.model_copy(
                update={"start": mention.start, "end": mention.end, "text": mention.text})})
        events.append(event)
    mentions = [m.model_copy(update={"time": None, "money": None, "type": MentionType.TOPIC}) if m.type.value in ("TIME", "MONEY")
                and rng.random() < 0.2 and not any(a.mention == m.id for e in events for a in e.arguments) else m
                for m in document.mentions]
    return _valid(document.model_copy(update={"events": events, "mentions": mentions}))


def _valid(document):
    """``document`` as a system could write it: every reader holds predictions to the validator's
    checks (issue 10 §4), so an event the perturbation left invalid (a required role emptied, a filler
    type the new type refuses) becomes generic, or is dropped when that is not enough."""
    from annotate.validate import check_document as validator
    from schema import Realis

    def errors(doc) -> set[int]:
        return {int(i.field.split("]")[0].split("[")[1]) for i in validator(doc)
                if i.is_error and (i.field or "").startswith("events[")}

    for _ in range(3):
        bad = errors(document)
        if not bad:
            return document
        events = [e.model_copy(update={"attributes": e.attributes.model_copy(update={"realis": Realis.GENERIC})})
                  if n in bad and e.attributes.realis is not Realis.GENERIC else e
                  for n, e in enumerate(document.events)]
        events = [e for n, e in enumerate(events) if not (n in bad and document.events[n].attributes.realis
                                                          is Realis.GENERIC)]
        document = document.model_copy(update={"events": events})
    return document


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), missing=st.floats(0, 0.5))
def test_score_documents_equals_the_reference(seed: int, n: int, missing: float) -> None:
    rng = random.Random(seed)
    golds = [synthetic_document(i, rng, events=rng.randrange(1, 14)) for i in range(n)]
    pairs = [(g, None if rng.random() < missing else perturb(g, rng)) for g in golds]
    assert score_documents(pairs).to_json() == reference_score(pairs).to_json()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), order=st.sampled_from(["same", "shuffled", "some missing"]))
def test_score_files_reads_pred_in_any_order(tmp_path_factory, seed: int, order: str) -> None:
    rng = random.Random(seed)
    folder: Path = tmp_path_factory.mktemp("score")
    golds = [synthetic_document(i, rng, events=rng.randrange(1, 10)) for i in range(6)]
    preds = [perturb(g, rng) for g in golds]
    if order == "shuffled":
        rng.shuffle(preds)
    elif order == "some missing":
        preds = [p for p in preds if rng.random() < 0.6]
    write_documents(folder / "gold.jsonl", golds)
    write_documents(folder / "pred.jsonl", preds)
    by_id = {p.id: p for p in preds}
    expected = reference_score([(g, by_id.get(g.id)) for g in golds])
    assert score_files(folder / "gold.jsonl", folder / "pred.jsonl").to_json() == expected.to_json()
