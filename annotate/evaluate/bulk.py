"""No garbage collection while a comparison runs over a whole corpus.

Scoring and agreement allocate many small objects per document (parsed models, tuples, sets) that
form no reference cycles and are freed by reference counting as soon as the next document comes; the
collector's passes over them, and over everything the interpreter has imported, cost about 15% of
``annotate score`` and ``annotate agree`` (issue 13; ``python -m benchmarks --only score,agree``).
:func:`no_collection` switches the cyclic collector off for the loop and restores it afterwards (also
on an error), as :mod:`annotate.formats.importing` does for imports. Memory stays flat: nothing the
loop keeps needs the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collection() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the ``with`` block (re-enabled after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["no_collection"]
