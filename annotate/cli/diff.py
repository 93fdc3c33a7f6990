"""``annotate diff OLD NEW``: a semantic diff of two versions of a corpus or an annotation set."""


from enum import Enum
from typing import Annotated

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, echo, print_json


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command("diff")
def diff_cli(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A corpus folder, an annotation folder, a JSONL file, or a "
                                       "git revision (HEAD~1: the --corpus folder at that revision; REV:PATH).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The same kind of thing, newer.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="text, json, or github (workflow "
                                               "annotations on the changed lines).")] = DiffFormat.text,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """What changed from OLD to NEW, per document: events added, removed and changed (type, trigger,
    attributes, argument by argument), mentions and normalized values, coreference; then a summary line.
    Exit 0 whether or not anything changed."""
    from annotate.evaluate.diff import diff_versions, format_github, format_text

    result = diff_versions(old, new, corpus=corpus)
    if format is DiffFormat.json:
        print_json(result.to_json())
    elif format is DiffFormat.github:
        echo(format_github(result))
    else:
        echo(format_text(result))
