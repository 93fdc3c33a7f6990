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
    iterations: Annotated[Optional[int], typer.Option(
        "--iterations", "-n", help="Passes over the data (default 15, or EVENTGOLD_TRAIN_ITERATIONS).",
        show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    evaluate: Annotated[bool, typer.Option(
        "--evaluate", help="Publish the model only if it earns its place: trained without a fifth of the "
        "documents, rules+model must not score worse than the rules alone on them (TC and AC F1); else "
        "--out is left as it was.")] = False,
    threshold: Annotated[Optional[float], typer.Option(
        "--threshold", help="With --evaluate: the threshold the suggestions are scored at (0-1, default 0.5).",
        min=0.0, max=1.0)] = None,
    json_report: Annotated[bool, typer.Option(
        "--json", help="Print the outcome as one JSON object on stdout.")] = False,
) -> None:
    """Train a suggestion model (trigger and event type; argument roles over candidate mentions) from
    scratch on the CPU. Use it with 'annotate suggest --model DIR' or 'annotate session --model DIR':
    its events are added to the rules' ones."""
    from annotate.train import train
    from annotate.train.background import follow_parent

    follow_parent()  # a trainer of 'annotate session --watch' ends with its session
    report = train(sets or ["gold"], out=out, corpus=corpus, iterations=iterations, seed=seed,
                   evaluate=evaluate, threshold=threshold)
    if json_report:
        import json

        echo(json.dumps(report.to_json()))
    evaluation = report.evaluation
    if not report.published:
        echo(f"not used: {evaluation['reason'] if evaluation else 'not published'}; {report.out} left as it was",
             err=True)
        return
    skipped = f", {report.skipped_drafts} draft(s) left out" if report.skipped_drafts else ""
    echo(f"trained on {report.documents} document(s) ({report.triggers} events, {report.sentences} sentences, "
         f"{report.pairs} argument candidates{skipped}) in {report.seconds:.0f} s; saved to {report.out}",
         err=True)
    if evaluation:
        echo(f"held-out check {evaluation['reason']}", err=True)
