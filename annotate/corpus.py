"""Where things live in a corpus folder, and the locks that keep two processes apart.

::

    corpus/
      raw/DOC_ID.txt              source articles, byte for byte
      raw/registry.json           source metadata per document id (file name, sha256, title, DCT, ...)
      gold.jsonl                  adjudicated gold, one document per line
      annotations/NAME/DOC_ID.jsonl   one annotator's work on one document (one line)

Document ids are letters, digits and ``_ . : -`` (see :data:`schema.spans.Identifier`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import DataError, LockedError, StorageError, UsageError

if TYPE_CHECKING:  # pragma: no cover  (the schema's models are built when a registry is first read)
    from schema import Source

DEFAULT_CORPUS = Path("corpus")
#: A file name or id. Always ``fullmatch``: ``$`` would also match before a trailing newline.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")


def sha256_text(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of ``text`` (what ``Source.sha256`` records).

    Raises :class:`DataError` when ``text`` holds a lone surrogate (``"a\\ud800b"`` from a JSON
    escape): it is not a character and has no UTF-8 encoding. Callers add the file and record.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DataError(f"text has a lone surrogate \\u{ord(text[exc.start]):04x} at code point {exc.start}; "
                        "expected characters (write an emoji as the character, or as a surrogate pair)",
                        field="text") from None
    return hashlib.sha256(data).hexdigest()


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``json.loads`` hook: refuse a key repeated in one object (the validator's duplicate-key test)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def check_name(name: str, what: str) -> str:
    """Refuse names that cannot be a file name or an id (``../x``, empty, spaces)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or len(name) > 128:
        ends = " (it ends with a line break)" if isinstance(name, str) and name[-1:] in ("\n", "\r") else ""
        raise UsageError(f"{what} {name!r} is not valid{ends}: use letters, digits and _ . : - "
                         "(a letter or digit first, at most 128)")
    return name


class Corpus:
    """A corpus folder. Creating the object touches nothing on disk."""

    def __init__(self, root: str | Path = DEFAULT_CORPUS) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r})"

    # -- paths ---------------------------------------------------------------------------------
    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def registry_path(self) -> Path:
        return self.raw_dir / "registry.json"

    @property
    def gold_path(self) -> Path:
        return self.root / "gold.jsonl"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    def raw_path(self, doc_id: str) -> Path:
        return self.raw_dir / f"{check_name(doc_id, 'document id')}.txt"

    def annotator_dir(self, annotator: str) -> Path:
        return self.annotations_dir / check_name(annotator, "annotator name")

    def annotation_path(self, annotator: str, doc_id: str) -> Path:
        return self.annotator_dir(annotator) / f"{check_name(doc_id, 'document id')}.jsonl"

    def require(self) -> "Corpus":
        """Raise UsageError unless the corpus folder exists."""
        if not self.root.is_dir():
            raise UsageError(f"{self.root}: no corpus folder here (use --corpus DIR)")
        return self

    # -- source articles -------------------------------------------------------------------------
    def registry(self) -> "dict[str, Source]":
        """Source metadata per document id, in registry order. Empty when there is no registry.

        The parsed registry is kept per file and reused while the file is unchanged (same inode, size,
        modification and change times, checked with one ``fstat`` per call), so that a caller asking for
        it once per article (``annotate suggest --all``) does not re-read and re-validate the whole
        registry each time. Each call returns a new dict; the Source objects are shared (read-only:
        change one with ``model_copy(update=...)``, as everything in eventgold does).
        """
        path = self.registry_path
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        with handle:
            try:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    return parse_registry(handle.read(), path)
                key = (os.path.abspath(path), info.st_dev, info.st_ino)
                version = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
                cached = _REGISTRY_CACHE.get(key)
                if cached is not None and cached[0] == version:
                    return dict(cached[1])
                data = handle.read()
            except OSError as exc:
                raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        sources = parse_registry(data, path)
        if len(_REGISTRY_CACHE) >= _REGISTRY_CACHE_SIZE:
            _REGISTRY_CACHE.pop(next(iter(_REGISTRY_CACHE)))
        _REGISTRY_CACHE[key] = (version, sources)
        return dict(sources)

    def write_registry(self, sources: "dict[str, Source]") -> None:
        """Atomically replace the registry with ``sources`` (pretty JSON, stable order)."""
        body = {
            "documents": {
                doc_id: json.loads(source.model_dump_json(exclude_none=True)) for doc_id, source in sources.items()
            }
        }
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
        from .jsonl import atomic_write_bytes

        atomic_write_bytes(self.registry_path, text.encode("utf-8"))

    def doc_ids(self) -> list[str]:
        """Ids of the source articles: the registry's, then any other ``raw/*.txt`` (sorted)."""
        ids = list(self.registry())
        if self.raw_dir.is_dir():
            seen = set(ids)
            ids += sorted(p.stem for p in self.raw_dir.glob("*.txt") if p.stem not in seen)
        return ids

    def raw_text(self, doc_id: str) -> str:
        """The exact text of a source article (UTF-8, no newline translation)."""
        path = self.raw_path(doc_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"no source article {doc_id!r} in {self.raw_dir}") from None
        except OSError as exc:
            raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 (byte {exc.start})", file=path) from None

    def annotators(self) -> list[str]:
        if not self.annotations_dir.is_dir():
            return []
        return sorted(p.name for p in self.annotations_dir.iterdir() if p.is_dir() and _NAME.fullmatch(p.name))

    def annotation_files(self, annotator: str) -> list[Path]:
        folder = self.annotator_dir(annotator)
        return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


#: (absolute path, device, inode) -> ((size, mtime_ns, ctime_ns), sources): registries parsed, by file version.
_REGISTRY_CACHE: "dict[tuple[str, int, int], tuple[tuple[int, int, int], dict[str, Source]]]" = {}
_REGISTRY_CACHE_SIZE = 8


def parse_registry(data: bytes, path: str | Path) -> "dict[str, Source]":
    """The sources of a registry file's bytes ``data``, validated one by one through
    :class:`schema.Source` (what :meth:`Corpus.registry` returns; ``path`` names the file in errors)."""
    from pydantic import ValidationError

    from schema import Source

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise DataError(f"key {exc.key[:80]!r} appears twice in one object; expected each key once",
                        file=path) from None
    except (ValueError, RecursionError) as exc:
        raise DataError(f"not valid JSON: {exc}", file=path) from None
    if not isinstance(value, dict) or not isinstance(value.get("documents"), dict):
        raise DataError('expected an object {"documents": {DOC_ID: SOURCE, ...}}', file=path)
    sources: dict[str, Source] = {}
    for doc_id, entry in value["documents"].items():
        if not _NAME.fullmatch(doc_id) or len(doc_id) > 128:
            raise DataError(f"document id {doc_id!r} is not valid: use letters, digits and _ . : - (a letter "
                            "or digit first, at most 128)", file=path, field="documents")
        try:
            sources[doc_id] = Source.model_validate_json(json.dumps(entry))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in error["loc"])
            raise DataError(error["msg"], file=path, record_id=doc_id, field=field) from None
    return sources


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """The corpus JSONL files that ``paths`` name, for commands that read documents (stats, render).

    A file is taken as is (``-`` is standard input); a corpus folder (one with ``gold.jsonl``) means its
    gold; any other folder (an annotation set such as ``annotations/NAME/``) means every ``*.jsonl``
    below it, sorted, hidden files and folders skipped. Raises UsageError for a missing path or a folder
    without JSONL files. (``annotate validate`` differs on purpose: it checks every file below a folder.)
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            files.append(path)
        elif path.is_dir():
            if (path / "gold.jsonl").is_file():
                files.append(path / "gold.jsonl")
                continue
            found = sorted(p for p in path.rglob("*.jsonl")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise UsageError(f"{path}: no gold.jsonl and no *.jsonl files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return files


@contextlib.contextmanager
def file_lock(path: str | Path, *, what: str | None = None) -> Iterator[Path]:
    """Hold an exclusive advisory lock on ``PATH.lock`` for the duration of the block.

    Raises :class:`LockedError` at once (no waiting) when another process holds it. The lock is
    released by the operating system when the process dies, so a killed session never leaves a stale
    lock behind.
    """
    lock_path = Path(str(path) + ".lock")
    from .jsonl import make_folder

    try:
        make_folder(lock_path.parent)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"{lock_path}: cannot create lock: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                holder = ""
                with contextlib.suppress(OSError, ValueError):
                    pid = int(os.pread(fd, 32, 0).decode().strip() or 0)
                    holder = f" (process {pid})" if pid else ""
                raise LockedError(f"{what or path} is in use by another process{holder}; "
                                  "close the other session first") from None
            raise StorageError(f"{lock_path}: cannot lock: {exc.strerror or exc}") from exc
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield lock_path
    finally:
        os.close(fd)
