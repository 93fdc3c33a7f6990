"""Level 4: checks across the records and files of one run (document ids, source articles, clusters).

Memory stays small and bounded by the number of distinct ids, never by the size of the documents:
:class:`CorpusChecks` keeps, per (annotation set, document id), the first location; per cluster id,
its event type and first location; per source article, its SHA-256.

Rules (documented in ``docs/validation.md``):

- A document id may appear once per *annotation set*, named by ``annotation.annotator`` (the gold is
  the set ``gold``), across all files of one run. So ``gold.jsonl`` and each annotator's
  ``annotations/NAME/DOC_ID.jsonl`` may all hold ``DOC_ID``, but not two gold records, nor two records of
  one annotator.
- A record in ``annotations/NAME/DOC_ID.jsonl`` is document ``DOC_ID`` by annotator ``NAME``.
- The text equals ``raw/DOC_ID.txt`` of the corpus, byte for byte, when that file exists.
- A cluster id (``events[].cluster``) names one real-world event: all its events have one type.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from schema import Document

from .incident import Incident, incident


def _first_difference(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


def raw_text_problem(corpus_root: str | Path, doc_id: str, text: str) -> Incident | None:
    """``raw-text-mismatch`` when ``corpus_root/raw/DOC_ID.txt`` exists and differs from ``text``."""
    path = Path(corpus_root) / "raw" / f"{doc_id}.txt"
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return incident("raw-text-mismatch", f"cannot read the source article {path}: {exc.strerror or exc}",
                        "text")
    if data == text.encode("utf-8", "surrogatepass"):
        return None
    return _mismatch(path, data, text)


def _mismatch(path: Path, data: bytes, text: str) -> Incident:
    raw = data.decode("utf-8", "replace")
    at = _first_difference(raw, text)
    return incident("raw-text-mismatch",
                    f"the text differs from the source article {path} at code point {at} (text has "
                    f"{len(text)} code points, the article {len(raw)}): text {text[at:at + 20]!r}, expected "
                    f"{raw[at:at + 20]!r}", "text")


def annotation_file_parts(path: Path, corpus_root: Path | None) -> tuple[str, str] | None:
    """``(annotator, doc_id)`` when ``path`` is ``ROOT/annotations/NAME/DOC_ID.jsonl``, else None."""
    if corpus_root is None or path.suffix != ".jsonl":
        return None
    parent = path.parent
    try:
        if parent.parent.name != "annotations" or parent.parent.parent.resolve() != corpus_root.resolve():
            return None
    except OSError:
        return None
    return parent.name, path.stem


class CorpusChecks:
    """The level 4 state of one validation run; feed it each schema-valid record with :meth:`check`."""

    def __init__(self) -> None:
        # annotation set -> document id -> first location, packed as file number << 40 | line
        # (about 130 bytes per document: the id string, an int and the dict slot).
        self._documents: dict[str, dict[str, int]] = {}
        self._files: dict[str, int] = {}
        self._clusters: dict[str, tuple[str, str, int, str]] = {}
        self._raw_sha: dict[tuple[str, str], bytes | None] = {}
        # corpus folder -> names in its raw/ folder, so that a document without a source article costs
        # a set lookup rather than a failed open()
        self._listings: dict[str, frozenset[str] | None] = {}

    def check(self, doc: Document, *, file: str, line: int, corpus_root: Path | None,
              text_sha256: bytes | None = None, annotation_file: tuple[str, str] | None = None) -> list[Incident]:
        """Incidents of ``doc`` (read from ``file``:``line``) against everything seen before in this run.

        ``annotation_file`` is ``(annotator, doc_id)`` when the record comes from
        ``annotations/NAME/DOC_ID.jsonl`` (see :func:`annotation_file_parts`).
        """
        clusters = [(index, event.cluster, event.type) for index, event in enumerate(doc.events)
                    if event.cluster is not None]
        return self.check_values(doc.id, doc.annotation.annotator, doc.text, clusters, file=file, line=line,
                                 corpus_root=corpus_root, text_sha256=text_sha256, annotation_file=annotation_file)

    def check_values(self, doc_id: str, annotator: str, text: str, clusters: list[tuple[int, str, str]], *,
                     file: str, line: int, corpus_root: Path | None, text_sha256: bytes | None = None,
                     annotation_file: tuple[str, str] | None = None) -> list[Incident]:
        """:meth:`check` on the values it reads: the document id, its annotator, its text and the
        ``(event index, cluster id, event type)`` of its events that have a cluster id."""
        found: list[Incident] = []
        file_number = self._files.setdefault(file, len(self._files))
        seen = self._documents.setdefault(annotator, {})
        first = seen.setdefault(doc_id, file_number << 40 | (line or 0))
        if first != file_number << 40 | (line or 0):
            first_file = next(name for name, number in self._files.items() if number == first >> 40)
            found.append(incident(
                "duplicate-document",
                f"document {doc_id!r} of annotation set {annotator!r} already appears at "
                f"{first_file}:{first & (1 << 40) - 1}; expected once per annotation set", "id"))

        if annotation_file is not None:
            file_annotator, file_doc_id = annotation_file
            if doc_id != file_doc_id:
                found.append(incident("annotation-file-mismatch",
                                      f"the file is named for document {file_doc_id!r} but holds {doc_id!r}", "id"))
            if annotator != file_annotator:
                found.append(incident(
                    "annotation-file-mismatch",
                    f"the file is in the folder of annotator {file_annotator!r} but the record says "
                    f"{annotator!r}", "annotation.annotator"))

        if corpus_root is not None:
            problem = self._raw_problem(corpus_root, doc_id, text, text_sha256)
            if problem:
                found.append(problem)

        known = self._clusters
        for index, cluster, event_type in clusters:
            seen = known.get(cluster)
            if seen is None:
                known[cluster] = (event_type, file, line, doc_id)
            elif seen[0] != event_type:
                found.append(incident(
                    "cluster-mixed-types",
                    f"cluster {cluster!r} holds a {seen[0]} ({seen[1]}:{seen[2]} [{seen[3]}]) and this "
                    f"{event_type}; expected one event type per cluster", f"events[{index}].cluster"))
        return found

    def _raw_names(self, corpus_root: Path) -> frozenset[str] | None:
        """The lower-cased names in ``corpus_root/raw`` (listed once per run), or None when it cannot
        be listed. Lower-cased so that a case-insensitive file system finds what it would open."""
        root = str(corpus_root)
        if root not in self._listings:
            try:
                self._listings[root] = frozenset(name.lower() for name in os.listdir(corpus_root / "raw"))
            except OSError:
                self._listings[root] = None
        return self._listings[root]

    def _raw_problem(self, corpus_root: Path, doc_id: str, text: str, text_sha256: bytes | None) -> Incident | None:
        names = self._raw_names(corpus_root)
        if names is not None and f"{doc_id}.txt".lower() not in names:
            return None  # no source article for this document: reading raw/DOC_ID.txt would fail
        key = (str(corpus_root), doc_id)
        if key not in self._raw_sha:
            path = corpus_root / "raw" / f"{doc_id}.txt"
            try:
                self._raw_sha[key] = hashlib.sha256(path.read_bytes()).digest()
            except (FileNotFoundError, NotADirectoryError):
                self._raw_sha[key] = None
            except OSError as exc:
                return incident("raw-text-mismatch",
                                f"cannot read the source article {path}: {exc.strerror or exc}", "text")
        expected = self._raw_sha[key]
        if expected is None:
            return None
        if text_sha256 is None:
            text_sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        if text_sha256 == expected:
            return None
        return raw_text_problem(corpus_root, doc_id, text)
