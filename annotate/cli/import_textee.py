"""``annotate import textee FILE... --out FILE``: read TextEE processed JSONL into corpus JSONL."""


from pathlib import Path
from typing import Annotated

import typer

from ._app import import_app
from ._import_options import (
    AnnotatorOption, JsonOption, MapOption, MappingFileOption, OutOption, SkipUnmappedOption, build_label_mapping,
    run_import,
)
from .common import DEFAULT_CORPUS_PATH, CorpusOption


@import_app.command("textee")
def import_textee_cli(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="TextEE JSONL files (e.g. train.jsonl "
                                                "dev.jsonl test.jsonl).", dir_okay=False, exists=True)],
    out: OutOption,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    annotator: AnnotatorOption = None,
    map: MapOption = None,
    mapping: MappingFileOption = None,
    skip_unmapped: SkipUnmappedOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import TextEE windows: regrouped into documents by doc_id in wnd_id order, character offsets computed
    from the tokens, entity types to mention types, event types and roles through the label mapping.
    Unmapped labels and what cannot be imported fail the import (exit 1) unless --skip-unmapped."""
    from annotate.formats.importing import ImportReport
    from annotate.formats.textee import import_textee

    from .common import refuse_to_overwrite

    label_mapping = build_label_mapping(map, mapping)
    report = ImportReport(source=", ".join(str(f) for f in files))
    refuse_to_overwrite(out, list(files), why="a file being imported")
    documents = import_textee(files, mapping=label_mapping, report=report, corpus=corpus, annotator=annotator)
    run_import(documents, out=out, report=report, skip_unmapped=skip_unmapped, json_output=json_output)
