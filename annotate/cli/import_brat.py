"""``annotate import brat DIR --out FILE``: read brat standoff files into corpus JSONL."""


from pathlib import Path
from typing import Annotated

import typer

from ._app import import_app
from ._import_options import (
    AnnotatorOption, JsonOption, MapOption, MappingFileOption, OutOption, SkipUnmappedOption, build_label_mapping,
    run_import,
)
from .common import DEFAULT_CORPUS_PATH, CorpusOption


@import_app.command("brat")
def import_brat_cli(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="brat collection folder (.txt + .ann).",
                                              file_okay=False)],
    out: OutOption,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    annotator: AnnotatorOption = None,
    map: MapOption = None,
    mapping: MappingFileOption = None,
    skip_unmapped: SkipUnmappedOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import a brat folder: our own exports come back exactly; foreign brat data goes through the label
    mapping. Unmapped labels, discontinuous spans and what the schema cannot hold are reported, and the
    import fails (exit 1, nothing written) unless --skip-unmapped. Texts known to the corpus registry
    (same sha256) get their registry id and source."""
    from annotate.formats.brat import import_brat
    from annotate.formats.importing import ImportReport

    label_mapping = build_label_mapping(map, mapping)
    report = ImportReport(source=str(directory))
    documents = import_brat(directory, mapping=label_mapping, report=report, corpus=corpus, annotator=annotator)
    run_import(documents, out=out, report=report, skip_unmapped=skip_unmapped, json_output=json_output)
