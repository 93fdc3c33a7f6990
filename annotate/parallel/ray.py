"""The Ray engine: the map steps on Ray Data, against a running cluster or a local one started for the run.

Ray is imported only here, and only when a function of this module is called (``pip install
eventgold[ray]``). :func:`ordered_map` builds a Ray Data pipeline over the pieces of the input
(:func:`ray.data.from_items` of small descriptors: file, byte range, first line number), maps the
step over it with ``map_batches`` (one piece per batch; each Ray worker opens its piece of the file
itself, so the files must be on a file system every node sees), and streams the results back to this
process in input order (``preserve_order``), where the reduce steps run: corpus-wide checks, merged
statistics, the Parquet files of the export. So the output is exactly the single-process output.

Why not ``ray.data.read_text``/``read_json``: they decode the lines (the validator must see the raw
bytes, including invalid UTF-8) and drop line numbers (every incident names its ``file:line``). The
pieces give both, at the cost of one quick newline count of each file in this process.
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from annotate.errors import UsageError

INSTALL_HINT = "the Ray engine needs Ray: pip install 'eventgold[ray]'"


def import_ray():
    """The ``ray`` module, or UsageError (exit 2) with the install command when it is not installed."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return ray


def start(*, address: str | None = None, num_cpus: int | None = None) -> Any:
    """Connect to the Ray cluster at ``address`` (``auto``: the one this machine belongs to), or start
    a local one with ``num_cpus`` CPUs when ``address`` is None. Does nothing when Ray is already
    initialized (a notebook or a Ray job that called ``ray.init`` itself)."""
    ray = import_ray()
    import logging

    for name in ("ray", "ray.data"):  # Ray's progress lines are not ours to print; its warnings are
        logging.getLogger(name).setLevel(logging.WARNING)
    # ... except two notices that every run of a local instance would print: "token authentication is
    # enabled" (it is, by default: good) and "progress bars disabled" (we disable them: the reduce prints)
    for name in ("ray._private.authentication.authentication_token_setup", "ray.data._internal.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return ray
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
    if address is not None:
        ray.init(address=address, **options)
    else:
        # a local instance for this run: no usage statistics sent anywhere (Ray's default is to send)
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        ray.init(num_cpus=num_cpus, **options)
    return ray


def _apply(batch: dict, function: Callable) -> dict:
    """One Ray Data batch of pickled items -> the pickled results of ``function``."""
    return {"result": [pickle.dumps(function(pickle.loads(item)), protocol=5) for item in batch["item"]]}


#: Items per Ray Data pipeline: the items of one group are in the driver's memory at once (piece
#: descriptors are tiny; suggest's source documents are whole texts), and the next group starts when
#: the results of this one have been handed on.
GROUP = 1024


def ordered_map(function: Callable, items: Iterable, *, address: str | None = None, jobs: int | None = None,
                group: int = GROUP) -> Iterator:
    """``map(function, items)`` on Ray Data, results in the order of ``items``.

    ``jobs`` caps the number of concurrent map tasks (default: Ray's own choice from the cluster's
    CPUs) and is the number of CPUs of a local instance started for the run. Items are taken ``group``
    at a time, so the driver's memory stays bounded. Exceptions raised by ``function`` come back as
    Ray errors; the steps of :mod:`annotate.parallel.steps` return theirs in their results instead, so
    that the reduce raises them in order.
    """
    ray = start(address=address, num_cpus=jobs)
    data = ray.data
    context = data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    options: dict[str, Any] = {"batch_size": 1, "fn_kwargs": {"function": function}, "zero_copy_batch": True}
    if jobs:
        options["compute"] = data.TaskPoolStrategy(size=jobs)
    source = iter(items)
    while True:
        rows = [{"item": pickle.dumps(item, protocol=5)} for item in itertools.islice(source, group)]
        if not rows:
            return
        dataset = data.from_items(rows, override_num_blocks=len(rows))
        for row in dataset.map_batches(_apply, **options).iter_rows():
            yield pickle.loads(row["result"])


def check_input(paths: Iterable[Any]) -> None:
    """UsageError for standard input: Ray workers open the files themselves."""
    if any(str(path) == "-" for path in paths):
        raise UsageError("--engine ray reads files (each worker opens its part of a file): give files or "
                         "folders, not - for standard input")
