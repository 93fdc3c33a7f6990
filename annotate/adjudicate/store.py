"""The decision journal: every adjudication decision, appended and fsync'd as soon as it is made.

One JSON object per line (``OUT.decisions.jsonl`` beside the output by default)::

    {"doc": "000_0850c832f78e4e8b", "key": "000_...|event|203-210|9f0c...", "kind": "event",
     "choice": "take", "set": "alice", "value": {...}, "decision": "chosen", "by": "maria", "at": "..."}

A decision is keyed by its item's key: the document, the item's position and a digest of every set's
version of it. A re-run finds the key and does not ask again; if an annotation set changed since, the
digest differs and the item is asked afresh. ``{"doc": ID, "reset": true}`` forgets the decisions of a
document made before it (used when the adjudicator redoes a document). A torn last line (the process was
killed in the middle of a write, so the decision was never confirmed) is cut off when the journal is
opened; any other unreadable line is an error.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from schema import Decision

from ..errors import DataError, StorageError
from ..jsonl import append_durably
from .merge import Item, Resolution, is_empty, version_from_json


class DecisionJournal:
    """The decisions of an adjudication, loaded from and appended to ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.entries: dict[str, dict] = {}
        self.recorded = 0  # decisions appended by this process
        self.repaired = False  # a torn last line was cut off
        self._load()

    def __len__(self) -> int:
        return len(self.entries)

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot read: {exc.strerror or exc}") from exc
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            try:
                os.truncate(self.path, keep)
            except OSError as exc:
                raise StorageError(f"{self.path}: cannot repair a torn last line: {exc.strerror or exc}") from exc
            data = data[:keep]
            self.repaired = True
        for number, raw in enumerate(data.splitlines(), start=1):
            try:
                entry = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                raise DataError(f"not valid JSON: {exc}", file=self.path, line=number) from None
            if not isinstance(entry, dict) or not isinstance(entry.get("doc"), str):
                raise DataError("expected a decision object with a doc field", file=self.path, line=number)
            if entry.get("reset"):
                doc = entry["doc"]
                self.entries = {k: v for k, v in self.entries.items() if v.get("doc") != doc}
                continue
            if not isinstance(entry.get("key"), str) or entry.get("choice") not in ("take", "drop", "edit"):
                raise DataError("expected a decision with a key and a choice (take, drop, edit)", file=self.path,
                                line=number)
            self.entries[entry["key"]] = entry

    def lookup(self, item: Item) -> Resolution | None:
        """The recorded decision on ``item``, or None (never decided, or it no longer applies)."""
        entry = self.entries.get(item.key)
        if entry is None:
            return None
        try:
            decision = Decision(entry.get("decision", "chosen"))
        except ValueError:
            return None
        choice = entry["choice"]
        if choice == "take":
            name = entry.get("set")
            if name not in item.versions:
                return None
            return Resolution("take", item.versions[name], decision, set=name, by=entry.get("by"))
        if choice == "drop":
            return Resolution("drop", None if item.kind == "event" else (), decision, by=entry.get("by"))
        try:
            value = version_from_json(entry.get("value"), item.text)
        except (KeyError, TypeError, ValueError):
            raise DataError("the edited value cannot be read back", file=self.path, record_id=item.doc_id,
                            field=item.key) from None
        if is_empty(value):
            return Resolution("drop", value, decision, by=entry.get("by"))
        return Resolution("edit", value, decision, by=entry.get("by"))

    def record(self, item: Item, resolution: Resolution) -> None:
        """Append the decision durably (fsync'd before this returns)."""
        entry = {"doc": item.doc_id, "key": item.key, "kind": item.kind, **resolution.to_json(),
                 "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        if resolution.choice != "edit":
            entry["value"] = None  # the versions are re-read from the sets; the key pins them
        append_durably(self.path, json.dumps(entry, ensure_ascii=False))
        self.entries[item.key] = entry
        self.recorded += 1

    def reset(self, doc_id: str) -> None:
        """Forget the decisions on ``doc_id`` (durably), so that they are asked again."""
        append_durably(self.path, json.dumps({"doc": doc_id, "reset": True,
                                              "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}))
        self.entries = {k: v for k, v in self.entries.items() if v.get("doc") != doc_id}


__all__ = ["DecisionJournal"]
