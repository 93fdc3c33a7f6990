"""Coreference metrics: MUC, B-cubed, CEAF-e and their average, the CoNLL F1.

The definitions are those of the CoNLL-2011/2012 reference scorer as written out by Pradhan et al.
(2014), "Scoring Coreference Partitions of Predicted Mentions: A Reference Implementation" (ACL).
A *partition* is a list of clusters, each a collection of hashable mentions; a mention is in at most
one cluster of a partition. The *key* ``K`` and the *response* ``R`` need not cover the same mentions:
each metric is computed over each side's own mentions, so a key mention the response lacks costs
recall and a response mention the key lacks costs precision (Pradhan et al.'s treatment of "twinless"
mentions). Singleton clusters count (every mention is annotated here, unlike OntoNotes).

- **MUC** (Vilain et al. 1995), links: ``R = Σ_K (|K| - |p(K)|) / Σ_K (|K| - 1)``, where ``p(K)`` is
  the partition of ``K`` by the response clusters, a mention of ``K`` that no response cluster has
  being a part of its own; ``P`` the same with key and response swapped. Singletons add nothing.
- **B-cubed** (Bagga & Baldwin 1998), mentions: ``R = Σ_K Σ_R |K∩R|² / |K| / Σ_K |K|``; ``P`` swapped.
- **CEAF-e** (Luo 2005), entities: ``φ4(K, R) = 2|K∩R| / (|K| + |R|)``, ``Φ`` the largest sum of
  ``φ4`` over a one-to-one alignment of key and response clusters (Kuhn-Munkres);
  ``R = Φ / |K clusters|``, ``P = Φ / |R clusters|``.
- **CoNLL F1**: the mean of the three F1 values.

Each metric is a :class:`Score` that keeps its numerators and denominators, so scores of several
documents pool as the reference scorer pools them (sums of numerators over sums of denominators).
A recall (precision) is None when its denominator is 0: MUC recall when the key has no link at all,
B-cubed and CEAF-e recall when the key has no mention.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

Partition = Iterable[Iterable[Hashable]]

METRICS = ("muc", "b_cubed", "ceaf_e")


@dataclass
class Score:
    """Recall and precision as numerators over denominators (summable over documents)."""

    recall_num: float = 0.0
    recall_den: float = 0.0
    precision_num: float = 0.0
    precision_den: float = 0.0

    @property
    def recall(self) -> float | None:
        return self.recall_num / self.recall_den if self.recall_den else None

    @property
    def precision(self) -> float | None:
        return self.precision_num / self.precision_den if self.precision_den else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of recall and precision. None when both are undefined; an undefined one counts
        as 0 when the other is defined (one side links what the other leaves apart: no agreement)."""
        recall, precision = self.recall, self.precision
        if recall is None and precision is None:
            return None
        recall, precision = recall or 0.0, precision or 0.0
        return 2 * recall * precision / (recall + precision) if recall + precision else 0.0

    def add(self, other: "Score") -> None:
        self.recall_num += other.recall_num
        self.recall_den += other.recall_den
        self.precision_num += other.precision_num
        self.precision_den += other.precision_den

    def to_json(self) -> dict:
        return {"recall": self.recall, "precision": self.precision, "f1": self.f1}


@dataclass
class Contingency:
    """Two partitions as cluster sizes and the sizes of their non-empty intersections."""

    key_sizes: list[int]
    response_sizes: list[int]
    #: (key cluster index, response cluster index) -> number of mentions they share
    shared: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def of(cls, key: Partition, response: Partition) -> "Contingency":
        key_clusters = _clusters(key, "key")
        response_clusters = _clusters(response, "response")
        where: dict[Hashable, int] = {}
        for j, cluster in enumerate(response_clusters):
            for mention in cluster:
                where[mention] = j
        shared: Counter = Counter()
        for i, cluster in enumerate(key_clusters):
            for mention in cluster:
                j = where.get(mention)
                if j is not None:
                    shared[(i, j)] += 1
        return cls([len(c) for c in key_clusters], [len(c) for c in response_clusters], dict(shared))

    @classmethod
    def of_labels(cls, key: Mapping[Hashable, Hashable], response: Mapping[Hashable, Hashable]) -> "Contingency":
        """From ``mention -> cluster label`` maps (see :func:`clusters_from_labels`)."""
        return cls.of(clusters_from_labels(key), clusters_from_labels(response))

    def swapped(self) -> "Contingency":
        return Contingency(self.response_sizes, self.key_sizes, {(j, i): n for (i, j), n in self.shared.items()})


def _clusters(partition: Partition, side: str) -> list[frozenset]:
    clusters = []
    seen: set[Hashable] = set()
    for cluster in partition:
        members = list(cluster)
        frozen = frozenset(members)
        if len(frozen) != len(members) or seen & frozen:
            raise ValueError(f"the {side} partition has a mention in two clusters (or twice in one)")
        seen |= frozen
        if frozen:
            clusters.append(frozen)
    return clusters


def clusters_from_labels(labels: Mapping[Hashable, Hashable | None]) -> list[list[Hashable]]:
    """A partition from ``mention -> cluster label``; a mention labelled None is a singleton."""
    groups: dict[Hashable, list[Hashable]] = {}
    singletons: list[list[Hashable]] = []
    for mention, label in labels.items():
        if label is None:
            singletons.append([mention])
        else:
            groups.setdefault(label, []).append(mention)
    return list(groups.values()) + singletons


def _table(key: Partition | Contingency, response: Partition | None) -> Contingency:
    if isinstance(key, Contingency):
        return key
    if response is None:
        raise TypeError("give a key and a response partition, or one Contingency")
    return Contingency.of(key, response)


def _muc_side(sizes: list[int], shared: dict[tuple[int, int], int]) -> tuple[int, int]:
    """Numerator and denominator of MUC recall for the clusters ``sizes`` (first index of ``shared``)."""
    parts: Counter = Counter()  # cluster -> number of other-side clusters it meets
    covered: Counter = Counter()  # cluster -> mentions the other side has
    for (i, _), n in shared.items():
        parts[i] += 1
        covered[i] += n
    numerator = denominator = 0
    for i, size in enumerate(sizes):
        denominator += size - 1
        numerator += size - (parts[i] + size - covered[i])
    return numerator, denominator


def muc(key: Partition | Contingency, response: Partition | None = None) -> Score:
    """MUC link-based score of ``response`` against ``key`` (or of one :class:`Contingency`)."""
    table = _table(key, response)
    r_num, r_den = _muc_side(table.key_sizes, table.shared)
    p_num, p_den = _muc_side(table.response_sizes, table.swapped().shared)
    return Score(r_num, r_den, p_num, p_den)


def b_cubed(key: Partition | Contingency, response: Partition | None = None) -> Score:
    """B-cubed mention-based score of ``response`` against ``key``."""
    table = _table(key, response)
    recall = sum(n * n / table.key_sizes[i] for (i, _), n in table.shared.items())
    precision = sum(n * n / table.response_sizes[j] for (_, j), n in table.shared.items())
    return Score(recall, sum(table.key_sizes), precision, sum(table.response_sizes))


def ceaf_e(key: Partition | Contingency, response: Partition | None = None) -> Score:
    """CEAF-e entity-based score: the best one-to-one alignment of clusters under ``φ4``."""
    table = _table(key, response)
    similarity = {(i, j): 2 * n / (table.key_sizes[i] + table.response_sizes[j])
                  for (i, j), n in table.shared.items()}
    total = max_weight_alignment(similarity)
    return Score(total, len(table.key_sizes), total, len(table.response_sizes))


def conll_f1(scores: Mapping[str, Score]) -> float | None:
    """Mean of the MUC, B-cubed and CEAF-e F1; None when any of them is undefined."""
    values = [scores[name].f1 for name in METRICS]
    if any(v is None for v in values):
        return None
    return sum(values) / len(values)  # type: ignore[arg-type]


def coref_scores(key: Partition | Contingency, response: Partition | None = None) -> dict[str, Score]:
    """``{"muc": ..., "b_cubed": ..., "ceaf_e": ...}`` of ``response`` against ``key``."""
    table = _table(key, response)
    return {"muc": muc(table), "b_cubed": b_cubed(table), "ceaf_e": ceaf_e(table)}


# -- maximum-weight one-to-one alignment -------------------------------------------------------------


def max_weight_alignment(weights: Mapping[tuple[int, int], float]) -> float:
    """The largest total weight of a one-to-one alignment of rows and columns (Kuhn-Munkres).

    ``weights`` lists the positive weights; absent pairs weigh 0. The bipartite graph is split into
    connected components, each solved on its own, so that sparse overlaps (the usual case: a cluster
    meets few clusters of the other side) stay cheap however many clusters there are.
    """
    rows: dict[int, list[int]] = defaultdict(list)
    cols: dict[int, list[int]] = defaultdict(list)
    for i, j in weights:
        rows[i].append(j)
        cols[j].append(i)
    seen_rows: set[int] = set()
    total = 0.0
    for start in rows:
        if start in seen_rows:
            continue
        component_rows, component_cols = [start], []
        seen_rows.add(start)
        seen_cols: set[int] = set()
        stack = [start]
        while stack:
            i = stack.pop()
            for j in rows[i]:
                if j in seen_cols:
                    continue
                seen_cols.add(j)
                component_cols.append(j)
                for k in cols[j]:
                    if k not in seen_rows:
                        seen_rows.add(k)
                        component_rows.append(k)
                        stack.append(k)
        if len(component_rows) == 1 or len(component_cols) == 1:
            total += max(weights[(i, j)] for i in component_rows for j in component_cols if (i, j) in weights)
            continue
        matrix = [[weights.get((i, j), 0.0) for j in component_cols] for i in component_rows]
        total += _hungarian_max(matrix)
    return total


def _hungarian_max(matrix: list[list[float]]) -> float:
    """Maximum-weight assignment of a dense rectangular matrix (O(n²m) Hungarian algorithm)."""
    if len(matrix) > len(matrix[0]):
        matrix = [list(column) for column in zip(*matrix)]
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    match = [0] * (m + 1)  # column -> row (1-based; 0 = free)
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        match[0] = row
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    current = -matrix[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return sum(matrix[match[j] - 1][j - 1] for j in range(1, m + 1) if match[j])


__all__ = [
    "METRICS", "Contingency", "Partition", "Score", "b_cubed", "ceaf_e", "clusters_from_labels", "conll_f1",
    "coref_scores", "max_weight_alignment", "muc",
]
