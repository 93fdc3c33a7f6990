"""Inter-annotator agreement on entity mentions, triggers, arguments, attributes, event types and values.

For each pair of annotation sets, per document and overall (pooled over the documents both sets have):

- ``entity_mentions`` / ``value_mentions``: F1 of (span, type) sets, entity types (PER ORG GPE LOC FAC)
  and value types (MONEY TIME TOPIC) apart. F1 between two annotators is ``2·matched / (|A| + |B|)``,
  symmetric; it is None (shown ``-``) when neither marked anything.
- ``triggers``: F1 of trigger spans; ``triggers_typed``: of (trigger span, event type).
- ``arguments_exact``: F1 of (trigger span, role, argument span): an argument agrees when both put the
  same filler span in the same role of an event with the same trigger span.
- ``arguments_overlap``: the same, but trigger and argument spans need only overlap; items are paired
  one to one (greedily, exact spans first, then by overlap size).
- ``attributes``: Cohen's kappa per attribute (realis, polarity, tense) over *matched events*: events
  paired one to one by trigger (exact spans first, then overlapping, same type preferred).
- ``event_type_alpha``: Krippendorff's alpha (nominal) on the event type. Units are the union of the
  trigger spans of both annotators; an annotator who marked no event at a span has a missing value
  there (a span an annotator marked twice is two units). Only units with two values count.
- ``normalization``: of matched TIME (MONEY) argument mentions (the exact-argument matches), the
  fraction whose normalized values are equal (TIMEX3 type/value/mod; currency/amount/bounds).
- ``event_coref`` (event hoppers, ``event.coref``) and ``entity_coref`` (``mention.entity`` of entity
  mentions): MUC, B-cubed, CEAF-e and CoNLL F1 (:mod:`annotate.coref_metrics`), A's partition as the
  key and B's as the response. Items are paired one to one by exact span (events: trigger span and
  type; mentions: span and type); each side is scored over its own items, so an item only one side has
  costs the other recall or precision. No hopper (entity) id makes a singleton.
- ``event_clusters`` (pooled figures only): B-cubed of the corpus-wide ``event.cluster`` partitions
  over every compared document at once (an event without a cluster is a singleton), and how many
  clusters each side has.

With more than two sets, :attr:`AgreementReport.event_type_alpha_all` is alpha over all of them.
Kappa and alpha are None when undefined (no items, or a single category throughout).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from schema import ATTRIBUTES, Document, MentionType

from annotate.annotation_sets import AnnotationSet, InOrder, open_annotation_sets
from annotate.corpus import Corpus
from ..bulk import no_collection
from .coref_metrics import METRICS, Contingency, Score, conll_f1, coref_scores
from annotate.errors import DataError, UsageError
from .matching import (
    align_events, arguments_of, greedy_pairs, normalization_key, normalization_kind, overlap,
)

ENTITY = frozenset(t for t in MentionType if t.is_entity)
F1_METRICS = ("entity_mentions", "value_mentions", "triggers", "triggers_typed", "arguments_exact",
              "arguments_overlap")


# -- chance-corrected coefficients -------------------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items; None when undefined (no items, or
    expected agreement 1: both used one and the same label throughout)."""
    n = len(pairs)
    if n == 0:
        return None
    weighted = pairs.items() if isinstance(pairs, Tally) else [(pair, 1) for pair in pairs]
    observed = sum(times for (a, b), times in weighted if a == b) / n
    left: Counter = Counter()
    right: Counter = Counter()
    for (a, b), times in weighted:
        left[a] += times
        right[b] += times
    expected = sum(left[label] * right[label] for label in left) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data; each unit lists one value per coder (None = missing).

    Builds the coincidence matrix ``o_ck`` from the units with ``m_u >= 2`` values (each ordered pair of
    values in a unit adds ``1 / (m_u - 1)``), its marginals ``n_c`` and total ``n``, then
    ``alpha = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k``.
    None when fewer than two pairable values or only one category occurs.
    """
    # integer numerators per unit size m, divided by m - 1 once at the end: the same figure whatever the
    # order of the units (a pooled :class:`Tally` gives each distinct unit once, with its count)
    numerators: dict[int, Counter] = {}
    weighted = units.items() if isinstance(units, Tally) else ((unit, 1) for unit in units)
    for unit, times in weighted:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        table = numerators.setdefault(m, Counter())
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    table[(c, k)] += pairs * times
    coincidences: Counter = Counter()
    for m in sorted(numerators):
        for pair, numerator in numerators[m].items():
            coincidences[pair] += numerator / (m - 1)
    totals: Counter = Counter()
    for (c, _), value in coincidences.items():
        totals[c] += value
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * disagreement / expected


# -- result types ---------------------------------------------------------------------------------------


class Tally(Counter):
    """A multiset of items (attribute value pairs, event-type units) kept as counts, so that pooling
    many documents holds one entry per distinct item, not one per item: ``len`` is the number of items,
    iterating yields each item as often as it occurs (in first-seen order), ``append``/``extend`` add."""

    def __len__(self) -> int:
        return sum(self.values())

    def __iter__(self):
        return self.elements()

    def __bool__(self) -> bool:
        return any(self.values())

    def append(self, item) -> None:
        self[item] += 1

    def extend(self, items) -> None:
        if isinstance(items, Counter):
            self.update(items)
        else:
            for item in items:
                self[item] += 1

    def distinct(self):
        """The distinct items (what ``Counter`` iterates)."""
        return Counter.__iter__(self)

    def items(self):
        return Counter.items(self)

    def __eq__(self, other) -> bool:
        if isinstance(other, Counter):
            return Counter.__eq__(self, other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass
class PairF1:
    """``a`` and ``b`` items marked, ``matched`` of them paired; F1 = 2·matched / (a + b)."""

    a: int = 0
    b: int = 0
    matched: int = 0

    @property
    def f1(self) -> float | None:
        return 2 * self.matched / (self.a + self.b) if self.a + self.b else None

    def add(self, other: "PairF1") -> None:
        self.a += other.a
        self.b += other.b
        self.matched += other.matched

    def to_json(self) -> dict:
        return {"f1": self.f1, "a": self.a, "b": self.b, "matched": self.matched}


@dataclass
class CorefAgreement:
    """Agreement on one kind of within-document coreference: MUC, B-cubed and CEAF-e of B's partition
    against A's (A is the key), summed over documents as numerators and denominators."""

    scores: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in METRICS})
    #: items (events or entity mentions) each side marked, and how many of them were paired
    a: int = 0
    b: int = 0
    matched: int = 0
    #: clusters (hoppers or entities, singletons included) on each side
    clusters_a: int = 0
    clusters_b: int = 0

    @property
    def conll_f1(self) -> float | None:
        return conll_f1(self.scores)

    def add(self, other: "CorefAgreement") -> None:
        for name, score in other.scores.items():
            self.scores[name].add(score)
        self.a += other.a
        self.b += other.b
        self.matched += other.matched
        self.clusters_a += other.clusters_a
        self.clusters_b += other.clusters_b

    def to_json(self) -> dict:
        out: dict = {name: score.to_json() for name, score in self.scores.items()}
        out["conll_f1"] = self.conll_f1
        out["mentions"] = {"a": self.a, "b": self.b, "matched": self.matched}
        out["clusters"] = {"a": self.clusters_a, "b": self.clusters_b}
        return out


@dataclass
class ClusterAgreement:
    """Agreement on corpus-wide event clusters (``event.cluster``) over all the documents added.

    Scores the two partitions of the events (A's clusters as the key, B's as the response; an event
    without a cluster is a singleton) with B-cubed, events paired by trigger span and type. It keeps
    counts per cluster label, not one entry per event, so memory grows with the number of distinct
    clusters, not with the corpus: cluster sizes on each side, the events a pair of clusters shares,
    and the paired events that are a singleton on one side or both. :meth:`PairAgreement.add` does not
    merge these: feed every document pair to :meth:`add_documents`, as :func:`agree_sets` does."""

    #: cluster label -> events in it; and the events in no cluster (singletons), per side
    key_sizes: Counter = field(default_factory=Counter)
    response_sizes: Counter = field(default_factory=Counter)
    key_singletons: int = 0
    response_singletons: int = 0
    #: paired events: (key label, response label) -> how many; with a singleton on one side, per label
    #: of the other side; with singletons on both
    shared: Counter = field(default_factory=Counter)
    key_label_response_single: Counter = field(default_factory=Counter)
    response_label_key_single: Counter = field(default_factory=Counter)
    both_single: int = 0
    matched: int = 0

    def add_documents(self, doc_id: str, a: Document, b: Document) -> None:
        """Add the events of two versions of document ``doc_id``, paired by trigger span and type."""
        for event in a.events:
            if event.cluster is None:
                self.key_singletons += 1
            else:
                self.key_sizes[event.cluster] += 1
        for event in b.events:
            if event.cluster is None:
                self.response_singletons += 1
            else:
                self.response_sizes[event.cluster] += 1
        for i, j in exact_pairs(_event_keys(a), _event_keys(b)):
            key, response = a.events[i].cluster, b.events[j].cluster
            if key is not None and response is not None:
                self.shared[(key, response)] += 1
            elif key is not None:
                self.key_label_response_single[key] += 1
            elif response is not None:
                self.response_label_key_single[response] += 1
            else:
                self.both_single += 1
            self.matched += 1

    @property
    def b_cubed(self) -> Score:
        """B-cubed of the pooled partitions: ``Σ n²/|K|`` over shared cells for recall, ``Σ n²/|R|`` for
        precision (a singleton's cell holds one event and its cluster has size 1)."""
        key, response = self.key_sizes, self.response_sizes
        recall = (sum(n * n / key[k] for (k, _), n in self.shared.items())
                  + sum(n / key[k] for k, n in self.key_label_response_single.items())
                  + sum(self.response_label_key_single.values()) + self.both_single)
        precision = (sum(n * n / response[r] for (_, r), n in self.shared.items())
                     + sum(n / response[r] for r, n in self.response_label_key_single.items())
                     + sum(self.key_label_response_single.values()) + self.both_single)
        return Score(recall, sum(key.values()) + self.key_singletons,
                     precision, sum(response.values()) + self.response_singletons)

    @property
    def events_a(self) -> int:
        """Events of side A (the key), clustered or not."""
        return sum(self.key_sizes.values()) + self.key_singletons

    @property
    def events_b(self) -> int:
        return sum(self.response_sizes.values()) + self.response_singletons

    @property
    def clusters_a(self) -> int:
        return len(self.key_sizes)

    @property
    def clusters_b(self) -> int:
        return len(self.response_sizes)

    def to_json(self) -> dict:
        clustered_a, clustered_b = sum(self.key_sizes.values()), sum(self.response_sizes.values())
        return {"b_cubed": self.b_cubed.to_json(),
                "clusters": {"a": self.clusters_a, "b": self.clusters_b},
                "clustered_events": {"a": clustered_a, "b": clustered_b},
                "mentions": {"a": clustered_a + self.key_singletons, "b": clustered_b + self.response_singletons,
                             "matched": self.matched}}


@dataclass
class PairAgreement:
    """Agreement between two sets on one document, or pooled over documents."""

    f1: dict[str, PairF1] = field(default_factory=lambda: {m: PairF1() for m in F1_METRICS})
    #: attribute -> (a value, b value) of each matched event
    #: (a list per document; a :class:`Tally` in a pooled result, see :meth:`pooled`)
    attribute_pairs: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {a: [] for a in ATTRIBUTES})
    #: event type units: (a type or None, b type or None)
    type_units: list[tuple[str | None, str | None]] = field(default_factory=list)
    #: "time"/"money" -> [matched, equal]
    normalization: dict[str, list[int]] = field(default_factory=lambda: {"time": [0, 0], "money": [0, 0]})
    documents: int = 0
    #: within-document coreference: event hoppers and entities
    event_coref: CorefAgreement = field(default_factory=CorefAgreement)
    entity_coref: CorefAgreement = field(default_factory=CorefAgreement)
    #: corpus-wide event clusters; only on pooled results (see :func:`agree_sets`), None per document
    event_clusters: ClusterAgreement | None = None

    @classmethod
    def pooled(cls) -> "PairAgreement":
        """An empty pooled result: attribute pairs and type units as :class:`Tally` counts (flat memory over
        any number of documents), and corpus-wide event clusters."""
        return cls(attribute_pairs={a: Tally() for a in ATTRIBUTES}, type_units=Tally(),
                   event_clusters=ClusterAgreement())

    def add(self, other: "PairAgreement") -> None:
        for name, counts in other.f1.items():
            self.f1[name].add(counts)
        for name, pairs in other.attribute_pairs.items():
            self.attribute_pairs[name].extend(pairs)
        self.type_units.extend(other.type_units)
        for name, (matched, equal) in other.normalization.items():
            self.normalization[name][0] += matched
            self.normalization[name][1] += equal
        self.documents += other.documents
        self.event_coref.add(other.event_coref)
        self.entity_coref.add(other.entity_coref)

    def kappa(self, attribute: str) -> float | None:
        return cohen_kappa(self.attribute_pairs[attribute])

    @property
    def matched_events(self) -> int:
        return len(next(iter(self.attribute_pairs.values())))

    @property
    def event_type_alpha(self) -> float | None:
        return krippendorff_alpha_nominal(self.type_units)

    def to_json(self) -> dict:
        out: dict = {name: counts.to_json() for name, counts in self.f1.items()}
        out["attributes"] = {}
        for name, pairs in self.attribute_pairs.items():
            agree = sum(1 for a, b in pairs if a == b)
            out["attributes"][name] = {"kappa": self.kappa(name), "observed": agree / len(pairs) if pairs else None,
                                       "events": len(pairs)}
        pairable = sum(1 for a, b in self.type_units if a is not None and b is not None)
        out["event_type_alpha"] = {"alpha": self.event_type_alpha, "units": len(self.type_units),
                                   "pairable_units": pairable}
        out["normalization"] = {
            name: {"agreement": equal / matched if matched else None, "matched": matched, "equal": equal}
            for name, (matched, equal) in self.normalization.items()}
        out["documents"] = self.documents
        out["event_coref"] = self.event_coref.to_json()
        out["entity_coref"] = self.entity_coref.to_json()
        if self.event_clusters is not None:
            out["event_clusters"] = self.event_clusters.to_json()
        return out


@dataclass
class PairReport:
    a: str
    b: str
    overall: PairAgreement = field(default_factory=lambda: PairAgreement.pooled())
    documents: dict[str, PairAgreement] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "overall": self.overall.to_json(),
                "documents": {doc_id: agreement.to_json() for doc_id, agreement in self.documents.items()}}


@dataclass
class AgreementReport:
    """Result of :func:`agree`: one :class:`PairReport` per pair of sets (in argument order)."""

    sets: list[str]
    pairs: list[PairReport]
    #: document id -> names of the sets that have it, for documents not in every set
    partial_documents: dict[str, list[str]] = field(default_factory=dict)
    #: Krippendorff's alpha on event type over all sets (units: trigger spans of any set), as counts
    all_type_units: Tally = field(default_factory=Tally)

    def pair(self, a: str, b: str) -> PairReport:
        for report in self.pairs:
            if (report.a, report.b) in ((a, b), (b, a)):
                return report
        raise KeyError((a, b))

    @property
    def event_type_alpha_all(self) -> float | None:
        return krippendorff_alpha_nominal(self.all_type_units)

    def to_json(self) -> dict:
        return {"sets": list(self.sets), "pairs": [p.to_json() for p in self.pairs],
                "event_type_alpha_all": self.event_type_alpha_all,
                "partial_documents": dict(self.partial_documents)}


# -- computing one document ---------------------------------------------------------------------------


def _set_f1(a: set, b: set) -> PairF1:
    return PairF1(len(a), len(b), len(a & b))


def _mention_sets(doc: Document, entity: bool) -> set[tuple[int, int, str]]:
    return {(m.start, m.end, m.type.value) for m in doc.mentions if (m.type in ENTITY) == entity}


def _argument_items(doc: Document) -> dict[tuple[int, int, str, int, int], list]:
    """(trigger start, end, role, arg start, end) -> the filler mentions with that key."""
    items: dict[tuple[int, int, str, int, int], list] = {}
    by_id = doc.mentions_by_id()
    for index, event in enumerate(doc.events):
        for arg in arguments_of(doc, index, by_id):
            key = (event.trigger.start, event.trigger.end, arg.role, arg.mention.start, arg.mention.end)
            items.setdefault(key, []).append(arg.mention)
    return items


def _overlap_score(x: tuple, y: tuple) -> tuple[int, ...] | None:
    if x[2] != y[2]:
        return None
    trig = overlap((x[0], x[1]), (y[0], y[1]))
    arg = overlap((x[3], x[4]), (y[3], y[4]))
    if not trig or not arg:
        return None
    return (int(x[:2] == y[:2]), int(x[3:] == y[3:]), arg, trig)


def overlapping_arguments(keys_a: Sequence[tuple], keys_b: Sequence[tuple]) -> list[tuple[int, int]]:
    """``align(keys_a, keys_b, _overlap_score)``, scoring only items with the same role (the others
    score None): the same candidates, hence the same pairs, without comparing every item with every other."""
    by_role: dict[str, list[int]] = {}
    for j, key in enumerate(keys_b):
        by_role.setdefault(key[2], []).append(j)
    candidates = []
    for i, x in enumerate(keys_a):
        for j in by_role.get(x[2], ()):
            y = keys_b[j]
            # _overlap_score, inlined: both the trigger and the argument spans must overlap
            trig = min(x[1], y[1]) - max(x[0], y[0])
            if trig <= 0:
                continue
            arg = min(x[4], y[4]) - max(x[3], y[3])
            if arg <= 0:
                continue
            candidates.append(((int(x[0] == y[0] and x[1] == y[1]), int(x[3] == y[3] and x[4] == y[4]), arg, trig),
                               i, j))
    return greedy_pairs(candidates)


def exact_pairs(keys_a: Sequence[Hashable], keys_b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of items with equal keys, one to one (the k-th of a key with the k-th), through
    :func:`annotate.matching.align` within each group of equal keys."""
    groups: dict[Hashable, tuple[list[int], list[int]]] = {}
    for i, key in enumerate(keys_a):
        groups.setdefault(key, ([], []))[0].append(i)
    for j, key in enumerate(keys_b):
        groups.setdefault(key, ([], []))[1].append(j)
    pairs = []
    for left, right in groups.values():
        # align() with one score for every pair takes them by position: the k-th with the k-th
        pairs += zip(left, right)
    return sorted(pairs)


def item_ids(keys_a: Sequence[Hashable], keys_b: Sequence[Hashable]) -> tuple[list[tuple], list[tuple], int]:
    """Shared identities for two sides' items: a matched pair (:func:`exact_pairs`) gets one id,
    ``("=", i)``; an unmatched item its own, ``("a", i)`` or ``("b", j)``. Also the number matched."""
    ids_a: list[tuple] = [("a", i) for i in range(len(keys_a))]
    ids_b: list[tuple] = [("b", j) for j in range(len(keys_b))]
    pairs = exact_pairs(keys_a, keys_b)
    for i, j in pairs:
        ids_a[i] = ids_b[j] = ("=", i)
    return ids_a, ids_b, len(pairs)


def _event_keys(doc: Document) -> list[tuple[int, int, str]]:
    return [(e.trigger.start, e.trigger.end, e.type) for e in doc.events]


def coref_agreement(keys_a: Sequence[Hashable], labels_a: Sequence[Hashable | None],
                    keys_b: Sequence[Hashable], labels_b: Sequence[Hashable | None]) -> CorefAgreement:
    """Coreference agreement of two sides' items, given each item's match key and cluster label (None:
    a singleton). Items are paired by equal keys; each side is scored over all its own items."""
    ids_a, ids_b, matched = item_ids(keys_a, keys_b)
    table = Contingency.of_labels(dict(zip(ids_a, labels_a)), dict(zip(ids_b, labels_b)))
    return CorefAgreement(scores=coref_scores(table), a=len(keys_a), b=len(keys_b), matched=matched,
                          clusters_a=len(table.key_sizes), clusters_b=len(table.response_sizes))


def event_coref_agreement(a: Document, b: Document) -> CorefAgreement:
    """Agreement on event hoppers: events paired by (trigger span, type); no ``coref``: a singleton."""
    return coref_agreement(_event_keys(a), [e.coref for e in a.events],
                           _event_keys(b), [e.coref for e in b.events])


def entity_coref_agreement(a: Document, b: Document) -> CorefAgreement:
    """Agreement on entities: entity mentions paired by (span, type); no ``entity``: a singleton."""
    mentions_a = [m for m in a.mentions if m.type in ENTITY]
    mentions_b = [m for m in b.mentions if m.type in ENTITY]
    return coref_agreement([(m.start, m.end, m.type.value) for m in mentions_a], [m.entity for m in mentions_a],
                           [(m.start, m.end, m.type.value) for m in mentions_b], [m.entity for m in mentions_b])


def trigger_units(documents: Sequence[Document | None]) -> list[tuple[str | None, ...]]:
    """Event-type units over several versions of one document: the union of trigger spans, one value
    per version (None where it marked no event there). The k-th event at a span is the k-th unit."""
    per_version: list[dict[tuple[int, int], list[str]]] = []
    for doc in documents:
        spans: dict[tuple[int, int], list[str]] = {}
        for event in doc.events if doc is not None else ():
            spans.setdefault(event.trigger.offsets, []).append(event.type)
        for types in spans.values():
            types.sort()
        per_version.append(spans)
    keys = sorted({key for spans in per_version for key in spans})
    units = []
    for key in keys:
        depth = max(len(spans.get(key, ())) for spans in per_version)
        for k in range(depth):
            units.append(tuple(spans[key][k] if k < len(spans.get(key, ())) else None for spans in per_version))
    return units


def agree_documents(a: Document, b: Document) -> PairAgreement:
    """Agreement between two versions of one document (same text; call ``check_document`` first)."""
    result = PairAgreement(documents=1)
    result.f1["entity_mentions"] = _set_f1(_mention_sets(a, True), _mention_sets(b, True))
    result.f1["value_mentions"] = _set_f1(_mention_sets(a, False), _mention_sets(b, False))
    result.f1["triggers"] = _set_f1({e.trigger.offsets for e in a.events}, {e.trigger.offsets for e in b.events})
    result.f1["triggers_typed"] = _set_f1({(e.trigger.offsets, e.type) for e in a.events},
                                          {(e.trigger.offsets, e.type) for e in b.events})
    args_a, args_b = _argument_items(a), _argument_items(b)
    result.f1["arguments_exact"] = _set_f1(set(args_a), set(args_b))
    keys_a, keys_b = sorted(args_a), sorted(args_b)
    result.f1["arguments_overlap"] = PairF1(len(keys_a), len(keys_b), len(overlapping_arguments(keys_a, keys_b)))
    for i, j in align_events(a, b, allow_overlap=True):
        for name in ATTRIBUTES:
            result.attribute_pairs[name].append((getattr(a.events[i].attributes, name).value,
                                                 getattr(b.events[j].attributes, name).value))
    result.type_units = [(x, y) for x, y in trigger_units([a, b])]
    for key in set(args_a) & set(args_b):
        for mention_a in args_a[key]:
            kind = normalization_kind(mention_a.type)
            fillers_b = [m for m in args_b[key] if m.type == mention_a.type]
            if kind is None or not fillers_b:
                continue
            value_a = normalization_key(mention_a)
            values_b = [normalization_key(m) for m in fillers_b]
            if value_a is None and all(v is None for v in values_b):
                continue  # neither normalized it: nothing to agree on
            result.normalization[kind][0] += 1
            result.normalization[kind][1] += int(value_a is not None and value_a in values_b)
    result.event_coref = event_coref_agreement(a, b)
    result.entity_coref = entity_coref_agreement(a, b)
    return result


# -- whole sets ------------------------------------------------------------------------------------------


def _union_ids(sets: Sequence[AnnotationSet]) -> list[str]:
    seen: dict[str, None] = {}
    for aset in sets:
        for doc_id in aset.ids():
            seen.setdefault(doc_id, None)
    return list(seen)


def load_versions(sets: Sequence[AnnotationSet], doc_id: str, *,
                  readers: Sequence[InOrder] | None = None) -> list[Document | None]:
    """The document ``doc_id`` from each set (None where missing), checked; texts must be equal.

    ``readers`` (one :class:`InOrder` per set) read each set sequentially while the ids come in its
    order. Documents come from an annotation set, which parses them through the validator's levels 1-3
    (``parse_document``): they already passed what ``check_document`` checks."""
    versions: list[Document | None] = []
    first: tuple[AnnotationSet, Document] | None = None
    for k, aset in enumerate(sets):
        doc = readers[k].get(doc_id) if readers is not None else aset.get(doc_id)
        if doc is not None:
            path, line = aset.location(doc_id)
            where = f"{path}:{line}" if line else str(path)
            if first is None:
                first = (aset, doc)
            elif doc.text != first[1].text:
                raise DataError(f"the text differs from the same document in {first[0].name} "
                                f"({first[0].location(doc_id)[0]})", file=where, record_id=doc_id, field="text")
        versions.append(doc)
    return versions


def agree_sets(sets: Sequence[AnnotationSet], *, per_document: bool = True,
               on_document: Callable[[PairReport, str, PairAgreement], None] | None = None) -> AgreementReport:
    """Agreement between every pair of ``sets`` (at least two), reading one document at a time.

    The pooled figures take memory that does not grow with the corpus (counts, see :class:`Tally` and
    :class:`ClusterAgreement`). Per-document results are kept in ``PairReport.documents`` with
    ``per_document``, which grows with the corpus; ``on_document(pair_report, doc_id, result)``, when
    given, receives each one instead (``documents`` stays empty), so a caller can write them out as they
    come, as ``annotate agree`` does."""
    if len(sets) < 2:
        raise UsageError("agreement needs at least two annotation sets")
    names = [s.name for s in sets]
    report = AgreementReport(sets=names, pairs=[PairReport(names[i], names[j])
                                                for i, j in combinations(range(len(sets)), 2)])
    index_pairs = list(combinations(range(len(sets)), 2))
    with no_collection():
        compared = _compare(sets, report, index_pairs, per_document=per_document, on_document=on_document)
    if compared == 0:
        raise UsageError("the annotation sets have no document in common: nothing to compare")
    return report


def _compare(sets: Sequence[AnnotationSet], report: AgreementReport, index_pairs: list[tuple[int, int]], *,
             per_document: bool, on_document=None) -> int:
    names = report.sets
    readers = [InOrder(aset) for aset in sets]
    compared = 0
    for doc_id in _union_ids(sets):
        versions = load_versions(sets, doc_id, readers=readers)
        present = [name for name, doc in zip(names, versions) if doc is not None]
        if len(present) < len(sets):
            report.partial_documents[doc_id] = present
        if len(present) == len(sets):
            report.all_type_units.extend(trigger_units(versions))
        for pair_report, (i, j) in zip(report.pairs, index_pairs):
            if versions[i] is None or versions[j] is None:
                continue
            result = agree_documents(versions[i], versions[j])
            compared += 1
            pair_report.overall.add(result)
            pair_report.overall.event_clusters.add_documents(doc_id, versions[i], versions[j])
            if on_document is not None:
                on_document(pair_report, doc_id, result)
            elif per_document:
                pair_report.documents[doc_id] = result
    return compared


def agree(sets: Sequence[str | Path | AnnotationSet], *, corpus: str | Path | Corpus | None = None,
          per_document: bool = True,
          on_document: Callable[[PairReport, str, PairAgreement], None] | None = None) -> AgreementReport:
    """Agreement between annotation sets given as folders, JSONL files, annotator names or open sets.

    Documents are compared where both sets of a pair have them; those missing from some sets are listed
    in :attr:`AgreementReport.partial_documents`. Raises :class:`DataError` when a document's text differs
    between sets, :class:`UsageError` with fewer than two sets or no document in common.
    ``per_document`` and ``on_document``: as :func:`agree_sets`.
    """
    opened = [s for s in sets if isinstance(s, AnnotationSet)]
    if len(opened) == len(sets):
        return agree_sets(list(sets), per_document=per_document, on_document=on_document)  # type: ignore[arg-type]
    specs = [s for s in sets if not isinstance(s, AnnotationSet)]
    if opened:
        raise UsageError("give either open annotation sets or paths and names, not both")
    return agree_sets(open_annotation_sets(specs, corpus=corpus, minimum=2), per_document=per_document,
                      on_document=on_document)


__all__ = [
    "AgreementReport", "ClusterAgreement", "CorefAgreement", "PairAgreement", "PairF1", "PairReport", "Tally", "agree",
    "agree_documents", "agree_sets", "cohen_kappa", "coref_agreement", "entity_coref_agreement",
    "event_coref_agreement", "exact_pairs", "item_ids", "krippendorff_alpha_nominal", "load_versions",
    "overlapping_arguments",
    "trigger_units",
]
