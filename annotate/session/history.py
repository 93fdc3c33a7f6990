"""Undo and redo: unbounded stacks of document states, small enough to persist after every action.

A state is what an annotator changes: the mentions, the events and the status (the text and source never
change in a session), as plain JSON. Undo swaps the current state with the top of the undo stack and
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


@dataclass
class Step:
    """One entry of a history stack: the state to return to and what the action was."""

    label: str
    state: State

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "state": self.state}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Step":
        return cls(label=str(data["label"]), state=data["state"])


@dataclass
class History:
    """Unbounded undo and redo stacks (top of each stack is the end of its list)."""

    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)

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

    def to_json(self) -> dict[str, Any]:
        return {"undo": [s.to_json() for s in self.undo_stack], "redo": [s.to_json() for s in self.redo_stack]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "History":
        return cls([Step.from_json(s) for s in data.get("undo", [])], [Step.from_json(s) for s in data.get("redo", [])])
