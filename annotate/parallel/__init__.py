"""The per-document work of validate, suggest, stats and export hf on all local cores or on Ray.

Each command's per-document work is a *map step* over pieces of the input lines
(:mod:`.steps`: pure functions of a :class:`~.chunks.Piece`, which a worker reads by itself), followed
by a *reduce* in input order in the calling process (the corpus-wide checks such as unique ids and
cluster types, merged statistics, the Parquet files). Two engines run the map:

- ``engine="local"`` (:mod:`.local`): ``jobs`` worker processes of this machine, a bounded number of
  pieces in flight;
- ``engine="ray"`` (:mod:`.ray`, ``pip install 'eventgold[ray]'``, imported only then): Ray Data, on a
  running cluster (``ray_address``) or a local instance started for the run.

The results are those of the single-process functions, byte for byte: the same incidents in the same
order with the same files and lines, the same statistics, suggestion documents, Parquet files and card.

    from annotate.parallel import validate_paths, corpus_stats, suggest_corpus, export_hf
    report = validate_paths(["corpus/"], jobs=4)
    stats = corpus_stats("silver.jsonl", engine="ray", ray_address="auto")
"""

from .chunks import Piece, file_pieces, piece_lines
from .local import cpu_count, ordered_map
from .run import ENGINES, corpus_stats, export_hf, iter_incidents, run_map, suggest_corpus, validate_paths
from .steps import (
    ValidationReduce, export_piece, merge_stats, stats_piece, suggest_batch, validate_piece, validation_pieces,
)

__all__ = [
    "ENGINES", "Piece", "ValidationReduce", "corpus_stats", "cpu_count", "export_hf", "export_piece",
    "file_pieces", "iter_incidents", "merge_stats", "ordered_map", "piece_lines", "run_map", "stats_piece",
    "suggest_batch", "suggest_corpus", "validate_paths", "validate_piece", "validation_pieces",
]
