"""``annotate export hf OUT_DIR``: the corpus as a Hugging Face dataset folder (Parquet + dataset card)."""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import export_app
from ._parallel_options import Engine, EngineOption, JobsOption, RayAddressOption
from .common import DEFAULT_CORPUS_PATH, CorpusOption, echo

#: Show a progress bar on a non-interactive stderr only from this many documents.
PROGRESS_MIN_DOCUMENTS = 1000


@export_app.command("hf")
def export_hf_cli(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write (created; only README.md, guidelines.md, "
                                            "documents/ and sentences/ in it are replaced).")],
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
    input: Annotated[Optional[Path], typer.Option(
        "--input", "-i", help="Corpus JSONL to export (default: CORPUS/gold.jsonl).", dir_okay=False)] = None,
    split: Annotated[str, typer.Option(
        "--split", help="Splits by document as NAME=FRACTION,... summing to 1, e.g. "
        "train=0.6,validation=0.2,test=0.2 or train=1.")] = "train=0.6,validation=0.2,test=0.2",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the deterministic document split.")] = 0,
    guidelines: Annotated[Optional[Path], typer.Option(
        "--guidelines", help="Annotation guidelines to include and link from the card "
        "(default: guidelines.md beside the corpus folder, when there is one).", dir_okay=False)] = None,
    agreement: Annotated[Optional[Path], typer.Option(
        "--agreement", help="JSON object of inter-annotator agreement figures to show in the card "
        "(e.g. from annotate agree --format json).", dir_okay=False)] = None,
    annotations_creators: Annotated[str, typer.Option(
        "--annotations-creators", help="Who annotated, for the card's Hub metadata: expert-generated, "
        "crowdsourced, machine-generated (a model annotated the gold, as for the bundled corpus), found, "
        "no-annotation or other.")] = "expert-generated",
    results: Annotated[Optional[list[str]], typer.Option(
        "--results", metavar="SYSTEM|TRAINED ON|SCORED ON=FILE",
        help="A baseline for the card's results table: FILE written by `annotate score --format json`, "
        "labelled with the system, what it was trained on and what it was scored on. Repeatable.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    cache: Annotated[bool, typer.Option(
        "--cache/--no-cache", help="Reuse the sentences and tokens of texts seen before (the analysis cache "
        "annotate stats shares, in $EVENTGOLD_CACHE/analysis, default ~/.cache/eventgold/analysis), so that "
        "spaCy runs only on new texts (without --jobs). The output is the same.")] = True,
    jobs: JobsOption = 1,
    engine: EngineOption = Engine.local,
    ray_address: RayAddressOption = None,
) -> None:
    """Export the gold corpus as a Hugging Face dataset: documents/ and sentences/ Parquet files per
    split and a README.md dataset card, ready for `annotate publish`."""
    from annotate.corpus import Corpus
    from annotate.errors import UsageError
    from annotate.formats.hf import scan_ids
    from annotate.parallel.run import export_hf
    from annotate.stats import default_cache_folder

    home = Corpus(corpus)
    source = input if input is not None else home.gold_path
    if not source.is_file():
        raise UsageError(f"{source}: no such corpus file (use --corpus DIR or --input FILE)")
    if guidelines is None:
        candidate = home.root.resolve().parent / "guidelines.md"
        guidelines = candidate if candidate.is_file() else None
    elif not guidelines.is_file():
        raise UsageError(f"{guidelines}: no such file")
    figures = load_agreement(agreement) if agreement is not None else None
    baselines = load_results(results) if results else None
    readme = home.root / "README.md"
    folder = default_cache_folder() if cache else None

    total = len(scan_ids(source))
    show = not quiet and (sys.stderr.isatty() or total >= PROGRESS_MIN_DOCUMENTS)
    if show:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("export", total=total)
            result = export_hf(out_dir, input=source, split=split, seed=seed, guidelines=guidelines,
                               agreement=figures, corpus_readme=readme if readme.is_file() else None,
                               annotations_creators=annotations_creators, results=baselines, jobs=jobs,
                               engine=engine.value, ray_address=ray_address, cache=folder,
                               progress=lambda done, _total: bar.update(task, completed=done))
    else:
        result = export_hf(out_dir, input=source, split=split, seed=seed, guidelines=guidelines,
                           agreement=figures, corpus_readme=readme if readme.is_file() else None,
                           annotations_creators=annotations_creators, results=baselines, jobs=jobs,
                           engine=engine.value, ray_address=ray_address, cache=folder)
    if quiet:
        return
    echo(f"Exported {result.documents} document(s) from {source} to {result.out_dir}")
    for info in result.splits:
        echo(f"  {info.name:<12} {info.documents:>6} documents  {info.num_examples['documents']:>6} rows "
             f"(documents)  {info.num_examples['sentences']:>7} rows (sentences)")
    counts = result.sentence_counts
    if counts.arguments_outside_sentence or counts.overlapping_triggers:
        echo(f"  sentences view: {counts.arguments_outside_sentence} cross-sentence argument(s) and "
             f"{counts.overlapping_triggers} overlapping trigger(s) not representable (stated in the card)")
    echo(f"Load it with datasets.load_dataset({str(result.out_dir)!r}, \"documents\"); "
         f"publish with: annotate publish {result.out_dir} --repo-id ORG/NAME")


def load_results(options: list[str]) -> list:
    """The labelled score reports of the ``--results`` options, checked before anything is exported."""
    from annotate.errors import UsageError
    from annotate.formats.hf_results import load_result, parse_results_option

    loaded = []
    for option in options:
        system, trained_on, scored_on, path = parse_results_option(option)
        if not path.is_file():
            raise UsageError(f"--results {option!r}: {path}: no such file")
        loaded.append(load_result(path, system=system, trained_on=trained_on, scored_on=scored_on))
    return loaded


def load_agreement(path: Path) -> dict[str, object]:
    """Agreement figures from a JSON file, flattened to ``{"a.b": value}`` rows for the card.

    Any JSON object works (``{"trigger F1": 0.81, "kappa": {"realis": 0.7}}``). The report of
    ``annotate agree --format json`` is read as its overall figures per pair of annotation sets
    (``alice vs bob: trigger.f1``); per-document breakdowns and counts (integers) are left out.
    """
    import json

    from annotate.errors import DataError, StorageError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise DataError(f"not valid JSON: {exc}", file=path) from None
    if not isinstance(data, dict):
        raise DataError("expected a JSON object of agreement figures", file=path)
    flat: dict[str, object] = {}

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("documents", "partial_documents", "sets"):
                    walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, float):
            flat[prefix] = value

    pairs = data.get("pairs")
    if isinstance(pairs, list) and all(isinstance(p, dict) and "overall" in p for p in pairs):
        for pair in pairs:
            walk(f"{pair.get('a')} vs {pair.get('b')}", pair["overall"])
        walk("", {k: v for k, v in data.items() if k != "pairs"})
    else:
        walk("", data)
    if not flat:
        raise DataError("no agreement figures (decimal numbers) found in this JSON", file=path)
    return flat
