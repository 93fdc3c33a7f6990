"""Tables describing the schema, generated from the models (for the CLI and the guidelines).

``guidelines.md`` holds generated blocks between markers::

    <!-- generated:roles:Visit -->
    ...table...
    <!-- /generated -->

:func:`refresh_generated_blocks` rewrites them from the schema; a test fails when the file differs
from its refreshed self, so the guidelines can never drift from the code.
"""

from __future__ import annotations

import re

from .entities import MentionType
from .events import ATTRIBUTE_DESCRIPTIONS, ATTRIBUTES, EVENT_CLASSES, EVENT_TYPES, Attributes, EventBase


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def role_rows(cls: type[EventBase]) -> list[dict[str, str]]:
    return [
        {
            "role": role.name,
            "fillers": ", ".join(t.value for t in role.fillers),
            "cardinality": role.cardinality,
            "required": "yes" if role.required else "no",
            "description": role.description,
        }
        for role in cls.ROLES
    ]


def role_table_markdown(cls: type[EventBase]) -> str:
    lines = ["| Role | Filler types | Cardinality | Required | Meaning |", "|---|---|---|---|---|"]
    for row in role_rows(cls):
        lines.append(f"| {row['role']} | {row['fillers']} | {row['cardinality']} | {row['required']} | "
                     f"{_cell(row['description'])} |")
    return "\n".join(lines)


def event_types_markdown() -> str:
    lines = ["| Type | Definition | Closest types elsewhere |", "|---|---|---|"]
    for cls in EVENT_CLASSES:
        lines.append(f"| {cls.__name__} | {_cell(cls.DEFINITION)} | {_cell(cls.EQUIVALENTS)} |")
    return "\n".join(lines)


def attribute_table_markdown() -> str:
    default = Attributes.default()
    lines = ["| Attribute | Value | Default | Meaning |", "|---|---|---|---|"]
    for name, enum in ATTRIBUTES.items():
        for member in enum:
            is_default = "yes" if getattr(default, name) == member else ""
            lines.append(f"| {name} | {member.value} | {is_default} | {_cell(ATTRIBUTE_DESCRIPTIONS[name][member.value])} |")
    return "\n".join(lines)


def mention_types_markdown() -> str:
    lines = ["| Type | Kind | Meaning |", "|---|---|---|"]
    for t in MentionType:
        lines.append(f"| {t.value} | {'entity' if t.is_entity else 'value'} | {_cell(t.description)} |")
    return "\n".join(lines)


def generated_blocks() -> dict[str, str]:
    """Every generated block by its key (``roles:Visit``, ``attributes``, ``mention-types``, ``event-types``)."""
    blocks = {"event-types": event_types_markdown(), "attributes": attribute_table_markdown(),
              "mention-types": mention_types_markdown()}
    for name, cls in EVENT_TYPES.items():
        blocks[f"roles:{name}"] = role_table_markdown(cls)
    return blocks


_BLOCK = re.compile(r"(<!-- generated:(?P<key>[\w:\-]+) -->\n)(?P<body>.*?)(\n<!-- /generated -->)", re.S)


def refresh_generated_blocks(markdown: str) -> str:
    """``markdown`` with every generated block replaced by the schema's current table.

    Raises KeyError for a marker whose key the schema does not know.
    """
    blocks = generated_blocks()
    return _BLOCK.sub(lambda m: m.group(1) + blocks[m.group("key")] + m.group(4), markdown)


def generated_keys(markdown: str) -> list[str]:
    return [m.group("key") for m in _BLOCK.finditer(markdown)]


def schema_markdown() -> str:
    """The whole schema as Markdown (``annotate schema --format markdown``)."""
    parts = ["## Event types", "", event_types_markdown(), "", "## Mention types", "", mention_types_markdown(), ""]
    for name, cls in EVENT_TYPES.items():
        parts += [f"## {name} roles", "", role_table_markdown(cls), ""]
    parts += ["## Attributes", "", attribute_table_markdown(), ""]
    return "\n".join(parts)
