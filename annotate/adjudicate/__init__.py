"""Adjudication: merging annotation sets into gold, with provenance, resumably.

- :mod:`.merge`: the pure merge of one document's versions, item by item (events, argument slots,
  standalone mentions), asking a resolver about disagreements;
- :mod:`.interactive`: the plain-line prompt loop a person answers;
- :mod:`.store`: the durable decision journal that makes a session resumable;
- :mod:`.run`: :func:`adjudicate`, which ties them together and writes the output atomically.
"""

from .interactive import AdjudicationStopped, PromptResolver
from .merge import EventVersion, Filler, Item, MergeStats, Resolution, event_units, merge_document
from .run import DEFAULT_MAX_LOSS, AdjudicationSummary, GoldLossError, adjudicate, prefer_resolver
from .store import DecisionJournal

__all__ = [
    "DEFAULT_MAX_LOSS", "AdjudicationStopped", "AdjudicationSummary", "DecisionJournal", "GoldLossError", "EventVersion", "Filler", "Item",
    "MergeStats", "PromptResolver", "Resolution", "adjudicate", "event_units", "merge_document",
    "prefer_resolver",
]
