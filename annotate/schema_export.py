"""The schema in other forms: JSON Schema, brat configuration, Markdown tables.

``annotate schema`` is a thin wrapper over :func:`schema_text`.
"""

from __future__ import annotations

import json
from enum import Enum


class SchemaFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json_schema = "json-schema"
    brat_conf = "brat-conf"


def schema_text(format: SchemaFormat | str = SchemaFormat.markdown) -> str:
    """The schema as text: ``markdown`` (also used for ``table``), ``json-schema`` or ``brat-conf``."""
    fmt = SchemaFormat(format)
    if fmt is SchemaFormat.json_schema:
        import schema

        return json.dumps(schema.json_schema(), indent=2, ensure_ascii=False) + "\n"
    if fmt is SchemaFormat.brat_conf:
        from .formats.brat_conf import annotation_conf

        return annotation_conf()
    from schema.describe import schema_markdown

    return schema_markdown()
