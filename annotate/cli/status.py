"""``annotate status``: the team's progress against the assignment plan."""


from typing import Annotated

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, TableOrJson, echo, print_json


@app.command("status")
def status_cli(
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 unless every assigned document is done by every "
                                        "annotator it is assigned to (release gating in CI).")] = False,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """Per annotator: documents assigned, started, done, events, validation warnings. Per document: each
    annotator's state, agreement where two are done, in gold or not, ready to adjudicate. Totals."""
    from annotate.team.status import team_status

    status = team_status(corpus)
    if format is TableOrJson.json:
        print_json(status.to_json())
    else:
        echo(format_status(status))
    if check and not status.complete:
        left = [doc.id for doc in status.documents if not doc.done]
        echo(f"annotate: {len(left)} of {len(status.documents)} assigned document(s) not done: "
             + ", ".join(left[:5]) + (", ..." if len(left) > 5 else ""), err=True)
        raise typer.Exit(1)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _coef(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_status(status) -> str:
    """The plain-text report: annotators, documents, totals."""
    from annotate.team.status import COMPLETE, NOT_STARTED

    width = max([9, *(len(a.name) for a in status.annotators)])
    head = f"{'annotator':<{width}} {'assigned':>8} {'started':>7} {'done':>5} {'events':>6} {'warnings':>8} {'errors':>6}"
    lines = [head + "  unassigned"]
    for a in status.annotators:
        lines.append(f"{a.name:<{width}} {a.assigned:>8} {a.started:>7} {a.done:>5} {a.events:>6} {a.warnings:>8} "
                     f"{a.errors:>6}  {len(a.unassigned) or '-'}")
    totals = status.totals()
    lines.append(f"{'total':<{width}} {totals['assignments']:>8} {totals['started']:>7} "
                 f"{totals['assignments_done']:>5} {totals['events']:>6} {totals['warnings']:>8} {totals['errors']:>6}")
    id_width = max([8, *(len(d.id) for d in status.documents)])
    lines += ["", f"{'document':<{id_width}}  {'gold':<4}  annotators; next step; agreement of each pair done "
                  "(trigger+type F1 %, argument F1 %, event type alpha)"]
    for doc in status.documents:
        who = ", ".join(f"{name} {'done' if state == COMPLETE else state}" for name, state in doc.states.items())
        if doc.in_gold:
            step = "in gold"
        elif doc.ready_to_adjudicate:
            step = "ready to adjudicate"
        elif any(state != NOT_STARTED for state in doc.states.values()):
            step = "in progress"
        else:
            step = "not started"
        cells = [who, step]
        for pair in doc.agreement:
            f1 = pair.agreement.f1
            cells.append(f"{pair.a}/{pair.b} {_pct(f1['triggers_typed'].f1)} {_pct(f1['arguments_exact'].f1)} "
                         f"{_coef(pair.agreement.event_type_alpha)}")
        if doc.others:
            cells.append("also " + ", ".join(f"{name} ({state})" for name, state in doc.others.items()))
        lines.append(f"{doc.id:<{id_width}}  {'yes' if doc.in_gold else 'no':<4}  " + "; ".join(cells))
    lines.append("")
    lines.append(f"{totals['done']} of {totals['documents']} document(s) done ({totals['overlap_documents']} "
                 f"double-annotated), {totals['ready_to_adjudicate']} ready to adjudicate, {totals['in_gold']} in gold")
    if status.pooled is not None:
        figures = status.pooled.to_json()
        lines.append(f"agreement pooled over {status.pooled_documents} double-annotated document(s) done: trigger+type "
                     f"F1 {_pct(figures['trigger_type_f1'])}, argument F1 {_pct(figures['argument_f1'])}, mention F1 "
                     f"{_pct(figures['mentions_f1'])}, event type alpha {_coef(figures['event_type_alpha'])} "
                     "(annotate agree NAME NAME for every figure)")
    if status.unplanned:
        lines.append(f"{len(status.unplanned)} article(s) not in the plan (annotate assign adds them): "
                     + ", ".join(status.unplanned[:5]) + (", ..." if len(status.unplanned) > 5 else ""))
    return "\n".join(lines)
