"""``annotate stats``: counts of documents, sentences, tokens, mentions, events, arguments, attributes,
normalized values, hoppers and clusters, per document and in total."""


from pathlib import Path
from typing import Annotated, Optional

import typer


from ._app import app
from ._parallel_options import Engine, EngineOption, JobsOption, RayAddressOption
from .common import CorpusOption, DEFAULT_CORPUS_PATH, TableOrJson, print_json


@app.command("stats")
def stats_cli(
    path: Annotated[Optional[Path], typer.Argument(
        help="Corpus JSONL file; a corpus folder (its gold.jsonl) or another folder of *.jsonl (default: CORPUS/gold.jsonl).",
        show_default=False)] = None,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    jobs: JobsOption = 1,
    engine: EngineOption = Engine.local,
    ray_address: RayAddressOption = None,
    cache: Annotated[bool, typer.Option(
        "--cache/--no-cache", help="Reuse the sentence and token counts of texts seen before (kept in "
        "$EVENTGOLD_CACHE/analysis, default ~/.cache/eventgold/analysis), so that spaCy runs only on new texts "
        "(without --jobs).")] = True,
) -> None:
    """Print corpus statistics, per document and in total."""
    from annotate.errors import UsageError
    from annotate.parallel.run import corpus_stats
    from annotate.stats import corpus_stats as corpus_stats_cached, default_cache_folder

    if path is None:
        from annotate.corpus import Corpus  # here, not at start-up (--help)
        path = Corpus(corpus).gold_path
        if not path.exists():
            raise UsageError(f"{path}: no gold corpus here (give a JSONL file or folder, or use --corpus DIR)")
    if jobs == 1 and engine is Engine.local and ray_address is None:
        stats = corpus_stats_cached(path, cache=default_cache_folder() if cache else None)
    else:
        stats = corpus_stats(path, jobs=jobs, engine=engine.value, ray_address=ray_address)
    if format is TableOrJson.json:
        print_json(stats.to_dict())
        return
    print_tables(stats.to_dict())


def print_tables(data: dict) -> None:
    from .common import console as make_console
    from rich.table import Table

    console = make_console()
    if not console.is_terminal:  # piped or redirected: do not squeeze the tables into 80 columns
        console.width = 160
    total = data["total"]
    docs = Table(title="Per document", title_justify="left")
    columns = ("document", "sent.", "tokens", "mentions", "entities", "events", "args",
               "TIME norm.", "MONEY norm.", "hoppers", "clusters")
    for i, column in enumerate(columns):
        docs.add_column(column, justify="left" if i == 0 else "right", no_wrap=i == 0)
    for doc in data["documents"]:
        docs.add_row(doc["id"], str(doc["sentences"]), str(doc["tokens"]), str(doc["mentions"]),
                     str(doc["entities"]), str(doc["events"]), str(doc["arguments"]),
                     f"{doc['time_normalized']}/{doc['time_mentions']}",
                     f"{doc['money_normalized']}/{doc['money_mentions']}", str(doc["hoppers"]), str(doc["clusters"]))
    norm = total["normalization"]
    docs.add_section()
    docs.add_row("total", str(total["sentences"]), str(total["tokens"]), str(total["mentions"]),
                 str(total["entities"]), str(total["events"]), str(total["arguments"]),
                 f"{norm['time']['normalized']}/{norm['time']['mentions']}",
                 f"{norm['money']['normalized']}/{norm['money']['mentions']}", str(total["hoppers"]),
                 str(total["clusters"]["count"]))
    console.print(f"{total['documents']} documents, {total['characters']} characters")
    status = ", ".join(f"{n} {name}" for name, n in total["annotation"]["status"].items())
    annotators = ", ".join(f"{name} ({n})" for name, n in total["annotation"]["annotators"].items())
    console.print(f"Annotation status: {status or '-'}; annotators: {annotators or '-'}")
    created = total["sources"]["creation_time"]
    if created["earliest"]:
        console.print(f"Creation times: {created['earliest']} to {created['latest']} "
                      f"({', '.join(f'{n} {m}' for m, n in created['methods'].items())})")
    console.print(docs)

    mentions = Table(title="Mentions by type", title_justify="left")
    mentions.add_column("type")
    mentions.add_column("mentions", justify="right")
    for name, n in total["mentions_by_type"].items():
        mentions.add_row(name, str(n))
    console.print(mentions)

    events = Table(title="Events and arguments by type and role", title_justify="left")
    for column in ("event type", "events", "role", "arguments"):
        events.add_column(column, justify="right" if column in ("events", "arguments") else "left")
    for type_name, roles in total["arguments_by_role"].items():
        first = True
        for role, n in roles.items():
            events.add_row(type_name if first else "", str(total["events_by_type"].get(type_name, 0)) if first else "",
                           role, str(n))
            first = False
        events.add_section()
    console.print(events)

    attributes = Table(title="Attributes (all events)", title_justify="left")
    for column in ("attribute", "value", "events"):
        attributes.add_column(column, justify="right" if column == "events" else "left")
    for name, values in total["attributes"].items():
        for i, (value, n) in enumerate(values.items()):
            attributes.add_row(name if i == 0 else "", value, str(n))
    console.print(attributes)

    def coverage(item: dict) -> str:
        pct = "n/a" if item["coverage"] is None else f"{100 * item['coverage']:.0f}%"
        return f"{item['normalized']}/{item['mentions']} ({pct})"

    clusters = total["clusters"]
    console.print(f"Normalized values: TIME {coverage(norm['time'])}, MONEY {coverage(norm['money'])}")
    console.print(f"Hoppers: {total['hoppers']} ({total['multi_mention_hoppers']} with several mentions)")
    console.print(f"Clusters: {clusters['count']} ({clusters['cross_document']} across several documents)")
    if clusters["documents_per_cluster"]:
        table = Table(title="Clusters", title_justify="left")
        for column in ("cluster", "documents", "event mentions"):
            table.add_column(column, justify="left" if column == "cluster" else "right")
        for cid, n in clusters["documents_per_cluster"].items():
            table.add_row(cid, str(n), str(clusters["events_per_cluster"][cid]))
        console.print(table)
