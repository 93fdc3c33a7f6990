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

    def check(self, doc: Document, *, file: str, line: int, corpus_root: Path | None,
              text_sha256: bytes | None = None, annotation_file: tuple[str, str] | None = None) -> list[Incident]:
        """Incidents of ``doc`` (read from ``file``:``line``) against everything seen before in this run.

        ``annotation_file`` is ``(annotator, doc_id)`` when the record comes from
        ``annotations/NAME/DOC_ID.jsonl`` (see :func:`annotation_file_parts`).
        """
        found: list[Incident] = []
        file_number = self._files.setdefault(file, len(self._files))
        seen = self._documents.setdefault(doc.annotation.annotator, {})
        first = seen.setdefault(doc.id, file_number << 40 | (line or 0))
        if first != file_number << 40 | (line or 0):
            first_file = next(name for name, number in self._files.items() if number == first >> 40)
            found.append(incident(
                "duplicate-document",
                f"document {doc.id!r} of annotation set {doc.annotation.annotator!r} already appears at "
                f"{first_file}:{first & (1 << 40) - 1}; expected once per annotation set", "id"))

        if annotation_file is not None:
            annotator, doc_id = annotation_file
            if doc.id != doc_id:
                found.append(incident("annotation-file-mismatch",
                                      f"the file is named for document {doc_id!r} but holds {doc.id!r}", "id"))
            if doc.annotation.annotator != annotator:
                found.append(incident(
                    "annotation-file-mismatch",
                    f"the file is in the folder of annotator {annotator!r} but the record says "
                    f"{doc.annotation.annotator!r}", "annotation.annotator"))

        if corpus_root is not None:
            problem = self._raw_problem(corpus_root, doc, text_sha256)
            if problem:
                found.append(problem)

        for index, event in enumerate(doc.events):
            if event.cluster is None:
                continue
            seen = self._clusters.setdefault(event.cluster, (event.type, file, line, doc.id))
            if seen[0] != event.type:
                found.append(incident(
                    "cluster-mixed-types",
                    f"cluster {event.cluster!r} holds a {seen[0]} ({seen[1]}:{seen[2]} [{seen[3]}]) and this "
                    f"{event.type}; expected one event type per cluster", f"events[{index}].cluster"))
        return found

    def _raw_problem(self, corpus_root: Path, doc: Document, text_sha256: bytes | None) -> Incident | None:
        key = (str(corpus_root), doc.id)
        if key not in self._raw_sha:
            path = corpus_root / "raw" / f"{doc.id}.txt"
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
            text_sha256 = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).digest()
        if text_sha256 == expected:
            return None
        return raw_text_problem(corpus_root, doc.id, doc.text)
