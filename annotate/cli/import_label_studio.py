"""``annotate import label-studio FILE --out FILE``: read a Label Studio JSON export into corpus JSONL."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import import_app
from ._import_options import (
    AnnotatorOption, JsonOption, MapOption, MappingFileOption, OutOption, SkipUnmappedOption, build_label_mapping,
    run_import,
)
from .common import DEFAULT_CORPUS_PATH, CorpusOption


class LabelStudioOffsets(str, Enum):
    auto = "auto"
    utf16 = "utf-16"
    codepoint = "codepoint"


@import_app.command("label-studio")
def import_label_studio_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Label Studio export: JSON list of tasks, or JSONL.",
                                         dir_okay=False, exists=True)],
    out: OutOption,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    annotator: AnnotatorOption = None,
    map: MapOption = None,
    mapping: MappingFileOption = None,
    annotation_index: Annotated[Optional[int], typer.Option(
        "--annotation-index", help="Import the annotation at this position of each task (default: the latest "
        "that was not cancelled).")] = None,
    text_key: Annotated[Optional[str], typer.Option(
        "--text-key", help="The data field holding the text (default: text, or the only string field).")] = None,
    offsets: Annotated[LabelStudioOffsets, typer.Option(
        "--offsets", help="auto: UTF-16 (as Label Studio counts) checked against each span's text, code points "
        "if only those match; or force utf-16 / codepoint.")] = LabelStudioOffsets.auto,
    skip_unmapped: SkipUnmappedOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import Label Studio tasks with span (labels) and relation results. Offsets are converted from UTF-16
    code units to code points and checked against each span's text. Per-region choices on a trigger set
    event attributes. Cancelled annotations are reported; unmapped labels fail the import (exit 1) unless
    --skip-unmapped."""
    from annotate.formats.importing import ImportReport
    from annotate.formats.label_studio import import_label_studio

    label_mapping = build_label_mapping(map, mapping)
    report = ImportReport(source=str(file))
    documents = import_label_studio(file, mapping=label_mapping, report=report, corpus=corpus, annotator=annotator,
                                    text_key=text_key, annotation_index=annotation_index, offsets=offsets.value)
    run_import(documents, out=out, report=report, skip_unmapped=skip_unmapped, json_output=json_output,
               source=file)
