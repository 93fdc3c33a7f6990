"""``annotate agree``: coreference agreement on event hoppers, entities and corpus-wide event clusters.

The hand-computed cases put the textbook partitions of Pradhan et al. (2014) on the events and
mentions of a document, so the figures are the paper's; the real gold is compared with itself and
with a copy perturbed in a known way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.evaluate.agree import (
    agree, agree_documents, entity_coref_agreement, event_coref_agreement, exact_pairs, item_ids,
)
from annotate.annotation_sets import open_annotation_set
from annotate.corpus import sha256_text
from conftest import REPO, run_annotate
from schema import AnnotationInfo, Attributes, CreationTime, Document, Mention, Realis, Source, Span, find_span
from schema.events import EVENT_TYPES
from test_score import benchmark_module, write_jsonl

TEXT = ("Putin said on Monday that Moscow and Havana agreed. Lavrov stated it again and Shoigu added a remark. "
        "Díaz-Canel announced a loan \U0001F1E8\U0001F1FA; Cabrisas declared it historic. Officials warned, "
        "analysts cautioned, diplomats noted and reporters wrote about it.")
#: Items a..i of the textbook example: the events' triggers and the entity mentions.
TRIGGERS = dict(zip("abcdefghi", ["said", "stated", "added", "announced", "declared", "warned", "cautioned",
                                  "noted", "wrote"]))
MENTIONS = dict(zip("abcdefghi", ["Putin", "Moscow", "Havana", "Lavrov", "Shoigu", "Díaz-Canel", "Cabrisas",
                                  "Officials", "analysts"]))
MENTION_TYPES = {"b": "GPE", "c": "GPE"}  # the rest are PER


def document(doc_id: str = "d1", *, events: dict[str, tuple] = {}, mentions: dict[str, tuple] = {},
             annotator: str = "a") -> Document:
    """``events``: letter -> (type, hopper or None, cluster or None); ``mentions``: letter -> (type,
    entity or None)."""
    built_mentions = [Mention(id=f"M{letter}", type=mtype, entity=entity, **find_span(TEXT, MENTIONS[letter]))
                      for letter, (mtype, entity) in mentions.items()]
    # generic: the events have no arguments, which only generic events may leave empty (the commands read
    # files through annotate validate's checks); realis plays no part in coreference scores
    generic = Attributes.default().model_copy(update={"realis": Realis.GENERIC})
    built_events = [EVENT_TYPES[etype](id=f"EV{letter}", trigger=Span(**find_span(TEXT, TRIGGERS[letter])),
                                       attributes=generic, coref=coref, cluster=cluster)
                    for letter, (etype, coref, cluster) in events.items()]
    return Document(id=doc_id, text=TEXT,
                    source=Source(file_name=f"{doc_id}.txt", sha256=sha256_text(TEXT), title="Coref",
                                  dct=CreationTime(value="2018-11-05", method="stated")),
                    annotation=AnnotationInfo(annotator=annotator, status="complete"),
                    mentions=built_mentions, events=built_events)


def hoppers(groups: list[str], etype: str = "Statement") -> dict[str, tuple]:
    """Events from groups of letters: "abc" is one hopper, a one-letter group has no hopper id."""
    return {letter: (etype, f"H{n}" if len(group) > 1 else None, None)
            for n, group in enumerate(groups, 1) for letter in group}


def entities(groups: list[str]) -> dict[str, tuple]:
    return {letter: (MENTION_TYPES.get(letter, "PER"), f"E{n}" if len(group) > 1 else None)
            for n, group in enumerate(groups, 1) for letter in group}


# Pradhan et al. (2014), Figure 1: key {a,b,c},{d,e,f,g}; response {a,b},{c,d},{f,g,h,i}.
KEY, RESPONSE = ["abc", "defg"], ["ab", "cd", "fghi"]
# The paper's figures (worked out in tests/test_coref_metrics.py): (recall, precision, F1).
PAPER = {"muc": (0.4, 0.4, 0.4), "b_cubed": (5 / 12, 1 / 2, 5 / 11), "ceaf_e": (0.65, 1.3 / 3, 0.52)}
PAPER_CONLL = (0.4 + 5 / 11 + 0.52) / 3


def figures(coref) -> dict[str, tuple]:
    return {name: (s.recall, s.precision, s.f1) for name, s in coref.scores.items()}


def test_event_hoppers_score_the_textbook_example():
    a = document(events=hoppers(KEY))
    b = document(events=hoppers(RESPONSE), annotator="b")
    coref = agree_documents(a, b).event_coref
    # e: only A marked it (costs recall); h, i: only B (cost precision). Six events matched.
    assert (coref.a, coref.b, coref.matched, coref.clusters_a, coref.clusters_b) == (7, 8, 6, 2, 3)
    for name, expected in PAPER.items():
        assert figures(coref)[name] == pytest.approx(expected), name
    assert coref.conll_f1 == pytest.approx(PAPER_CONLL)
    # Swapping the annotators swaps recall and precision; F1 is symmetric.
    swapped = event_coref_agreement(b, a)
    for name, (recall, precision, f1) in PAPER.items():
        assert figures(swapped)[name] == pytest.approx((precision, recall, f1))


def test_entity_coreference_scores_the_textbook_example():
    a = document(mentions=entities(KEY))
    b = document(mentions=entities(RESPONSE), annotator="b")
    coref = agree_documents(a, b).entity_coref
    assert (coref.a, coref.b, coref.matched, coref.clusters_a, coref.clusters_b) == (7, 8, 6, 2, 3)
    for name, expected in PAPER.items():
        assert figures(coref)[name] == pytest.approx(expected), name
    assert coref.conll_f1 == pytest.approx(PAPER_CONLL)


def test_items_match_on_span_and_type():
    # B also marks "declared" (e), but as a Visit without a hopper: it does not match A's Statement e,
    # so it is one more response mention, a singleton. MUC is unchanged (a singleton has no link);
    # B-cubed precision: the same 4 over 9 mentions; CEAF-e precision: 1.3 over 4 clusters.
    a = document(events=hoppers(KEY))
    b = document(events={**hoppers(RESPONSE), "e": ("Visit", None, None)}, annotator="b")
    coref = event_coref_agreement(a, b)
    assert (coref.a, coref.b, coref.matched, coref.clusters_b) == (7, 9, 6, 4)
    assert figures(coref)["muc"] == pytest.approx(PAPER["muc"])
    assert figures(coref)["b_cubed"][:2] == pytest.approx((5 / 12, 4 / 9))
    assert figures(coref)["ceaf_e"][:2] == pytest.approx((0.65, 1.3 / 4))
    # A mention of another type is another mention too: Havana as LOC in B.
    b_mentions = {**entities(KEY), "c": ("LOC", "E1")}
    coref = entity_coref_agreement(document(mentions=entities(KEY)), document(mentions=b_mentions))
    assert (coref.matched, coref.b) == (6, 7)
    # Value mentions take no part in entity coreference.
    time = Mention(id="T1", type="TIME", **find_span(TEXT, "Monday"))
    with_value = document(mentions=entities(KEY)).model_copy(update={"mentions": [time]})
    assert entity_coref_agreement(with_value, with_value).a == 0


def test_pairing_is_one_to_one_and_reuses_alignment():
    # Two items with one key on one side and one on the other: only one pair; each unmatched item has
    # an identity of its own.
    assert exact_pairs(["x", "x", "y"], ["y", "x", "z"]) == [(0, 1), (2, 0)]
    ids_a, ids_b, matched = item_ids(["x", "x", "y"], ["y", "x", "z"])
    assert matched == 2 and ids_a[0] == ids_b[1] and ids_a[2] == ids_b[0]
    assert ids_a[1] not in ids_b and ids_b[2] not in ids_a


def test_identical_and_singleton_only_partitions():
    a = document(events=hoppers(KEY), mentions=entities(KEY))
    same = agree_documents(a, a)
    for coref in (same.event_coref, same.entity_coref):
        assert all(f == (1.0, 1.0, 1.0) for f in figures(coref).values()) and coref.conll_f1 == 1.0
    # No hopper ids anywhere: every event is a singleton on both sides. No link to agree on: MUC and
    # the CoNLL average are undefined; B-cubed and CEAF-e are perfect.
    singles = document(events=hoppers(list("abcdefg")))
    coref = event_coref_agreement(singles, singles)
    assert coref.clusters_a == 7 and figures(coref)["muc"] == (None, None, None) and coref.conll_f1 is None
    assert coref.scores["b_cubed"].f1 == 1.0 and coref.scores["ceaf_e"].f1 == 1.0
    # A links what B leaves apart: MUC F1 0, not undefined.
    coref = event_coref_agreement(a, singles)
    assert coref.scores["muc"].f1 == 0.0 and coref.scores["muc"].recall == 0.0


def test_pooled_figures_sum_over_documents_and_corpus_wide_clusters(tmp_path):
    # d1: the textbook hoppers. d2: both annotators say {a,b},{c}.
    # Clusters (corpus-wide): A puts d1.a and d2.a in "summit", d1.c and d2.b in "loan"; B puts d1.a,
    # d2.a and d2.b in "S" and leaves d1.c unclustered. Events without a cluster are singletons.
    def with_clusters(doc: Document, clusters: dict[str, str]) -> Document:
        events = [e.model_copy(update={"cluster": clusters.get(e.id[2:])}) for e in doc.events]
        return doc.model_copy(update={"events": events})

    a1 = with_clusters(document("d1", events=hoppers(KEY)), {"a": "summit", "c": "loan"})
    b1 = with_clusters(document("d1", events=hoppers(RESPONSE)), {"a": "S"})
    a2 = with_clusters(document("d2", events=hoppers(["ab", "c"])), {"a": "summit", "b": "loan"})
    b2 = with_clusters(document("d2", events=hoppers(["ab", "c"])), {"a": "S", "b": "S"})
    report = agree([write_jsonl(tmp_path / "alice.jsonl", [a1, a2]), write_jsonl(tmp_path / "bob.jsonl", [b1, b2])])
    pair = report.pairs[0]
    hop = pair.overall.event_coref
    # MUC: d1 2/5 and 2/5, d2 1/1 and 1/1: pooled 3/6 each (the mean of the figures would be 0.7).
    assert (hop.scores["muc"].recall, hop.scores["muc"].precision) == (0.5, 0.5)
    # B-cubed: recall (35/12 + 3)/(7 + 3) = 71/120; precision (4 + 3)/(8 + 3) = 7/11.
    assert hop.scores["b_cubed"].recall == pytest.approx(71 / 120)
    assert hop.scores["b_cubed"].precision == pytest.approx(7 / 11)
    # CEAF-e: Φ 1.3 + 2 over key clusters 2 + 2 and response clusters 3 + 2.
    assert (hop.scores["ceaf_e"].recall, hop.scores["ceaf_e"].precision) == pytest.approx((3.3 / 4, 3.3 / 5))
    assert (hop.a, hop.b, hop.matched, hop.clusters_a, hop.clusters_b) == (10, 11, 9, 4, 5)
    assert pair.documents["d2"].event_coref.conll_f1 == 1.0
    # Clusters over both documents, matched events only shared: key {1a,2a}, {1c,2b} and singletons
    # 1b, 1d, 1e, 1f, 1g, 2c; response {1a,2a,2b} and singletons for the other eight events of B.
    # Recall: {1a,2a} 2²/2 = 2; {1c,2b}: 1/2 + 1/2 = 1; singletons 1b 1d 1f 1g 2c 1 each (1e is not
    # in B: 0). (2 + 1 + 5)/10 = 0.8. Precision: {1a,2a,2b}: (2² + 1²)/3 = 5/3; B's singletons 1b 1c
    # 1d 1f 1g 2c 1 each, 1h 1i (not in A) 0: (5/3 + 6)/11 = 23/33.
    clusters = pair.overall.event_clusters
    b3 = clusters.b_cubed
    assert (b3.recall, b3.precision) == pytest.approx((0.8, 23 / 33))
    assert b3.f1 == pytest.approx(2 * 0.8 * (23 / 33) / (0.8 + 23 / 33))
    assert (clusters.clusters_a, clusters.clusters_b, clusters.matched) == (2, 1, 9)
    out = pair.to_json()
    assert out["overall"]["event_clusters"] == {
        "b_cubed": {"recall": pytest.approx(0.8), "precision": pytest.approx(23 / 33), "f1": pytest.approx(b3.f1)},
        "clusters": {"a": 2, "b": 1}, "clustered_events": {"a": 4, "b": 3},
        "mentions": {"a": 10, "b": 11, "matched": 9}}
    # Clusters are corpus-wide: not part of the per-document figures.
    assert "event_clusters" not in out["documents"]["d1"]
    assert out["documents"]["d1"]["event_coref"]["muc"]["f1"] == pytest.approx(0.4)


# -- the real gold --------------------------------------------------------------------------------------

GOLD = REPO / "corpus" / "gold.jsonl"


def _perturbed_gold(tmp_path: Path) -> tuple[Path, dict]:
    """The gold with two hoppers of one document merged and one clustered event's cluster removed,
    and the figures that change, computed from the sizes involved."""
    documents = list(open_annotation_set(GOLD))
    facts: dict = {}
    for index, doc in enumerate(documents):
        sizes: dict[str, int] = {}
        types: dict[str, str] = {}
        for event in doc.events:
            sizes[event.coref or f"#{event.id}"] = sizes.get(event.coref or f"#{event.id}", 0) + 1
            types[event.coref or f"#{event.id}"] = event.type
        named = [h for h in sizes if not h.startswith("#") and sizes[h] >= 2]
        # two hoppers of one event type (a hopper of mixed types is a validation error: coref-mixed-types)
        pair = next(((a, b) for i, a in enumerate(named) for b in named[i + 1:] if types[a] == types[b]), None)
        if pair is not None and "merged" not in facts:
            first, second = pair
            events = [e.model_copy(update={"coref": first}) if e.coref == second else e for e in doc.events]
            documents[index] = doc.model_copy(update={"events": events})
            facts["merged"] = (doc.id, sizes[first], sizes[second], len(sizes), len(doc.events),
                               sum(s - 1 for s in sizes.values()))
    cluster_sizes: dict[str, int] = {}
    for doc in documents:
        for event in doc.events:
            if event.cluster:
                cluster_sizes[event.cluster] = cluster_sizes.get(event.cluster, 0) + 1
    name = max(cluster_sizes, key=lambda c: (cluster_sizes[c], c))
    for index, doc in enumerate(documents):
        hit = next((e for e in doc.events if e.cluster == name), None)
        if hit is not None:
            events = [e.model_copy(update={"cluster": None}) if e is hit else e for e in doc.events]
            documents[index] = doc.model_copy(update={"events": events})
            break
    facts["uncluster"] = (cluster_sizes[name], sum(len(d.events) for d in documents), len(cluster_sizes))
    return write_jsonl(tmp_path / "perturbed.jsonl", documents), facts


def test_gold_agrees_with_itself_perfectly(tmp_path):
    copy = write_jsonl(tmp_path / "copy.jsonl", list(open_annotation_set(GOLD)))
    pair = agree([GOLD, copy]).pairs[0]
    for result in [pair.overall, *pair.documents.values()]:
        for coref in (result.event_coref, result.entity_coref):
            assert coref.conll_f1 == 1.0 and coref.a == coref.b == coref.matched > 0
    assert pair.overall.event_clusters.b_cubed.f1 == 1.0
    assert pair.overall.event_clusters.clusters_a == pair.overall.event_clusters.clusters_b > 0


def test_perturbed_gold_by_hand_through_the_cli(tmp_path):
    perturbed, facts = _perturbed_gold(tmp_path)
    result = run_annotate("agree", str(GOLD), str(perturbed), "--format", "json")
    assert result.returncode == 0, result.stderr
    pair = json.loads(result.stdout)["pairs"][0]
    doc_id, p, q, k, n, links = facts["merged"]
    hop = pair["documents"][doc_id]["event_coref"]
    # Merging hoppers of p and q events: every gold link survives (recall 1); the perturbed copy has one
    # link more, across the two gold hoppers (MUC precision L/(L+1)); B-cubed precision loses on the
    # p + q merged events; CEAF-e aligns the merged hopper with the larger of the two.
    assert (hop["muc"]["recall"], hop["muc"]["precision"]) == pytest.approx((1.0, links / (links + 1)))
    assert hop["b_cubed"]["recall"] == 1.0
    assert hop["b_cubed"]["precision"] == pytest.approx((n - (p + q) + (p * p + q * q) / (p + q)) / n)
    phi = k - 2 + 2 * max(p, q) / (p + q + max(p, q))
    assert (hop["ceaf_e"]["recall"], hop["ceaf_e"]["precision"]) == pytest.approx((phi / k, phi / (k - 1)))
    assert hop["clusters"] == {"a": k, "b": k - 1}
    # The other documents, and every entity partition, are untouched.
    for other, figures_ in pair["documents"].items():
        assert figures_["entity_coref"]["conll_f1"] == 1.0
        if other != doc_id:
            assert figures_["event_coref"]["conll_f1"] == 1.0
    # One event of a corpus-wide cluster of c events left unclustered (a singleton): B-cubed recall
    # (N - c + ((c - 1)² + 1)/c)/N, precision 1.
    c, total, count = facts["uncluster"]
    clusters = pair["overall"]["event_clusters"]
    assert clusters["b_cubed"]["recall"] == pytest.approx((total - c + ((c - 1) ** 2 + 1) / c) / total)
    assert clusters["b_cubed"]["precision"] == 1.0
    assert clusters["clusters"] == {"a": count, "b": count if c > 1 else count - 1}
    assert clusters["clustered_events"]["a"] == clusters["clustered_events"]["b"] + 1
    # The older keys are all still there.
    assert {"entity_mentions", "value_mentions", "triggers", "triggers_typed", "arguments_exact",
            "arguments_overlap", "attributes", "event_type_alpha", "normalization",
            "documents"} <= set(pair["overall"])
    table = run_annotate("agree", str(GOLD), str(perturbed))
    out = table.stdout.decode()
    assert table.returncode == 0
    assert "event hoppers (coref)" in out and "entity coreference" in out and "event clusters, corpus-wide" in out
    hop_line = next(line for line in out.splitlines() if line.startswith("event hoppers (coref)"))
    overall = pair["overall"]["event_coref"]
    assert hop_line.split()[3:7] == [f"{100 * overall[m]['f1']:.1f}" for m in ("muc", "b_cubed", "ceaf_e")] + [
        f"{100 * overall['conll_f1']:.1f}"]


def test_three_sets_show_coreference_matrices(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [document(events=hoppers(KEY), mentions=entities(KEY))])
    b = write_jsonl(tmp_path / "bob.jsonl", [document(events=hoppers(RESPONSE), mentions=entities(RESPONSE))])
    c = write_jsonl(tmp_path / "carol.jsonl", [document(events=hoppers(KEY), mentions=entities(KEY))])
    result = run_annotate("agree", str(a), str(b), str(c))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    block = out[out.index("event hoppers (coref), CoNLL F1"):].splitlines()
    # alice-bob: the paper's 45.8; alice-carol: identical, 100.0.
    assert block[2].split() == ["alice", "45.8", "100.0"]
    assert "entity coreference, CoNLL F1" in out and "event clusters, corpus-wide B3 F1" in out


def test_synthetic_documents_agree_with_themselves_and_dropped_events_cost_recall():
    synthetic_documents = benchmark_module("synthetic").synthetic_documents
    perturbed = benchmark_module("score_agree").perturbed
    for doc, other in zip(synthetic_documents(8), perturbed(8)):
        same = agree_documents(doc, doc)
        assert same.event_coref.scores["b_cubed"].f1 == 1.0 and same.entity_coref.scores["ceaf_e"].f1 == 1.0
        differ = agree_documents(doc, other).event_coref
        # perturbed() drops or retypes events and leaves hopper ids as they were: whatever it dropped
        # or retyped is missing from B's matched items, so B-cubed recall falls exactly when it did.
        assert differ.scores["b_cubed"].precision == 1.0 or differ.b > differ.matched
        assert (differ.scores["b_cubed"].recall == 1.0) == (differ.matched == differ.a)
