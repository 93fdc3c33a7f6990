"""``annotate formats``: list the converters to and from other tools."""


from typing import Annotated

import typer

from ._app import app
from .common import echo, print_json


@app.command("formats")
def formats_cli(
    json_output: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the formats eventgold exports to and imports from, with their commands, how each counts offsets
    and what each keeps (see docs/formats.md)."""
    from annotate.formats.registry import converters

    if json_output:
        print_json([{"name": c.name, "tool": c.tool, "export": c.export_command, "import": c.import_command,
                     "offsets": c.offsets, "keeps": c.keeps, "library": c.module, "doc": c.doc}
                    for c in converters()])
        return
    for c in converters():
        echo(f"{c.name}: {c.tool}")
        if c.export_command:
            echo(f"  export:  {c.export_command}")
        if c.import_command:
            echo(f"  import:  {c.import_command}")
        echo(f"  offsets: {c.offsets}")
        echo(f"  keeps:   {c.keeps}")
        echo(f"  docs:    {c.doc}")
