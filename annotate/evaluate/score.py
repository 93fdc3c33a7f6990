"""Event-extraction scoring of predictions against gold: TI, TC, AI, AC, AI+, AC+ (TextEE definitions).

Each gold and predicted item becomes a tuple prefixed by its document id (and, with ``tokens=True``,
its sentence index); each side is a *set* over the whole evaluation set, so duplicates collapse.
Precision = |G ∩ P| / |P|, recall = |G ∩ P| / |G|, F1 = 2PR / (P + R), each 0 when its denominator is
0 (micro average). The keys, after the document id:

=====  ====================================================================
TI     trigger span
TC     trigger span, event type
AI     event type, argument span                  (no trigger offsets)
AC     event type, argument span, role
AI+    trigger span, event type, argument span
AC+    trigger span, event type, argument span, role
=====  ====================================================================

A span is ``(start, end)`` in characters, or ``(sentence, first_token, end_token)`` with tokens counted
from the start of the sentence (spaCy tokens of :func:`annotate.nlp.analyze`). An argument's span is its
filler mention's span. Because every tuple carries its document id, intersections never cross
documents, and the scorer counts document by document, holding one pair of documents at a time.

Normalization accuracy: of the gold arguments filled by a TIME (or MONEY) mention with a normalized
value whose AC tuple is matched in the predictions, the fraction for which a matching predicted
argument carries an equal normalized value (:func:`annotate.matching.time_key`, ``money_key``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from schema import EVENT_TYPES, Document, MentionType

from annotate.annotation_sets import AnnotationSet, InOrder, open_annotation_set
from annotate.errors import DataError
from ..bulk import no_collection
from .matching import SpanKeys, arguments_of, check_document, normalization_key, normalization_kind

#: The metrics, in report order.
METRICS = ("TI", "TC", "AI", "AC", "AI+", "AC+")
#: The metrics broken down per event type (every one whose tuple contains the type).
TYPED_METRICS = ("TC", "AI", "AC", "AI+", "AC+")
NORMALIZATIONS = ("time", "money")


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass
class Counts:
    """Sizes of the gold set, the predicted set and their intersection; P, R and F1 from them."""

    gold: int = 0
    pred: int = 0
    matched: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.gold += len(gold)
        self.pred += len(pred)
        self.matched += len(gold & pred)

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.pred)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "gold": self.gold, "pred": self.pred, "matched": self.matched}


@dataclass
class Accuracy:
    """Of ``matched`` gold values, ``equal`` were predicted equal; ``accuracy`` is None when none matched."""

    matched: int = 0
    equal: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.equal / self.matched if self.matched else None

    def to_json(self) -> dict[str, float | int | None]:
        return {"accuracy": self.accuracy, "matched": self.matched, "equal": self.equal}


@dataclass
class ScoreReport:
    """Result of :func:`score_documents`: overall counts per metric, per event type, normalization."""

    metrics: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in METRICS})
    per_type: dict[str, dict[str, Counts]] = field(default_factory=dict)
    normalization: dict[str, Accuracy] = field(default_factory=lambda: {n: Accuracy() for n in NORMALIZATIONS})
    documents: int = 0
    missing_in_pred: list[str] = field(default_factory=list)
    tokens: bool = False

    def __getitem__(self, metric: str) -> Counts:
        return self.metrics[metric]

    def type_counts(self, event_type: str) -> dict[str, Counts]:
        if event_type not in self.per_type:
            self.per_type[event_type] = {m: Counts() for m in TYPED_METRICS}
        return self.per_type[event_type]

    def to_json(self) -> dict:
        """The JSON report: ``TI`` ... ``AC+`` with precision/recall/f1 (fractions) and counts,
        ``per_type``, ``normalization``, ``documents`` and ``offsets``."""
        out: dict = {metric: counts.to_json() for metric, counts in self.metrics.items()}
        out["per_type"] = {t: {m: c.to_json() for m, c in metrics.items()} for t, metrics in self.per_type.items()}
        out["normalization"] = {name: acc.to_json() for name, acc in self.normalization.items()}
        out["documents"] = {"scored": self.documents, "missing_in_pred": list(self.missing_in_pred)}
        out["offsets"] = "tokens" if self.tokens else "characters"
        return out


def event_tuples(document: Document, keys: SpanKeys) -> dict[str, set[tuple]]:
    """The TI ... AC+ tuples of one document (without the document id, which all of them share).

    With token keys, the sentence index is the first element of every span key. ``check_document``
    must have passed.
    """
    return document_items(document, keys)[0]


def document_items(document: Document, keys: SpanKeys) -> tuple[dict[str, set[tuple]], dict[tuple, tuple[str, set]]]:
    """The metric tuples of one document, and its normalized arguments: AC tuple -> (``time`` or
    ``money``, the normalized values of the TIME/MONEY mentions filling it)."""
    out: dict[str, set[tuple]] = {m: set() for m in METRICS}
    values: dict[tuple, tuple[str, set]] = {}
    by_id = document.mentions_by_id()
    for index, event in enumerate(document.events):
        trigger = keys.of(event.trigger)
        etype = event.type
        out["TI"].add((trigger,))
        out["TC"].add((trigger, etype))
        for arg in arguments_of(document, index, by_id):
            span = keys.of(arg.mention)
            out["AI"].add((etype, span))
            out["AC"].add((etype, span, arg.role))
            out["AI+"].add((trigger, etype, span))
            out["AC+"].add((trigger, etype, span, arg.role))
            kind = normalization_kind(arg.mention.type)
            if kind is not None:
                values.setdefault((etype, span, arg.role), (kind, set()))[1].add(normalization_key(arg.mention))
    return out, values


def _tuple_type(metric: str, item: tuple) -> str:
    return item[1] if metric in ("TC", "AI+", "AC+") else item[0]


_NORMALIZED = {MentionType.TIME: "time", MentionType.MONEY: "money"}  # as matching.normalization_kind
_NO_ITEMS: frozenset = frozenset()


def typed_items(document: Document, keys: SpanKeys) -> tuple[set[tuple], dict[str, dict[str, set[tuple]]],
                                                             dict[tuple, tuple[str, set]]]:
    """:func:`document_items` grouped by event type, in one pass: ``(TI tuples, metric -> event type ->
    tuples, normalized arguments)``. Tuples of different types never match, so per-type counts add up
    to the overall ones (what :func:`score_pair` relies on). ``check_document`` must have passed."""
    trigger_items: set[tuple] = set()
    typed: dict[str, dict[str, set[tuple]]] = {m: {} for m in TYPED_METRICS}
    tc, ai, ac, ai_plus, ac_plus = (typed[m] for m in ("TC", "AI", "AC", "AI+", "AC+"))
    values: dict[tuple, tuple[str, set]] = {}
    by_id = document.mentions_by_id()
    characters = not keys.tokens
    key = keys.key
    for event in document.events:
        etype = event.type
        span = event.trigger
        trigger = (span.start, span.end) if characters else key(span.start, span.end)
        trigger_items.add((trigger,))
        if etype not in tc:
            for table in (tc, ai, ac, ai_plus, ac_plus):
                table[etype] = set()
        tc[etype].add((trigger, etype))
        ai_set, ac_set, ai_plus_set, ac_plus_set = ai[etype], ac[etype], ai_plus[etype], ac_plus[etype]
        for argument in event.arguments:
            mention = by_id[argument.mention]
            role = argument.role
            span = (mention.start, mention.end) if characters else key(mention.start, mention.end)
            ai_set.add((etype, span))
            ac_set.add((etype, span, role))
            ai_plus_set.add((trigger, etype, span))
            ac_plus_set.add((trigger, etype, span, role))
            kind = _NORMALIZED.get(mention.type)
            if kind is not None:
                values.setdefault((etype, span, role), (kind, set()))[1].add(normalization_key(mention))
    return trigger_items, typed, values


def score_pair(report: ScoreReport, gold: Document, pred: Document | None, *, tokens: bool = False) -> None:
    """Add one document's counts to ``report`` (``pred`` None: the system predicted nothing)."""
    keys = SpanKeys(gold.text, tokens=tokens)
    gold_triggers, gold_typed, gold_values = typed_items(gold, keys)
    if pred is not None:
        pred_triggers, pred_typed, pred_values = typed_items(pred, keys)
    else:
        pred_triggers, pred_typed, pred_values = set(), {m: {} for m in TYPED_METRICS}, {}
    report.metrics["TI"].add(gold_triggers, pred_triggers)
    for metric in TYPED_METRICS:
        total = report.metrics[metric]
        gold_by_type, pred_by_type = gold_typed[metric], pred_typed[metric]
        for event_type in gold_by_type.keys() | pred_by_type.keys():
            g = gold_by_type.get(event_type, _NO_ITEMS)
            p = pred_by_type.get(event_type, _NO_ITEMS)
            if not g and not p:
                continue
            report.type_counts(event_type)[metric].add(g, p)
            total.add(g, p)
    for key, (kind, values) in gold_values.items():
        if key not in pred_values:
            continue
        for value in values:
            if value is None:  # the gold itself has no normalized value here: nothing to compare with
                continue
            report.normalization[kind].matched += 1
            report.normalization[kind].equal += int(value in pred_values[key][1])


def score_documents(pairs: Iterable[tuple[Document, Document | None]], *, tokens: bool = False) -> ScoreReport:
    """Score ``(gold, prediction)`` pairs (prediction None = predicted nothing) into one report.

    Raises :class:`DataError` when a pair's texts differ, a document id repeats, or a document is
    broken (a span disagreeing with the text, an argument naming no mention).
    """
    return _score(pairs, tokens=tokens, check=True)


def _score(pairs: Iterable[tuple[Document, Document | None]], *, tokens: bool, check: bool) -> ScoreReport:
    report = ScoreReport(tokens=tokens)
    seen: set[str] = set()
    for gold, pred in pairs:
        if gold.id in seen:
            raise DataError("document appears twice in GOLD", record_id=gold.id)
        seen.add(gold.id)
        if check:
            check_document(gold)
        if pred is None:
            report.missing_in_pred.append(gold.id)
        else:
            if pred.id != gold.id:
                raise DataError(f"paired with gold document {gold.id!r}", record_id=pred.id, field="id")
            if pred.text != gold.text:
                raise DataError("the text differs between GOLD and PRED", record_id=gold.id, field="text")
            if check:
                check_document(pred)
        score_pair(report, gold, pred, tokens=tokens)
        report.documents += 1
    _order_types(report)
    return report


def _order_types(report: ScoreReport) -> None:
    """Every event type of the schema in schema order (zeros where neither side has it), then others."""
    for event_type in EVENT_TYPES:
        report.type_counts(event_type)
    known = list(EVENT_TYPES)
    other = sorted(t for t in report.per_type if t not in EVENT_TYPES)
    report.per_type = {t: report.per_type[t] for t in known + other}


def score_sets(gold: AnnotationSet, pred: AnnotationSet, *, tokens: bool = False) -> ScoreReport:
    """Score two annotation sets. Documents in PRED but not in GOLD are an error (naming them)."""
    gold_ids = set(gold.ids())
    extra = [doc_id for doc_id in pred.ids() if doc_id not in gold_ids]
    if extra:
        shown = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
        raise DataError(f"{len(extra)} document(s) in PRED are not in GOLD: {shown}", file=pred.path)

    predictions = InOrder(pred)

    def pairs():
        # An annotation set parses each document through the validator's levels 1-3 (``parse_document``),
        # which refuse everything ``check_document`` does (span-text-mismatch, duplicate-mention-id,
        # unknown-mention) with file and line: checking again would only cost time.
        for document in gold:
            prediction = predictions.get(document.id)
            if prediction is not None and prediction.text != document.text:
                pred_file, pred_line = pred.location(document.id)
                where = f"{pred_file}:{pred_line}" if pred_line else str(pred_file)
                raise DataError(f"the text differs from GOLD ({gold.location(document.id)[0]})", file=where,
                                record_id=document.id, field="text")
            yield document, prediction

    with no_collection():
        return _score(pairs(), tokens=tokens, check=False)


def score_files(gold: str | Path, pred: str | Path, *, tokens: bool = False,
                corpus: str | Path | None = None) -> ScoreReport:
    """Score the predictions in ``pred`` against ``gold`` (corpus JSONL files, or annotation sets).

    Streams GOLD one document at a time; PRED is indexed by id (ids and byte offsets only) and each
    prediction is read when its gold document comes. Documents missing from PRED count as empty
    predictions (listed in ``missing_in_pred``).
    """
    return score_sets(open_annotation_set(gold, corpus=corpus), open_annotation_set(pred, corpus=corpus),
                      tokens=tokens)


__all__ = [
    "METRICS", "TYPED_METRICS", "Accuracy", "Counts", "ScoreReport", "document_items", "event_tuples", "score_documents",
    "score_files", "score_pair", "score_sets", "typed_items",
]
