"""What the review needs to know about the whole corpus, gathered in one streaming pass in flat memory.

:class:`Overview` keeps counts (per event type, mentions, arguments, hoppers), the documents with most
events (a bounded heap, for the chart) and, only while they are few enough to fit one page, an entry per
document. Everything that grows with the corpus goes to :class:`Ledger`, a private temporary SQLite
database on disk (``sqlite3.connect("")``: cached in a bounded amount of memory, spilled to a file
beyond it): the document ids in input order (duplicates, and a check that the second pass over the input
reads the same documents) and the members of every event cluster, grouped and ranked by SQL, so that
the cluster summary is read back one bounded page at a time.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from schema import EVENT_CLASSES, Document

#: The "events per document" chart shows at most this many documents (those with most events).
MAX_CHART_DOCUMENTS = 40
#: A cluster lists at most this many of its event mentions (then says how many more there are).
MAX_CLUSTER_MEMBERS = 50
#: Clusters per page of the cluster summary, when the review has several pages.
CLUSTERS_PER_PAGE = 50
_BATCH = 64  # rows kept in Python before they go to the database


def document_title(document: Document) -> str:
    """The source title, else the first non-empty line of the text (shortened), else the id."""
    if document.source.title:
        return document.source.title
    for line in document.text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 90 else line[:89] + "…"
    return document.id


@dataclass
class DocEntry:
    """One document in a table of contents or a chart: its position, id, title and events per type."""

    index: int
    id: str
    title: str
    events: Counter = field(default_factory=Counter)
    search: str | None = None  # what a table of contents' filter matches

    @property
    def total(self) -> int:
        return sum(self.events.values())

    @classmethod
    def of(cls, index: int, document: Document) -> DocEntry:
        return cls(index, document.id, document_title(document), Counter(e.type for e in document.events))


@dataclass(frozen=True)
class ClusterMember:
    doc_index: int
    doc_id: str
    title: str
    event: str
    type: str
    trigger: str


@dataclass(frozen=True)
class Cluster:
    """One event cluster of the summary: how many documents and events, and its first members."""

    id: str
    documents: int
    events: int
    members: tuple[ClusterMember, ...]  # at most MAX_CLUSTER_MEMBERS, in document order


class Ledger:
    """The per-document and per-cluster records of a render, on disk (see the module docs)."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.execute("PRAGMA cache_size=-1024")  # KiB: the most memory the database keeps
        self.db.execute("CREATE TABLE docs (position INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, file INTEGER)")
        self.db.execute("CREATE TABLE members (cluster TEXT, doc INTEGER, doc_id TEXT, title TEXT, event TEXT, "
                        "type TEXT, trigger TEXT)")
        self._members: list[tuple] = []
        self._docs: list[tuple[int, str, int]] = []
        self._ids: set[str] = set()  # ids of the batch not yet in the database
        self.documents = 0
        self.clusters = 0
        self.across = 0  # clusters whose members are in more than one document
        self.pages = 0  # pages of the cluster summary
        self.per_page = 0  # clusters a page (0: one page)

    def close(self) -> None:
        self.db.close()

    # -- the first pass --------------------------------------------------------------------------------
    def seen(self, doc_id: str) -> int | None:
        """The file number a document ``doc_id`` came from, if it was added already."""
        if doc_id in self._ids:
            return next(f for _, d, f in self._docs if d == doc_id)
        row = self.db.execute("SELECT file FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else row[0]

    def add(self, document: Document, file: int, title: str) -> int:
        """Record a document (its position in the input is returned) and its clustered events."""
        index = self.documents
        self.documents += 1
        self._docs.append((index, document.id, file))
        self._ids.add(document.id)
        for event in document.events:
            if event.cluster:
                self._members.append((event.cluster, index, document.id, title, event.id, event.type,
                                      event.trigger.text))
        if len(self._docs) >= _BATCH or len(self._members) >= _BATCH:
            self._flush()
        return index

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)", self._docs)
        self.db.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?)", self._members)
        self._docs.clear()
        self._members.clear()
        self._ids.clear()

    def finish(self, *, paged: bool = False) -> None:
        """After the first pass: rank the clusters (most documents first, then by id) and, when ``paged``,
        cut them into pages of :data:`CLUSTERS_PER_PAGE` (else one page)."""
        self._flush()
        clusters_per_page = self.per_page = CLUSTERS_PER_PAGE if paged else 0
        db = self.db
        db.execute("CREATE INDEX members_cluster ON members (cluster, doc)")
        db.execute("CREATE TABLE clusters AS SELECT cluster, COUNT(DISTINCT doc) AS docs, COUNT(*) AS events, "
                   "ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT doc) DESC, cluster) AS rank "
                   "FROM members GROUP BY cluster")
        db.execute("CREATE UNIQUE INDEX clusters_id ON clusters (cluster)")
        db.execute("CREATE INDEX clusters_rank ON clusters (rank)")
        self.clusters, across = db.execute("SELECT COUNT(*), COALESCE(SUM(docs > 1), 0) FROM clusters").fetchone()
        self.across = across
        self.pages = max(1, -(-self.clusters // clusters_per_page)) if clusters_per_page else 1

    # -- the second pass and the summary ---------------------------------------------------------------
    def id_at(self, index: int) -> str | None:
        row = self.db.execute("SELECT id FROM docs WHERE position = ?", (index,)).fetchone()
        return None if row is None else row[0]

    def page_of(self, cluster: str) -> int:
        """The page (from 1) of the cluster summary that lists ``cluster``."""
        if not self.per_page:
            return 1
        row = self.db.execute("SELECT rank FROM clusters WHERE cluster = ?", (cluster,)).fetchone()
        return 1 if row is None else (row[0] - 1) // self.per_page + 1

    def cluster_page(self, page: int = 1) -> Iterator[Cluster]:
        """The clusters of one page of the summary, in rank order, each with its first members."""
        if self.per_page:
            first, last = (page - 1) * self.per_page + 1, page * self.per_page
        else:
            first, last = 1, self.clusters
        heads = self.db.execute("SELECT cluster, docs, events FROM clusters WHERE rank BETWEEN ? AND ? "
                                "ORDER BY rank", (first, last)).fetchall()  # at most one page of them
        for cluster, docs, events in heads:
            rows = self.db.execute("SELECT doc, doc_id, title, event, type, trigger FROM members WHERE cluster = ? "
                                   "ORDER BY doc, rowid LIMIT ?", (cluster, MAX_CLUSTER_MEMBERS)).fetchall()
            yield Cluster(cluster, docs, events, tuple(ClusterMember(*row) for row in rows))


@dataclass
class Overview:
    """What the header, charts and summaries need, gathered in one streaming pass over the documents.

    ``documents`` holds an entry per document only while there are at most ``keep_entries`` of them (the
    single page's side index); beyond that it is None and only the counts and the heap remain.
    """

    keep_entries: int | None = None  # None: keep every entry
    documents: list[DocEntry] | None = field(default_factory=list)
    count: int = 0
    events_per_type: Counter = field(default_factory=Counter)
    mentions: int = 0
    arguments: int = 0
    hoppers: int = 0
    ledger: Ledger = field(default_factory=Ledger)
    _top: list[tuple[int, int, DocEntry]] = field(default_factory=list)  # min-heap of (total, -index, entry)

    def add(self, document: Document, *, file: int = 0) -> None:
        entry = DocEntry.of(self.count, document)
        self.ledger.add(document, file, entry.title)
        self.count += 1
        if self.documents is not None:
            if self.keep_entries is not None and len(self.documents) >= self.keep_entries:
                self.documents = None
            else:
                self.documents.append(entry)
        self.mentions += len(document.mentions)
        self.hoppers += len({e.coref for e in document.events if e.coref})
        self.events_per_type.update(entry.events)
        self.arguments += sum(len(e.arguments) for e in document.events)
        item = (entry.total, -entry.index, entry)
        if len(self._top) < MAX_CHART_DOCUMENTS:
            heapq.heappush(self._top, item)
        elif item[:2] > self._top[0][:2]:
            heapq.heapreplace(self._top, item)

    def finish(self, *, paged: bool = False) -> Overview:
        """After the first pass (see :meth:`Ledger.finish`)."""
        self.ledger.finish(paged=paged)
        return self

    def close(self) -> None:
        self.ledger.close()

    @property
    def events(self) -> int:
        return sum(self.events_per_type.values())

    @property
    def clusters(self) -> int:
        return self.ledger.clusters

    @property
    def top_documents(self) -> list[DocEntry]:
        """The documents with most events (at most :data:`MAX_CHART_DOCUMENTS`), in input order."""
        return [entry for _, _, entry in sorted(self._top, key=lambda item: item[2].index)]

    @property
    def types(self) -> list[str]:
        """Event types of the schema (in schema order), then any others found."""
        known = [cls.__name__ for cls in EVENT_CLASSES]
        return known + sorted(set(self.events_per_type) - set(known))
