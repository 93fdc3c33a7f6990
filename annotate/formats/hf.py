"""The Hugging Face dataset export: features derived from the schema, rows to and from Documents,
deterministic document-level splits, and streaming Parquet writing.

Two configurations:

``documents``
    One row per document, the corpus line as nested columns (character offsets everywhere). The
    features are generated from the pydantic models of :mod:`schema` (a new field or event type changes
    them automatically); enumerations that models predict (mention type, event type, realis, polarity,
    tense) are ``ClassLabel``. Lossless: :func:`documents_from_rows` / :func:`rows_to_jsonl` turn the rows
    back into the exact corpus lines.
``sentences``
    One row per sentence (sentences and tokens from :mod:`annotate.nlp`): tokens with character offsets,
    BIO trigger tags, entity/value mentions and event mentions with token offsets (end exclusive)
    relative to the sentence, and arguments with roles: the shape OneIE, DEGREE and TextEE consume.

:func:`export_hf` writes ``OUT_DIR/{documents,sentences}/SPLIT-00000-of-00001.parquet`` and the dataset
card ``OUT_DIR/README.md`` (:mod:`annotate.formats.hf_card`). The configurations and their features
are in :mod:`annotate.formats.hf_features` (re-exported here). ``datasets`` and ``pyarrow`` are
imported inside the functions that need them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from schema import Document

from ..bulk import no_collection
from ..errors import DataError, StorageError, UsageError
from ..jsonl import atomic_write_bytes, describe_validation_error, iter_lines
from ..outputs import FolderOutput
from .hf_features import (
    CONFIGS, ExportResult, SentenceCounts, SplitInfo, bio_tag_names, config_features, document_features,
    event_type_names, role_names, sentence_features,
)
from .hf_sentences import SentenceBlock, sentence_block, sentence_rows, sentence_table

if TYPE_CHECKING:  # pragma: no cover
    import datasets

#: The Hub's values for a dataset card's ``annotations_creators``.
ANNOTATIONS_CREATORS = ("expert-generated", "crowdsourced", "machine-generated", "found", "no-annotation", "other")
DEFAULT_SPLIT = "train=0.6,validation=0.2,test=0.2"
#: Rows buffered per Parquet file before a row group is written.
DOCUMENT_BATCH = 128
SENTENCE_BATCH = 2048
#: Also flush when this many characters of text are buffered (long documents).
BATCH_CHARS = 4 * 1024 * 1024


# -- rows to and from documents -------------------------------------------------------------------------

Codec = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _encoder(feature: Any) -> Codec:
    """A function turning JSON-mode values (``model_dump(mode="json")``, which has every field) into values
    of ``feature`` (class names -> ids), in place: only the ClassLabel fields change, and values holding
    none are passed through untouched (:func:`_identity`), since this runs for every mention and event."""
    from datasets import ClassLabel, List

    if isinstance(feature, ClassLabel):
        index = {name: i for i, name in enumerate(feature.names)}
        return lambda value: None if value is None else index[value]
    if isinstance(feature, List):
        item = _encoder(feature.feature)
        if item is _identity:
            return _identity
        return lambda value: None if value is None else [item(v) for v in value]
    if isinstance(feature, dict):
        names = list(feature)
        plan = [(name, enc) for name, enc in ((name, _encoder(sub)) for name, sub in feature.items())
                if enc is not _identity]
        if not plan:
            return _identity

        def encode_struct(value: Any) -> Any:
            if value is None:
                return None
            if len(value) != len(names):  # not every field present: the row has exactly the feature's fields
                value = {name: value.get(name) for name in names}
            for name, enc in plan:
                value[name] = enc(value.get(name))
            return value

        return encode_struct
    return _identity


def _decoder(feature: Any) -> Codec:
    """The inverse of :func:`_encoder`; also drops null fields (the corpus omits them)."""
    from datasets import ClassLabel, List

    if isinstance(feature, ClassLabel):
        names = feature.names
        return lambda value: names[value] if isinstance(value, int) else value
    if isinstance(feature, List):
        item = _decoder(feature.feature)
        return lambda value: None if value is None else [item(v) for v in value]
    if isinstance(feature, dict):
        fields = [(name, _decoder(sub)) for name, sub in feature.items()]

        def decode_struct(value: Any) -> Any:
            if value is None:
                return None
            out = {}
            for name, dec in fields:
                item = value.get(name)
                if item is not None:
                    out[name] = dec(item)
            return out

        return decode_struct
    return lambda value: value


class DocumentRows:
    """Converts Documents to ``documents`` rows and back, with features compiled once."""

    def __init__(self, features: "datasets.Features | None" = None) -> None:
        self.features = features if features is not None else document_features()
        self._encode = _encoder(dict(self.features))
        self._decode = _decoder(dict(self.features))

    def to_row(self, document: Document) -> dict[str, Any]:
        return self._encode(document.model_dump(mode="json"))

    def to_line(self, row: dict[str, Any]) -> str:
        """The canonical corpus line of a row (validated through :class:`schema.Document`)."""
        return self.to_document(row).to_json()

    def to_document(self, row: dict[str, Any]) -> Document:
        data = self._decode(row)
        try:
            return Document.model_validate_json(json.dumps(data, ensure_ascii=False))
        except ValidationError as exc:
            where, message = describe_validation_error(exc)
            raise DataError(message, record_id=data.get("id") if isinstance(data, dict) else None,
                            field=where) from None


def document_to_row(document: Document) -> dict[str, Any]:
    """The ``documents`` row of ``document`` (ClassLabel columns as ids)."""
    return DocumentRows().to_row(document)


def documents_from_rows(rows: Iterable[dict[str, Any]], *,
                        features: "datasets.Features | None" = None) -> Iterator[Document]:
    """The Documents of ``documents`` rows, one at a time.

    ``rows`` may come from ``datasets`` (``load_dataset(path, "documents")["train"]``), from pyarrow
    (:func:`rows_from_parquet`), or from :func:`document_to_row`. ClassLabel columns may hold ids or
    names; ids are read with ``features`` (pass ``dataset.features`` for data exported by another
    version of the schema; default: the current schema's). Raises DataError for a row that is not a
    valid document.
    """
    converter = DocumentRows(features)
    for row in rows:
        yield converter.to_document(row)


def rows_to_jsonl(rows: Iterable[dict[str, Any]], *, features: "datasets.Features | None" = None) -> Iterator[str]:
    """Corpus JSONL lines (with a trailing newline) of ``documents`` rows: the exact lines
    ``annotate.jsonl.write_documents`` writes, hence byte-identical to a canonical corpus file."""
    for document in documents_from_rows(rows, features=features):
        yield document.to_json() + "\n"


def rows_from_parquet(path: str | Path, *, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file as dicts, streamed in batches."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=batch_size):
            yield from batch.to_pylist()
    except OSError as exc:
        raise StorageError(f"{path}: cannot read Parquet: {exc}") from exc


# -- splits -------------------------------------------------------------------------------------------

_SPLIT_NAME = re.compile(r"\w+")


def parse_split_spec(spec: str) -> list[tuple[str, float]]:
    """``"train=0.6,validation=0.2,test=0.2"`` -> ``[("train", 0.6), ...]``; fractions must sum to 1."""
    splits: list[tuple[str, float]] = []
    for part in (p.strip() for p in spec.split(",")):
        name, sep, value = part.partition("=")
        name = name.strip()
        try:
            fraction = float(value)
        except ValueError:
            fraction = -1.0
        if not sep or not _SPLIT_NAME.fullmatch(name) or not 0 < fraction <= 1:
            raise UsageError(f"--split: {part!r} is not NAME=FRACTION with a fraction in (0, 1] "
                             f"(e.g. {DEFAULT_SPLIT} or train=1)")
        if name in (n for n, _ in splits):
            raise UsageError(f"--split: split {name!r} is given twice")
        splits.append((name, fraction))
    total = sum(f for _, f in splits)
    if abs(total - 1) > 1e-6:
        raise UsageError(f"--split: fractions sum to {total:g}, not 1")
    return splits


def split_key(doc_id: str, seed: int) -> str:
    """The sort key that orders documents for splitting: SHA-256 of the seed and the id."""
    return hashlib.sha256(f"{seed}\x00{doc_id}".encode()).hexdigest()


def split_sizes(n: int, splits: list[tuple[str, float]]) -> list[int]:
    """Documents per split: largest remainder, and at least one document in every split."""
    if n < len(splits):
        raise UsageError(f"{n} document(s) cannot fill {len(splits)} splits; give fewer splits "
                         "(e.g. --split train=1)")
    exact = [n * f for _, f in splits]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(len(splits)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in by_remainder[: n - sum(sizes)]:
        sizes[i] += 1
    for i, size in enumerate(sizes):
        if size == 0:
            donor = max(range(len(sizes)), key=lambda j: sizes[j])
            sizes[donor] -= 1
            sizes[i] = 1
    return sizes


def assign_splits(doc_ids: Iterable[str], splits: list[tuple[str, float]], *, seed: int = 0) -> dict[str, str]:
    """Document id -> split name. Deterministic: documents are ordered by :func:`split_key` and cut
    into consecutive runs of :func:`split_sizes`; the input order does not matter."""
    ordered = sorted(doc_ids, key=lambda doc_id: (split_key(doc_id, seed), doc_id))
    assignment: dict[str, str] = {}
    at = 0
    for (name, _), size in zip(splits, split_sizes(len(ordered), splits)):
        for doc_id in ordered[at:at + size]:
            assignment[doc_id] = name
        at += size
    return assignment


_CANONICAL_ID = re.compile(rb'^\{"schema_version":"[^"\\]*","id":"([A-Za-z0-9][A-Za-z0-9_.:\-]*)"')


def scan_ids(path: str | Path) -> list[str]:
    """The document ids of a corpus JSONL file, in order (a cheap first pass: canonical lines are not
    parsed). Raises DataError for a line without an id or a repeated id."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in iter_lines(path):
        match = _CANONICAL_ID.match(raw)
        if match:
            doc_id = match.group(1).decode()
        else:
            try:
                value = json.loads(raw)
            except (ValueError, RecursionError):
                raise DataError("not valid JSON", file=path, line=number) from None
            doc_id = value.get("id") if isinstance(value, dict) else None
            if not isinstance(doc_id, str):
                raise DataError("a document needs a string id", file=path, line=number, field="id")
        if doc_id in seen:
            raise DataError(f"document id repeated (first on line {seen[doc_id]})", file=path, line=number,
                            record_id=doc_id, field="id")
        seen[doc_id] = number
        ids.append(doc_id)
    return ids


# -- Parquet writing -------------------------------------------------------------------------------------

class ParquetSink:
    """One Parquet file written in row groups from buffered rows; counts rows and Arrow bytes.

    Rows come as dicts (:meth:`add`) or, for the ``sentences`` configuration, as the sentences of a
    document (:meth:`add_block`, :class:`~annotate.formats.hf_sentences.SentenceBlock`, built into Arrow
    column by column); a row group is written every ``batch_rows`` rows or :data:`BATCH_CHARS` characters
    either way, so both give the same file."""

    def __init__(self, path: Path, features: "datasets.Features", batch_rows: int) -> None:
        self.path = path
        self.schema = features.arrow_schema  # carries the HF features (ClassLabel names) as metadata
        self.batch_rows = batch_rows
        self.rows: list[dict[str, Any]] = []
        self.parts: list[tuple[SentenceBlock, int, int]] = []  # (block, first sentence, end) in order
        self.buffered = 0
        self.chars = 0
        self.num_examples = 0
        self.num_bytes = 0
        self._writer: Any = None

    def add(self, row: dict[str, Any], chars: int = 0) -> None:
        if self.parts:
            raise ValueError("a sink takes rows or blocks, not both")
        self.rows.append(row)
        self.buffered += 1
        self.chars += chars
        if self.buffered >= self.batch_rows or self.chars >= BATCH_CHARS:
            self.flush()

    def add_block(self, block: SentenceBlock) -> None:
        """The rows of ``block`` (its sentences' text lengths count as characters, as :meth:`add` of its
        rows with ``len(row["text"])``)."""
        if self.rows:
            raise ValueError("a sink takes rows or blocks, not both")
        first = 0
        starts, ends = block.starts, block.ends
        for i in range(len(block)):
            self.buffered += 1
            self.chars += ends[i] - starts[i]
            if self.buffered >= self.batch_rows or self.chars >= BATCH_CHARS:
                self.parts.append((block, first, i + 1))
                first = i + 1
                self.flush()
        if first < len(block):
            self.parts.append((block, first, len(block)))

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        if not self.buffered:
            return
        if self.parts:
            table = sentence_table(self.parts, self.schema)
            self.parts = []
        else:
            table = pa.Table.from_pylist(self.rows, schema=self.schema)
            self.rows = []
        self._writer.write_table(table)
        self.num_examples += table.num_rows
        self.num_bytes += table.nbytes
        self.buffered = 0
        self.chars = 0

    def close(self) -> None:
        self.flush()
        self._writer.close()
        with open(self.path, "rb+") as handle:
            import os

            os.fsync(handle.fileno())

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()


def data_file_name(split: str) -> str:
    return f"{split}-00000-of-00001.parquet"


# -- the export --------------------------------------------------------------------------------------------

#: Entries of OUT_DIR that an export owns and replaces; anything else there (.git, .gitattributes) stays.
MANAGED = ("README.md", "guidelines.md", *CONFIGS)


def export_hf(
    out_dir: str | Path,
    *,
    input: str | Path,
    split: str = DEFAULT_SPLIT,
    seed: int = 0,
    guidelines: str | Path | None = None,
    agreement: dict[str, Any] | None = None,
    corpus_readme: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    validate: bool = True,
    annotations_creators: str = "expert-generated",
    results: list[Any] | None = None,
    cache: str | Path | None = None,
) -> ExportResult:
    """Export the corpus JSONL ``input`` as a Hugging Face dataset folder ``out_dir``.

    Writes ``documents/`` and ``sentences/`` Parquet files per split and a ``README.md`` dataset card
    (plus a copy of ``guidelines``, when given, linked from the card). Streams: one batch of documents
    in memory. Splits are by document (:func:`assign_splits` with ``seed``). The new folder is built
    beside ``out_dir`` and swapped in whole, in one rename, under a lock (:mod:`annotate.outputs`;
    entries an export does not own, :data:`MANAGED`, such as ``.git``, are carried over); a failed or
    killed export leaves ``out_dir`` as it was, and a second export into it at the same time stops. ``progress(done, total)`` is
    called after each document. With ``validate`` (the default) each document must pass the
    validator's content checks (:func:`annotate.validate.check_document`: offsets, references, roles,
    normalized values); the first error stops the export. ``annotations_creators`` is the card's Hub
    metadata value (one of :data:`ANNOTATIONS_CREATORS`: "machine-generated" when a model annotated the
    gold, as for the bundled corpus). ``results`` (:class:`annotate.formats.hf_results.BaselineResult`,
    from ``annotate score`` reports) fill the card's baseline table. ``cache``: a folder of text analyses
    (:class:`annotate.analysis_cache.AnalysisStore`, shared with ``annotate stats``; the CLI uses
    :func:`annotate.stats.default_cache_folder`), so that spaCy tokenizes only texts it has not seen; None:
    every text is tokenized. The output is the same either way. Raises DataError (invalid input),
    UsageError (bad split or value), StorageError.
    """
    if annotations_creators not in ANNOTATIONS_CREATORS:
        raise UsageError(f"annotations_creators {annotations_creators!r}: expected one of "
                         f"{', '.join(ANNOTATIONS_CREATORS)}")
    from ..analysis_cache import AnalysisStore, iter_cached_analyses
    from ..stats import CorpusStats

    source = Path(input)
    if not source.is_file():
        raise UsageError(f"{source}: no such corpus file (export a gold.jsonl: --corpus DIR or --input FILE)")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    _check_target(target)
    spec = parse_split_spec(split)
    if "all" in (name for name, _ in spec):  # datasets reserves it: load_dataset() would refuse the folder
        raise UsageError("--split: 'all' is reserved by the datasets library (split='all' means every split "
                         "together), so load_dataset cannot read a split named so; name the one split e.g. "
                         "train=1")
    ids = scan_ids(source)
    if not ids:
        raise DataError("the corpus has no documents", file=source)
    assignment, split_infos = plan_splits(ids, spec, seed=seed)
    with staged_sinks(target, spec) as (output, staging, sinks):
        converter = DocumentRows(document_features())
        stats = CorpusStats(keep_documents=False)
        counts = SentenceCounts()
        done = 0
        warnings = 0
        store = AnalysisStore(cache) if cache is not None else None
        found_warnings: deque[int] = deque()  # per document read, in order (the analyses come in that order)
        try:
            with no_collection(freeze=True):  # the objects alive before the loop stay out of later collections
                for document, analysis in iter_cached_analyses(_read_checked(source, found_warnings), store):
                    document_warnings = found_warnings.popleft()
                    if validate:
                        warnings += document_warnings
                    name = assignment.get(document.id)
                    if name is None:  # the file changed between the two passes
                        raise StorageError(f"{source}: changed during the export (unknown id {document.id!r})")
                    stats.add(document, analysis)
                    sinks["documents", name].add(converter.to_row(document), len(document.text))
                    sinks["sentences", name].add_block(sentence_block(document, analysis, counts))
                    done += 1
                    if progress is not None:
                        progress(done, len(ids))
        finally:
            if store is not None:
                store.close()
        if done != len(ids):
            raise StorageError(f"{source}: changed during the export ({len(ids)} ids, {done} documents)")
        return finish_export(output, staging, sinks, split_infos, target=target, source=source, seed=seed,
                             stats=stats, counts=counts, guidelines=guidelines, validate=validate,
                             warnings=warnings, annotations_creators=annotations_creators, agreement=agreement,
                             corpus_readme=corpus_readme, results=results)


def plan_splits(ids: list[str], spec: list[tuple[str, float]], *, seed: int) -> tuple[dict[str, str], dict]:
    """Each id's split (:func:`assign_splits`) and the :class:`SplitInfo` of each split, ids in order."""
    assignment = assign_splits(ids, spec, seed=seed)
    split_infos = {name: SplitInfo(name, fraction) for name, fraction in spec}
    for doc_id in ids:
        split_infos[assignment[doc_id]].documents += 1
        split_infos[assignment[doc_id]].ids.append(doc_id)
    return assignment, split_infos


@contextlib.contextmanager
def staged_sinks(target: Path, spec: list[tuple[str, float]]) -> Iterator[tuple[FolderOutput, Path, dict]]:
    """The export's output folder, staged beside ``target`` and swapped in at once under a lock
    (:mod:`annotate.outputs`), with a Parquet sink per view and split: ``(output, staging, sinks)``.
    An OSError inside becomes one :class:`StorageError`; the sinks and the staging are dropped unless
    :func:`finish_export` committed them (one process or :mod:`annotate.parallel`)."""
    output = FolderOutput(target, owned=MANAGED)
    staging = output.open()
    sinks: dict[tuple[str, str], ParquetSink] = {}
    try:
        doc_features, sent_features = document_features(), sentence_features()
        for name, _ in spec:
            sinks["documents", name] = ParquetSink(staging / "documents" / data_file_name(name), doc_features,
                                                   DOCUMENT_BATCH)
            sinks["sentences", name] = ParquetSink(staging / "sentences" / data_file_name(name), sent_features,
                                                   SENTENCE_BATCH)
        yield output, staging, sinks
    except OSError as exc:
        if isinstance(exc, StorageError):
            raise
        raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        for sink in sinks.values():
            sink.abort()
        output.close()


def finish_export(output: FolderOutput, staging: Path, sinks: dict, split_infos: dict, *, target: Path, source: Path,
                  seed: int, stats: Any, counts: SentenceCounts, guidelines: str | Path | None, validate: bool,
                  warnings: int, annotations_creators: str, agreement: dict[str, Any] | None,
                  corpus_readme: str | Path | None, results: Any) -> ExportResult:
    """The end of an export once every row is in its sink (one process or :mod:`annotate.parallel`): close
    the Parquet files (an empty split is left out: ``datasets`` cannot load it), copy the guidelines,
    write the card, and swap the staged folder in."""
    from .hf_card import dataset_card

    files = []
    for (config, name), sink in sinks.items():
        sink.close()
        split_infos[name].num_examples[config] = sink.num_examples
        split_infos[name].num_bytes[config] = sink.num_bytes
        if sink.num_examples == 0:  # datasets cannot load an empty split: leave it out (the card says so)
            sink.path.unlink()
            split_infos[name].file_bytes[config] = 0
            continue
        split_infos[name].file_bytes[config] = sink.path.stat().st_size
        files.append(sink.path)
    guidelines_name = None
    if guidelines is not None and Path(guidelines).is_file():
        atomic_write_bytes(staging / "guidelines.md", Path(guidelines).read_bytes())
        guidelines_name = "guidelines.md"
        files.append(staging / "guidelines.md")
    result = ExportResult(out_dir=target, source=source, seed=seed, splits=list(split_infos.values()),
                          stats=stats, sentence_counts=counts, files=files, guidelines=guidelines_name,
                          validated=validate, validation_warnings=warnings,
                          annotations_creators=annotations_creators)
    readme_text = None
    if corpus_readme is not None and Path(corpus_readme).is_file():
        readme_text = Path(corpus_readme).read_text(encoding="utf-8")
    card = dataset_card(result, agreement=agreement, corpus_readme=readme_text, results=results)
    atomic_write_bytes(staging / "README.md", card.encode("utf-8"))
    result.files.append(staging / "README.md")
    output.commit()
    result.files = [target / path.relative_to(staging) for path in result.files]
    return result


#: The card's tag that marks a folder written by this export (so a re-export may replace it).
CARD_TAG = "eventgold"


def _check_target(target: Path) -> None:
    """Refuse to replace files that an export did not write: ``OUT_DIR`` must be missing, empty (hidden
    entries such as ``.git`` aside), or a previous export (its README.md is a card tagged eventgold)."""
    if not target.is_dir():
        return
    visible = [p.name for p in target.iterdir() if not p.name.startswith(".")]
    if not visible:
        return
    readme = target / "README.md"
    if readme.is_file():
        from ..publish import read_front_matter

        try:
            tags = read_front_matter(readme).get("tags") or []
        except DataError:
            tags = []
        if isinstance(tags, list) and CARD_TAG in tags:
            return
    raise UsageError(f"{target}: this folder is not empty and is not an earlier `annotate export hf` output "
                     f"(it has {', '.join(sorted(visible)[:5])}); export to a new or empty folder")


def _read_checked(source: Path, warnings: "deque[int]") -> Iterator[Document]:
    """:func:`annotate.jsonl.read_documents` of ``source`` (the validator's levels 1-3; the first error
    stops), appending each document's number of content warnings to ``warnings``: the content checks
    that :func:`_check` would repeat run once."""
    from ..jsonl import parse_document
    from ..validate.run import checked_document

    for number, raw in iter_lines(source):
        document, incidents = checked_document(raw)
        if document is None:
            parse_document(raw, file=source, line=number)  # raises the reader's error for this line
            raise DataError("not a valid document", file=source, line=number)  # pragma: no cover
        warnings.append(len(incidents))
        yield document


def _check(document: Document, source: Path, line: int) -> int:
    """Raise DataError for the first content error of ``document``; return its number of warnings."""
    from ..validate import check_document

    warnings = 0
    for found in check_document(document):
        if found.is_error:
            raise DataError(f"{found.test_id}: {found.message} (run `annotate validate {source}` for a full "
                            "report)", file=source, line=line, record_id=document.id, field=found.field)
        warnings += 1
    return warnings


__all__ = [
    "CONFIGS", "DEFAULT_SPLIT", "DocumentRows", "ExportResult", "ParquetSink", "SentenceCounts", "SplitInfo",
    "assign_splits", "bio_tag_names", "config_features", "data_file_name", "document_features",
    "document_to_row", "documents_from_rows", "event_type_names", "export_hf", "parse_split_spec",
    "role_names", "rows_from_parquet", "rows_to_jsonl", "scan_ids", "sentence_block", "sentence_features",
    "sentence_rows", "sentence_table", "split_key", "split_sizes",
]
