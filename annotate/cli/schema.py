"""``annotate schema``: print the event types, roles and attributes."""


from typing import Annotated

import typer

from annotate.schema_export import SchemaFormat, schema_text

from ._app import app
from .common import echo


@app.command("schema")
def schema_cli(
    format: Annotated[SchemaFormat, typer.Option("--format", "-f", help="table, markdown, json-schema or brat-conf.")] = SchemaFormat.table,
) -> None:
    """Print the schema: types, roles and attributes as a table, a JSON Schema of one corpus line, or a
    brat annotation.conf."""
    if format is not SchemaFormat.table:
        echo(schema_text(format), nl=False)
        return
    from .common import console as make_console
    from rich.table import Table

    from schema import ATTRIBUTE_DESCRIPTIONS, ATTRIBUTES, EVENT_CLASSES, MentionType
    from schema.describe import role_rows

    console = make_console()
    types = Table(title="Mention types")
    for column in ("type", "kind", "meaning"):
        types.add_column(column)
    for t in MentionType:
        types.add_row(t.value, "entity" if t.is_entity else "value", t.description)
    console.print(types)
    for cls in EVENT_CLASSES:
        table = Table(title=f"{cls.__name__}: {cls.DEFINITION}", title_justify="left")
        for column in ("role", "fillers", "cardinality", "required", "meaning"):
            table.add_column(column)
        for row in role_rows(cls):
            table.add_row(*row.values())
        console.print(table)
    attrs = Table(title="Event attributes")
    for column in ("attribute", "values", "decision test"):
        attrs.add_column(column)
    for name, enum in ATTRIBUTES.items():
        attrs.add_row(name, " | ".join(m.value for m in enum), ATTRIBUTE_DESCRIPTIONS[name][""])
    console.print(attrs)
