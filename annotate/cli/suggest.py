"""``annotate suggest``: rule-based pre-annotation of events (thin wrapper over :mod:`annotate.suggest`)."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import app
from ._parallel_options import Engine, EngineOption, JobsOption, RayAddressOption
from .common import CorpusOption, DEFAULT_CORPUS_PATH, TableOrJson, echo, refuse_to_overwrite


@app.command("suggest")
def suggest_cli(
    doc_ids: Annotated[Optional[list[str]], typer.Argument(
        help="Document ids (raw/DOC_ID.txt, or a gold line).", show_default=False)] = None,
    all: Annotated[bool, typer.Option("--all", help="Every article of the corpus.")] = False,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    format: Annotated[TableOrJson, typer.Option(
        "--format", "-f", help="table (events and mentions for reading) or json (corpus JSONL lines).")
    ] = TableOrJson.table,
    model: Annotated[Optional[str], typer.Option(
        "--model", help="A model folder from 'annotate train' (its events are added to the rules' ones), or "
        "an installed trained spaCy pipeline (package name or path) whose NER supplies the entity mentions; "
        "never downloaded.")] = None,
    threshold: Annotated[Optional[float], typer.Option(
        "--threshold", help="With a model from 'annotate train': hide its events scored below this "
        "(0-1, default 0.5).", min=0.0, max=1.0)] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write the suggestion documents to FILE as corpus JSONL (atomic write).",
        dir_okay=False)] = None,
    jobs: JobsOption = 1,
    engine: EngineOption = Engine.local,
    ray_address: RayAddressOption = None,
) -> None:
    """Suggest events for articles: triggers from lexicons, arguments by type and position, default
    attributes, normalized times and amounts. Suggestions are candidates for an annotator to accept,
    edit or reject, never gold."""
    from annotate.errors import UsageError
    from annotate.parallel.run import suggest_corpus

    if all and doc_ids:
        raise UsageError("give document ids or --all, not both")
    if not all and not doc_ids:
        raise UsageError("give one or more document ids, or --all (see 'annotate suggest --help')")
    if model is not None:  # the same check and words as 'session --model', before any work starts
        from annotate.suggest.model import check_model

        check_model(model)
    if out is not None:  # suggestions are never gold, nor anyone's annotation
        from annotate.corpus import Corpus

        layout = Corpus(corpus)
        annotated = [layout.gold_path, *(layout.annotations_dir.glob("*/*.jsonl")
                                         if layout.annotations_dir.is_dir() else [])]
        refuse_to_overwrite(out, annotated, why="annotated work, which suggestions must not replace")
    documents = suggest_corpus(corpus=corpus, doc_ids=None if all else doc_ids, model=model, threshold=threshold,
                               jobs=jobs, engine=engine.value, ray_address=ray_address)
    if out is not None:
        from annotate.jsonl import write_documents

        events = 0

        def counted():
            nonlocal events
            for document in documents:
                events += len(document.events)
                yield document

        count = write_documents(out, counted())
        echo(f"wrote {count} suggestion document(s) with {events} event(s) to {out}", err=True)
        return
    for document in documents:
        if format is TableOrJson.json:
            echo(document.to_json())
        else:
            print_table(document)


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width):start].split("\n")[-1]
    right = text[end:end + width].split("\n")[0]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def _value(mention) -> str:
    if mention.time is not None:
        mod = f" {mention.time.mod.value}" if mention.time.mod else ""
        return f"{mention.time.value}{mod}"
    if mention.money is not None:
        money = mention.money
        if money.amount is not None:
            amount = f"{money.amount:,.0f}"
        else:
            amount = " ".join(part for part in (
                f">={money.min:,.0f}" if money.min is not None else "",
                f"<={money.max:,.0f}" if money.max is not None else "") if part)
        return f"{money.currency} {amount}{' ~' if money.approximate else ''}"
    return ""


def print_table(document) -> None:
    from .common import console as make_console
    from rich.markup import escape
    from rich.table import Table

    console = make_console()
    if not console.is_terminal:
        console.width = 200
    mentions = document.mentions_by_id()
    events = Table(title=f"{document.id}: {len(document.events)} suggested event(s)", title_justify="left")
    sourced = any(event.notes and event.notes.startswith("source: ") for event in document.events)
    for column in ("event", "type", "trigger", "arguments", "realis/polarity/tense", "values") + (
            ("source",) if sourced else ()):
        events.add_column(column, overflow="fold")
    for event in document.events:
        args, values = [], []
        for argument in event.arguments:
            mention = mentions[argument.mention]
            args.append(f"{argument.role}={mention.text}")
            value = _value(mention)
            if value:
                values.append(f"{argument.role}: {value}")
        attributes = event.attributes
        events.add_row(event.id + (f" ({event.coref})" if event.coref else ""), event.type,
                       escape(_context(document.text, event.trigger.start, event.trigger.end)),
                       escape("\n".join(args) or "-"),
                       f"{attributes.realis.value}/{attributes.polarity.value}/{attributes.tense.value}",
                       escape("\n".join(values)),
                       *((escape((event.notes or "").removeprefix("source: ")),) if sourced else ()))
    console.print(events)
    table = Table(title=f"{document.id}: {len(document.mentions)} suggested mention(s)", title_justify="left")
    for column in ("mention", "type", "text", "offsets", "entity", "normalized"):
        table.add_column(column, overflow="fold")
    for mention in document.mentions:
        table.add_row(mention.id, mention.type.value, escape(mention.text), f"{mention.start}-{mention.end}",
                      mention.entity or "", escape(_value(mention)))
    console.print(table)
