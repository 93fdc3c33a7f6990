"""``annotate validate``: check corpus JSONL files in five levels (format, schema, content, corpus, guidelines)."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from annotate.errors import EXIT_INVALID, UsageError
from annotate.validate.reporters import OutputFormat, github_line, json_report, summary_lines, text_line

from ._app import app
from ._parallel_options import Engine, EngineOption, JobsOption, RayAddressOption
from .common import echo, quiet_stdout


def _say(line: str) -> None:
    """Print a line; when the reader has gone (`annotate validate | head -1`), stop printing but let the
    validation finish, so the exit code still says whether the data is valid."""
    try:
        echo(line)
    except BrokenPipeError:
        quiet_stdout()


@app.command("validate")
def validate_cli(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="PATH",
        help="JSONL files, folders (every *.jsonl below) or - for standard input. Default: the corpus's "
             "gold.jsonl and annotations/.", show_default=False)] = None,
    corpus: Annotated[Optional[Path], typer.Option(
        "--corpus", help="Corpus folder, for the checks against raw/ and annotations/. Default: found from "
        "each file's path, else ./corpus when it exists.", file_okay=False)] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="text, json or github.")] = OutputFormat.text,
    max_errors: Annotated[int, typer.Option(
        "--max-errors", min=0, help="Show at most N incidents per test id (counting goes on); 0 shows all.")] = 20,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the verdict line.")] = False,
    jobs: JobsOption = 1,
    engine: EngineOption = Engine.local,
    ray_address: RayAddressOption = None,
    level: Annotated[int, typer.Option(
        "--level", min=1, max=5, help="How deep to check: 1 format, 2 schema, 3 content, 4 corpus, 5 guidelines "
        "(complete and adjudicated documents against guidelines.md).")] = 5,
) -> None:
    """Validate corpus JSONL: format, schema, content, corpus-wide and guideline checks, one incident per line.

    Exit 0 when valid (warnings allowed), 1 when there are errors, 2 for a usage or I/O problem.
    """
    from annotate.validate.run import ValidationReport

    if not paths:
        root = corpus or Path("corpus")
        inputs = [p for p in (root / "gold.jsonl", root / "annotations") if p.exists()]
        if not inputs:
            raise UsageError(f"nothing to validate: give files or folders, or a corpus with gold.jsonl or "
                             f"annotations/ (looked in {root})")
        paths = [str(p) for p in inputs]
        corpus = root
    report = ValidationReport(max_errors=max_errors or None, keep=format is OutputFormat.json)
    from annotate.parallel.run import iter_incidents

    for found in iter_incidents(paths, corpus_root=corpus, report=report, jobs=jobs, engine=engine.value,
                                ray_address=ray_address, level=level):
        if report.add(found) and not quiet:
            if format is OutputFormat.text:
                _say(text_line(found))
            elif format is OutputFormat.github:
                _say(github_line(found))
    if format is OutputFormat.json:
        _say(json_report(report))
    elif quiet:
        _say(report.verdict())
    else:
        for line in summary_lines(report):
            _say(line)
    if not report.ok:
        raise typer.Exit(EXIT_INVALID)
