"""``annotate import prodigy FILE --out FILE``: read Prodigy tasks (db-out or our export) into corpus JSONL."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import import_app
from ._import_options import (
    AnnotatorOption, JsonOption, MapOption, MappingFileOption, OutOption, SkipUnmappedOption, build_label_mapping,
    run_import,
)
from .common import DEFAULT_CORPUS_PATH, CorpusOption


@import_app.command("prodigy")
def import_prodigy_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Prodigy JSONL (prodigy db-out DATASET > FILE).",
                                         dir_okay=False, exists=True)],
    out: OutOption,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    annotator: AnnotatorOption = None,
    map: MapOption = None,
    mapping: MappingFileOption = None,
    session: Annotated[Optional[str], typer.Option(
        "--session", help="Only tasks of this Prodigy session (_session_id 'DATASET-NAME', or just NAME); a "
        "db-out of a multi-annotator dataset holds each text once per annotator.")] = None,
    skip_unmapped: SkipUnmappedOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import Prodigy span/relation tasks: spans labeled with an event type are triggers, other spans
    mentions, relations from a trigger are arguments (label = role). Rejected and ignored tasks are
    skipped and reported. Unmapped labels fail the import (exit 1) unless --skip-unmapped."""
    from annotate.formats.importing import ImportReport
    from annotate.formats.prodigy import import_prodigy

    label_mapping = build_label_mapping(map, mapping)
    report = ImportReport(source=str(file))
    documents = import_prodigy(file, mapping=label_mapping, report=report, corpus=corpus,
                               annotator=annotator or session, session=session)
    run_import(documents, out=out, report=report, skip_unmapped=skip_unmapped, json_output=json_output,
               source=file)
