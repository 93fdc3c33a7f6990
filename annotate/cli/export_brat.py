"""``annotate export brat OUT_DIR``: the corpus as brat standoff files with a generated configuration."""


from pathlib import Path
from typing import Annotated, Optional

import typer


from ._app import export_app
from .common import NumberedDocuments, DEFAULT_CORPUS_PATH, CorpusOption, echo, print_json


@export_app.command("brat")
def export_brat_cli(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="Folder to write (created if needed).",
                                            file_okay=False)],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Corpus JSONL file to export "
                                                  "(default: the corpus gold.jsonl).", dir_okay=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Write DOC.txt, DOC.ann and DOC.eventgold.json per document, and annotation.conf, tools.conf and
    visual.conf generated from the schema. What brat cannot show (ids, hoppers, clusters, provenance, full
    normalizations) goes into AnnotatorNotes; 'annotate import brat' reads it all back."""
    from annotate.errors import DataError, UsageError
    from annotate.formats.brat import export_brat

    from annotate.corpus import Corpus  # here, not at start-up (--help)
    source = input if input is not None else Corpus(corpus).gold_path
    if input is None and not source.exists():
        raise UsageError(f"{source}: no gold corpus here (use --corpus DIR or --input FILE)")
    documents = NumberedDocuments(source)
    try:
        summary = export_brat(documents, out_dir)
    except DataError as exc:
        documents.locate(exc)
        raise
    if json_output:
        print_json(summary.to_dict())
        return
    for warning in summary.warnings:
        echo(f"warning: {warning}", err=True)
    fragmented = f", {summary.fragmented} span(s) split at line breaks" if summary.fragmented else ""
    echo(f"wrote {out_dir}: {summary.documents} document(s), {summary.mentions} mention(s), "
         f"{summary.events} event(s){fragmented}")
