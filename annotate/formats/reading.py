"""Reading foreign JSON records (doccano, Prodigy, Label Studio) with bounded memory.

One function, :func:`read_records`, yields the records of

- a JSONL file (one record a line; each line is read with a bounded ``readline``, so a 1 GiB line costs
  at most :data:`MAX_RECORD_BYTES` of memory before it is refused);
- a JSON file holding a list (Label Studio's export): streamed element by element with ``ijson``, so
  memory stays flat however many tasks the file holds; one element larger than
  :data:`MAX_RECORD_BYTES` is refused while it is being read;
- a JSON file holding one (pretty-printed) object, when it is at most :data:`MAX_RECORD_BYTES`.

Every record is checked for lone UTF-16 surrogates (``"\\ud800"`` escapes, which are not characters
and cannot be written as UTF-8): the record is refused with one line naming the file, line or position,
record id and field. The check costs nothing for the usual record: only records whose bytes contain a
surrogate escape are walked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, StorageError
from ..jsonl import MAX_LINE_BYTES, iter_lines

#: The largest record (one JSONL line, one element of a JSON list) an importer reads: as the corpus readers.
MAX_RECORD_BYTES = MAX_LINE_BYTES
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE = re.compile("[\ud800-\udfff]")
#: A surrogate escape that is not half of a pair (ijson's C parser would turn it into "?" silently).
_LONE_ESCAPE = re.compile(rb"(\\+)u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                          rb"|(\\+)u[dD][c-fC-F][0-9a-fA-F]{2}")


@dataclass(frozen=True, slots=True)
class ForeignRecord:
    """One record of a foreign file: ``where`` (``FILE:LINE`` or ``FILE[INDEX]``), its 1-based line in a
    JSONL file (None in a JSON list), its 0-based position among the file's records, and the value."""

    where: str
    line: int | None
    position: int
    value: Any


def record_id(value: Any) -> str | None:
    """The id a record gives itself (``id``, ``meta.id``, ``data.id``), for messages."""
    if not isinstance(value, dict):
        return None
    for holder in (value, value.get("meta"), value.get("data")):
        if isinstance(holder, dict) and isinstance(holder.get("id"), (str, int)) and not isinstance(holder.get("id"), bool):
            return str(holder["id"])[:128]
    return None


def lone_surrogate(value: Any, path: str = "") -> tuple[str, int] | None:
    """``(field path, code point index)`` of the first lone surrogate in the strings of ``value``."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            found = _LONE.search(item)
            if found:
                return where or "(record)", found.start()
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and _LONE.search(key):
                    return f"{where}.{key!r}" if where else repr(key), _LONE.search(key).start()
                stack.append((f"{where}.{key}" if where else str(key), child))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                stack.append((f"{where}[{index}]", item[index]))
    return None


def check_surrogates(value: Any, *, file: Path, line: int | None, where: str) -> None:
    found = lone_surrogate(value)
    if found is not None:
        field, at = found
        raise DataError(f"a lone UTF-16 surrogate (\\ud800-\\udfff) at character {at}: not a character, "
                        "cannot be imported (fix the exporting tool or the file)",
                        file=where if line is None else file, line=line, record_id=record_id(value), field=field)


class _TooLong(Exception):
    pass


class _TooDeep(Exception):
    pass


class _LoneSurrogate(Exception):
    pass


def _lone_escape(data: bytes) -> tuple[int, bytes] | None:
    """``(offset, escape)`` of the first lone surrogate escape in raw JSON bytes (after an odd run of
    backslashes), or None."""
    for found in _LONE_ESCAPE.finditer(data):
        slashes = found.group(1) or found.group(2)
        if len(slashes) % 2 == 1:
            if found.group(2) is not None:  # a low surrogate: lone unless a high one comes right before it
                before = data[max(0, found.start() - 6):found.start()]
                if re.fullmatch(rb"\\u[dD][89abAB][0-9a-fA-F]{2}", before):
                    continue
            return found.start() + len(slashes) - 1, found.group(0)[len(slashes) - 1:]
    return None


#: Unclosed ``[`` and ``{`` one record of a JSON list may hold (brackets inside strings count too, so this
#: is an upper bound of the nesting; ijson's cost grows with the square of the nesting depth).
MAX_OPEN_BRACKETS = 10_000


class _Bounded:
    """A binary file for ijson that refuses a record (bytes read since the last record ended) larger
    than ``limit`` or nested deeper than :data:`MAX_OPEN_BRACKETS`, or holding a lone surrogate escape
    (which ijson's C parser would turn into ``?``). All checks run at C speed (``bytes.count``, regex)."""

    def __init__(self, handle: Any, limit: int) -> None:
        self.handle, self.limit = handle, limit
        self.read_total = 0
        self.mark = 0  # read_total when the last record was yielded
        self.depth = 0  # opened minus closed brackets so far (strings included)
        self.depth_mark = 0  # depth when the last record was yielded
        self._tail = b""

    def set_mark(self) -> None:
        self.mark, self.depth_mark = self.read_total, self.depth

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(65536 if size is None or size < 0 else min(size, 65536))
        self.read_total += len(chunk)
        if b"\\" in chunk and _SURROGATE_ESCAPE.search(self._tail + chunk):
            lone = _lone_escape(self._tail + chunk)
            if lone is not None:
                offset = self.read_total - len(chunk) - len(self._tail) + lone[0]
                raise _LoneSurrogate(f"{lone[1].decode('ascii', 'replace')} at byte {offset}")
        self._tail = chunk[-16:]
        if self.read_total - self.mark > self.limit + 65536:
            raise _TooLong()
        opens = chunk.count(b"[") + chunk.count(b"{")
        if self.depth + opens - self.depth_mark > MAX_OPEN_BRACKETS:  # look closer (rare)
            depth = self.depth
            for byte in chunk:
                if byte == 91 or byte == 123:
                    depth += 1
                    if depth - self.depth_mark > MAX_OPEN_BRACKETS:
                        raise _TooDeep()
                elif byte == 93 or byte == 125:
                    depth -= 1
            self.depth = depth
        else:
            self.depth += opens - chunk.count(b"]") - chunk.count(b"}")
        return chunk


def _stream_list(p: Path, limit: int) -> Iterator[ForeignRecord]:
    import ijson

    try:
        handle = open(p, "rb")
    except OSError as exc:
        raise StorageError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        bounded = _Bounded(handle, limit)
        position = -1
        try:
            for position, value in enumerate(ijson.items(bounded, "item", use_float=True)):
                where = f"{p}[{position}]"
                bounded.set_mark()
                yield ForeignRecord(where, None, position, value)
        except _TooLong:
            raise DataError(f"element {position + 2} of the JSON list is longer than {limit} bytes (at most "
                            f"{limit // (1 << 20)} MiB a record); not read", file=p) from None
        except _LoneSurrogate as exc:
            raise DataError(f"a lone UTF-16 surrogate {exc} (in element {position + 2} of the JSON list or a later "
                            "one): not a character, cannot be imported (fix the exporting tool or the file)",
                            file=p) from None
        except _TooDeep:
            raise DataError(f"not valid JSON: maximum recursion depth exceeded in element {position + 2} of the "
                            f"list (more than {MAX_OPEN_BRACKETS} unclosed [ or {{); not read", file=p) from None
        except ijson.JSONError as exc:
            raise DataError(f"not valid JSON after element {position + 1} of the list: {str(exc)[:200]}",
                            file=p) from None
        except OSError as exc:
            raise StorageError(f"{p}: read failed: {exc.strerror or exc}") from exc


def read_records(path: str | Path, *, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ForeignRecord]:
    """The records of a JSONL file, of a JSON file holding a list, or of a JSON file holding one object.

    Raises :class:`DataError` (exit 1) for a record that is not JSON, too long, or holds a lone
    surrogate; :class:`StorageError` (exit 2) when the file cannot be read.
    """
    p = Path(path)
    try:
        with open(p, "rb") as handle:
            head = handle.read(1 << 12).lstrip()
            if head.startswith(b"\xef\xbb\xbf"):
                head = head[3:].lstrip()
    except OSError as exc:
        raise StorageError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    if head.startswith(b"["):
        yield from _stream_list(p, max_bytes)
        return
    position = 0
    first = True
    for number, raw in iter_lines(p, max_bytes=max_bytes):
        if len(raw) > max_bytes:
            raise DataError(f"line longer than {max_bytes} bytes (at most {max_bytes // (1 << 20)} MiB a record); "
                            "not read", file=p, line=number)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            if first and head.startswith(b"{"):  # maybe one pretty-printed JSON object
                whole = _whole_object(p, max_bytes)
                if whole is not None:
                    yield ForeignRecord(str(p), None, 0, whole)
                    return
            raise DataError(f"not valid JSON: {str(exc)[:200]}", file=p, line=number) from None
        first = False
        where = f"{p}:{number}"
        if b"\\" in raw and _SURROGATE_ESCAPE.search(raw):
            check_surrogates(value, file=p, line=number, where=where)
        yield ForeignRecord(where, number, position, value)
        position += 1


def _whole_object(p: Path, max_bytes: int) -> dict[str, Any] | None:
    try:
        if p.stat().st_size > max_bytes:
            return None
        data = p.read_bytes()
    except OSError as exc:
        raise StorageError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    try:
        whole = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(whole, dict):
        return None
    if _SURROGATE_ESCAPE.search(data):
        check_surrogates(whole, file=p, line=None, where=str(p))
    return whole


def iter_json_records(path: str | Path) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each record of :func:`read_records` (the older interface)."""
    for record in read_records(path):
        yield record.where, record.value


__all__ = ["MAX_RECORD_BYTES", "ForeignRecord", "iter_json_records", "lone_surrogate", "read_records", "record_id"]
