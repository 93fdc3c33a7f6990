"""The editing layer: everything that changes an annotator's documents, shared by the interactive
session (:mod:`annotate.session`) and the ``annotate event`` commands.

- :mod:`.ops`: pure operations on a Document (add/edit/remove event, add mention, link coreference...).
- :mod:`.history`: undo and redo, stored compactly.
- :mod:`.store`: durable per-annotator storage, the session side file, locking.
- :mod:`.batch`: ``annotate event add|edit|remove`` as library functions.
- :mod:`.values`: the typed syntax of money and time values, and the normalizers' proposals.

Nothing here prints or prompts, and nothing imports spaCy.
"""

from __future__ import annotations

from .batch import EventResult, event_add, event_edit, event_remove
from .history import History, restore, snapshot
from .store import AnnotationStore, SessionState
from .values import format_money, format_time, parse_money, parse_time

__all__ = [
    "AnnotationStore", "EventResult", "History", "SessionState", "event_add", "event_edit", "event_remove",
    "format_money", "format_time", "parse_money", "parse_time", "restore", "snapshot",
]
