"""``annotate export spacy``: write the corpus as a spaCy DocBin (tokens, sentences, entities, span groups,
events in ``doc._.events``)."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


from ._app import export_app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo, print_json, refuse_to_overwrite

#: At most this many misaligned spans are listed one by one (all are counted).
MAX_LISTED = 20


class EntsChoice(str, Enum):
    entities = "entities"
    triggers = "triggers"


@export_app.command("spacy")
def export_spacy_cli(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The .spacy file to write; with --split, a folder "
                                        "that receives NAME.spacy per split.")],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Corpus JSONL file to export "
                                                  "(default: the corpus gold.jsonl).", dir_okay=False)] = None,
    split: Annotated[Optional[str], typer.Option("--split", help="Split by document, e.g. train=0.8,dev=0.2 "
                                                 "(deterministic, the same assignment as 'export hf').")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the split order.")] = 0,
    ents: Annotated[EntsChoice, typer.Option("--ents", help="What doc.ents holds: entity mentions, or "
                                             "triggers (labelled by event type) to train a trigger detector.")]
    = EntsChoice.entities,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Export documents to spaCy's DocBin format, loadable with plain spaCy 3.8.

    Entity mentions go to doc.ents (overlapping ones only to the "mentions" span group; counted), triggers
    and arguments to the span groups "triggers" (label: event type) and "arguments" (label: role), and
    events to doc._.events. Spans that do not fall on token boundaries are widened to whole tokens and
    listed; their exact offsets stay in doc._.events and doc._.mentions. See docs/spacy-and-render.md.
    """
    from annotate.errors import DataError, UsageError
    from annotate.formats.spacy import export_spacy, parse_split_spec
    from annotate.jsonl import read_documents

    fractions = parse_split_spec(split) if split else None  # a bad spec fails before any work
    from annotate.corpus import Corpus  # here, not at start-up (--help)
    source = input if input is not None else Corpus(corpus).gold_path
    if input is None and not source.exists():
        raise UsageError(f"{source}: no gold corpus here (use --corpus DIR or --input FILE)")
    refuse_to_overwrite(out, [source], why="the corpus being exported")
    try:
        summary = export_spacy(read_documents(source), out, split=fractions, seed=seed, ents=ents.value)
    except DataError as exc:
        if exc.file is None:
            exc.file = str(source)
        raise

    if json_output:
        print_json(summary.to_dict())
        return
    for name, path in summary.outputs.items():
        what = "" if name == "all" else f" ({name})"
        echo(f"wrote {path}{what}: {summary.documents[name]} document(s)")
    echo(f"{summary.tokens} tokens, {summary.sentences} sentences, {summary.mentions} mentions, "
         f"{summary.ents} {summary.ents_kind} in doc.ents, {summary.triggers} triggers, {summary.arguments} arguments")
    if summary.ents_left_out:
        what, group = (("entity mention(s)", "mentions") if summary.ents_kind == "entities"
                       else ("trigger(s)", "triggers"))
        echo(f"{len(summary.ents_left_out)} nested or overlapping {what} are only in the \"{group}\" "
             "span group (doc.ents cannot overlap): " + ", ".join(f"{d}/{m}" for d, m in summary.ents_left_out[:MAX_LISTED])
             + (" ..." if len(summary.ents_left_out) > MAX_LISTED else ""))
    if summary.misaligned:
        echo(f"annotate: warning: {len(summary.misaligned)} span(s) do not align to token boundaries and were "
             "widened to whole tokens in doc.ents / span groups:", err=True)
        for item in summary.misaligned[:MAX_LISTED]:
            echo(f"  {item.describe()}", err=True)
        if len(summary.misaligned) > MAX_LISTED:
            echo(f"  ... and {len(summary.misaligned) - MAX_LISTED} more (use --json for all)", err=True)
    else:
        echo("all spans align to token boundaries")
