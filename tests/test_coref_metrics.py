"""Coreference metrics on the textbook examples, worked out by hand, and against scorch and scipy."""

from __future__ import annotations

import itertools
import random
import statistics

import numpy as np
import pytest
import scorch.scores
from scipy.optimize import linear_sum_assignment

from annotate.evaluate.coref_metrics import (
    Contingency, Score, b_cubed, ceaf_e, clusters_from_labels, conll_f1, coref_scores, max_weight_alignment, muc,
)

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", section 3 (Figure 1).
# e is a key mention the response lacks; h and i are response mentions the key lacks.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def rpf(score: Score) -> tuple:
    return score.recall, score.precision, score.f1


def test_pradhan_2014_muc():
    # Recall: {a,b,c} is cut by the response into {a,b},{c}: 3 - 2 = 1 link kept; {d,e,f,g} into
    # {d},{e},{f,g} (e is in no response cluster: a part of its own): 4 - 3 = 1. Key links 2 + 3 = 5.
    # R = 2/5. Precision: {a,b} -> {a,b}: 1; {c,d} -> {c},{d}: 0; {f,g,h,i} -> {f,g},{h},{i}: 1.
    # Response links 1 + 1 + 3 = 5. P = 2/5, F = 2/5.
    score = muc(KEY, RESPONSE)
    assert (score.recall_num, score.recall_den, score.precision_num, score.precision_den) == (2, 5, 2, 5)
    assert rpf(score) == pytest.approx((0.4, 0.4, 0.4))


def test_pradhan_2014_b_cubed():
    # Recall: {a,b,c}: (2² + 1²)/3 = 5/3; {d,e,f,g}: (1² + 2²)/4 = 5/4; over 7 key mentions:
    # (5/3 + 5/4)/7 = 35/84 = 5/12 (41.67 %). Precision: {a,b}: 2²/2 = 2; {c,d}: (1 + 1)/2 = 1;
    # {f,g,h,i}: 2²/4 = 1; over 8 response mentions: 4/8 = 1/2. F = 2·(5/12)(1/2)/(11/12) = 5/11.
    score = b_cubed(KEY, RESPONSE)
    assert score.recall_den == 7 and score.precision_den == 8
    assert score.recall_num == pytest.approx(35 / 12) and score.precision_num == pytest.approx(4)
    assert rpf(score) == pytest.approx((5 / 12, 1 / 2, 5 / 11))


def test_pradhan_2014_ceaf_e():
    # φ4(K,R) = 2|K∩R|/(|K|+|R|): {a,b,c}-{a,b} 4/5, {a,b,c}-{c,d} 2/5, {d,e,f,g}-{c,d} 2/6,
    # {d,e,f,g}-{f,g,h,i} 4/8. Best alignment: {a,b,c}-{a,b} + {d,e,f,g}-{f,g,h,i} = 0.8 + 0.5 = 1.3
    # (against 2/5 + 1/2 = 0.9 and 4/5 + 1/3 ≈ 1.13). R = 1.3/2 = 65 %, P = 1.3/3 = 43.33 %, F = 52 %.
    score = ceaf_e(KEY, RESPONSE)
    assert score.recall_num == pytest.approx(1.3) and (score.recall_den, score.precision_den) == (2, 3)
    assert rpf(score) == pytest.approx((0.65, 1.3 / 3, 0.52))


def test_pradhan_2014_conll():
    scores = coref_scores(KEY, RESPONSE)
    assert conll_f1(scores) == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)  # 45.82 %
    assert conll_f1(scores) == pytest.approx(0.4581818181818182)


def test_vilain_1995_muc_example():
    # Vilain et al.'s first example: key {A,B,C,D}; response {A,B},{C,D}: one of the three key links
    # is missing (R = (4 - 2)/3 = 2/3), every response link is right (P = 2/2 = 1).
    score = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert rpf(score) == pytest.approx((2 / 3, 1.0, 0.8))


def test_bagga_baldwin_1998_example_where_muc_cannot_tell_but_b_cubed_can():
    # Key {1-5}, {6,7}, {8-12}. Response 1 merges {6,7} with {8-12}; response 2 merges {1-5} with
    # {8-12}. MUC gives both R 1, P 9/10: one wrong link each. B-cubed precision: response 1
    # (5 + (2²+5²)/7)/12 = (5 + 29/7)/12 = 16/21 (76 %); response 2 ((5²+5²)/10 + 2)/12 = 7/12 (58 %).
    key = [set(range(1, 6)), {6, 7}, set(range(8, 13))]
    response_1 = [set(range(1, 6)), set(range(6, 13))]
    response_2 = [set(range(1, 6)) | set(range(8, 13)), {6, 7}]
    assert rpf(muc(key, response_1))[:2] == pytest.approx((1.0, 0.9))
    assert rpf(muc(key, response_2))[:2] == pytest.approx((1.0, 0.9))
    assert rpf(b_cubed(key, response_1))[:2] == pytest.approx((1.0, 16 / 21))
    assert rpf(b_cubed(key, response_2))[:2] == pytest.approx((1.0, 7 / 12))


def test_identical_partitions_and_edge_cases():
    same = coref_scores(KEY, KEY)
    assert all(rpf(s) == (1.0, 1.0, 1.0) for s in same.values()) and conll_f1(same) == 1.0
    # Only singletons on both sides: no link to agree on (MUC undefined, so CoNLL too); B-cubed and
    # CEAF-e are perfect.
    singles = coref_scores([{"a"}, {"b"}], [{"a"}, {"b"}])
    assert rpf(singles["muc"]) == (None, None, None) and conll_f1(singles) is None
    assert singles["b_cubed"].f1 == 1.0 and singles["ceaf_e"].f1 == 1.0
    # The key links nothing, the response links a and b: MUC recall undefined, precision 0, F1 0.
    linked = muc([{"a"}, {"b"}], [{"a", "b"}])
    assert (linked.recall, linked.precision, linked.f1) == (None, 0.0, 0.0)
    # Nothing at all; one side empty.
    assert rpf(b_cubed([], [])) == (None, None, None) and rpf(ceaf_e([], [])) == (None, None, None)
    assert rpf(b_cubed([{"a"}], [])) == (0.0, None, 0.0)
    # Disjoint mention sets: nothing shared, every figure 0.
    assert rpf(ceaf_e([{"a", "b"}], [{"c", "d"}])) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="two clusters"):
        muc([{"a", "b"}, {"b"}], [{"a"}])
    with pytest.raises(ValueError, match="response"):
        b_cubed([{"a"}], [["a", "a"]])


def test_labels_make_singletons_and_scores_pool_as_sums():
    assert sorted(map(sorted, clusters_from_labels({"a": "H1", "b": None, "c": "H1", "d": None}))) == [
        ["a", "c"], ["b"], ["d"]]
    table = Contingency.of_labels({"a": "H1", "b": "H1", "c": None}, {"a": "X", "b": None, "c": "X"})
    assert sorted(table.key_sizes) == [1, 2] and sorted(table.response_sizes) == [1, 2]
    # Pooling two documents sums numerators and denominators (the reference scorer's micro average),
    # which is not the mean of the two documents' figures.
    pooled = muc(KEY, RESPONSE)
    pooled.add(muc([{"x", "y"}], [{"x", "y"}]))
    assert (pooled.recall_num, pooled.recall_den) == (3, 6) and pooled.recall == 0.5
    assert pooled.recall != pytest.approx((0.4 + 1.0) / 2)


def _random_partition(rng: random.Random, mentions: list[str]) -> list[set[str]]:
    labels = {m: rng.randrange(max(1, len(mentions) // 2)) for m in mentions}
    groups: dict[int, set[str]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return list(groups.values())


def _scorch(function, key, response):
    """scorch's (R, P, F) as floats; None where its harmonic mean fails (R = P = 0: nothing shared)."""
    try:
        return tuple(map(float, function(key, response)))
    except statistics.StatisticsError:
        return None


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # scorch on R = P = 0
def test_against_scorch_on_random_partitions_with_twinless_mentions():
    rng = random.Random(11)
    universe = [f"m{i}" for i in range(14)]
    compared = 0
    for _ in range(400):
        key = _random_partition(rng, rng.sample(universe, rng.randint(1, 12)))
        response = _random_partition(rng, rng.sample(universe, rng.randint(1, 12)))
        ours = coref_scores(key, response)
        for name, function in (("b_cubed", scorch.scores.b_cubed), ("ceaf_e", scorch.scores.ceaf_e)):
            reference = _scorch(function, key, response)
            if reference is None:
                assert rpf(ours[name]) == (0.0, 0.0, 0.0)
            else:
                assert rpf(ours[name]) == pytest.approx(reference)
        reference = _scorch(scorch.scores.muc, key, response)
        if all(len(k) == 1 for k in key) or all(len(r) == 1 for r in response):
            # scorch (like the reference scorer) reports 0 where a side has no link; we leave the
            # undefined side None, and F1 is 0 (or None when neither side links anything).
            assert ours["muc"].f1 in (0.0, None)
        elif reference is None:
            assert rpf(ours["muc"]) == (0.0, 0.0, 0.0)
        else:
            assert rpf(ours["muc"]) == pytest.approx(reference)
            if all(_scorch(f, key, response) for f in (scorch.scores.b_cubed, scorch.scores.ceaf_e)):
                assert conll_f1(ours) == pytest.approx(scorch.scores.conll2012(key, response))
                compared += 1
    assert compared > 100  # the generic case was exercised, not only the edge cases


def test_alignment_matches_scipy_and_brute_force():
    rng = random.Random(3)
    for _ in range(300):
        rows, cols = rng.randint(1, 7), rng.randint(1, 7)
        weights = {(i, j): rng.choice([0.25, 0.5, rng.random()]) for i in range(rows) for j in range(cols)
                   if rng.random() < 0.45}
        matrix = np.zeros((rows, cols))
        for (i, j), w in weights.items():
            matrix[i, j] = w
        r, c = linear_sum_assignment(-matrix)
        assert max_weight_alignment(weights) == pytest.approx(matrix[r, c].sum())
        if rows <= 5 and cols <= 5:
            small, large = (rows, cols) if rows <= cols else (cols, rows)
            m = matrix if rows <= cols else matrix.T
            best = max(sum(m[i, p[i]] for i in range(small)) for p in itertools.permutations(range(large), small))
            assert max_weight_alignment(weights) == pytest.approx(best)


def test_ceaf_e_stays_fast_on_a_large_sparse_partition():
    # 3000 clusters a side: the overlap graph falls into small components, so no 3000 x 3000 matrix.
    key = [{f"{i}a", f"{i}b", f"{i}c"} for i in range(3000)]
    response = [{f"{i}a", f"{i}b"} for i in range(3000)] + [{f"{i}c" for i in range(k, k + 10)}
                                                            for k in range(0, 3000, 10)]
    score = ceaf_e(key, response)
    # Each key cluster aligns with its {a, b} part: φ4 = 2·2/(3 + 2) = 0.8.
    assert score.recall == pytest.approx(0.8) and score.precision == pytest.approx(0.8 * 3000 / 3300)
