"""``annotate render``: write an offline HTML review of documents: one page, or an index and pages."""


from pathlib import Path
from typing import Annotated, Optional

import typer


from ._app import app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo, refuse_to_overwrite


@app.command("render")
def render_cli(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="PATH", help="Corpus JSONL files or folders (a corpus folder means its gold.jsonl, an "
        "annotation folder its *.jsonl). Default: the gold of --corpus.")] = None,
    out: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write ('-' for standard output, "
                                      "when the documents fit one page).")]
    = ...,  # type: ignore[assignment]
    doc: Annotated[Optional[list[str]], typer.Option("--doc", "-d", help="Only this document (repeatable).")] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "eventgold corpus review",
    per_page: Annotated[int, typer.Option(
        "--per-page", min=0, help="Documents per page. More documents than this give OUT.html, which opens an "
        "index, and their pages in the folder OUT_pages/; 0: one page whatever the size (slow to open when "
        "large).")] = 50,
) -> None:
    """Render documents for review in a browser: highlighted triggers and arguments, event tables, clusters,
    charts, filters.

    Up to --per-page documents make one self-contained page (inline CSS, script and SVG; no network). A
    larger corpus gives an index (figures, charts, a paginated table of contents, the clusters) and pages of
    --per-page documents with previous / next links, in the folder OUT_pages/ beside OUT.html, all offline.
    """
    from annotate.errors import UsageError
    from annotate.render import render_file, render_stream

    sources = list(paths or [])
    if not sources:
        from annotate.corpus import Corpus  # here, not at start-up (--help)
        gold = Corpus(corpus).gold_path
        if not gold.exists():
            raise UsageError(f"{gold}: no gold corpus here (give PATH or use --corpus DIR)")
        sources = [gold]
    if str(out) == "-":
        import sys

        _summary, chunks = render_stream(sources, doc_ids=doc, title=title, per_page=per_page)
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    from annotate.render import corpus_files

    refuse_to_overwrite(out, corpus_files(sources), why="a corpus file being rendered")
    summary = render_file(sources, out, doc_ids=doc, title=title, per_page=per_page)
    what = (f"{summary.documents} document(s), {summary.events} event(s), {summary.clusters} event cluster(s)")
    if summary.folder is None:
        echo(f"wrote {summary.path}: {what}")
    else:
        echo(f"wrote {summary.path} and {summary.pages} page(s) of up to {per_page} documents in {summary.folder}/: "
             f"{what}; open {summary.path}")
