"""Corpus statistics: counts of everything the schema annotates, per document and in total.

:func:`corpus_stats` streams one or more corpus JSONL files (one document in memory at a time) and
returns a :class:`CorpusStats`. Sentences and tokens are derived with spaCy (:mod:`annotate.nlp`), in
batches. The Hugging Face export feeds the same accumulator with the analyses it computes anyway
(:meth:`CorpusStats.add`), so the dataset card's figures are exactly what ``annotate stats`` prints.

Definitions:

- *arguments*: argument slots filled, counted per event type and role.
- *normalized-value coverage*: TIME mentions with a ``time`` normalization over all TIME mentions, and
  MONEY mentions with a ``money`` normalization over all MONEY mentions.
- *hoppers* (Rich ERE): events of one document after within-document coreference; events sharing a
  ``coref`` id form one hopper, an event without ``coref`` is a hopper of its own.
- *clusters*: corpus-wide ``cluster`` ids; for each, the documents and events that mention it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from schema import ATTRIBUTES, EVENT_CLASSES, Document, MentionType

from .bulk import no_collection
from .corpus import corpus_files
from .jsonl import read_documents

if TYPE_CHECKING:  # pragma: no cover
    from .nlp import TextAnalysis

#: Documents tokenized together by spaCy's ``nlp.pipe``.
ANALYSIS_BATCH = 64
#: Enum member -> its value (reading ``.value`` is slow on Python 3.11; this runs per mention).
_VALUES = {member: member.value for enum in (MentionType, *ATTRIBUTES.values()) for member in enum}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class DocumentStats:
    """Counts for one document."""

    id: str
    file: str | None = None
    characters: int = 0
    sentences: int = 0
    tokens: int = 0
    mentions: Counter = field(default_factory=Counter)  # mention type -> count
    entities: int = 0  # distinct entity ids
    events: Counter = field(default_factory=Counter)  # event type -> count
    arguments: int = 0
    time_mentions: int = 0
    time_normalized: int = 0
    money_mentions: int = 0
    money_normalized: int = 0
    hoppers: int = 0
    clusters: int = 0  # distinct cluster ids used by the document's events

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **({"file": self.file} if self.file is not None else {}),
            "characters": self.characters,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "mentions": sum(self.mentions.values()),
            "mentions_by_type": {t.value: self.mentions.get(t.value, 0) for t in MentionType},
            "entities": self.entities,
            "events": sum(self.events.values()),
            "events_by_type": {cls.__name__: self.events.get(cls.__name__, 0) for cls in EVENT_CLASSES},
            "arguments": self.arguments,
            "time_normalized": self.time_normalized,
            "time_mentions": self.time_mentions,
            "money_normalized": self.money_normalized,
            "money_mentions": self.money_mentions,
            "hoppers": self.hoppers,
            "clusters": self.clusters,
        }


@dataclass
class CorpusStats:
    """Totals over a corpus, and (unless disabled) one :class:`DocumentStats` per document.

    Build one with :func:`corpus_stats`, or create it empty and call :meth:`add` for each document.
    """

    keep_documents: bool = True
    documents: int = 0
    characters: int = 0
    sentences: int = 0
    tokens: int = 0
    mentions: Counter = field(default_factory=Counter)  # mention type -> count
    entities: int = 0
    events: Counter = field(default_factory=Counter)  # event type -> count
    arguments: dict[str, Counter] = field(default_factory=dict)  # event type -> role -> count
    attributes: dict[str, Counter] = field(default_factory=dict)  # attribute -> value -> count
    attributes_by_type: dict[str, dict[str, Counter]] = field(default_factory=dict)
    time_mentions: int = 0
    time_normalized: int = 0
    money_mentions: int = 0
    money_normalized: int = 0
    hoppers: int = 0
    multi_mention_hoppers: int = 0
    cluster_documents: dict[str, set] = field(default_factory=dict)  # cluster id -> document ids
    cluster_events: Counter = field(default_factory=Counter)  # cluster id -> event mentions
    statuses: Counter = field(default_factory=Counter)  # annotation status -> documents
    annotators: Counter = field(default_factory=Counter)  # annotator -> documents
    publishers: Counter = field(default_factory=Counter)  # publisher (or "unknown") -> documents
    dct_methods: Counter = field(default_factory=Counter)  # how the creation time was established
    dct_range: list = field(default_factory=list)  # [earliest, latest] TIMEX3 creation time
    per_document: list[DocumentStats] = field(default_factory=list)

    def __post_init__(self) -> None:
        for cls in EVENT_CLASSES:
            self.arguments.setdefault(cls.__name__, Counter())
            self.attributes_by_type.setdefault(cls.__name__, {name: Counter() for name in ATTRIBUTES})
        for name in ATTRIBUTES:
            self.attributes.setdefault(name, Counter())

    # -- accumulation ------------------------------------------------------------------------------
    def add(self, document: Document, analysis: "TextAnalysis", *, file: str | None = None) -> DocumentStats:
        """Count ``document`` (whose sentences and tokens are ``analysis``) into the totals."""
        doc = DocumentStats(id=document.id, file=file, characters=len(document.text),
                            sentences=len(analysis.sentences), tokens=len(analysis.tokens))
        entity_ids = set()
        for mention in document.mentions:
            doc.mentions[_VALUES[mention.type]] += 1
            if mention.entity is not None:
                entity_ids.add(mention.entity)
            if mention.type is MentionType.TIME:
                doc.time_mentions += 1
                doc.time_normalized += mention.time is not None
            elif mention.type is MentionType.MONEY:
                doc.money_mentions += 1
                doc.money_normalized += mention.money is not None
        doc.entities = len(entity_ids)
        corefs: Counter = Counter()
        singletons = 0
        clusters = set()
        for event in document.events:
            doc.events[event.type] += 1
            doc.arguments += len(event.arguments)
            roles = self.arguments.setdefault(event.type, Counter())
            for argument in event.arguments:
                roles[argument.role] += 1
            by_type = self.attributes_by_type.setdefault(event.type, {name: Counter() for name in ATTRIBUTES})
            for name in ATTRIBUTES:
                value = _VALUES[getattr(event.attributes, name)]
                self.attributes[name][value] += 1
                by_type[name][value] += 1
            if event.coref is None:
                singletons += 1
            else:
                corefs[event.coref] += 1
            if event.cluster is not None:
                clusters.add(event.cluster)
                self.cluster_documents.setdefault(event.cluster, set()).add(document.id)
                self.cluster_events[event.cluster] += 1
        doc.hoppers = singletons + len(corefs)
        doc.clusters = len(clusters)
        self.multi_mention_hoppers += sum(1 for n in corefs.values() if n > 1)

        self.documents += 1
        self.statuses[document.annotation.status.value] += 1
        self.annotators[document.annotation.annotator] += 1
        self.publishers[document.source.publisher or "unknown"] += 1
        dct = document.source.dct
        self.dct_methods[dct.method.value if dct else "missing"] += 1
        if dct is not None:
            self.dct_range = [min(self.dct_range[0], dct.value), max(self.dct_range[1], dct.value)] \
                if self.dct_range else [dct.value, dct.value]
        self.characters += doc.characters
        self.sentences += doc.sentences
        self.tokens += doc.tokens
        self.mentions.update(doc.mentions)
        self.entities += doc.entities
        self.events.update(doc.events)
        self.time_mentions += doc.time_mentions
        self.time_normalized += doc.time_normalized
        self.money_mentions += doc.money_mentions
        self.money_normalized += doc.money_normalized
        self.hoppers += doc.hoppers
        if self.keep_documents:
            self.per_document.append(doc)
        return doc

    # -- results -----------------------------------------------------------------------------------
    @property
    def total_mentions(self) -> int:
        return sum(self.mentions.values())

    @property
    def total_events(self) -> int:
        return sum(self.events.values())

    @property
    def total_arguments(self) -> int:
        return sum(sum(roles.values()) for roles in self.arguments.values())

    @property
    def clusters(self) -> int:
        return len(self.cluster_documents)

    def documents_per_cluster(self) -> dict[str, int]:
        """Cluster id -> number of documents that mention the event, largest first."""
        counts = {cid: len(docs) for cid, docs in self.cluster_documents.items()}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def arguments_by_role(self) -> dict[str, dict[str, int]]:
        """Event type -> role -> filled slots, with every role of the schema (zeros included)."""
        result: dict[str, dict[str, int]] = {}
        for cls in EVENT_CLASSES:
            counts = self.arguments.get(cls.__name__, Counter())
            result[cls.__name__] = {role: counts.get(role, 0) for role in cls.role_names()}
            for role, n in sorted(counts.items()):  # roles the schema does not know (invalid data)
                result[cls.__name__].setdefault(role, n)
        for type_name, counts in self.arguments.items():
            if type_name not in result and counts:
                result[type_name] = dict(sorted(counts.items()))
        return result

    def attribute_distribution(self) -> dict[str, dict[str, int]]:
        """Attribute -> value -> events, every value of the schema listed."""
        return {name: {m.value: self.attributes[name].get(m.value, 0) for m in enum}
                for name, enum in ATTRIBUTES.items()}

    def attribute_distribution_by_type(self) -> dict[str, dict[str, dict[str, int]]]:
        return {type_name: {name: {m.value: counts[name].get(m.value, 0) for m in enum}
                            for name, enum in ATTRIBUTES.items()}
                for type_name, counts in self.attributes_by_type.items()}

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready values (``annotate stats --format json``)."""
        per_cluster = self.documents_per_cluster()
        totals = {
            "documents": self.documents,
            "characters": self.characters,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "mentions": self.total_mentions,
            "mentions_by_type": {t.value: self.mentions.get(t.value, 0) for t in MentionType},
            "entities": self.entities,
            "events": self.total_events,
            "events_by_type": {cls.__name__: self.events.get(cls.__name__, 0) for cls in EVENT_CLASSES},
            "arguments": self.total_arguments,
            "arguments_by_role": self.arguments_by_role(),
            "attributes": self.attribute_distribution(),
            "attributes_by_type": self.attribute_distribution_by_type(),
            "normalization": {
                "time": {"normalized": self.time_normalized, "mentions": self.time_mentions,
                         "coverage": _ratio(self.time_normalized, self.time_mentions)},
                "money": {"normalized": self.money_normalized, "mentions": self.money_mentions,
                          "coverage": _ratio(self.money_normalized, self.money_mentions)},
            },
            "hoppers": self.hoppers,
            "multi_mention_hoppers": self.multi_mention_hoppers,
            "clusters": {
                "count": self.clusters,
                "cross_document": sum(1 for n in per_cluster.values() if n > 1),
                "documents_per_cluster": per_cluster,
                "events_per_cluster": {cid: self.cluster_events[cid] for cid in per_cluster},
            },
        }
        totals["annotation"] = {"status": dict(self.statuses.most_common()),
                                "annotators": dict(self.annotators.most_common())}
        totals["sources"] = {
            "publishers": dict(self.publishers.most_common()),
            "creation_time": {"earliest": self.dct_range[0] if self.dct_range else None,
                              "latest": self.dct_range[1] if self.dct_range else None,
                              "methods": dict(self.dct_methods.most_common())},
        }
        result: dict[str, Any] = {"total": totals}
        if self.keep_documents:
            result["documents"] = [doc.to_dict() for doc in self.per_document]
        return result


def iter_analyzed(documents: Iterable[Document], *, batch_size: int = ANALYSIS_BATCH,
                  model: str | None = None) -> Iterator[tuple[Document, "TextAnalysis"]]:
    """Yield ``(document, analysis)`` pairs, tokenizing ``batch_size`` texts at a time
    (:class:`annotate.nlp.Analyzer`: the tokenizer primed, the default pipeline's sentences computed from
    its tokens); the analyses equal :func:`annotate.nlp.analyze`'s. Holds one batch in memory."""
    from .nlp import Analyzer

    analyzer = Analyzer(model)
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from zip(batch, analyzer.analyze([d.text for d in batch]))
            batch = []
    if batch:
        yield from zip(batch, analyzer.analyze([d.text for d in batch]))


class Counts(NamedTuple):
    """The number of sentences and tokens of a text (all that :meth:`CorpusStats.add` reads of an
    analysis: ``len(sentences)``, ``len(tokens)``), as stored in a :class:`CountStore`."""

    sentences: range
    tokens: range


class CountStore:
    """Sentence and token counts of texts, kept in the analysis cache of ``folder`` (the SQLite database of
    :mod:`annotate.analysis_cache`, one row per text keyed by its SHA-256, valid for the spaCy version and
    the source of ``annotate/nlp.py`` that produced it: :func:`annotate.analysis_cache.pipeline_key`).
    Reads the counts of any row (those ``export hf`` wrote too); writes rows with counts only."""

    def __init__(self, folder: str | Path) -> None:
        from .analysis_cache import CacheDatabase

        self.folder = Path(folder)
        self.database = CacheDatabase(folder)

    def get(self, text: str) -> Counts | None:
        """The counts of ``text``, or None when missing, unreadable or stale."""
        row = self.database.fetch(text)
        if row is None:
            return None
        sentences, tokens = row[0], row[1]
        if type(sentences) is not int or type(tokens) is not int or not 0 <= sentences <= tokens <= len(text):
            return None
        return Counts(range(sentences), range(tokens))

    def put(self, text: str, analysis: "TextAnalysis | Counts") -> None:
        """Store the counts of one text (:meth:`put_many`)."""
        self.put_many([(text, analysis)])

    def put_many(self, items: Iterable[tuple[str, "TextAnalysis | Counts"]]) -> None:
        """Store counts in one transaction; a cache that cannot be written is only slower next time."""
        self.database.store((text, len(analysis.sentences), len(analysis.tokens), None, None)
                            for text, analysis in items)

    def close(self) -> None:
        self.database.close()


def iter_counted(documents: Iterable[Document], store: CountStore, *,
                 batch_size: int = ANALYSIS_BATCH) -> Iterator[tuple[Document, "TextAnalysis | Counts"]]:
    """Like :func:`iter_analyzed`, in the input order, with the counts from ``store`` where it has them:
    spaCy is loaded only for the texts it does not have (their counts are then stored)."""
    analyzer = None
    pending: list[tuple[Document, Counts | None]] = []

    def flush() -> Iterator[tuple[Document, "TextAnalysis | Counts"]]:
        nonlocal analyzer
        missing = [document.text for document, found in pending if found is None]
        if missing and analyzer is None:
            from .nlp import Analyzer

            analyzer = Analyzer()
        analyses = analyzer.analyze(missing) if missing else []
        store.put_many(zip(missing, analyses))
        computed = iter(analyses)
        for document, found in pending:
            yield document, next(computed) if found is None else found
        pending.clear()

    missing_count = 0
    for document in documents:
        found = store.get(document.text)
        if found is not None and not pending:  # nothing waits for spaCy before it: no need to hold it
            yield document, found
            continue
        pending.append((document, found))
        missing_count += found is None
        if missing_count >= batch_size or len(pending) >= 4 * batch_size:
            yield from flush()
            missing_count = 0
    if pending:
        yield from flush()


def default_cache_folder() -> Path:
    """Where ``annotate stats`` keeps sentence and token counts: ``$EVENTGOLD_CACHE/analysis``, else
    ``$XDG_CACHE_HOME/eventgold/analysis`` (``~/.cache/eventgold/analysis``)."""
    import os

    base = os.environ.get("EVENTGOLD_CACHE")
    if base:
        return Path(base) / "analysis"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "eventgold" / "analysis"


def corpus_stats(paths: str | Path | Iterable[str | Path], *, per_document: bool = True,
                 cache: str | Path | None = None) -> CorpusStats:
    """Statistics of the corpus JSONL file(s) or folder(s) ``paths``, streamed.

    ``cache``: a folder of sentence and token counts (:class:`CountStore`; the CLI uses
    :func:`default_cache_folder`), so that statistics of texts seen before need no spaCy; None: every
    text is tokenized.

    Raises :class:`~annotate.errors.DataError` at the first invalid line (run ``annotate validate``
    for a full report) and :class:`~annotate.errors.UsageError` for a missing path.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    stats = CorpusStats(keep_documents=per_document)
    store = CountStore(cache) if cache is not None else None
    try:
        with no_collection():  # many small objects, no cycles: the collector's passes are pure cost (issue 13)
            for file in corpus_files(paths):
                documents = read_documents(file)
                analyzed = iter_counted(documents, store) if store is not None else iter_analyzed(documents)
                for document, analysis in analyzed:
                    stats.add(document, analysis, file=str(file))
    finally:
        if store is not None:
            store.close()
    return stats


__all__ = ["CorpusStats", "CountStore", "Counts", "DocumentStats", "corpus_files", "corpus_stats",
           "default_cache_folder", "iter_analyzed", "iter_counted"]
