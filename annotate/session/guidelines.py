"""The annotation manual's section on an event type, for the session's ``g`` command."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["guideline_section"]


def guideline_section(event_type: str, *, search: Sequence[Path] = ()) -> str | None:
    """The sections of ``guidelines.md`` whose headings name ``event_type`` ("3.2 Loan", "Loan roles"),
    each up to the next heading of the same or a higher level; None when the file or a section is missing.
    The first ``guidelines.md`` found in ``search`` is used."""
    for folder in search:
        path = folder / "guidelines.md"
        if not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        sections: list[str] = []
        covered = -1
        for i, line in enumerate(lines):
            match = re.match(r"^(#{1,6})\s+(.*)$", line)
            if i <= covered or not match or not re.search(rf"\b{re.escape(event_type)}\b", match.group(2)):
                continue
            level = len(match.group(1))
            end = i + 1
            while end < len(lines):
                nxt = re.match(r"^(#{1,6})\s", lines[end])
                if nxt and len(nxt.group(1)) <= level:
                    break
                end += 1
            sections.append("\n".join(lines[i:end]).strip())
            covered = end - 1
        return "\n\n".join(sections) if sections else None
    return None
