"""No cyclic garbage collection during bulk work: the one switch every bulk loop uses.

Reading, validating, scoring, comparing, counting, importing and exporting allocate many small objects
per document (parsed models, dicts, tuples, tokens) that form hardly any reference cycles and are freed
by reference counting as soon as the next document comes. The collector's passes over them, and over
everything the interpreter has imported, cost 15-30% of those commands (issue 13; ``python -m
benchmarks``). :func:`no_collection` switches the collector off for a block and restores it afterwards
(also on an error); nested blocks leave it off until the outermost ends. Memory stays flat: nothing a
loop keeps needs the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["no_collection"]


@contextmanager
def no_collection(*, freeze: bool = False) -> Iterator[None]:
    """Disable the cyclic garbage collector inside the ``with`` block (re-enabled after, if it was on).

    ``freeze``: also move every object alive now out of later collections (:func:`gc.freeze`: spaCy's
    vocabulary, the models) for the block, as a long export wants; a caller's own freeze stays as it was.
    """
    enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count()
    if freeze:
        gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze and not frozen_before:
            gc.unfreeze()
