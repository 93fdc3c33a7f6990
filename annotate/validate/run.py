"""A validation run: stream the records of files, folders or standard input through the five levels.

:func:`iter_incidents` yields incidents as they are found (the CLI prints them as they come);
:func:`validate_paths` collects them into a :class:`ValidationReport`, which counts everything but
stores only the incidents that are shown (the first ``max_errors`` of each test id), so memory stays
flat whatever the size of the corpus.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from annotate.errors import StorageError, UsageError
from annotate.jsonl import iter_lines
from schema import Document

from ..bulk import no_collection
from .content import scan_document
from .corpus import CorpusChecks, annotation_file_parts
from .fast import CleanRecord, clean_record
from .guidelines import record_incidents as guideline_incidents
from .format import hidden_format_incident, line_incident, parse_line, peek_document_id
from .incident import LEVEL_CLASSES, TESTS, Incident, incident
from .structure import schema_incidents

STDIN = "-"
MAX_LEVEL = 5  # --level N: levels 1..N are checked (5, GUIDELINES, is the default)
_validate_json = Document.__pydantic_validator__.validate_json


class ValidationReport:
    """Counts of a validation run, and the incidents worth showing.

    ``incidents`` holds at most ``max_errors`` incidents per test id (all of them when ``max_errors``
    is None; none when ``keep`` is False, for callers that print incidents as they come); ``counts``
    counts every incident by test id. ``ok`` is True when there is no error (warnings allowed).
    """

    def __init__(self, *, max_errors: int | None = 20, keep: bool = True) -> None:
        self.max_errors = max_errors
        self.keep = keep
        self.incidents: list[Incident] = []
        self.counts: Counter[str] = Counter()
        self.documents = 0
        self.files = 0

    def add(self, found: Incident) -> bool:
        """Count ``found``; keep it if its test id is under the limit. Returns whether it is to be shown."""
        self.counts[found.test_id] += 1
        if self.max_errors is None or self.counts[found.test_id] <= self.max_errors:
            if self.keep:
                self.incidents.append(found)
            return True
        return False

    @property
    def errors(self) -> int:
        return sum(n for test_id, n in self.counts.items() if TESTS[test_id].severity == "error")

    @property
    def warnings(self) -> int:
        return sum(n for test_id, n in self.counts.items() if TESTS[test_id].severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def not_shown(self) -> dict[str, int]:
        """Test id -> how many of its incidents were counted but not kept."""
        if self.max_errors is None:
            return {}
        return {t: n - self.max_errors for t, n in sorted(self.counts.items()) if n > self.max_errors}

    def by_class(self) -> list[dict[str, object]]:
        """Errors and warnings per level and class, in level order (levels without incidents left out)."""
        rows = []
        for level, name in LEVEL_CLASSES.items():
            errors = sum(n for t, n in self.counts.items() if TESTS[t].level == level and TESTS[t].severity == "error")
            warnings = sum(n for t, n in self.counts.items()
                           if TESTS[t].level == level and TESTS[t].severity == "warning")
            if errors or warnings:
                rows.append({"level": level, "class": name, "errors": errors, "warnings": warnings})
        return rows

    def summary(self) -> dict[str, object]:
        return {
            "ok": self.ok, "documents": self.documents, "files": self.files, "errors": self.errors,
            "warnings": self.warnings, "by_class": self.by_class(), "by_test": dict(sorted(self.counts.items())),
            "not_shown": self.not_shown(), "max_errors": self.max_errors,
        }

    def verdict(self) -> str:
        if self.ok:
            return f"*** PASSED *** ({self.documents} documents, {self.warnings} warnings)"
        return f"*** FAILED *** with {self.errors} errors ({self.warnings} warnings)"


# -- inputs -------------------------------------------------------------------------------------

def _skipped(name: str) -> bool:
    """Hidden and temporary files (``.gold.jsonl.x.tmp``), and lock files, are not corpus files."""
    return name.startswith(".") or name.endswith((".lock", ".tmp", "~"))


def expand_paths(paths: Iterable[str | Path]) -> list[str | Path]:
    """Files to read, in order: each file as given, each folder's ``*.jsonl`` below it (sorted,
    hidden files and folders, lock and temporary files skipped), ``-`` for standard input.

    Raises UsageError for a missing path and for a folder without any ``*.jsonl`` file (validating
    nothing is almost always a wrong path, and passing it would hide that).
    """
    files: list[str | Path] = []
    seen: set[Path] = set()
    for given in paths:
        if str(given) == "":
            raise UsageError("an empty path was given (an unset shell variable?): name a file, a folder or -")
        if str(given) == STDIN:
            files.append(STDIN)
            continue
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file or folder") from None
        except OSError as exc:
            raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        if not stat.S_ISDIR(mode):
            if _first_time(path, seen):
                files.append(path)  # a file, a FIFO, a device: read as a stream
            continue
        found = []
        for folder, dirs, names in os.walk(path, onerror=_walk_error):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.endswith(".jsonl") and not _skipped(name):
                    candidate = Path(folder) / name
                    if candidate.is_file():
                        found.append(candidate)
        if not found:
            raise UsageError(f"{path}: a folder without any *.jsonl file; expected corpus JSONL files")
        files.extend(p for p in sorted(found) if _first_time(p, seen))
    if not files:
        raise UsageError("no input: give files, folders or - for standard input")
    return files


def _first_time(path: Path, seen: set[Path]) -> bool:
    """False for a file already listed (``validate corpus/ corpus/gold.jsonl`` reads it once)."""
    try:
        key = path.resolve()
    except OSError:
        key = path
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk_error(exc: OSError) -> None:
    raise StorageError(f"{exc.filename}: cannot read: {exc.strerror or exc}")


def find_corpus_root(path: str | Path) -> Path | None:
    """The corpus folder a file belongs to: the nearest of its parent folders (up to three levels,
    for ``annotations/NAME/DOC.jsonl``) that has a ``raw/`` folder; None when there is none."""
    if str(path) == STDIN:
        return None
    try:
        resolved = Path(path).resolve()
    except OSError:
        return None
    for ancestor in list(resolved.parents)[:3]:
        if (ancestor / "raw").is_dir():
            return ancestor
    return None


# -- one record ---------------------------------------------------------------------------------

def check_record(raw: bytes, *, file: str | None = None, line: int | None = None,
                 corpus_root: Path | None = None, corpus: CorpusChecks | None = None,
                 annotation_file: tuple[str, str] | None = None, level: int = MAX_LEVEL) -> tuple[bool, list[Incident]]:
    """The incidents of one raw JSONL line, located; ``(is_document, incidents)``.

    ``is_document`` is False for blank lines. Deeper levels are skipped once a level has an error;
    ``level`` is the deepest level checked (1-5).
    """
    is_document, found, data = _check_record(raw, file=file, line=line, corpus_root=corpus_root,
                                             corpus=corpus if level >= 4 else None, annotation_file=annotation_file)
    if level < 3:
        found = [i for i in found if i.level <= level]
    if level >= 5 and is_document and not any(i.is_error for i in found):
        guidelines = None
        if isinstance(data, CleanRecord):  # the fast path's dicts, and what it found of them
            data, guidelines = data.data, data.guidelines
        try:
            extra = guideline_incidents(raw, data, corpus_root=corpus_root, annotation_file=annotation_file,
                                        guidelines=guidelines)
        except (ValidationError, ValueError):
            extra = []
        doc_id = found[0].doc_id if found else None
        found = found + [i.located(file=file, line=line, doc_id=doc_id or peek_document_id(raw)) for i in extra]
    return is_document, found


def _check_record(raw: bytes, *, file: str | None, line: int | None, corpus_root: Path | None,
                  corpus: CorpusChecks | None, annotation_file: tuple[str, str] | None
                  ) -> tuple[bool, list[Incident], CleanRecord | Document | None]:
    """``(is_document, incidents, document)`` of levels 1-4; ``document`` (what the fast path found, or
    the model) when levels 1-3 found no error, for level 5."""
    problem = line_incident(raw)
    if problem:
        return problem.test_id != "blank-line", [problem.located(file=file, line=line, doc_id=None)], None
    clean = clean_record(raw)  # most lines: provably nothing to report at levels 1-3 (see .fast)
    if clean is not None:
        if corpus is None:
            return True, [], clean
        return True, [i.located(file=file, line=line, doc_id=clean.doc_id)
                      for i in corpus.check_values(clean.doc_id, clean.annotator, clean.text, clean.clusters,
                                                   file=file, line=line, corpus_root=corpus_root,
                                                   text_sha256=clean.text_sha256, annotation_file=annotation_file)
                      ], clean
    # the detailed path: finds and words every incident
    try:
        doc = _validate_json(raw)
    except ValidationError as exc:
        value, problem = parse_line(raw)
        if problem:
            return True, [problem.located(file=file, line=line, doc_id=peek_document_id(raw))], None
        doc_id = value.get("id") if isinstance(value, dict) else None
        doc_id = doc_id[:128] if isinstance(doc_id, str) and doc_id else None
        return True, [i.located(file=file, line=line, doc_id=doc_id) for i in schema_incidents(exc)], None
    # Level 3 runs before the end of level 1 because it also counts the keys the models received,
    # which the duplicate-key test needs; a level 1 problem still replaces whatever level 3 found.
    content, keys, text_sha256 = scan_document(doc)
    problem = hidden_format_incident(raw, doc, keys=keys)
    if problem:
        return True, [problem.located(file=file, line=line, doc_id=doc.id)], None
    found = [i.located(file=file, line=line, doc_id=doc.id) for i in content] if content else []
    if corpus is not None and not any(i.is_error for i in found):
        found.extend(i.located(file=file, line=line, doc_id=doc.id)
                     for i in corpus.check(doc, file=file, line=line, corpus_root=corpus_root,
                                              text_sha256=text_sha256, annotation_file=annotation_file))
    return True, found, doc


def checked_document(raw: bytes) -> tuple[Document | None, list[Incident]]:
    """Levels 1-3 of one raw JSONL line, as :func:`check_record` words them, and the document.

    Returns ``(document, incidents)``: the document is None when an incident is an error (warnings
    alone keep it). This is what every command's reader goes through (:func:`annotate.jsonl.read_documents`),
    so that no command accepts a line that ``annotate validate`` refuses (duplicate keys, bad offsets...).
    Incidents are not located; the caller adds file and line.
    """
    problem = line_incident(raw)
    if problem:
        return None, [problem]
    try:
        doc = _validate_json(raw)
    except ValidationError as exc:
        value, problem = parse_line(raw)
        if problem:
            return None, [problem.located(file=None, line=None, doc_id=peek_document_id(raw))]
        doc_id = value.get("id") if isinstance(value, dict) else None
        doc_id = doc_id[:128] if isinstance(doc_id, str) and doc_id else None
        return None, [i.located(file=None, line=None, doc_id=doc_id) for i in schema_incidents(exc)]
    content, keys, _ = scan_document(doc)
    problem = hidden_format_incident(raw, doc, keys=keys)
    if problem:
        return None, [problem.located(file=None, line=None, doc_id=doc.id)]
    found = [i.located(file=None, line=None, doc_id=doc.id) for i in content] if content else []
    return (None if any(i.is_error for i in found) else doc), found


def iter_incidents(paths: Iterable[str | Path], *, corpus_root: str | Path | None = None,
                   report: ValidationReport | None = None, level: int = MAX_LEVEL) -> Iterator[Incident]:
    """Yield every incident of the records in ``paths`` as it is found (files, folders, ``-``).

    ``corpus_root`` is the corpus folder for the checks against ``raw/`` and ``annotations/``; when
    None, each file's corpus is found from its path (:func:`find_corpus_root`), else ``./corpus`` if
    it exists. ``report``, when given, is updated with the document and file counts (incidents are
    not added to it: the caller decides). Raises UsageError / StorageError for inputs that cannot be
    read (exit 2). ``level`` (1-5) is the deepest level checked.
    """
    if not 1 <= level <= MAX_LEVEL:
        raise UsageError(f"--level must be 1 to {MAX_LEVEL}, not {level}")
    files = expand_paths(paths)
    fixed = Path(corpus_root) if corpus_root is not None else None
    if fixed is not None and not fixed.is_dir():
        raise UsageError(f"{fixed}: no corpus folder here (use --corpus DIR)")
    default = Path("corpus") if Path("corpus").is_dir() else None
    corpus = CorpusChecks()
    registries_checked: set[Path] = set()
    for item in files:
        label = "<stdin>" if str(item) == STDIN else str(item)
        root = fixed or find_corpus_root(item) or default
        if root is not None and root not in registries_checked and level >= 4:
            registries_checked.add(root)
            yield from registry_incidents(root)
        parts = None if str(item) == STDIN else annotation_file_parts(Path(item), root)
        if report is not None:
            report.files += 1
        documents = 0
        for number, raw in iter_lines(item):
            # no garbage collection inside a record (its thousands of fresh dicts and lists would be
            # traversed for nothing: a record makes hardly any reference cycles); it runs between records
            with no_collection():
                is_document, found = check_record(raw, file=label, line=number, corpus_root=root, corpus=corpus,
                                                  annotation_file=parts, level=level)
            documents += is_document
            if report is not None and is_document:
                report.documents += 1
            yield from found
        if parts is not None and documents != 1 and level >= 4:
            yield incident("annotation-file-count",
                           f"holds {documents} documents; expected exactly one (annotator {parts[0]!r}, "
                           f"document {parts[1]!r})").located(file=label, line=None, doc_id=parts[1])


def registry_incidents(root: Path) -> list[Incident]:
    """A level 4 incident when ``ROOT/raw/registry.json`` exists but is not a valid source registry."""
    from annotate.corpus import Corpus
    from annotate.errors import DataError

    corpus = Corpus(root)
    if not corpus.registry_path.is_file():
        return []
    try:
        corpus.registry()
    except DataError as exc:
        return [incident("registry-invalid", exc.reason, exc.field).located(
            file=str(corpus.registry_path), line=exc.line, doc_id=exc.record_id)]
    except StorageError as exc:
        return [incident("registry-invalid", str(exc)).located(file=str(corpus.registry_path), line=None,
                                                                doc_id=None)]
    return []


def validate_paths(paths: Iterable[str | Path], *, corpus_root: str | Path | None = None,
                   max_errors: int | None = 20, level: int = MAX_LEVEL) -> ValidationReport:
    """Validate corpus JSONL files, folders (every ``*.jsonl`` below) or ``-`` (standard input).

    Streams one record at a time; returns a :class:`ValidationReport` (``report.ok``,
    ``report.errors``, ``report.warnings``, ``report.incidents`` — the first ``max_errors`` of each
    test id). Bad data never raises; unreadable inputs raise UsageError / StorageError.
    """
    report = ValidationReport(max_errors=max_errors)
    for found in iter_incidents(paths, corpus_root=corpus_root, report=report, level=level):
        report.add(found)
    return report
