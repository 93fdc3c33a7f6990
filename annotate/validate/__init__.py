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

from .incident import TESTS
from .guidelines import GUIDELINE_TESTS, check_guidelines

TESTS.update(GUIDELINE_TESTS)  # level 5 registers its test ids in the one catalogue

from .content import check_document  # noqa: E402
from .incident import LEVEL_CLASSES, Incident, TestInfo  # noqa: E402
from .run import (  # noqa: E402
    MAX_LEVEL, ValidationReport, check_record, checked_document, expand_paths, find_corpus_root, iter_incidents,
    validate_paths,
)

__all__ = [
    "LEVEL_CLASSES", "MAX_LEVEL", "TESTS", "Incident", "TestInfo", "ValidationReport", "check_document",
    "check_guidelines", "check_record", "checked_document",
    "expand_paths", "find_corpus_root", "iter_incidents", "validate_paths",
]
