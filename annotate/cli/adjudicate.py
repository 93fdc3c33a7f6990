"""``annotate adjudicate A B [...] --out FILE``: merge annotation sets into gold, disagreement by disagreement."""


from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, echo


def _ask(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        echo("")
        return None


def _print_changes(summary) -> None:
    """Before and after, per document: events and arguments in the file replaced and in the new one."""
    if not any(before for before, _ in summary.changes.values()):
        return
    echo(f"  per document, events (arguments) in {summary.reference} before -> {summary.out} after:")
    for doc_id, (before, after) in summary.changes.items():
        b = f"{before[0]} ({before[1]})" if before else "none"
        a = f"{after[0]} ({after[1]})" if after else "none"
        flag = "  <- fewer events" if before and (after or (0, 0))[0] < before[0] else ""
        echo(f"    {doc_id}: {b} -> {a}{flag}")
    if summary.events_before:
        echo(f"  {summary.events_lost} of {summary.events_before} event(s) lost")


@app.command("adjudicate")
def adjudicate_cli(
    sets: Annotated[list[str], typer.Argument(metavar="SET", help="Two or more annotation sets: annotator NAMEs under "
                                              "CORPUS/annotations/, folders of DOC_ID.jsonl, or JSONL files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Gold corpus JSONL to write (atomically).",
                                      dir_okay=False)],
    prefer: Annotated[str | None, typer.Option("--prefer", help="Resolve every disagreement with this set's "
                                               "version, without asking (items it lacks are dropped).")] = None,
    adjudicator: Annotated[str | None, typer.Option("--adjudicator", help="Your name: recorded as decided_by "
                                                    "(default: your login name) and as the documents' annotator "
                                                    "(default: gold).")] = None,
    journal: Annotated[Path | None, typer.Option("--journal", help="Decision journal (default: OUT.decisions.jsonl); "
                                                 "re-running with it skips decided items.", dir_okay=False)] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file (it is kept as FILE.bak).")
                     ] = False,
    include_drafts: Annotated[bool, typer.Option("--include-drafts", help="Merge documents that an annotator has "
                                                 "not marked complete (left out by default).")] = False,
    max_loss: Annotated[float, typer.Option("--max-loss", min=0.0, max=1.0, help="Refuse a merge that loses more "
                                            "than this fraction of the existing gold's events (the --out file, else "
                                            "CORPUS/gold.jsonl); 1 allows any loss.")] = 0.1,
) -> None:
    """Merge annotation sets into gold. What all sets agree on is taken; each disagreement (an event, an
    argument slot, a standalone mention) is shown side by side and resolved from the keyboard: take a
    set's version, edit, or drop; or by --prefer NAME without asking. Every decision is journaled at once,
    so a stopped or killed session continues where it stopped; the output records each item's provenance."""
    from annotate.adjudicate import AdjudicationStopped, GoldLossError, adjudicate
    from annotate.errors import DataError, UsageError

    if len(sets) < 2:
        raise UsageError("give at least two annotation sets to adjudicate (A B [...])")
    journal_path = journal or Path(str(out) + ".decisions.jsonl")
    try:
        summary = adjudicate(sets, out=out, prefer=prefer, adjudicator=adjudicator, corpus=corpus,
                             journal=journal_path, ask=_ask, show=echo, force=force, include_drafts=include_drafts,
                             max_loss=max_loss)
    except GoldLossError as exc:
        _print_changes(exc.summary)
        raise
    except KeyboardInterrupt:
        echo(f"\ninterrupted; every decision made so far is saved in {journal_path}; run the same command to "
             "continue", err=True)
        raise typer.Exit(130) from None
    except AdjudicationStopped as exc:
        raise UsageError(f"{exc}; every decision made so far is saved in {journal_path}; run the same command "
                         "to continue") from None
    stats = summary.stats
    echo("")
    echo(f"wrote {summary.documents} adjudicated document(s) to {summary.out}")
    echo(f"  {stats.agreed} item(s) agreed by all sets, {stats.decided} decided"
         + (f" by --prefer {prefer}" if prefer else "") + f" ({stats.dropped} dropped)")
    if prefer is None:
        echo(f"  {summary.decisions_recorded} decision(s) made now, {summary.decisions_reused} reused from "
             f"{summary.journal}")
    if stats.superseded:
        echo(f"  {stats.superseded} standalone mention version(s) replaced by the mention of an adjudicated "
             "argument at the same span")
    for note in stats.role_mismatch:
        echo(f"  not merged: {note}")
    for doc_id, present in summary.partial_documents.items():
        echo(f"  {doc_id}: only in {', '.join(present)} (merged from those)")
    for doc_id, names in summary.drafts.items():
        echo(f"  {doc_id}: merged from a draft of {', '.join(names)} (not marked complete; --include-drafts)")
    for doc_id, names in summary.left_out_drafts.items():
        echo(f"  {doc_id}: left out the draft of {', '.join(names)} (not marked complete; --include-drafts merges it)")
    _print_changes(summary)
    if summary.backup:
        echo(f"  the replaced file is kept as {summary.backup}")
    for warning in summary.warnings:
        echo(f"  warning: {warning}")
    if summary.problems:
        for problem in summary.problems:
            echo(f"  {problem}", err=True)
        raise DataError(f"{len(summary.problems)} validation error(s) in the adjudicated output {summary.out} "
                        "(written; fix them with the session or redo the documents)")
