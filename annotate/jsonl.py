"""Streaming JSONL reading with line numbers, and durable writing.

Reading never holds more than one record in memory. Writing is atomic: the new content goes to a
temporary file in the same folder, is fsync'd, renamed over the target, and the folder is fsync'd, so a
reader (or a crash) sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from schema import Document

from .bulk import no_collection

from .errors import DataError, StorageError

#: Lines longer than this are refused by readers and the validator (a corpus line is one article).
MAX_LINE_BYTES = 16 * 1024 * 1024


def open_binary(path: str | Path) -> BinaryIO:
    """Open ``path`` for reading bytes; ``-`` is standard input. Raises StorageError."""
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise StorageError(f"{p}: is a directory, expected a JSONL file")
    try:
        return open(p, "rb")
    except OSError as exc:
        raise StorageError(f"{p}: cannot open: {exc.strerror or exc}") from exc


def iter_lines(path: str | Path, *, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, raw_bytes)`` for each line of ``path`` (1-based), newline removed.

    Lines longer than ``max_bytes`` are yielded truncated to ``max_bytes + 1`` bytes so that callers
    can report them without holding them; the rest of such a line is skipped.
    """
    stream = open_binary(path)
    try:
        yield from read_lines(stream, max_bytes=max_bytes)
    except OSError as exc:
        raise StorageError(f"{path}: read failed: {exc.strerror or exc}") from exc
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def read_lines(stream: BinaryIO, *, first_line: int = 1, max_bytes: int = MAX_LINE_BYTES,
               limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line_number, raw_bytes)`` of the lines of ``stream`` from where it stands, numbered from
    ``first_line``: the newline and a final carriage return removed, a line over ``max_bytes`` yielded
    truncated to ``max_bytes + 1`` bytes and the rest of it skipped without being kept. With ``limit``,
    stops at the first line that starts ``limit`` bytes or more after the start (a piece of a file that
    ends at a line boundary, :mod:`annotate.parallel.chunks`)."""
    number = first_line - 1
    read = 0
    while limit is None or read < limit:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        read += len(raw)
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # skip to the end of the over-long line without keeping it
                rest = stream.readline(1 << 20)
                read += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, raw
            continue
        if raw.endswith(b"\n"):
            raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
        yield number, raw


def describe_validation_error(exc: ValidationError) -> tuple[str, str]:
    """The first problem of a pydantic error as ``(field_path, message)``."""
    error = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in error.get("loc", ()))
    return field, error.get("msg", "invalid")


def read_documents(path: str | Path) -> Iterator[Document]:
    """Yield the documents of a corpus JSONL file one at a time, each checked as ``annotate validate``
    checks it (levels 1-3: format, schema, content).

    Raises :class:`DataError` with the file, line, document id and field at the first line with an
    error (run ``annotate validate`` for a full report): a duplicate JSON key, a span whose text is not
    the document's, a blank line... Warnings do not stop reading. Level 4 (the corpus: unique ids, raw
    articles) is left to the commands that know the corpus.
    """
    for number, raw in iter_lines(path):
        yield parse_document(raw, file=path, line=number)


def parse_document(raw: bytes, *, file: str | Path | None = None, line: int | None = None) -> Document:
    """One corpus JSONL line (without its newline) as a :class:`Document`, through the validator's levels
    1-3; raises :class:`DataError` worded as the validator's first error, located at ``file:line``."""
    from .validate.run import checked_document  # the validator imports this module

    # no garbage collection while the ~150 models of one line are built (a line makes hardly any reference
    # cycles, so collections there would only traverse fresh objects); it runs between lines
    with no_collection():
        document, incidents = checked_document(raw)
    if document is not None:
        return document
    first = next(i for i in incidents if i.is_error)
    # the validator's test id ends the message, as a key to docs/validation.md and --format json
    error = DataError(f"{first.message} [{first.test_id}]", file=file, line=line, record_id=first.doc_id,
                      field=first.field)
    error.test_id = first.test_id
    raise error


def fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems do not allow it; the rename is still atomic
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _target_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask (mkstemp's is 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def make_folder(folder: str | Path) -> None:
    """``mkdir -p folder``. When a part of the path is a file (``/etc/passwd/x``), fail with "Not a
    directory" naming that file, not with the "File exists" that ``Path.mkdir`` reports for it."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(20, f"Not a directory ({blocker} is a file)") from None


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (write, fsync, rename, fsync folder)."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | Path, chunks: Iterable[bytes]) -> None:
    """Like :func:`atomic_write_bytes` for content produced piece by piece (streams large corpora)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        make_folder(folder)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    try:
        os.fchmod(fd, _target_mode(target))
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError) and not isinstance(exc, StorageError):  # a StorageError of the
            raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc  # input: as is
        raise
    fsync_directory(folder)


def write_documents(path: str | Path, documents: Iterable[Document]) -> int:
    """Atomically write ``documents`` as corpus JSONL, one per line; returns how many were written."""
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        for document in documents:
            count += 1
            yield document.to_json().encode("utf-8") + b"\n"

    atomic_write_chunks(path, lines())
    return count


def append_durably(path: str | Path, line: str) -> None:
    """Append one line to ``path`` and fsync it before returning (an append-only journal)."""
    if "\n" in line:
        raise ValueError("a journal line must not contain a newline")
    target = Path(path)
    try:
        make_folder(target.parent)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            data = (line + "\n").encode("utf-8")
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(28, "short write (disk full?)")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"{target}: cannot append: {exc.strerror or exc}") from exc


def write_text_stdout(text: str) -> None:
    """Write to standard output, tolerating a closed pipe (``annotate ... | head``)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None


__all__ = [
    "MAX_LINE_BYTES", "append_durably", "atomic_write_bytes", "atomic_write_chunks", "describe_validation_error",
    "fsync_directory", "iter_lines", "open_binary", "parse_document", "read_documents", "write_documents", "write_text_stdout",
]
