"""``annotate session``: the interactive, keyboard-only annotator (see docs/annotating.md)."""


import os
from typing import Annotated, Optional

import typer

from ._app import app
from .common import CorpusOption, DEFAULT_CORPUS_PATH


@app.command("session")
def session_cli(
    annotator: Annotated[str, typer.Option("--annotator", "-a", help="Your name: work goes to annotations/NAME/.")],
    doc: Annotated[Optional[str], typer.Option("--doc", "-d", help="Start with this document id "
                                               "(default: where you left off, else the first one not complete; with an "
                                               "assignment plan, your next assigned document not complete).")] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    no_suggest: Annotated[bool, typer.Option("--no-suggest", help="Do not show pre-annotation suggestions.")] = False,
    model: Annotated[Optional[str], typer.Option(
        "--model", help="A model folder from 'annotate train' (its events join the rules' suggestions, each "
        "showing its source and score), or an installed trained spaCy pipeline whose NER supplies the names; "
        "as for 'annotate suggest --model'.")] = None,
    threshold: Annotated[Optional[float], typer.Option(
        "--threshold", help="With a model from 'annotate train' (or --watch): hide its suggestions scored below "
        "this (0-1, default 0.5).", min=0.0, max=1.0)] = None,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Retrain a suggestion model in the background after each document you mark done "
        "(annotations/NAME/.model/; used from the next document you open, only if it does not score worse "
        "than the rules on held-out documents).")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="No colours or styles (also with NO_COLOR or TERM=dumb).")] = False,
) -> None:
    """Annotate events sentence by sentence from the keyboard. Every confirmed action is saved at once;
    q quits, and the next session resumes at the same sentence with the undo history intact."""
    from annotate.session.app import Terminal, run_session

    plain = plain or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    run_session(corpus, annotator, doc=doc, suggest=not no_suggest, model=model, threshold=threshold, watch=watch,
                terminal=Terminal(plain=plain))
