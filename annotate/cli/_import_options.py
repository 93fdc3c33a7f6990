"""Options and output shared by the ``annotate import brat|prodigy|doccano|label-studio`` commands."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import echo, print_json

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Corpus JSONL file to write (atomically).",
                                         dir_okay=False)]
MapOption = Annotated[Optional[list[str]], typer.Option(
    "--map", metavar="FOREIGN=OURS",
    help="Map a foreign label: --map PERSON=PER, --map Meeting=Visit, --map agent=Visitor, "
         "--map Loan:giver=Lender, --map SameAs=Coreference, --map MISC=- (ignore). Repeatable.")]
MappingFileOption = Annotated[Optional[list[Path]], typer.Option(
    "--mapping", metavar="FILE", help="Label mapping file (TOML or JSON, see docs/formats.md). Repeatable.",
    dir_okay=False)]
SkipUnmappedOption = Annotated[bool, typer.Option(
    "--skip-unmapped", help="Write the documents without what could not be imported (unmapped labels, "
    "discontinuous spans...) instead of failing; everything left out is still reported.")]
def _annotator_name(value: Optional[str]) -> Optional[str]:
    """The name is recorded in every document: refuse what no annotator can be named (``../x``, empty)."""
    if value is not None:
        from annotate.corpus import check_name

        check_name(value, "annotator name")
    return value


AnnotatorOption = Annotated[Optional[str], typer.Option(
    "--annotator", help="Annotator name recorded in each imported document.", callback=_annotator_name)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the import report as JSON on stdout.")]


def run_import(documents, *, out: Path, report, skip_unmapped: bool, json_output: bool,
               source: Path | None = None) -> None:
    """Write ``documents`` with :func:`write_imported` and print the report (stderr, or JSON on stdout).

    ``source``, the foreign file being imported, is never overwritten by the output.
    """
    from annotate.formats.importing import ImportBlocked, write_imported

    from .common import refuse_to_overwrite

    if source is not None:
        refuse_to_overwrite(out, [source], why="the file being imported")

    try:
        write_imported(documents, out, report=report, skip_unmapped=skip_unmapped)
    except ImportBlocked:
        show_report(report, json_output=json_output)
        raise
    show_report(report, json_output=json_output)
    if not json_output:
        left_out = " (some items left out: see above)" if report.blocking else ""
        echo(f"wrote {out}: {report.summary()}{left_out}")


def show_report(report, *, json_output: bool) -> None:
    if json_output:
        print_json(report.to_dict())
        return
    for line in report.lines():
        echo(line, err=True)


def build_label_mapping(options: list[str] | None, files: list[Path] | None):
    from annotate.formats.mapping import build_mapping

    return build_mapping(options=options or [], files=files or [])
