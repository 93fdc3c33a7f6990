"""The reduce side of ``export hf`` on several workers: the map results written into the same Parquet files.

:func:`export_hf_mapped` is :func:`annotate.formats.hf.export_hf` with its per-document loop replaced by
the results of :func:`annotate.parallel.steps.export_piece` (``documents`` row, ``sentences`` block,
warnings, partial statistics), consumed in input order: the rows go into the same
:class:`~annotate.formats.hf.ParquetSink`\\ s in the same order, hence the same row groups and
byte-identical files, and the card is written from the same figures. ``cache`` (the analysis cache of
the single-process export) is not used: the workers tokenize. Everything else (splits, checks
of the target folder, staging and the final swap) is the export's own code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotate.errors import DataError, StorageError, UsageError


def export_hf_mapped(out_dir: str | Path, *, input: str | Path, mapped: Callable[[Path], Iterator],
                     split: str | None = None, seed: int = 0, guidelines: str | Path | None = None,
                     agreement: dict[str, Any] | None = None, corpus_readme: str | Path | None = None,
                     progress: Callable[[int, int], None] | None = None, validate: bool = True,
                     annotations_creators: str = "expert-generated", results: list[Any] | None = None,
                     cache: str | Path | None = None):
    from annotate.formats import hf
    from annotate.stats import CorpusStats

    from .steps import merge_stats

    split = split if split is not None else hf.DEFAULT_SPLIT
    if annotations_creators not in hf.ANNOTATIONS_CREATORS:
        raise UsageError(f"annotations_creators {annotations_creators!r}: expected one of "
                         f"{', '.join(hf.ANNOTATIONS_CREATORS)}")
    source = Path(input)
    if not source.is_file():
        raise UsageError(f"{source}: no such corpus file (export a gold.jsonl: --corpus DIR or --input FILE)")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    hf._check_target(target)
    spec = hf.parse_split_spec(split)
    if "all" in (name for name, _ in spec):
        raise UsageError("--split: 'all' is reserved by the datasets library (split='all' means every split "
                         "together), so load_dataset cannot read a split named so; name the one split e.g. "
                         "train=1")
    ids = hf.scan_ids(source)
    if not ids:
        raise DataError("the corpus has no documents", file=source)
    assignment, split_infos = hf.plan_splits(ids, spec, seed=seed)
    with hf.staged_sinks(target, spec) as (output, staging, sinks):  # staged beside, swapped in whole
        stats = CorpusStats(keep_documents=False)
        counts = hf.SentenceCounts()
        done = 0
        warnings = 0
        for result in mapped(source):
            for exported in result.documents:
                name = assignment.get(exported.id)
                if name is None:  # the file changed between the two passes
                    raise StorageError(f"{source}: changed during the export (unknown id {exported.id!r})")
                warnings += exported.warnings
                sinks["documents", name].add(exported.row, exported.chars)
                sinks["sentences", name].add_block(exported.sentences)
                done += 1
                if progress is not None:
                    progress(done, len(ids))
            if result.error is not None:
                raise result.error
            merge_stats(stats, result.stats)
            for key, value in vars(result.counts).items():
                setattr(counts, key, getattr(counts, key) + value)
        if done != len(ids):
            raise StorageError(f"{source}: changed during the export ({len(ids)} ids, {done} documents)")
        return hf.finish_export(output, staging, sinks, split_infos, target=target, source=source, seed=seed,
                                stats=stats, counts=counts, guidelines=guidelines, validate=validate,
                                warnings=warnings, annotations_creators=annotations_creators, agreement=agreement,
                                corpus_readme=corpus_readme, results=results)
