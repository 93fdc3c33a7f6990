"""``annotate render``: write a self-contained HTML page to review documents in a browser."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from annotate.corpus import Corpus

from ._app import app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo, refuse_to_overwrite


@app.command("render")
def render_cli(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="PATH", help="Corpus JSONL files or folders (a corpus folder means its gold.jsonl, an "
        "annotation folder its *.jsonl). Default: the gold of --corpus.")] = None,
    out: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write ('-' for standard output).")]
    = ...,  # type: ignore[assignment]
    doc: Annotated[Optional[list[str]], typer.Option("--doc", "-d", help="Only this document (repeatable).")] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "eventgold corpus review",
) -> None:
    """Render documents as one HTML page: highlighted triggers and arguments, event tables, clusters, charts.

    The page is self-contained (inline CSS, script and SVG; no network) and works offline in any browser.
    """
    from annotate.errors import UsageError
    from annotate.render import render_file, render_stream

    sources = list(paths or [])
    if not sources:
        gold = Corpus(corpus).gold_path
        if not gold.exists():
            raise UsageError(f"{gold}: no gold corpus here (give PATH or use --corpus DIR)")
        sources = [gold]
    if str(out) == "-":
        import sys

        _summary, chunks = render_stream(sources, doc_ids=doc, title=title)
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    from annotate.render import corpus_files

    refuse_to_overwrite(out, corpus_files(sources), why="a corpus file being rendered")
    summary = render_file(sources, out, doc_ids=doc, title=title)
    echo(f"wrote {summary.path}: {summary.documents} document(s), {summary.events} event(s), "
         f"{summary.clusters} event cluster(s)")
