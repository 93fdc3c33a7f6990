"""``annotate agree``'s faster pairing (issue 13) against the straightforward one.

The overlap pairing of arguments scores only same-role items, exact pairs are taken by position
within each group of equal keys, and events are paired with their offsets read once. The reference is
:func:`annotate.matching.align` scoring every item against every other, as before. The whole report
must be the same on random documents and random second annotations.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Hashable, Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.evaluate.agree import _overlap_score, agree
from annotate.jsonl import write_documents
from annotate.evaluate.matching import align, event_pair_score
from benchmarks.synthetic import synthetic_document
from tests.test_score_fast import perturb

# the module (annotate.evaluate exports a function of the same name)
agree_module = importlib.import_module("annotate.evaluate.agree")


def reference_exact_pairs(keys_a: Sequence[Hashable], keys_b: Sequence[Hashable]) -> list[tuple[int, int]]:
    groups: dict[Hashable, tuple[list[int], list[int]]] = {}
    for i, key in enumerate(keys_a):
        groups.setdefault(key, ([], []))[0].append(i)
    for j, key in enumerate(keys_b):
        groups.setdefault(key, ([], []))[1].append(j)
    pairs = []
    for left, right in groups.values():
        if left and right:
            pairs += [(left[x], right[y]) for x, y in align(left, right, lambda _x, _y: (1,))]
    return sorted(pairs)


def reference_align_events(a, b, *, allow_overlap: bool = True):
    return align(a.events, b.events, lambda x, y: event_pair_score(x, y, allow_overlap=allow_overlap))


keys = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from("ABC"), st.integers(0, 30),
                          st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1], t[2], t[3], t[3] + t[4])),
                max_size=12)


@settings(max_examples=200, deadline=None)
@given(a=keys, b=keys)
def test_overlapping_arguments_equal_align(a, b) -> None:
    a, b = sorted(a), sorted(b)
    assert agree_module.overlapping_arguments(a, b) == align(a, b, _overlap_score)


@settings(max_examples=200, deadline=None)
@given(a=st.lists(st.integers(0, 4), max_size=10), b=st.lists(st.integers(0, 4), max_size=10))
def test_exact_pairs_equal_align(a, b) -> None:
    assert agree_module.exact_pairs(a, b) == reference_exact_pairs(a, b)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4))
def test_agreement_report_equals_the_reference(tmp_path_factory, monkeypatch, seed: int, n: int) -> None:
    rng = random.Random(seed)
    folder: Path = tmp_path_factory.mktemp("agree")
    golds = [synthetic_document(i, rng, events=rng.randrange(1, 14)) for i in range(n)]
    write_documents(folder / "a.jsonl", golds)
    write_documents(folder / "b.jsonl", [perturb(g, rng) for g in golds])
    fast = agree([folder / "a.jsonl", folder / "b.jsonl"]).to_json()
    with monkeypatch.context() as patch:
        patch.setattr(agree_module, "overlapping_arguments", lambda x, y: align(x, y, _overlap_score))
        patch.setattr(agree_module, "exact_pairs", reference_exact_pairs)
        patch.setattr(agree_module, "align_events", reference_align_events)
        slow = agree([folder / "a.jsonl", folder / "b.jsonl"]).to_json()
    assert fast == slow
