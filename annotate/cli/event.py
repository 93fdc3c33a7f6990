"""``annotate event add|edit|remove``: change an annotator's events without prompts (scripts, batch fixes).

Thin wrappers over :mod:`annotate.edit.batch`.
"""


from typing import Annotated, Optional

import typer

from ._app import event_app
from .common import CorpusOption, DEFAULT_CORPUS_PATH, echo

AnnotatorOption = Annotated[str, typer.Option("--annotator", "-a", help="Annotator name (annotations/NAME/).")]
DocOption = Annotated[str, typer.Option("--doc", "-d", help="Document id (raw/DOC_ID.txt).")]
WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help="Seconds to wait for another process (a session, another batch) to release the "
    "document before giving up with exit 2.")]
ArgOption = Annotated[Optional[list[str]], typer.Option(
    "--arg", help="ROLE=TEXT (its first whole-word occurrence), ROLE=TEXT@N (the N-th whole-word occurrence "
    "in the document: Cuba@2 skips \"Cuban\") or ROLE=#M3 (an existing mention). Repeat for several.")]
AttrOption = Annotated[Optional[list[str]], typer.Option(
    "--attr", "--set-attr", help="NAME=VALUE: realis=actual|generic|other, polarity=positive|negative, "
    "tense=past|present|future|unspecified.")]
MentionTypeOption = Annotated[Optional[list[str]], typer.Option(
    "--mention-type", help="ROLE=TYPE for a new mention. Default: the role's only type (TIME, MONEY, TOPIC), "
    "else the type the same text already has in the document, else GPE for a country, capital or US state "
    "(GeoNames); required when none of them decides.")]
MoneyOption = Annotated[Optional[list[str]], typer.Option(
    "--money", help="ROLE=CUR:AMOUNT, e.g. Amount=USD:50M, Value=EUR:10M..20M, Amount=USD:2B~ (approximate).")]
TimeOption = Annotated[Optional[list[str]], typer.Option(
    "--time", help="ROLE=TIMEX3, e.g. Time=2018-11-02, Time=2018-11, Time=P3D,mod=APPROX.")]
CorefOption = Annotated[Optional[str], typer.Option("--coref", help="Event hopper id shared by coreferent mentions.")]
ClusterOption = Annotated[Optional[str], typer.Option("--cluster", help="Cross-document event cluster id.")]
NoteOption = Annotated[Optional[str], typer.Option("--note", help="Annotator's note on the event.")]


def _report(result, action: str) -> None:
    for note in result.notes:
        echo(f"note: {note}", err=True)
    echo(f"{action} {result.summary()}")


@event_app.command("add")
def event_add_cli(
    annotator: AnnotatorOption,
    doc: DocOption,
    type: Annotated[str, typer.Option("--type", "-t", help="Event type: Visit, Loan, Agreement or Statement.")],
    trigger: Annotated[str, typer.Option("--trigger", help="Trigger text (its first whole-word occurrence), or "
                                         "TEXT@N for its N-th whole-word occurrence.")],
    arg: ArgOption = None,
    attr: AttrOption = None,
    mention_type: MentionTypeOption = None,
    money: MoneyOption = None,
    time: TimeOption = None,
    coref: CorefOption = None,
    cluster: ClusterOption = None,
    note: NoteOption = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    wait: WaitOption = 10.0,
) -> None:
    """Add an event to ANNOTATOR's annotation of DOC and save it (prints the new event)."""
    from annotate.edit.batch import event_add

    result = event_add(corpus, annotator, doc, type=type, trigger=trigger, args=arg or [], attributes=attr or [],
                       mention_types=mention_type or [], money=money or [], time=time or [], coref=coref,
                       cluster=cluster, notes=note, wait=wait)
    _report(result, "added")


@event_app.command("edit")
def event_edit_cli(
    event_id: Annotated[str, typer.Argument(help="Event id, e.g. EV3.")],
    annotator: AnnotatorOption,
    doc: DocOption,
    trigger: Annotated[Optional[str], typer.Option("--trigger", help="New trigger text (TEXT@N).")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="New event type (arguments must fit it).")] = None,
    attr: AttrOption = None,
    arg: ArgOption = None,
    remove_arg: Annotated[Optional[list[str]], typer.Option(
        "--remove-arg", help="ROLE (all its fillers), ROLE=TEXT or ROLE=#M3.")] = None,
    mention_type: MentionTypeOption = None,
    money: MoneyOption = None,
    time: TimeOption = None,
    coref: Annotated[Optional[str], typer.Option("--coref", help="Hopper id; empty string clears it.")] = None,
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Cluster id; empty string clears it.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Note; empty string clears it.")] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    wait: WaitOption = 10.0,
) -> None:
    """Edit an event: removals (--remove-arg) first, then additions (--arg), attributes, trigger."""
    from annotate.edit.batch import event_edit

    result = event_edit(corpus, annotator, doc, event_id, trigger=trigger, type=type, attributes=attr or [],
                        args=arg or [], remove_args=remove_arg or [], mention_types=mention_type or [],
                        money=money or [], time=time or [], coref=coref, cluster=cluster, notes=note, wait=wait)
    _report(result, "edited")


@event_app.command("remove")
def event_remove_cli(
    event_id: Annotated[str, typer.Argument(help="Event id, e.g. EV3.")],
    annotator: AnnotatorOption,
    doc: DocOption,
    keep_mentions: Annotated[bool, typer.Option(
        "--keep-mentions", help="Keep the event's argument mentions even when nothing else uses them.")] = False,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    wait: WaitOption = 10.0,
) -> None:
    """Remove an event (and the argument mentions only it used)."""
    from annotate.edit.batch import event_remove

    result = event_remove(corpus, annotator, doc, event_id, keep_mentions=keep_mentions, wait=wait)
    echo(f"removed {result.event_id} ({len(result.document.events)} event(s) left)")
