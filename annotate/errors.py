"""The exceptions of eventgold. The CLI turns each into one message and an exit code.

- :class:`DataError` (exit 1): the data is invalid. It carries the file, line, record id and field.
- :class:`UsageError` (exit 2): the call was wrong (an unknown document id, a bad option value).
- :class:`StorageError` (exit 2): a file could not be read or written, or is locked by another process.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class EventgoldError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_USAGE

    @property
    def message(self) -> str:
        return str(self)


class DataError(EventgoldError, ValueError):
    """Invalid data, located as precisely as possible."""

    exit_code = EXIT_INVALID

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.record_id = record_id
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "")
        parts = [p for p in (where, f"[{self.record_id}]" if self.record_id else "") if p]
        prefix = " ".join(parts)
        field = f"{self.field}: " if self.field else ""
        return f"{prefix}: {field}{self.reason}" if prefix else f"{field}{self.reason}"


class UsageError(EventgoldError):
    """The call cannot be carried out as asked (exit 2)."""


class StorageError(EventgoldError, OSError):
    """A file could not be read, written or locked (exit 2)."""


class LockedError(StorageError):
    """Another process holds the lock on a file."""
