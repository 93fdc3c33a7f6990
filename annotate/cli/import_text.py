"""``annotate import text``: add articles to the corpus (thin wrapper over :func:`annotate.articles.import_texts`)."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import import_app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo


@import_app.command("text")
def import_text_cli(
    files: Annotated[list[Path], typer.Argument(help="UTF-8 text files, one article each.", show_default=False)],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    id: Annotated[Optional[str], typer.Option(
        "--id", help="Document id (one file only; default: the file stem, sanitized).")] = None,
    title: Annotated[Optional[str], typer.Option(
        "--title", help="Title (one file only; default: the first non-empty line).")] = None,
    dct: Annotated[Optional[str], typer.Option(
        "--dct", help="Document creation (publication) date, YYYY-MM-DD; recorded as stated.")] = None,
    publisher: Annotated[Optional[str], typer.Option("--publisher", help="Publisher of the article(s).")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Where the article was published.")] = None,
) -> None:
    """Add articles: copy each file byte for byte to CORPUS/raw/ID.txt and record its source (file name,
    SHA-256, title, DCT) in CORPUS/raw/registry.json. A text already in the corpus (same SHA-256, under
    any id) is reported and not written again."""
    from annotate.articles import import_texts

    results = import_texts(files, corpus=corpus, doc_id=id, title=title, dct=dct, publisher=publisher, url=url)
    for result in results:
        if result.imported:
            echo(f"imported {result.doc_id} ({result.path.name}, {result.characters} characters, "
                 f"sha256 {result.source.sha256[:12]})")
            if result.source.dct is None:
                echo(f"warning: {result.doc_id} has no document creation time (DCT): relative times such as "
                     f"\"on Tuesday\" cannot be normalized without it; set it with: annotate doc set "
                     f"{result.doc_id} --dct YYYY-MM-DD", err=True)
        else:
            echo(f"{result.path}: already imported as {result.doc_id}, nothing written")
            known = result.source.dct
            if dct and (known is None or known.value != dct):
                echo(f"  its creation time is {known.value + ' (' + known.method.value + ')' if known else 'not set'}; "
                     f"to set it to {dct}, run: annotate doc set {result.doc_id} --dct {dct}")
    imported = sum(r.imported for r in results)
    if len(results) > 1:
        echo(f"{imported} imported, {len(results) - imported} already in {corpus}")
