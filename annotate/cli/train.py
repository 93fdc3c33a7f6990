"""``annotate train``: train a suggestion model from annotated documents (thin wrapper over :mod:`annotate.train`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo


@app.command("train")
def train_cli(
    sets: Annotated[Optional[list[str]], typer.Argument(
        help="Annotation sets to learn from: gold (default), an annotator NAME, a folder of DOC_ID.jsonl "
        "files or a corpus JSONL file. Draft documents are left out.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to save the model to (replaced if it "
                                      "holds an eventgold model).", file_okay=False)] = ...,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    iterations: Annotated[int, typer.Option("--iterations", "-n", help="Passes over the data.")] = 15,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
) -> None:
    """Train a suggestion model (trigger and event type; argument roles over candidate mentions) from
    scratch on the CPU. Use it with 'annotate suggest --model DIR' or 'annotate session --model DIR':
    its events are added to the rules' ones."""
    from annotate.train import train

    report = train(sets or ["gold"], out=out, corpus=corpus, iterations=iterations, seed=seed)
    skipped = f", {report.skipped_drafts} draft(s) left out" if report.skipped_drafts else ""
    echo(f"trained on {report.documents} document(s) ({report.triggers} events, {report.sentences} sentences, "
         f"{report.pairs} argument candidates{skipped}) in {report.seconds:.0f} s; saved to {report.out}",
         err=True)
