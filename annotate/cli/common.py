"""Options and helpers shared by the command modules. Only the CLI layer prints."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from annotate.corpus import DEFAULT_CORPUS

CorpusOption = Annotated[
    Path,
    typer.Option("--corpus", help="Corpus folder (raw/, gold.jsonl, annotations/).", file_okay=False),
]
DEFAULT_CORPUS_PATH = DEFAULT_CORPUS


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print to stdout (or stderr); a closed pipe ends the program quietly."""
    typer.echo(text, err=err, nl=nl)


def print_json(value: object) -> None:
    """Print a JSON value (UTF-8, indented) to stdout."""
    import json

    echo(json.dumps(value, ensure_ascii=False, indent=2))
