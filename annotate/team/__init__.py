"""Work in a team of annotators: who annotates what, and how far everyone is.

- :mod:`.plan`: the assignment plan ``CORPUS/assignments.json`` (:func:`assign`, :func:`read_plan`),
  deterministic given a seed and extended without reshuffling when documents or annotators are added;
- :mod:`.status`: progress per annotator and per document, agreement where two are done, what is
  ready to adjudicate (:func:`team_status`).

The semantic diff of two corpus versions is :mod:`annotate.evaluate.diff`. See docs/team.md.
"""

from .plan import Plan, assign, extend_plan, load_plan, next_assigned, read_plan
from .status import TeamStatus, team_status

__all__ = ["Plan", "TeamStatus", "assign", "extend_plan", "load_plan", "next_assigned", "read_plan", "team_status"]
