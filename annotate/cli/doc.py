"""``annotate doc set ID``: set or correct a document's creation time and source fields after import
(thin wrapper over :func:`annotate.doc_metadata.set_document_metadata`)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._app import app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo

doc_app = typer.Typer(help="Document metadata: creation time (DCT) and source fields.", no_args_is_help=True)
app.add_typer(doc_app, name="doc")


@doc_app.command("set")
def doc_set_cli(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id (raw/ID.txt).")],
    dct: Annotated[Optional[str], typer.Option(
        "--dct", help="Document creation time, YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    dct_method: Annotated[Optional[str], typer.Option(
        "--dct-method", help="How the DCT was established: stated (default) or inferred.")] = None,
    note: Annotated[Optional[str], typer.Option(
        "--note", help="How the DCT was established (default: when it was set and what it was).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title (empty string clears it).")] = None,
    publisher: Annotated[Optional[str], typer.Option("--publisher", help="Publisher (empty string clears it).")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="http(s) address (empty string clears it).")] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """Set a document's creation time and source fields in raw/registry.json and in every record of it
    (annotators' files, the gold); each change is recorded in the DCT note and in raw/registry.log."""
    from annotate.doc_metadata import set_document_metadata

    result = set_document_metadata(corpus, doc_id, dct=dct, method=dct_method, note=note, title=title,
                                   publisher=publisher, url=url)
    if not result.changed:
        echo(f"{doc_id}: nothing changed")
        return
    for name, (old, new) in result.changes.items():
        echo(f"{doc_id}: {name} {old if old is not None else '(none)'} -> {new if new is not None else '(none)'}")
    for path in result.records:
        echo(f"  updated {path}")
    from annotate.corpus import Corpus

    echo(f"  recorded in {Corpus(corpus).raw_dir / 'registry.log'}")
