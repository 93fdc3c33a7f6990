"""The typer application and its command groups. Command modules add themselves to these."""

import typer

app = typer.Typer(
    name="annotate",
    help="Annotate political events in news articles, validate them, and publish the gold corpus.\n\n"
    "Exit codes: 0 ok, 1 invalid data, 2 usage or I/O error.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
export_app = typer.Typer(help="Export the corpus to other formats.", no_args_is_help=True)
import_app = typer.Typer(help="Import articles, or annotations made with other tools.", no_args_is_help=True)
event_app = typer.Typer(help="Add, edit or remove events without prompts (for scripts).", no_args_is_help=True)



def _version(value: bool) -> None:
    if value:
        from annotate import __version__
        from schema import SCHEMA_VERSION

        typer.echo(f"eventgold {__version__} (corpus schema {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", callback=_version,
                                 is_eager=True),
) -> None:
    """Annotate political events in news articles, validate them, and publish the gold corpus."""


app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(event_app, name="event")
