"""Cutting inputs into pieces of lines that a worker reads by itself.

A :class:`Piece` is a byte range ``[start, end)`` of one file that begins and ends at line boundaries,
with the number of its first line: a worker opens the file, reads that range with exactly the line
splitting of :func:`annotate.jsonl.iter_lines` (over-long lines truncated the same way), and reports
``file:line`` as a single-process run would. The planner only counts newlines (a fast scan of the
bytes), so the lines themselves never travel between processes. Standard input cannot be re-opened by
a worker: its pieces carry their lines.

Every file yields at least one piece (an empty file: one empty piece), the first marked ``first`` and
the last ``last``, so that the reduce step sees each file begin and end, as the single-process loop
does. A file that cannot be read yields one piece carrying the error, raised in order by the reduce.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotate.errors import StorageError
from annotate.jsonl import MAX_LINE_BYTES, iter_lines, read_lines

#: Bytes per piece: large enough that a task's overhead is small, small enough that a few in flight
#: per worker keep memory flat (about 300 documents of 3 KB). The environment variable
#: EVENTGOLD_PIECE_BYTES overrides it (the tests cut small corpora into many pieces with it).
PIECE_BYTES = 1 << 20


def piece_size() -> int:
    """:data:`PIECE_BYTES`, or EVENTGOLD_PIECE_BYTES when it is set to a positive number."""
    value = os.environ.get("EVENTGOLD_PIECE_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else PIECE_BYTES
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Piece:
    """Lines ``[start, end)`` (bytes) of the ``file_index``-th input, the first numbered ``first_line``."""

    file_index: int
    label: str  # the file as incidents and errors name it ("<stdin>" for -)
    path: str
    start: int
    end: int
    first_line: int
    first: bool  # the first piece of its file
    last: bool  # the last piece of its file
    lines: tuple[tuple[int, bytes], ...] | None = None  # standard input: the lines themselves
    error: BaseException | None = None  # the file could not be read (raised by the reduce, in order)
    context: object = None  # what the step needs to know about the file (a corpus folder...)


def piece_lines(piece: Piece, *, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
    """``(line_number, raw_bytes)`` of the lines of ``piece``, as :func:`annotate.jsonl.iter_lines` yields
    them (newline and a final carriage return removed; a line over ``max_bytes`` truncated to
    ``max_bytes + 1`` bytes)."""
    if piece.lines is not None:
        yield from piece.lines
        return
    if piece.end <= piece.start:
        return
    try:
        stream = open(piece.path, "rb")
    except OSError as exc:
        raise StorageError(f"{piece.path}: cannot open: {exc.strerror or exc}") from exc
    try:
        stream.seek(piece.start)
        yield from read_lines(stream, first_line=piece.first_line, max_bytes=max_bytes,
                              limit=piece.end - piece.start)
    except OSError as exc:
        raise StorageError(f"{piece.path}: read failed: {exc.strerror or exc}") from exc
    finally:
        stream.close()


def file_pieces(file_index: int, path: str | Path, *, label: str | None = None, context: object = None,
                piece_bytes: int | None = None) -> Iterator[Piece]:
    """The pieces of one input file (``-``: standard input, read here), of about ``piece_bytes`` bytes
    each (default: :func:`piece_size`)."""
    piece_bytes = piece_bytes or piece_size()
    name = str(path)
    label = label if label is not None else ("<stdin>" if name == STDIN else name)
    if name == STDIN:
        yield from _stdin_pieces(file_index, label, context, piece_bytes)
        return
    try:
        stream = open(name, "rb")
    except OSError as exc:
        error = StorageError(f"{name}: cannot open: {exc.strerror or exc}")
        yield Piece(file_index, label, name, 0, 0, 1, True, True, error=error, context=context)
        return
    pieces: list[Piece] = []
    try:
        with stream:
            if not os.path.isfile(name):  # a FIFO or a device: read it here, like standard input
                yield from _stream_pieces(file_index, label, name, stream, context, piece_bytes)
                return
            start = 0
            line = 1
            offset = 0
            newlines = 0  # newlines since start
            first = True
            while True:
                block = stream.read(1 << 20)
                if not block:
                    break
                at = 0
                while True:
                    cut = start + piece_bytes - offset
                    if cut >= len(block):
                        newlines += block.count(b"\n", at)
                        break
                    newline = block.find(b"\n", max(at, cut))
                    if newline == -1:
                        newlines += block.count(b"\n", at)
                        break
                    newlines += block.count(b"\n", at, newline + 1)
                    end = offset + newline + 1
                    pieces.append(Piece(file_index, label, name, start, end, line, first, False, context=context))
                    first = False
                    line += newlines
                    newlines = 0
                    start = end
                    at = newline + 1
                offset += len(block)
                while len(pieces) > 1:
                    yield pieces.pop(0)
            pieces.append(Piece(file_index, label, name, start, offset, line, first, True, context=context))
    except OSError as exc:
        error = StorageError(f"{name}: read failed: {exc.strerror or exc}")
        pieces.append(Piece(file_index, label, name, 0, 0, 1, not pieces, True, error=error, context=context))
    if len(pieces) > 1 and pieces[-1].start == pieces[-1].end and pieces[-1].error is None:
        # the file ends with a newline exactly at a cut: the last non-empty piece is the last
        empty = pieces.pop()
        previous = pieces.pop()
        pieces.append(Piece(previous.file_index, previous.label, previous.path, previous.start, previous.end,
                            previous.first_line, previous.first, True, context=empty.context))
    yield from pieces


def _stdin_pieces(file_index: int, label: str, context: object, piece_bytes: int) -> Iterator[Piece]:
    """Pieces that carry the lines of standard input (a worker cannot read it)."""
    yield from _carried(file_index, label, STDIN, iter_lines(STDIN), context, piece_bytes)


def _stream_pieces(file_index, label, name, stream, context, piece_bytes) -> Iterator[Piece]:
    stream.close()
    yield from _carried(file_index, label, name, iter_lines(name), context, piece_bytes)


def _carried(file_index: int, label: str, name: str, lines: Iterator[tuple[int, bytes]], context: object,
             piece_bytes: int) -> Iterator[Piece]:
    batch: list[tuple[int, bytes]] = []
    size = 0
    first = True
    try:
        for number, raw in lines:
            batch.append((number, raw))
            size += len(raw) + 1
            if size >= piece_bytes:
                yield Piece(file_index, label, name, 0, 0, batch[0][0], first, False, lines=tuple(batch),
                            context=context)
                first = False
                batch = []
                size = 0
    except StorageError as exc:
        if batch:
            yield Piece(file_index, label, name, 0, 0, batch[0][0], first, False, lines=tuple(batch), context=context)
            first = False
        yield Piece(file_index, label, name, 0, 0, 1, first, True, error=exc, context=context)
        return
    yield Piece(file_index, label, name, 0, 0, batch[0][0] if batch else 1, first, True, lines=tuple(batch),
                context=context)
