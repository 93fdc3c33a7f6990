"""``annotate agree`` with flat memory (issue 13) against the straightforward computation.

The pooled figures are now kept as counts (:class:`annotate.evaluate.agree.Tally` for attribute pairs and
event-type units, per-label counts in :class:`ClusterAgreement`), documents are read sequentially
(``InOrder``), and the CLI spools per-document results instead of holding them. The reference here is
the straightforward computation: every document pair through :func:`agree_documents`, pooled by
concatenating lists, and corpus-wide clusters as one partition of every event scored by
:func:`annotate.evaluate.coref_metrics.b_cubed`. Both must give the same report on random documents:
mutations of the corpus seeds and of synthetic documents, with the second set in another order, some
documents missing, and a third set.
"""

from __future__ import annotations

import importlib
import json
import math
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.evaluate.agree import (
    PairAgreement, agree, agree_documents, item_ids, krippendorff_alpha_nominal, trigger_units,
)
from annotate.evaluate.coref_metrics import Contingency, b_cubed
from annotate.jsonl import read_documents, write_documents
from benchmarks.synthetic import synthetic_document
from conftest import REPO, run_annotate
from schema import Realis, Tense
from tests.test_score_fast import _valid, perturb

agree_module = importlib.import_module("annotate.evaluate.agree")
SEEDS = list(read_documents(REPO / "corpus" / "gold.jsonl"))


def mutated(document, rng: random.Random):
    """A second annotation: :func:`perturb` (events dropped, retyped, arguments and values dropped), then
    attributes and corpus-wide clusters changed on some events."""
    document = perturb(document, rng)
    events = []
    for event in document.events:
        roll = rng.random()
        if roll < 0.2:
            attributes = event.attributes.model_copy(update={
                "realis": rng.choice([Realis.ACTUAL, Realis.OTHER]),
                "tense": rng.choice([Tense.PAST, Tense.FUTURE, Tense.UNSPECIFIED])})
            event = event.model_copy(update={"attributes": attributes})
        elif roll < 0.4:
            event = event.model_copy(update={"cluster": rng.choice([None, f"C-{event.type}-{rng.randrange(3)}"])})
        events.append(event)
    return _valid(document.model_copy(update={"events": events}))


def reference_pair(docs_a: dict, docs_b: dict, order: list[str]):
    """Pooled agreement of two sets the straightforward way, and the per-document results."""
    pooled = PairAgreement()  # lists, as every document's own result
    key: dict = {}
    response: dict = {}
    per_document = {}
    for doc_id in order:
        a, b = docs_a.get(doc_id), docs_b.get(doc_id)
        if a is None or b is None:
            continue
        result = agree_documents(a, b)
        pooled.add(result)
        per_document[doc_id] = result
        ids_a, ids_b, _ = item_ids([(e.trigger.start, e.trigger.end, e.type) for e in a.events],
                                   [(e.trigger.start, e.trigger.end, e.type) for e in b.events])
        key.update(((doc_id, *item), event.cluster) for item, event in zip(ids_a, a.events))
        response.update(((doc_id, *item), event.cluster) for item, event in zip(ids_b, b.events))
    clusters = b_cubed(Contingency.of_labels(key, response))
    return pooled, per_document, clusters, key, response


def close(x, y) -> bool:
    """Equal JSON values, floats to 1e-12 (the pooled sums may add in another order)."""
    if isinstance(x, float) and isinstance(y, (int, float)) or isinstance(y, float) and isinstance(x, (int, float)):
        return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(close(a, b) for a, b in zip(x, y))
    return x == y


def _sets(rng: random.Random, n: int):
    golds = [d.model_copy(update={"id": f"{d.id}-{i}"}) for i, d in enumerate(rng.sample(SEEDS, min(n, len(SEEDS))))]
    golds += [synthetic_document(i, rng, events=rng.randrange(1, 14)) for i in range(n)]
    second = [mutated(g, rng) for g in golds if rng.random() < 0.9]  # some documents only in the first set
    if rng.random() < 0.5:
        rng.shuffle(second)  # not in the first set's order: read by id, not sequentially
    third = [mutated(g, rng) for g in golds if rng.random() < 0.8]
    return golds, second, third


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5))
def test_pooled_agreement_equals_the_straightforward_computation(tmp_path_factory, seed: int, n: int) -> None:
    rng = random.Random(seed)
    folder: Path = tmp_path_factory.mktemp("pooled")
    golds, second, third = _sets(rng, n)
    paths = [folder / "a.jsonl", folder / "b.jsonl", folder / "c.jsonl"]
    for path, docs in zip(paths, (golds, second, third)):
        write_documents(path, docs)
    streamed: dict = {}
    report = agree(paths, per_document=False,
                   on_document=lambda pair, doc_id, result: streamed.setdefault((pair.a, pair.b), {}).update(
                       {doc_id: result}))
    kept = agree(paths)  # per_document=True: the results kept in the report, as before
    by_id = [{d.id: d for d in docs} for docs in (golds, second, third)]
    union = list(dict.fromkeys([d.id for d in golds] + [d.id for d in second] + [d.id for d in third]))
    for pair, kept_pair, (i, j) in zip(report.pairs, kept.pairs, [(0, 1), (0, 2), (1, 2)]):
        pooled, per_document, clusters, key, response = reference_pair(by_id[i], by_id[j], union)
        overall = pair.overall.to_json()
        got_clusters = overall.pop("event_clusters")
        assert close(overall, pooled.to_json())
        assert close(kept_pair.overall.to_json(), pair.overall.to_json())
        assert close(got_clusters["b_cubed"], clusters.to_json())
        assert got_clusters["clusters"] == {"a": len({v for v in key.values() if v is not None}),
                                            "b": len({v for v in response.values() if v is not None})}
        assert got_clusters["mentions"]["a"] == len(key) and got_clusters["mentions"]["b"] == len(response)
        assert pair.documents == {}
        assert {d: r.to_json() for d, r in streamed.get((pair.a, pair.b), {}).items()} == \
            {d: r.to_json() for d, r in per_document.items()} == \
            {d: r.to_json() for d, r in kept_pair.documents.items()}
    units = [u for doc_id in union if all(doc_id in s for s in by_id)
             for u in trigger_units([s[doc_id] for s in by_id])]
    alpha = krippendorff_alpha_nominal(units)
    assert (report.event_type_alpha_all is None) == (alpha is None)
    assert alpha is None or math.isclose(report.event_type_alpha_all, alpha, rel_tol=1e-12)
    assert len(report.all_type_units) == len(units)


def test_kappa_and_alpha_of_counts_equal_those_of_lists():
    rng = random.Random(7)
    labels = ["actual", "other", "generic"]
    pairs = [(rng.choice(labels), rng.choice(labels)) for _ in range(300)]
    tally = agree_module.Tally()
    tally.extend(pairs)
    assert len(tally) == 300 and sorted(tally) == sorted(pairs)
    assert agree_module.cohen_kappa(tally) == agree_module.cohen_kappa(pairs)
    units = [tuple(rng.choice(labels + [None]) for _ in range(rng.choice((2, 3, 4)))) for _ in range(300)]
    counted = agree_module.Tally()
    counted.extend(units)
    assert math.isclose(krippendorff_alpha_nominal(counted), krippendorff_alpha_nominal(units), rel_tol=1e-12)


def test_cli_streams_the_same_report_as_the_library(tmp_path):
    """The CLI spools per-document results; its output is the whole report, byte for byte."""
    from annotate.cli.agree import format_agreement

    rng = random.Random(3)
    golds, second, third = _sets(rng, 4)
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"]
    for path, docs in zip(paths, (golds, second, third)):
        write_documents(path, docs)
    for chosen in (paths[:2], paths):
        report = agree(chosen)
        out = run_annotate("agree", *map(str, chosen), "--format", "json")
        assert out.returncode == 0, out.stderr.decode()
        assert out.stdout.decode("utf-8") == json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
        table = run_annotate("agree", *map(str, chosen))
        assert table.stdout.decode("utf-8") == format_agreement(report) + "\n"
    assert "per document" in format_agreement(agree(paths[:2]))
