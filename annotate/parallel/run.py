"""The commands' work on several processes or a Ray cluster: map steps on pieces, reduce in input order.

Every function here gives exactly what its single-process counterpart gives (same incidents in the same
order, same statistics, same suggestion documents, same Parquet files and card); ``jobs=1`` with the
local engine calls the single-process function itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from annotate.errors import UsageError

from . import steps

ENGINES = ("local", "ray")


def run_map(function: Callable, items: Iterable, *, jobs: int = 1, engine: str = "local",
            ray_address: str | None = None) -> Iterator:
    """``map(function, items)`` in input order, on ``jobs`` local processes or on Ray Data."""
    if engine == "local":
        if ray_address is not None:
            raise UsageError("--ray-address goes with --engine ray")
        from .local import ordered_map

        return ordered_map(function, items, jobs=jobs)
    if engine == "ray":
        from .ray import ordered_map as ray_map

        return ray_map(function, items, address=ray_address, jobs=jobs if jobs > 1 else None)
    raise UsageError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")


def _check_options(jobs: int, engine: str) -> None:
    if jobs < 1:
        raise UsageError(f"jobs {jobs}: expected 1 or more")
    if engine not in ENGINES:
        raise UsageError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "ray":
        from .ray import import_ray

        import_ray()  # the one-line install hint before any work


def _sequential(jobs: int, engine: str, ray_address: str | None) -> bool:
    _check_options(jobs, engine)
    if engine == "local" and ray_address is not None:
        raise UsageError("--ray-address goes with --engine ray")
    return engine == "local" and jobs == 1


# -- validate -------------------------------------------------------------------------------------------

def iter_incidents(paths: Iterable[str | Path], *, corpus_root: str | Path | None = None, report=None,
                   jobs: int = 1, engine: str = "local", ray_address: str | None = None,
                   level: int = 5) -> Iterator:
    """:func:`annotate.validate.iter_incidents` on ``jobs`` processes (or Ray): the same incidents, in
    the same order, with the same files and lines (``level`` 4 or 5 on several processes)."""
    if _sequential(jobs, engine, ray_address):
        from annotate.validate.run import iter_incidents as single

        yield from single(paths, corpus_root=corpus_root, report=report, level=level)
        return
    if level < 4:
        from annotate.errors import UsageError

        raise UsageError("--jobs / --engine ray check levels 1-4 or 1-5 (--level 4 or 5); lower levels run on "
                         "one process")
    paths = list(paths)
    if engine == "ray":
        from .ray import check_input

        check_input(paths)
    pieces = steps.validation_pieces(paths, corpus_root=corpus_root)
    reduce = steps.ValidationReduce(report, level=level)
    for result in run_map(steps.validate_piece, pieces, jobs=jobs, engine=engine, ray_address=ray_address):
        yield from reduce.add(result)


def validate_paths(paths: Iterable[str | Path], *, corpus_root: str | Path | None = None,
                   max_errors: int | None = 20, jobs: int = 1, engine: str = "local",
                   ray_address: str | None = None):
    """:func:`annotate.validate.validate_paths` on ``jobs`` processes (or Ray): the same report."""
    from annotate.validate.run import ValidationReport

    report = ValidationReport(max_errors=max_errors)
    for found in iter_incidents(paths, corpus_root=corpus_root, report=report, jobs=jobs, engine=engine,
                                ray_address=ray_address):
        report.add(found)
    return report


# -- stats ----------------------------------------------------------------------------------------------

def corpus_stats(paths: str | Path | Iterable[str | Path], *, per_document: bool = True, jobs: int = 1,
                 engine: str = "local", ray_address: str | None = None):
    """:func:`annotate.stats.corpus_stats` on ``jobs`` processes (or Ray): the same statistics."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    if _sequential(jobs, engine, ray_address):
        from annotate.stats import corpus_stats as single

        return single(paths, per_document=per_document)
    from annotate.stats import CorpusStats

    if engine == "ray":
        from .ray import check_input

        check_input(paths)
    step = steps.stats_piece_per_document if per_document else steps.stats_piece_totals
    total = CorpusStats(keep_documents=per_document)
    for result in run_map(step, steps.stats_pieces(paths), jobs=jobs, engine=engine, ray_address=ray_address):
        if result.error is not None:
            raise result.error
        steps.merge_stats(total, result.stats)
    return total


# -- suggest --------------------------------------------------------------------------------------------

#: Source documents per suggestion task.
SUGGEST_BATCH = 16


def suggest_corpus(*, corpus, doc_ids: Iterable[str] | None = None, model: str | None = None,
                   threshold: float | None = None, jobs: int = 1, engine: str = "local",
                   ray_address: str | None = None) -> Iterator:
    """:func:`annotate.suggest.suggest_corpus` on ``jobs`` processes (or Ray): the same documents, in
    the same order."""
    if _sequential(jobs, engine, ray_address):
        from annotate.suggest import suggest_corpus as single

        yield from single(corpus=corpus, doc_ids=doc_ids, model=model, threshold=threshold)
        return
    from annotate.suggest import suggest_sources

    def batches():
        batch: list = []
        for document in suggest_sources(corpus=corpus, doc_ids=doc_ids):
            batch.append(document)
            if len(batch) >= SUGGEST_BATCH:
                yield batch, model, threshold
                batch = []
        if batch:
            yield batch, model, threshold

    for documents in run_map(steps.suggest_batch, batches(), jobs=jobs, engine=engine, ray_address=ray_address):
        yield from documents


# -- export hf ------------------------------------------------------------------------------------------

def export_hf(out_dir: str | Path, *, input: str | Path, jobs: int = 1, engine: str = "local",
              ray_address: str | None = None, progress: Callable[[int, int], None] | None = None,
              validate: bool = True, **options: Any):
    """:func:`annotate.formats.hf.export_hf` on ``jobs`` processes (or Ray): the same Parquet files and
    card. ``options`` are those of :func:`~annotate.formats.hf.export_hf` (split, seed, guidelines,
    agreement, corpus_readme, annotations_creators)."""
    if _sequential(jobs, engine, ray_address):
        from annotate.formats.hf import export_hf as single

        return single(out_dir, input=input, progress=progress, validate=validate, **options)
    from .export import export_hf_mapped

    if engine == "ray":
        from .ray import check_input

        check_input([input])
    step = steps.export_piece_validated if validate else steps.export_piece_unvalidated

    def mapped(source: Path) -> Iterator:
        from .chunks import file_pieces

        yield from run_map(step, file_pieces(0, source, label=str(source)), jobs=jobs, engine=engine,
                           ray_address=ray_address)

    return export_hf_mapped(out_dir, input=input, mapped=mapped, progress=progress, validate=validate, **options)
