"""The local engine: the map steps on ``jobs`` worker processes of this machine, results in input order.

:func:`ordered_map` submits one task per item to a :class:`concurrent.futures.ProcessPoolExecutor` and
yields the results in the order of the items, with at most ``window`` tasks in flight (default: twice
the number of workers). The items are produced lazily and each result is handed on as soon as all
earlier ones are, so memory is bounded by the window, whatever the size of the input. An exception
raised by a task is raised here when its turn comes, after the results of the items before it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _worker_start(initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    """In each worker: leave Ctrl-C to the main process (which stops the run and prints one line),
    so that the workers do not each print a KeyboardInterrupt traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def ordered_map(function: Callable[[T], R], items: Iterable[T], *, jobs: int,
                window: int | None = None, initializer: Callable[..., Any] | None = None,
                initargs: tuple = ()) -> Iterator[R]:
    """``map(function, items)`` on ``jobs`` processes, in order, with at most ``window`` items in flight.

    ``jobs`` <= 1 runs in this process (no pool): the same results, the same exceptions. ``function``
    and the items must be picklable (module-level functions, plain data).
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield function(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    window = window or 2 * jobs
    pending: deque = deque()
    source = iter(items)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start,
                             initargs=(initializer, initargs)) as pool:
        try:
            for item in source:
                pending.append(pool.submit(function, item))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
