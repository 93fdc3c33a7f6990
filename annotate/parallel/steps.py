"""The per-document work of the commands as map steps over :class:`~annotate.parallel.chunks.Piece`\\ s of
input lines, and the reduce steps that put their results together in input order.

Each map step is a pure function of one piece (it reads the piece's lines itself and keeps no state
that changes its answers: caches only), so it runs anywhere, on a local worker process or a Ray
worker. It wraps the library functions the single-process commands call, unchanged:

- :func:`validate_piece`: :func:`annotate.validate.check_record` (levels 1-3, and the per-document part
  of level 4, the comparison with ``raw/DOC_ID.txt``); the values the corpus-wide checks need (document
  id, annotator, clusters) come back with the incidents.
- :func:`stats_piece`: parsing, spaCy sentences and tokens (:func:`annotate.stats.iter_analyzed`) and
  :meth:`annotate.stats.CorpusStats.add`, as a partial :class:`~annotate.stats.CorpusStats`.
- :func:`export_piece`: the same analysis, the validator's content checks, the ``documents`` row and the
  ``sentences`` rows of each document (:mod:`annotate.formats.hf`).
- :func:`suggest_piece`: :func:`annotate.suggest.suggest` on source documents.

The reduce steps run in the calling process, in input order: :class:`ValidationReduce` (the
corpus-wide checks of :class:`annotate.validate.corpus.CorpusChecks`: unique ids, cluster types,
annotation files, with the source-article verdicts the workers computed), :func:`merge_stats`
(partial statistics into the total, counters in first-seen order, so the output is the same).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotate.errors import DataError, StorageError

from .chunks import Piece, piece_lines

# -- validate -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileContext:
    """What the validator knows about one input file: its corpus folder and annotation-file parts."""

    corpus_root: str | None
    annotation_file: tuple[str, str] | None


def _recorder():
    """The worker's stand-in for the corpus-wide checks: it computes only the per-document part (the
    source article comparison, cached per worker) and records the values the reduce needs."""
    global _RECORDER
    if _RECORDER is None:
        from annotate.validate.corpus import CorpusChecks

        class Recorder(CorpusChecks):
            last: tuple | None = None

            def check_values(self, doc_id, annotator, text, clusters, *, file, line, corpus_root,
                             text_sha256=None, annotation_file=None):
                raw = self._raw_problem(corpus_root, doc_id, text, text_sha256) if corpus_root is not None else None
                self.last = (doc_id, annotator, clusters, raw)
                return []

        _RECORDER = Recorder()
    return _RECORDER


_RECORDER = None


@dataclass(slots=True)
class ValidatedPiece:
    """The map result of one piece: per line ``(number, is_document, incidents, corpus values)``; the
    corpus values are ``(doc_id, annotator, clusters, raw-text incident or None)``, None when the
    record did not reach level 4."""

    piece: Piece
    lines: list[tuple[int, bool, list, tuple | None]] = field(default_factory=list)
    error: BaseException | None = None


def validate_piece(piece: Piece) -> ValidatedPiece:
    """Levels 1-3, level 5 and the source-article check of every line of ``piece`` (the map step of
    validate; the reduce runs level 4 and keeps level 5 where one process would report it)."""
    from annotate.validate.run import check_record

    result = ValidatedPiece(piece)
    if piece.error is not None:
        result.error = piece.error
        return result
    context: FileContext = piece.context  # type: ignore[assignment]
    root = Path(context.corpus_root) if context.corpus_root is not None else None
    recorder = _recorder()
    try:
        for number, raw in piece_lines(piece):
            recorder.last = None
            is_document, found = check_record(raw, file=piece.label, line=number, corpus_root=root,
                                              corpus=recorder, annotation_file=context.annotation_file)
            result.lines.append((number, is_document, found, recorder.last))
    except StorageError as exc:
        result.error = exc
    return result


class ValidationReduce:
    """The corpus-wide checks over the map results, in input order: yields the incidents of a run
    exactly as :func:`annotate.validate.iter_incidents` does."""

    def __init__(self, report=None, *, level: int = 5) -> None:
        from annotate.validate.corpus import CorpusChecks

        class Replay(CorpusChecks):
            verdict = None

            def _raw_problem(self, corpus_root, doc_id, text, text_sha256):
                return self.verdict

        self.corpus = Replay()
        self.report = report
        self.level = level  # 4 or 5: the map step checks level 5 too; the reduce keeps it where due
        self.registries_checked: set[str] = set()
        self.documents = 0

    def add(self, result: ValidatedPiece) -> Iterator:
        from annotate.validate.incident import incident
        from annotate.validate.run import registry_incidents

        piece = result.piece
        context: FileContext = piece.context  # type: ignore[assignment]
        root = Path(context.corpus_root) if context.corpus_root is not None else None
        if piece.first:
            if context.corpus_root is not None and context.corpus_root not in self.registries_checked:
                self.registries_checked.add(context.corpus_root)
                yield from registry_incidents(root)
            if self.report is not None:
                self.report.files += 1
            self.documents = 0
        corpus = self.corpus
        for number, is_document, found, values in result.lines:
            self.documents += is_document
            if self.report is not None and is_document:
                self.report.documents += 1
            # as one process orders them: levels 1-3, level 4 (here, in input order), then level 5 only
            # for a record with no error before it
            yield from (i for i in found if i.level < 5)
            level4 = []
            if values is not None:
                doc_id, annotator, clusters, raw = values
                corpus.verdict = raw
                level4 = [item.located(file=piece.label, line=number, doc_id=doc_id)
                          for item in corpus.check_values(doc_id, annotator, "", clusters, file=piece.label,
                                                          line=number, corpus_root=root,
                                                          annotation_file=context.annotation_file)]
                yield from level4
            if self.level >= 5 and not any(i.is_error for i in level4):
                yield from (i for i in found if i.level == 5)
        if result.error is not None:
            raise result.error
        parts = context.annotation_file
        if piece.last and parts is not None and self.documents != 1:
            yield incident("annotation-file-count",
                           f"holds {self.documents} documents; expected exactly one (annotator {parts[0]!r}, "
                           f"document {parts[1]!r})").located(file=piece.label, line=None, doc_id=parts[1])


def validation_pieces(paths, *, corpus_root=None) -> Iterator[Piece]:
    """The pieces of a validation run over ``paths``, each file with its :class:`FileContext` (the same
    files, corpus folders and annotation files as :func:`annotate.validate.iter_incidents`)."""
    from annotate.errors import UsageError
    from annotate.validate.corpus import annotation_file_parts
    from annotate.validate.run import STDIN, expand_paths, find_corpus_root

    from .chunks import file_pieces

    files = expand_paths(paths)
    fixed = Path(corpus_root) if corpus_root is not None else None
    if fixed is not None and not fixed.is_dir():
        raise UsageError(f"{fixed}: no corpus folder here (use --corpus DIR)")
    default = Path("corpus") if Path("corpus").is_dir() else None
    for index, item in enumerate(files):
        root = fixed or find_corpus_root(item) or default
        parts = None if str(item) == STDIN else annotation_file_parts(Path(item), root)
        context = FileContext(str(root) if root is not None else None, parts)
        yield from file_pieces(index, item, context=context)


# -- reading documents ----------------------------------------------------------------------------------

def piece_documents(piece: Piece) -> Iterator[tuple[int, Any]]:
    """``(line, Document)`` for each line of ``piece``, through the same checks as
    :func:`annotate.jsonl.read_documents` (the validator's levels 1-3; DataError naming the file and line
    of the first invalid one)."""
    from annotate.jsonl import parse_document

    for number, raw in piece_lines(piece):
        yield number, parse_document(raw, file=piece.path, line=number)


# -- stats ----------------------------------------------------------------------------------------------

@dataclass(slots=True)
class StatsPiece:
    piece: Piece
    stats: Any = None  # a partial CorpusStats
    error: BaseException | None = None


def stats_piece(piece: Piece, per_document: bool = True) -> StatsPiece:
    """Statistics of the documents of ``piece`` (the map step of stats): a partial CorpusStats."""
    from annotate.stats import CorpusStats, iter_analyzed

    result = StatsPiece(piece, CorpusStats(keep_documents=per_document))
    if piece.error is not None:
        result.error = piece.error
        return result
    try:
        for document, analysis in iter_analyzed(document for _, document in piece_documents(piece)):
            result.stats.add(document, analysis, file=piece.label)
    except (DataError, StorageError) as exc:
        result.error = exc
    return result


def stats_piece_per_document(piece: Piece) -> StatsPiece:
    return stats_piece(piece, True)


def stats_piece_totals(piece: Piece) -> StatsPiece:
    return stats_piece(piece, False)


def merge_stats(total, part) -> None:
    """Add the partial :class:`~annotate.stats.CorpusStats` ``part`` into ``total`` (the reduce step of
    stats). Parts must be merged in input order: counters then list their keys in first-seen order,
    as one :meth:`~annotate.stats.CorpusStats.add` after the other does, so ties print the same."""
    total.documents += part.documents
    total.characters += part.characters
    total.sentences += part.sentences
    total.tokens += part.tokens
    total.mentions.update(part.mentions)
    total.entities += part.entities
    total.events.update(part.events)
    for type_name, roles in part.arguments.items():
        total.arguments.setdefault(type_name, type(roles)()).update(roles)
    for name, values in part.attributes.items():
        total.attributes.setdefault(name, type(values)()).update(values)
    for type_name, by_name in part.attributes_by_type.items():
        mine = total.attributes_by_type.setdefault(type_name, {})
        for name, values in by_name.items():
            mine.setdefault(name, type(values)()).update(values)
    total.time_mentions += part.time_mentions
    total.time_normalized += part.time_normalized
    total.money_mentions += part.money_mentions
    total.money_normalized += part.money_normalized
    total.hoppers += part.hoppers
    total.multi_mention_hoppers += part.multi_mention_hoppers
    for cluster, documents in part.cluster_documents.items():
        total.cluster_documents.setdefault(cluster, set()).update(documents)
    total.cluster_events.update(part.cluster_events)
    total.statuses.update(part.statuses)
    total.annotators.update(part.annotators)
    total.publishers.update(part.publishers)
    total.dct_methods.update(part.dct_methods)
    if part.dct_range:
        total.dct_range = ([min(total.dct_range[0], part.dct_range[0]), max(total.dct_range[1], part.dct_range[1])]
                           if total.dct_range else list(part.dct_range))
    if total.keep_documents:
        total.per_document.extend(part.per_document)


def stats_pieces(paths) -> Iterator[Piece]:
    """The pieces of the corpus files ``paths`` names (:func:`annotate.corpus.corpus_files`)."""
    from annotate.corpus import corpus_files

    from .chunks import file_pieces

    for index, file in enumerate(corpus_files(paths)):
        yield from file_pieces(index, file, label=str(file))


# -- export hf ------------------------------------------------------------------------------------------

@dataclass(slots=True)
class ExportedDocument:
    """What the export writes for one document: its ``documents`` row and ``sentences`` rows (a
    :class:`~annotate.formats.hf_sentences.SentenceBlock`)."""

    id: str
    line: int
    chars: int
    row: dict
    sentences: Any
    warnings: int


@dataclass(slots=True)
class ExportPiece:
    piece: Piece
    documents: list = field(default_factory=list)
    stats: Any = None
    counts: Any = None
    error: BaseException | None = None


_CONVERTER = None


def export_piece(piece: Piece, validate: bool = True) -> ExportPiece:
    """The Hugging Face rows of the documents of ``piece`` (the map step of export hf): the
    ``documents`` row, the ``sentences`` rows, the validator's warnings, partial statistics and the
    counts of what the sentence view cannot represent."""
    global _CONVERTER
    from annotate.formats.hf import DocumentRows, SentenceCounts, _check, sentence_block
    from annotate.stats import CorpusStats, iter_analyzed

    if _CONVERTER is None:
        _CONVERTER = DocumentRows()
    result = ExportPiece(piece, stats=CorpusStats(keep_documents=False), counts=SentenceCounts())
    if piece.error is not None:
        result.error = piece.error
        return result
    source = Path(piece.path)
    lines: list[int] = []

    def documents():
        for number, document in piece_documents(piece):
            lines.append(number)
            yield document

    try:
        for index, (document, analysis) in enumerate(iter_analyzed(documents())):
            warnings = _check(document, source, lines[index]) if validate else 0
            result.stats.add(document, analysis)
            result.documents.append(ExportedDocument(
                document.id, lines[index], len(document.text), _CONVERTER.to_row(document),
                sentence_block(document, analysis, result.counts), warnings))
    except (DataError, StorageError) as exc:
        result.error = exc
    return result


def export_piece_validated(piece: Piece) -> ExportPiece:
    return export_piece(piece, True)


def export_piece_unvalidated(piece: Piece) -> ExportPiece:
    return export_piece(piece, False)


# -- suggest --------------------------------------------------------------------------------------------

def suggest_batch(batch: tuple[list, str | None, float | None]) -> list:
    """Suggestion documents for a batch of source documents (the map step of suggest): ``(documents,
    model, threshold)``."""
    from annotate.suggest import suggest

    documents, model, threshold = batch
    return [suggest(document, model=model, threshold=threshold) for document in documents]
