"""One on-disk cache of text analyses (the tokens and sentences of :mod:`annotate.nlp`), shared by the
commands that tokenize whole corpora, so that spaCy runs once per text rather than once per command.

Sentences and tokens are always derived with spaCy (:func:`annotate.stats.iter_analyzed`, equal to
:func:`annotate.nlp.analyze`); this module only keeps the result, keyed by everything it depends on:
the SHA-256 of the text and :func:`pipeline_key` (the installed spaCy version and the source of
``annotate/nlp.py``, the pipeline's rules). An entry of another key is ignored and rewritten. It is never
a source of truth for spans.

The folder is the one ``annotate stats`` uses (:func:`annotate.stats.default_cache_folder`:
``$EVENTGOLD_CACHE/analysis``, else ``~/.cache/eventgold/analysis``). The entries are the rows of one
SQLite database there, :data:`DB_NAME` (:class:`CacheDatabase`), one row per text::

    sha256 (key) | pipeline | sentences | tokens | offsets | sentence_starts

``offsets``: the code-point ``[start, end)`` of each token (white space excluded), and ``sentence_starts``:
the index of each sentence's first token (sentences partition the tokens, in order), both little-endian
64-bit integers (NULL in a row with counts only, which :class:`annotate.stats.CountStore` writes). So
``annotate stats`` reads what ``export hf`` wrote, and a row with counts only is completed the first time
its text is exported. One transaction per batch of texts: a reader never sees half an entry, and a
batch costs one write (one small JSON file per text, as before, cost more to write on a first export
than tokenizing the text: issue 13). A database that cannot be opened or written is only slower next
time; one that is not a database (or is damaged) is replaced.

Texts missing from the cache are analysed by :class:`annotate.nlp.Analyzer` (spaCy's tokenizer with its
cache primed, :class:`annotate.nlp.TokenizerPrimer`, re-exported here; sentences from the tokens' arrays):
the same tokens and sentences as the whole pipeline, faster.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import le, lt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .nlp import Sentence, TextAnalysis, TokenizerPrimer

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from schema import Document

__all__ = ["AnalysisStore", "CacheDatabase", "DB_NAME", "TokenizerPrimer", "iter_cached_analyses", "pipeline_key"]

#: Texts tokenized together when they are missing from the cache (and stored in one transaction).
BATCH = 64
#: The database file in the cache folder.
DB_NAME = "analyses.sqlite3"


_HEX = frozenset("0123456789abcdef")


def _remove_legacy_entries(folder: Path) -> None:
    """Delete the cache's entries from before :data:`DB_NAME` (``AB/ABCDEF....json``, one per text, named by
    the SHA-256 of the text), which nothing reads any more; any other file is left alone."""
    for sub in folder.iterdir():
        if len(sub.name) != 2 or not set(sub.name) <= _HEX or not sub.is_dir():
            continue
        for entry in sub.glob("*.json"):
            if len(entry.stem) == 64 and entry.stem.startswith(sub.name) and set(entry.stem) <= _HEX:
                with contextlib.suppress(OSError):
                    entry.unlink()
        with contextlib.suppress(OSError):
            sub.rmdir()  # only when nothing else is in it


@lru_cache(maxsize=1)
def pipeline_key() -> str:
    """What an analysis depends on besides the text: spaCy's version and the rules of ``annotate/nlp.py``
    (the same key as :mod:`annotate.stats`' counts and the session's cache)."""
    from importlib.metadata import PackageNotFoundError, version

    from . import nlp

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "unknown"
    return f"spacy {spacy_version}; nlp.py {hashlib.sha256(Path(nlp.__file__).read_bytes()).hexdigest()[:16]}"


def encode(analysis: TextAnalysis) -> tuple[list[int], list[int]]:
    """``(offsets, sentence_starts)`` of an analysis (see the module docstring)."""
    offsets = [x for token in analysis.tokens for x in token]
    return offsets, [s.token_start for s in analysis.sentences]


def decode(text: str, offsets: list[int], sentence_starts: list[int]) -> TextAnalysis | None:
    """The analysis of ``text`` from its stored lists, or None when they are not a valid analysis of it
    (tokens in order, not overlapping, inside the text; sentences partitioning the tokens)."""
    n = len(offsets) // 2
    if len(offsets) != 2 * n or (n == 0) != (not sentence_starts):
        return None
    starts, ends = offsets[0::2], offsets[1::2]
    if n:
        try:  # integers only (checked at C speed)
            array("q", offsets), array("q", sentence_starts)
        except (TypeError, OverflowError):
            return None
        if offsets[0] < 0 or offsets[-1] > len(text) or sentence_starts[0] != 0 or sentence_starts[-1] >= n:
            return None
        # tokens in order: s0 < e0 <= s1 < e1 <= ...; sentences start at increasing tokens
        if (not all(map(lt, starts, ends)) or not all(map(le, ends, offsets[2::2]))
                or not all(map(lt, sentence_starts, sentence_starts[1:]))):
            return None
    sentence_ends = [*sentence_starts[1:], n]
    sentences = tuple(Sentence(i, starts[first], ends[last - 1], first, last)
                      for i, (first, last) in enumerate(zip(sentence_starts, sentence_ends)))
    analysis = TextAnalysis(text, tuple(zip(starts, ends)), sentences)
    analysis.__dict__.update(token_starts=starts, token_ends=ends)  # its cached properties, ready
    return analysis


def text_key(text: str) -> str:
    """The SHA-256 of a text (its key in the cache)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _to_blob(values: Iterable[int]) -> bytes:
    data = array("q", values)
    if sys.byteorder != "little":  # pragma: no cover - the stored form is little-endian everywhere
        data.byteswap()
    return data.tobytes()


def _from_blob(blob: Any) -> list[int] | None:
    if type(blob) is not bytes or len(blob) % 8:
        return None
    data = array("q")
    data.frombytes(blob)
    if sys.byteorder != "little":  # pragma: no cover
        data.byteswap()
    return data.tolist()


class CacheDatabase:
    """The cache's SQLite database in ``folder`` (:data:`DB_NAME`), opened on first use. Every failure
    (a read-only folder, a locked file) makes it answer "missing" and skip writes; a file that is not a
    database, or a damaged one, is replaced (once per run).

    Rollback journal, no fsync (``synchronous=OFF``): a crashed process leaves the database as it was
    before the batch (SQLite's journal), and only a crash of the whole machine could damage it, which the
    next run repairs by starting afresh; the entries are only a cache. (WAL mode's checkpoint and syncs
    cost as much as tokenizing a hundred texts, on every first export.)"""

    _SCHEMA = ("CREATE TABLE IF NOT EXISTS analyses (sha256 TEXT PRIMARY KEY, pipeline TEXT NOT NULL, "
               "sentences INTEGER NOT NULL, tokens INTEGER NOT NULL, offsets BLOB, sentence_starts BLOB) "
               "WITHOUT ROWID")

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self._connection: "sqlite3.Connection | None" = None
        self._failed = False
        self._replaced = False

    def _open(self) -> "sqlite3.Connection":
        import sqlite3

        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(self._SCHEMA)
        except BaseException:
            connection.close()
            raise
        return connection

    def _damaged(self, exc: Exception) -> bool:
        """True when ``exc`` says the file is not a sound database (rather than locked or read-only)."""
        import sqlite3

        return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)

    def _replace(self) -> None:
        """Remove a damaged database so that the next use starts a new one (once per run)."""
        self.close()
        if self._replaced:
            self._failed = True
            return
        self._replaced = True
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            self._failed = True

    def connection(self) -> "sqlite3.Connection | None":
        if self._connection is None and not self._failed:
            import sqlite3

            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():  # a new database: the entries of the cache before it go
                    with contextlib.suppress(OSError):
                        _remove_legacy_entries(self.folder)
                try:
                    self._connection = self._open()
                except sqlite3.DatabaseError as exc:
                    if not self._damaged(exc):  # locked, read-only: not ours to remove
                        raise
                    self._replace()
                    if not self._failed:
                        self._connection = self._open()
            except (OSError, sqlite3.Error):
                self._failed = True
        return self._connection

    def fetch(self, text: str) -> tuple | None:
        """``(sentences, tokens, offsets, sentence_starts)`` of ``text``'s row when it was written by this
        pipeline (:func:`pipeline_key`), else None (missing, stale or unreadable)."""
        import sqlite3

        connection = self.connection()
        if connection is None:
            return None
        try:
            row = connection.execute("SELECT pipeline, sentences, tokens, offsets, sentence_starts FROM analyses "
                                     "WHERE sha256 = ?", (text_key(text),)).fetchone()
        except sqlite3.Error as exc:
            if self._damaged(exc):
                self._replace()
            return None
        return row[1:] if row is not None and row[0] == pipeline_key() else None

    def store(self, items: Iterable[tuple[str, int, int, bytes | None, bytes | None]]) -> None:
        """Insert or replace the rows of ``(text, sentences, tokens, offsets, sentence_starts)`` items, keyed
        by the text's SHA-256 and this pipeline, in one transaction."""
        import sqlite3

        key = pipeline_key()
        rows = [(text_key(text), key, *values) for text, *values in items]
        connection = self.connection() if rows else None
        if connection is None:
            return
        try:
            with connection:  # one transaction: all the rows or none
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            if self._damaged(exc):
                self._replace()

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


class AnalysisStore:
    """Analyses of texts kept in the cache database of ``folder`` (see the module docstring)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.database = CacheDatabase(folder)

    def get(self, text: str) -> TextAnalysis | None:
        """The analysis of ``text``, or None when missing, unreadable, stale or not a valid analysis."""
        row = self.database.fetch(text)
        if row is None:
            return None
        offsets, starts = _from_blob(row[2]), _from_blob(row[3])
        if offsets is None or starts is None:
            return None
        analysis = decode(text, offsets, starts)
        if analysis is None or len(analysis.tokens) != row[1] or len(analysis.sentences) != row[0]:
            return None
        return analysis

    def put(self, text: str, analysis: TextAnalysis) -> None:
        """Store one analysis (:meth:`put_many`)."""
        self.put_many([(text, analysis)])

    def put_many(self, items: Iterable[tuple[str, TextAnalysis]]) -> None:
        """Store analyses in one transaction; a cache that cannot be written is only slower next time."""
        rows = []
        for text, analysis in items:
            offsets = array("q", bytes(16 * len(analysis.tokens)))  # s0, e0, s1, e1, ... (encode), at C speed
            offsets[0::2], offsets[1::2] = array("q", analysis.token_starts), array("q", analysis.token_ends)
            rows.append((text, len(analysis.sentences), len(analysis.tokens), _to_blob(offsets),
                         _to_blob(s.token_start for s in analysis.sentences)))
        self.database.store(rows)

    def close(self) -> None:
        self.database.close()


def iter_cached_analyses(documents: Iterable["Document"], store: AnalysisStore | None, *,
                         batch_size: int = BATCH) -> Iterator[tuple["Document", TextAnalysis]]:
    """``(document, analysis)`` pairs in the input order, like :func:`annotate.stats.iter_analyzed` (and
    equal to it), taking the analyses ``store`` has and tokenizing the others in batches
    (:class:`annotate.nlp.Analyzer`: one tokenizer primer for the run), then storing them. ``store`` None:
    every text is tokenized; the analyses of a batch are stored together. Holds at most two batches in
    memory."""
    from .nlp import Analyzer

    analyzer: Analyzer | None = None
    pending: list[tuple["Document", TextAnalysis | None]] = []

    def flush() -> Iterator[tuple["Document", TextAnalysis]]:
        nonlocal analyzer
        missing = [document.text for document, found in pending if found is None]
        if missing and analyzer is None:
            analyzer = Analyzer()
        analyses = analyzer.analyze(missing) if missing else []
        if store is not None and analyses:
            store.put_many(zip(missing, analyses))
        computed = iter(analyses)
        for document, found in pending:
            yield document, next(computed) if found is None else found
        pending.clear()

    missing_count = 0
    for document in documents:
        found = store.get(document.text) if store is not None else None
        if found is not None and not pending:  # nothing waits for spaCy: no need to hold it
            yield document, found
            continue
        pending.append((document, found))
        missing_count += found is None
        if missing_count >= batch_size or len(pending) >= 2 * batch_size:
            yield from flush()
            missing_count = 0
    if pending:
        yield from flush()
