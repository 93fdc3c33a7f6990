"""``annotate export textee OUT_DIR``: the corpus as TextEE processed JSONL, one file per split."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import export_app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, echo, print_json


class Window(str, Enum):
    sentence = "sentence"
    document = "document"


@export_app.command("textee")
def export_textee_cli(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write: SPLIT.jsonl per split (replaced as a whole; "
                                            "it must be new, empty or an earlier TextEE export).")],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    input: Annotated[Optional[Path], typer.Option(
        "--input", "-i", help="Corpus JSONL to export (default: CORPUS/gold.jsonl).", dir_okay=False)] = None,
    window: Annotated[Window, typer.Option(
        "--window", help="One TextEE instance per sentence (default; arguments in another sentence than their "
        "trigger are counted and kept only for the import) or per document (every argument kept).")
    ] = Window.sentence,
    split: Annotated[str, typer.Option(
        "--split", help="Splits by document as NAME=FRACTION,... summing to 1 (the same documents as "
        "`export hf` with the same --split and --seed).")] = "train=0.6,validation=0.2,test=0.2",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the deterministic document split.")] = 0,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Export the gold corpus as TextEE's processed data: JSONL windows with tokens, entity mentions
    (value mentions TIME, MONEY, TOPIC too, with their types) and event mentions with arguments, as
    TextEE's data/README.md describes; `annotate import textee` reads them back."""
    from annotate.corpus import Corpus
    from annotate.errors import UsageError
    from annotate.formats.textee import export_textee

    source = input if input is not None else Corpus(corpus).gold_path
    if not source.is_file():
        raise UsageError(f"{source}: no such corpus file (use --corpus DIR or --input FILE)")
    result = export_textee(out_dir, input=source, split=split, seed=seed, window=window.value)
    if json_output:
        print_json(result.to_dict())
        return
    echo(f"Exported {result.documents} document(s) from {source} to {result.out_dir} ({result.window} windows)")
    for info in result.splits:
        c = info.counts
        echo(f"  {info.name + '.jsonl':<18} {info.documents:>5} documents  {c.instances:>6} instances  "
             f"{c.events:>5} events  {c.arguments:>5} arguments")
    total = result.counts
    if total.arguments_cut or total.mentions_cut or total.triggers_cut or total.events_cut:
        echo(f"note: {total.arguments_cut} argument(s) whose filler is in another sentence than the trigger, "
             f"{total.mentions_cut} mention(s) and {total.events_cut} event(s) across windows, "
             f"{total.triggers_cut} trigger(s) cut at a sentence end: TextEE does not see them (--window document "
             "keeps the arguments); the eventgold blocks keep them for `annotate import textee`", err=True)
    if total.widened:
        echo(f"note: {total.widened} span(s) do not fall on token boundaries and were widened to whole tokens "
             "(exact offsets kept in the eventgold blocks)", err=True)
