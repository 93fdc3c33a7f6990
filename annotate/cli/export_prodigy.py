"""``annotate export prodigy OUT.jsonl``: one Prodigy ``relations`` task per document."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


from ._app import export_app
from .common import NumberedDocuments, DEFAULT_CORPUS_PATH, CorpusOption, echo, print_json, refuse_to_overwrite


class TaskUnit(str, Enum):
    document = "document"
    sentence = "sentence"


@export_app.command("prodigy")
def export_prodigy_cli(
    out: Annotated[Path, typer.Argument(metavar="OUT.jsonl", help="Prodigy JSONL file to write.", dir_okay=False)],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Corpus JSONL file to export "
                                                  "(default: the corpus gold.jsonl).", dir_okay=False)] = None,
    unit: Annotated[TaskUnit, typer.Option(
        "--unit", help="One task per document (default: no argument is cut from its trigger) or per sentence "
        "(shorter tasks; what crosses a sentence is kept for the import and counted).")] = TaskUnit.document,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Write one task per document for Prodigy's relations view: tokens, spans (mentions labeled with their
    type, triggers with their event type) and trigger -> argument relations labeled with the role. Load it
    with e.g. `prodigy rel.manual DATASET blank:en OUT.jsonl --label ... --span-label ... --wrap`;
    'annotate import prodigy' reads the db-out export back."""
    from annotate.errors import DataError, UsageError
    from annotate.formats.prodigy import export_prodigy

    from annotate.corpus import Corpus  # here, not at start-up (--help)
    source = input if input is not None else Corpus(corpus).gold_path
    if input is None and not source.exists():
        raise UsageError(f"{source}: no gold corpus here (use --corpus DIR or --input FILE)")
    refuse_to_overwrite(out, [source], why="the corpus being exported")
    documents = NumberedDocuments(source)
    try:
        summary = export_prodigy(documents, out, unit=unit.value)
    except DataError as exc:
        documents.locate(exc)
        raise
    if json_output:
        print_json(summary.to_dict())
        return
    misaligned = (f"; {summary.misaligned} span(s) do not fall on token boundaries (Prodigy shows them by "
                  "token; the character offsets stay exact)") if summary.misaligned else ""
    echo(f"wrote {out}: {summary.tasks} task(s), {summary.spans} span(s), {summary.relations} relation(s)"
         f"{misaligned}")
    if summary.cut:
        echo(f"note: {summary.cut} mention(s), event(s) or argument(s) cross a sentence boundary: no sentence task "
             "shows them; they are kept in the first task of their document and 'import prodigy' puts them back",
             err=True)
    if summary.ambiguous:
        echo(f"warning: {summary.ambiguous} span(s) repeat another span of their task (same offsets and label); "
             "Prodigy relations cannot tell them apart, so their arguments go to the first on import", err=True)
