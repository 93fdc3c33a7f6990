"""``annotate import doccano FILE --out FILE``: read a doccano JSONL export into corpus JSONL."""


from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ._app import import_app
from ._import_options import (
    AnnotatorOption, JsonOption, MapOption, MappingFileOption, OutOption, SkipUnmappedOption, build_label_mapping,
    run_import,
)
from .common import DEFAULT_CORPUS_PATH, CorpusOption


class DoccanoOffsets(str, Enum):
    codepoint = "codepoint"
    utf16 = "utf-16"


@import_app.command("doccano")
def import_doccano_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="doccano JSONL export.", dir_okay=False,
                                         exists=True)],
    out: OutOption,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    annotator: AnnotatorOption = None,
    map: MapOption = None,
    mapping: MappingFileOption = None,
    offsets: Annotated[DoccanoOffsets, typer.Option(
        "--offsets", help="How the export counts offsets: codepoint (default) or utf-16 (JavaScript).")
    ] = DoccanoOffsets.codepoint,
    skip_unmapped: SkipUnmappedOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import doccano sequence labeling ({"text", "label": [[start, end, LABEL]]}) or sequence labeling with
    relations ({"text", "entities", "relations"}). Span labels map to mention or event types, relation types
    to roles. Unmapped labels fail the import (exit 1) unless --skip-unmapped."""
    from annotate.formats.doccano import import_doccano
    from annotate.formats.importing import ImportReport

    label_mapping = build_label_mapping(map, mapping)
    report = ImportReport(source=str(file))
    documents = import_doccano(file, mapping=label_mapping, report=report, corpus=corpus, annotator=annotator,
                               offsets=offsets.value)
    run_import(documents, out=out, report=report, skip_unmapped=skip_unmapped, json_output=json_output,
               source=file)
