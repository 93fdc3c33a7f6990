"""Options and helpers shared by the command modules. Only the CLI layer prints."""


from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

CorpusOption = Annotated[
    Path,
    typer.Option("--corpus", help="Corpus folder (raw/, gold.jsonl, annotations/).", file_okay=False),
]
#: ``annotate.corpus.DEFAULT_CORPUS``, spelled here so that ``--help`` does not import the corpus module
#: (command modules import it where they use it; tests/test_cli_startup.py checks that both agree)
DEFAULT_CORPUS_PATH = Path("corpus")


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print to stdout (or stderr); a closed pipe ends the program quietly."""
    typer.echo(text, err=err, nl=nl)


def refuse_to_overwrite(out: Path, inputs: "list[Path]", *, why: str) -> None:
    """UsageError when the output file ``out`` is one of ``inputs`` (the same file, whatever the path
    spelling): the atomic write would replace, say, the gold corpus with its own export."""
    import os

    from annotate.errors import UsageError

    if not out.is_file():
        return
    for source in inputs:
        try:
            same = source.is_file() and os.path.samefile(out, source)
        except OSError:
            same = False
        if same:
            raise UsageError(f"{out}: this is {source}, {why}; writing there would replace it: choose another "
                             "output file")


class NumberedDocuments:
    """The documents of a corpus JSONL file, remembering the line of the last one handed out, so that an
    exporter's DataError about the document in hand can name ``file:line`` (read_documents refuses blank
    lines, so the n-th document is on line n)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.line: int | None = None

    def __iter__(self):
        from annotate.jsonl import read_documents

        for number, document in enumerate(read_documents(self.path), start=1):
            self.line = number
            yield document

    def locate(self, exc) -> None:
        """Fill in the file and line of a DataError raised about the document in hand."""
        if exc.file is None:
            exc.file = str(self.path)
            if exc.line is None:
                exc.line = self.line


def quiet_stdout() -> None:
    """Point stdout at /dev/null after its reader went away (a closed pipe), so later writes and the
    interpreter's last flush do not fail."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def console(**options: object):
    """A rich Console for tables on stdout. Rich answers a closed pipe (`annotate stats | head -1`) with
    exit 1 on its own; this one raises BrokenPipeError instead, so :func:`annotate.cli.main` exits 0 as
    for every other command."""
    import errno

    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return _Console(**options)


def print_json(value: object) -> None:
    """Print a JSON value (UTF-8, indented) to stdout."""
    import json

    echo(json.dumps(value, ensure_ascii=False, indent=2))
