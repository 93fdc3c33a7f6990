"""``annotate render``: review a corpus in a browser, offline.

- :func:`render_html` turns documents into one self-contained page (a string);
- :func:`render_file` streams corpus files into ``OUT.html``: one self-contained page when the documents
  fit one page (``per_page``, default :data:`DEFAULT_PER_PAGE`), else a review in several pages, the
  folder ``OUT_pages/`` (an index with the charts and a paginated table of contents, document pages with
  previous / next links, cluster pages; :mod:`.pages`) and at ``OUT.html`` a small page that opens its
  index. Both read the input twice (the overview first, then one document at a time) in flat memory, and
  write atomically: the folder is staged beside and swapped in whole (:mod:`annotate.outputs`);
- :func:`render_stream` gives the single page as chunks (standard output).

Modules: :mod:`.overview` (what the first pass gathers, in flat memory), :mod:`.page` (the pieces of a
page, and the single page), :mod:`.pages` (the review in several pages), :mod:`.highlight` (nested spans
from code-point offsets), :mod:`.charts` (inline SVG bars), :mod:`.assets` (style sheet, script, colors).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from schema import Document

from ..corpus import corpus_files
from ..errors import DataError, UsageError
from .overview import Overview
from .page import DEFAULT_TITLE, page_chunks

#: Documents per page of a review: pages of the synthetic benchmark corpus at this size open in well
#: under a second in headless Chromium (README, Figures); a corpus of at most this many is one page.
DEFAULT_PER_PAGE = 50
#: The file in a folder of pages that says annotate render wrote it (and may replace or remove it).
MARKER = ".annotate-render"


@dataclass(frozen=True)
class RenderSummary:
    """What :func:`render_file` wrote."""

    path: Path | None  # None when written to standard output
    documents: int
    events: int
    clusters: int
    pages: int = 1  # document pages
    folder: Path | None = None  # the folder of pages, for a review in several pages


def pages_folder(out: str | Path) -> Path:
    """The folder that holds the pages of the review at ``out``: ``review.html`` -> ``review_pages``."""
    out = Path(out)
    return out.parent / f"{out.stem}_pages"


def render_html(documents: Iterable[Document], *, title: str = DEFAULT_TITLE) -> str:
    """The review of ``documents`` as one self-contained HTML page (see :mod:`annotate.render.page`)."""
    docs = list(documents)
    overview = Overview()
    try:
        for document in docs:
            overview.add(document)
        overview.finish()
        return "".join(page_chunks(overview, docs, title=title))
    finally:
        overview.close()


def _documents(files: Sequence[Path], doc_ids: Sequence[str] | None, overview: Overview, *,
               again: bool = False) -> Iterator[Document]:
    """The documents of ``files`` (only ``doc_ids`` when given), checked. The first pass adds each to
    ``overview`` (a repeated id is an error); the second (``again``) checks that it reads the same
    documents in the same order."""
    from ..evaluate.matching import check_document
    from ..jsonl import read_documents

    wanted = set(doc_ids) if doc_ids else None
    ledger = overview.ledger
    index = 0
    for number, file in enumerate(files):
        for line, document in enumerate(read_documents(file), start=1):  # a blank line is an error there
            if wanted is not None and document.id not in wanted:
                continue
            if again:
                if ledger.id_at(index) != document.id:
                    raise DataError("the input changed while it was being rendered (a document is not the one "
                                    "read before); render again", file=file, line=line, record_id=document.id)
            else:
                previous = ledger.seen(document.id)
                if previous is not None:
                    raise DataError(f"document {document.id!r} appears twice (also in {files[previous]})",
                                    file=file, line=line, record_id=document.id)
            try:
                check_document(document, file=file)  # never highlight text the span does not hold
            except DataError as exc:
                exc.line = line
                raise
            if not again:
                overview.add(document, file=number)
            index += 1
            yield document
    if again and index != overview.count:
        raise DataError(f"the input changed while it was being rendered ({index} documents now, "
                        f"{overview.count} before); render again", file=files[-1])


def _overview(files: Sequence[Path], doc_ids: Sequence[str] | None, *, per_page: int) -> Overview:
    """The first pass: counts and records of every document (entries only while they fit one page)."""
    if any(str(f) == "-" for f in files):
        raise UsageError("render reads its input twice; give a file, not standard input")
    overview = Overview(keep_entries=per_page or None)
    try:
        for _ in _documents(files, doc_ids, overview):
            pass
        if doc_ids:
            missing = [d for d in dict.fromkeys(doc_ids) if overview.ledger.seen(d) is None]
            if missing:
                raise UsageError(f"no document {', '.join(repr(m) for m in missing)} in "
                                 f"{', '.join(str(f) for f in files)}")
    except BaseException:
        overview.close()
        raise
    return overview


def _summary(overview: Overview, path: Path | None, **extra) -> RenderSummary:
    return RenderSummary(path, overview.count, overview.events, overview.clusters, **extra)


def render_stream(paths: Sequence[str | Path], *, doc_ids: Sequence[str] | None = None,
                  title: str = DEFAULT_TITLE, per_page: int = DEFAULT_PER_PAGE
                  ) -> tuple[RenderSummary, Iterator[bytes]]:
    """The single page of the documents of ``paths`` as UTF-8 chunks, and its summary (``path`` None).

    The overview is gathered in a first pass over the input; the chunks then read it again, one document
    at a time. Raises :class:`UsageError` for an id that is not in the input, or when there are more than
    ``per_page`` documents (0: no limit; one page cannot hold more and open fast: use
    :func:`render_file`), :class:`DataError` for invalid or duplicate documents (during either pass).
    """
    files = corpus_files(paths)
    overview = _overview(files, doc_ids, per_page=per_page)
    if per_page and overview.count > per_page:
        count = overview.count
        overview.close()
        raise UsageError(f"{count} documents do not fit one page (--per-page {per_page}); write the review to a "
                         "file (-o review.html) to get an index and pages, or give --per-page 0 for one page")
    overview.finish()

    def chunks() -> Iterator[bytes]:
        try:
            for chunk in page_chunks(overview, _documents(files, doc_ids, overview, again=True), title=title):
                yield chunk.encode("utf-8")
        finally:
            overview.close()

    return _summary(overview, None), chunks()


def render_file(paths: Sequence[str | Path], out: str | Path, *, doc_ids: Sequence[str] | None = None,
                title: str = DEFAULT_TITLE, per_page: int = DEFAULT_PER_PAGE) -> RenderSummary:
    """Render the documents of ``paths`` (see :func:`corpus_files`), or only ``doc_ids`` in the input's
    order, to the HTML file ``out``: one page when there are at most ``per_page`` documents (0: always),
    else pages of ``per_page`` documents in :func:`pages_folder` and at ``out`` a page that opens their
    index (see the module docs). Streaming, in flat memory, atomic."""
    from ..jsonl import atomic_write_chunks

    out = Path(out)
    files = corpus_files(paths)
    if per_page < 0:
        raise UsageError(f"--per-page must be 0 (one page) or more, not {per_page}")
    if out.is_dir():
        raise UsageError(f"{out}: is a folder; give the HTML file to write (its pages, if any, go to "
                         f"{pages_folder(out).name}/ beside it)")
    overview = _overview(files, doc_ids, per_page=per_page)
    try:
        folder = pages_folder(out)
        if not per_page or overview.count <= per_page:
            overview.finish()
            chunks = page_chunks(overview, _documents(files, doc_ids, overview, again=True), title=title)
            atomic_write_chunks(out, (chunk.encode("utf-8") for chunk in chunks))
            _remove_stale(folder)
            return _summary(overview, out)
        overview.finish(paged=True)
        pages = _write_pages(folder, overview, _documents(files, doc_ids, overview, again=True), files=files,
                             per_page=per_page, title=title, entry=out.name)
        from urllib.parse import quote

        from .pages import entry_page

        atomic_write_chunks(out, [entry_page(f"{quote(folder.name)}/index.html", title=title).encode("utf-8")])
        return _summary(overview, out, pages=pages, folder=folder)
    finally:
        overview.close()


def _write_pages(folder: Path, overview: Overview, documents: Iterable[Document], *, files: Sequence[Path],
                 per_page: int, title: str, entry: str) -> int:
    """Write the pages into ``folder``, replacing it whole (one swap); returns the document pages."""
    from ..outputs import replace_folder
    from .pages import Site

    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise UsageError(f"{folder}: exists and was not written by annotate render (no {MARKER} in it); the review "
                         "would replace it: move it away or choose another output file")
    resolved = folder.resolve()
    for file in files:
        if resolved in file.resolve().parents:
            raise UsageError(f"{file}: is inside {folder}, which the review replaces whole; choose another output "
                             "file")
    site = Site(overview, per_page=per_page, title=title)
    with replace_folder(folder, owned=None) as staging:
        (staging / MARKER).write_text(
            f"The pages of the review {entry}, written by eventgold's annotate render. The next render to {entry} "
            "replaces this folder whole (or removes it when the review fits one page).\n", encoding="utf-8")
        site.write(staging, documents)
    return site.pages


def _remove_stale(folder: Path) -> None:
    """Remove the pages of an earlier review in several pages (now one page), under the folder's lock:
    renamed away in one step, then deleted; a folder annotate render did not write is left alone."""
    import os

    from ..jsonl import fsync_directory
    from ..outputs import FolderOutput

    if not (folder.is_dir() and (folder / MARKER).is_file()):
        return
    output = FolderOutput(folder, owned=None)
    try:
        staging = output.open()
        os.rename(folder, staging)  # onto the empty staging folder, which close() removes
        fsync_directory(folder.parent)
    finally:
        output.close()


__all__ = ["DEFAULT_PER_PAGE", "DEFAULT_TITLE", "RenderSummary", "corpus_files", "pages_folder", "render_file",
           "render_html", "render_stream"]
