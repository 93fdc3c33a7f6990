"""The corpus validator: five levels of checks over streamed JSONL records.

- level 1, FORMAT (:mod:`.format`): UTF-8, one JSON object per line, no NaN, duplicate keys, lone
  surrogates, excessive nesting or numbers;
- level 2, SCHEMA (:mod:`.structure`): the :class:`schema.Document` model;
- level 3, CONTENT (:mod:`.content`): offsets, references, roles, normalized values of one document;
- level 4, CORPUS (:mod:`.corpus`): ids, source articles and clusters across records and files;
- level 5, GUIDELINES (:mod:`.guidelines`): what guidelines.md says is wrong (complete documents).

A failed level skips the deeper ones for that record only. Speed: :mod:`.fast` proves most lines clean
on plain dicts; only the others go through the models and the detailed checks, which word the
incidents. Public API: :func:`check_document` (level 3 on an in-memory document),
:func:`validate_paths` (a streaming run over files, folders or ``-``), :class:`Incident`,
:class:`ValidationReport`, :data:`TESTS` (the test-id catalogue).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .content import check_document
    from .guidelines import check_guidelines
    from .incident import LEVEL_CLASSES, Incident, TestInfo
    from .run import (
        MAX_LEVEL, TESTS, ValidationReport, check_record, checked_document, expand_paths, find_corpus_root,
        iter_incidents, validate_paths,
    )

#: Public name -> the submodule that defines it. Imported on first use (PEP 562), so that importing a
#: light submodule (``annotate validate --help`` needs the reporters' OutputFormat only) does not build
#: the schema's models. ``TESTS`` comes through :mod:`.run`, whose import of :mod:`.guidelines` registers
#: level 5's test ids in the one catalogue.
_LAZY = {
    "check_document": "content", "check_guidelines": "guidelines",
    "LEVEL_CLASSES": "incident", "Incident": "incident", "TestInfo": "incident",
    "MAX_LEVEL": "run", "TESTS": "run", "ValidationReport": "run", "check_record": "run", "checked_document": "run",
    "expand_paths": "run", "find_corpus_root": "run", "iter_incidents": "run", "validate_paths": "run",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "LEVEL_CLASSES", "MAX_LEVEL", "TESTS", "Incident", "TestInfo", "ValidationReport", "check_document",
    "check_guidelines", "check_record", "checked_document",
    "expand_paths", "find_corpus_root", "iter_incidents", "validate_paths",
]
