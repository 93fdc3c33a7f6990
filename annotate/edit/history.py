"""Undo and redo: unbounded stacks of document states, small enough to persist after every action.

A state is what an annotator changes: the mentions, the events and the status (the text and source never
change in a session), as plain JSON; a session's states also hold the suggestions rejected so far
(``rejected``), so that undoing a rejection brings the suggestion back. Undo swaps the current state with the top of the undo stack and
pushes the current one on the redo stack; a new action clears the redo stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from schema import AnnotationInfo, Document, Mention, Status

from pydantic import TypeAdapter

State = dict[str, Any]

_EVENTS: TypeAdapter | None = None


def snapshot(doc: Document) -> State:
    """The editable part of ``doc`` as JSON-compatible data."""
    return {
        "mentions": [json.loads(m.model_dump_json(exclude_none=True)) for m in doc.mentions],
        "events": [json.loads(e.model_dump_json(exclude_none=True)) for e in doc.events],
        "status": doc.annotation.status.value,
    }


def restore(doc: Document, state: State) -> Document:
    """``doc`` with the mentions, events and status of ``state``."""
    global _EVENTS
    from schema import Event

    if _EVENTS is None:
        _EVENTS = TypeAdapter(list[Event])
    mentions = [Mention.model_validate_json(json.dumps(m)) for m in state["mentions"]]
    events = _EVENTS.validate_json(json.dumps(state["events"]))
    annotation: AnnotationInfo = doc.annotation.model_copy(update={"status": Status(state["status"])})
    return doc.model_copy(update={"mentions": mentions, "events": events, "annotation": annotation})


class StatePool:
    """Stores each distinct mention or event once, so that a long history stays small on disk.

    Consecutive states share almost all their items; a state is saved as lists of indices into the
    pool. Writing the side file after every action thus costs about the size of the document plus a few
    integers per step, not the size of the document times the number of steps.
    """

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, item: Any) -> int:
        key = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.items)
            self.items.append(item)
        return found

    def encode(self, state: State) -> dict[str, Any]:
        encoded = {"status": state["status"], "mentions": [self.add(m) for m in state["mentions"]],
                   "events": [self.add(e) for e in state["events"]]}
        if "rejected" in state:  # the session's rejected suggestions, so that undo covers rejections
            encoded["rejected"] = list(state["rejected"])
        return encoded

    @staticmethod
    def decode(encoded: dict[str, Any], items: list[Any]) -> State:
        state = {"status": encoded["status"], "mentions": [items[i] for i in encoded["mentions"]],
                 "events": [items[i] for i in encoded["events"]]}
        if "rejected" in encoded:
            state["rejected"] = list(encoded["rejected"])
        return state


@dataclass
class Step:
    """One entry of a history stack: the state to return to and what the action was."""

    label: str
    state: State
    encoded: dict[str, Any] | None = field(default=None, repr=False, compare=False)


@dataclass
class History:
    """Unbounded undo and redo stacks (top of each stack is the end of its list)."""

    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    pool: StatePool = field(default_factory=StatePool, repr=False, compare=False)

    def record(self, label: str, before: State) -> None:
        """An action labelled ``label`` changed the document from ``before``: it can be undone."""
        self.undo_stack.append(Step(label, before))
        self.redo_stack.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self, current: State) -> Step:
        """Pop the last action; returns the step whose ``state`` is now current (label: what was undone)."""
        step = self.undo_stack.pop()
        self.redo_stack.append(Step(step.label, current))
        return step

    def redo(self, current: State) -> Step:
        """Re-apply the last undone action; returns the step whose ``state`` is now current."""
        step = self.redo_stack.pop()
        self.undo_stack.append(Step(step.label, current))
        return step

    def _encode(self, step: Step) -> dict[str, Any]:
        if step.encoded is None:
            step.encoded = self.pool.encode(step.state)
        return {"label": step.label, "ref": step.encoded}

    def to_json(self) -> dict[str, Any]:
        undo = [self._encode(s) for s in self.undo_stack]
        redo = [self._encode(s) for s in self.redo_stack]
        return {"pool": self.pool.items, "undo": undo, "redo": redo}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "History":
        """Read :meth:`to_json` output. The pool is rebuilt on the next write, dropping items that no
        step uses any more."""
        items = data.get("pool", [])

        def step(entry: dict[str, Any]) -> Step:
            if "ref" in entry:
                return Step(str(entry["label"]), StatePool.decode(entry["ref"], items))
            return Step(str(entry["label"]), entry["state"])  # a full state

        return cls([step(s) for s in data.get("undo", [])], [step(s) for s in data.get("redo", [])])
