"""Annotation sets: the documents of one annotator (or of the gold, or of a system), keyed by id.

An annotation set is one of:

- a folder of ``DOC_ID.jsonl`` files, one document per file (``corpus/annotations/NAME/``);
- a bare ``NAME``, meaning ``CORPUS/annotations/NAME/`` (or ``CORPUS/gold.jsonl`` for ``gold`` when no
  annotator is called so);
- a corpus JSONL file, one document per line (``gold.jsonl``, a system's predictions).

:func:`open_annotation_set` opens any of them. Opening reads only the document ids (a JSONL file is
scanned once for the id and byte offset of each line); documents are parsed one at a time, when
iterated or looked up with :meth:`AnnotationSet.get`, so a large corpus is never held in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path


from schema import Document

from .corpus import Corpus, check_name
from .errors import DataError, StorageError, UsageError
from .jsonl import MAX_LINE_BYTES, parse_document, read_documents

# The id of a line written by Document.to_json (schema_version first, then id), read without parsing.
_FAST_ID = re.compile(rb'^\{"schema_version":"[^"\\]*","id":"([A-Za-z0-9][A-Za-z0-9_.:\-]*)"')


class AnnotationSet:
    """Documents keyed by id. Subclasses: :class:`JsonlSet`, :class:`FolderSet`."""

    name: str
    path: Path

    def ids(self) -> list[str]:
        """Document ids, in file order (JSONL) or sorted (folder)."""
        raise NotImplementedError

    def get(self, doc_id: str) -> Document | None:
        """The document ``doc_id``, parsed now, or None when the set does not have it."""
        raise NotImplementedError

    def location(self, doc_id: str) -> tuple[Path, int | None]:
        """File and line of ``doc_id``, for error messages."""
        raise NotImplementedError

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in set(self.ids())

    def __len__(self) -> int:
        return len(self.ids())

    def __iter__(self) -> Iterator[Document]:
        for doc_id in self.ids():
            document = self.get(doc_id)
            if document is not None:
                yield document

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {str(self.path)!r})"


class JsonlSet(AnnotationSet):
    """A corpus JSONL file. Opening scans it once for ids and line offsets; duplicates are errors."""

    def __init__(self, path: str | Path, *, name: str | None = None) -> None:
        self.path = Path(path)
        self.name = name or self.path.stem
        self._index: dict[str, tuple[int, int]] = {}
        self._scan()

    def _scan(self) -> None:
        try:
            handle = open(self.path, "rb")
        except IsADirectoryError:
            raise StorageError(f"{self.path}: is a directory, expected a JSONL file") from None
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot open: {exc.strerror or exc}") from exc
        with handle:
            number = 0
            while True:
                offset = handle.tell()
                raw = handle.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    break
                number += 1
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    raise DataError(f"line longer than {MAX_LINE_BYTES} bytes", file=self.path, line=number)
                doc_id = _line_id(raw.rstrip(b"\r\n"), self.path, number)
                if doc_id in self._index:
                    first = self._index[doc_id][1]
                    raise DataError(f"duplicate document id (first at line {first})", file=self.path,
                                    line=number, record_id=doc_id)
                self._index[doc_id] = (offset, number)

    def ids(self) -> list[str]:
        return list(self._index)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._index

    def location(self, doc_id: str) -> tuple[Path, int | None]:
        entry = self._index.get(doc_id)
        return self.path, (entry[1] if entry else None)

    def get(self, doc_id: str) -> Document | None:
        entry = self._index.get(doc_id)
        if entry is None:
            return None
        offset, number = entry
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                raw = handle.readline(MAX_LINE_BYTES + 1)
        except OSError as exc:
            raise StorageError(f"{self.path}: read failed: {exc.strerror or exc}") from exc
        return _parse(raw.rstrip(b"\r\n"), self.path, number, doc_id)

    def __iter__(self) -> Iterator[Document]:
        # Sequential reading is faster than seeking per id, and the order is the file's.
        for number, document in enumerate(read_documents(self.path), start=1):
            if self._index.get(document.id, (0, 0))[1] != number:  # the file changed under us
                raise DataError("the file changed while it was being read", file=self.path, line=number)
            yield document


class InOrder:
    """A set's documents by id, read in one sequential pass while they are asked for in the set's own
    order (the usual case: a second annotation or predictions written in the gold's order), else through
    :meth:`AnnotationSet.get` (a seek and a read per document)."""

    def __init__(self, aset: AnnotationSet) -> None:
        self.aset = aset
        self.ids = aset.ids() if isinstance(aset, JsonlSet) else []
        self.sequence = iter(aset) if self.ids else None
        self.position = 0  # index in ids of the document the sequential pass reads next

    def get(self, doc_id: str) -> Document | None:
        if self.sequence is not None and self.position < len(self.ids) and self.ids[self.position] == doc_id:
            self.position += 1
            return next(self.sequence)
        return self.aset.get(doc_id)


class FolderSet(AnnotationSet):
    """A folder of ``DOC_ID.jsonl`` files, each holding the one document ``DOC_ID``."""

    def __init__(self, path: str | Path, *, name: str | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise UsageError(f"{self.path}: no such annotation folder")
        self.name = name or self.path.name
        try:
            files = sorted(p for p in self.path.glob("*.jsonl") if p.is_file())
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot list: {exc.strerror or exc}") from exc
        self._files = {p.stem: p for p in files}

    def ids(self) -> list[str]:
        return list(self._files)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._files

    def location(self, doc_id: str) -> tuple[Path, int | None]:
        return self._files.get(doc_id, self.path / f"{doc_id}.jsonl"), 1

    def get(self, doc_id: str) -> Document | None:
        path = self._files.get(doc_id)
        if path is None:
            return None
        documents = list(read_documents(path))
        if len(documents) != 1:
            raise DataError(f"expected exactly one document in the file, found {len(documents)}", file=path)
        document = documents[0]
        if document.id != doc_id:
            raise DataError(f"the document id does not match the file name {path.name!r}", file=path, line=1,
                            record_id=document.id, field="id")
        return document


def _line_id(raw: bytes, path: Path, number: int) -> str:
    match = _FAST_ID.match(raw)
    if match:
        return match.group(1).decode("ascii")
    if not raw.strip():
        raise DataError("blank line (expected one JSON document per line)", file=path, line=number)
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DataError(f"not valid JSON: {exc}", file=path, line=number) from None
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
        raise DataError("expected a JSON object with a string id", file=path, line=number, field="id")
    return value["id"]


def _parse(raw: bytes, path: Path, number: int, doc_id: str) -> Document:
    return parse_document(raw, file=path, line=number)  # the validator's levels 1-3, as read_documents


def open_annotation_set(spec: str | Path, *, corpus: str | Path | Corpus | None = None,
                        name: str | None = None) -> AnnotationSet:
    """Open an annotation set given as a folder, a JSONL file, or a bare annotator NAME.

    A path that exists wins; otherwise ``NAME`` is looked up as ``CORPUS/annotations/NAME/`` and, for
    ``gold``, as ``CORPUS/gold.jsonl``. Raises :class:`UsageError` naming what was tried.
    """
    if not str(spec).strip():  # Path("") is ".": the current folder would be read as a set
        raise UsageError("an empty annotation set name: give a JSONL file, a folder of DOC_ID.jsonl files, or an "
                         "annotator name under CORPUS/annotations/")
    path = Path(spec)
    if path.is_dir() and any((path / part).is_dir() for part in ("raw", "annotations")):
        # a corpus folder: read as an annotator folder, its gold.jsonl became a document named "gold"
        raise UsageError(f"{path}: a corpus folder, not an annotation set: give {path / 'gold.jsonl'} (or gold), "
                         f"an annotator NAME (--corpus {path}), or a folder of DOC_ID.jsonl files")
    if path.is_dir():
        return FolderSet(path, name=name)
    if path.exists():
        return JsonlSet(path, name=name)
    tried = [str(path)]
    if corpus is not None:
        corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
        text = str(spec)
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*", text):
            folder = corpus.annotator_dir(check_name(text, "annotator name"))
            if folder.is_dir():
                return FolderSet(folder, name=name)
            tried.append(str(folder))
            if text == "gold" and corpus.gold_path.exists():
                return JsonlSet(corpus.gold_path, name=name or "gold")
            if text == "gold":
                tried.append(str(corpus.gold_path))
    raise UsageError(f"no annotation set {str(spec)!r} (tried {', '.join(tried)}): give a JSONL file, a folder "
                     "of DOC_ID.jsonl files, or an annotator name under CORPUS/annotations/")


def open_annotation_sets(specs: list[str | Path], *, corpus: str | Path | Corpus | None = None,
                         minimum: int = 1) -> list[AnnotationSet]:
    """Open several sets and give each a distinct name (a repeated name gets ``-2``, ``-3``)."""
    if len(specs) < minimum:
        raise UsageError(f"give at least {minimum} annotation sets")
    sets = [open_annotation_set(spec, corpus=corpus) for spec in specs]
    seen: dict[str, int] = {}
    for aset in sets:
        base = aset.name
        if base in seen:
            seen[base] += 1
            aset.name = f"{base}-{seen[base]}"
        else:
            seen[base] = 1
    return sets


__all__ = ["AnnotationSet", "FolderSet", "InOrder", "JsonlSet", "open_annotation_set", "open_annotation_sets"]
