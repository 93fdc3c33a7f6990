"""``annotate render``: one self-contained HTML page to review a corpus in a browser.

- :func:`render_html` turns documents into the page (a string);
- :func:`render_file` streams corpus files into an HTML file (two passes over the input: the overview
  first, then one document at a time), written atomically.

Modules: :mod:`.page` (the page), :mod:`.highlight` (nested spans from code-point offsets),
:mod:`.charts` (inline SVG bars), :mod:`.assets` (style sheet, script, colors).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from schema import Document

from ..corpus import corpus_files
from ..errors import DataError, UsageError
from .page import DEFAULT_TITLE, Overview, page_chunks


@dataclass(frozen=True)
class RenderSummary:
    """What :func:`render_file` wrote."""

    path: Path | None  # None when written to standard output
    documents: int
    events: int
    clusters: int


def render_html(documents: Iterable[Document], *, title: str = DEFAULT_TITLE) -> str:
    """The review page of ``documents`` as one HTML string (see :mod:`annotate.render.page`)."""
    docs = list(documents)
    overview = Overview()
    for document in docs:
        overview.add(document)
    return "".join(page_chunks(overview, docs, title=title))


def _documents(files: Sequence[Path], doc_ids: Sequence[str] | None) -> Iterator[Document]:
    from ..jsonl import read_documents
    from ..evaluate.matching import check_document

    wanted = set(doc_ids) if doc_ids else None
    seen: dict[str, Path] = {}
    for file in files:
        for line, document in enumerate(read_documents(file), start=1):  # a blank line is an error there
            if wanted is not None and document.id not in wanted:
                continue
            if document.id in seen:
                raise DataError(f"document {document.id!r} appears twice (also in {seen[document.id]})",
                                file=file, record_id=document.id)
            seen[document.id] = file
            try:
                check_document(document, file=file)  # never highlight text the span does not hold
            except DataError as exc:
                exc.line = line
                raise
            yield document


def render_stream(paths: Sequence[str | Path], *, doc_ids: Sequence[str] | None = None,
                  title: str = DEFAULT_TITLE) -> tuple[RenderSummary, Iterator[bytes]]:
    """The page of the documents of ``paths`` as UTF-8 chunks, and its summary (``path`` None).

    The overview is gathered in a first pass over the input; the chunks then read it again, one document
    at a time. Raises :class:`UsageError` for an id that is not in the input, :class:`DataError` for
    invalid or duplicate documents (during either pass).
    """
    files = corpus_files(paths)
    if any(str(f) == "-" for f in files):
        raise UsageError("render reads its input twice; give a file, not standard input")
    overview = Overview()
    for document in _documents(files, doc_ids):
        overview.add(document)
    if doc_ids:
        present = {entry.id for entry in overview.documents}
        missing = [d for d in dict.fromkeys(doc_ids) if d not in present]
        if missing:
            raise UsageError(f"no document {', '.join(repr(m) for m in missing)} in "
                             f"{', '.join(str(f) for f in files)}")
    chunks = (chunk.encode("utf-8") for chunk in page_chunks(overview, _documents(files, doc_ids), title=title))
    return RenderSummary(None, len(overview.documents), overview.events, len(overview.clusters)), chunks


def render_file(paths: Sequence[str | Path], out: str | Path, *, doc_ids: Sequence[str] | None = None,
                title: str = DEFAULT_TITLE) -> RenderSummary:
    """Render the documents of ``paths`` (see :func:`corpus_files`), or only ``doc_ids`` in the input's
    order, to the HTML file ``out``, atomically and streaming (see :func:`render_stream`)."""
    from dataclasses import replace

    from ..jsonl import atomic_write_chunks

    summary, chunks = render_stream(paths, doc_ids=doc_ids, title=title)
    atomic_write_chunks(out, chunks)
    return replace(summary, path=Path(out))


__all__ = ["DEFAULT_TITLE", "RenderSummary", "corpus_files", "render_file", "render_html", "render_stream"]
