"""A review in several pages, for a corpus larger than one page's worth of documents.

Written into one folder (staged and swapped in whole by :mod:`annotate.render`), every file a
self-contained page like the single one (inline CSS, script and SVG under the same
Content-Security-Policy; relative links only):

- ``index.html``: the figures, the legend, the charts, the cluster count, and the first page of the
  table of contents;
- ``contents-2.html`` ...: the rest of the table of contents, :data:`CONTENTS_PER_PAGE` documents a page
  (whole document pages, grouped under their page number);
- ``page-1.html`` ...: ``per_page`` documents each, as on the single page, with their side index and
  previous / next links;
- ``clusters-1.html`` ...: the event clusters, most documents first, ``CLUSTERS_PER_PAGE`` a page
  (:mod:`.overview`), each with its first ``MAX_CLUSTER_MEMBERS`` event mentions.

Only one document page (its sections) and one table of contents page (its entries) are held at a time;
counts, the chart's documents and the clusters come from the :class:`Overview` of the first pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

from schema import Document

from .assets import type_colors
from .overview import DocEntry, Overview
from .page import (
    Links, charts, clusters_file, clusters_note, cluster_table, document_section, figures, footer, html_head,
    index_entry, legend, page_file, search_text, toolbar,
)

#: Documents listed on one page of the table of contents (rounded down to whole document pages).
CONTENTS_PER_PAGE = 1000
#: Page numbers a pager shows on each side of the current one.
PAGER_WINDOW = 4


def contents_file(page: int) -> str:
    return "index.html" if page == 1 else f"contents-{page}.html"


def pager(current: int, total: int, file_of: Callable[[int], str], *, label: str, noun: str = "page") -> str:
    """Previous / next and the page numbers around ``current`` (first and last always shown)."""
    if total <= 1:
        return ""
    shown = sorted({1, total, *range(max(1, current - PAGER_WINDOW), min(total, current + PAGER_WINDOW) + 1)})
    parts = []
    if current > 1:
        parts.append(f'<a class="keep" rel="prev" href="{file_of(current - 1)}">← previous {noun}</a>')
    last = 0
    for number in shown:
        if number > last + 1:
            parts.append('<span class="gap">…</span>')
        if number == current:
            parts.append(f'<span aria-current="page">{number}</span>')
        else:
            parts.append(f'<a class="keep" href="{file_of(number)}">{number}</a>')
        last = number
    if current < total:
        parts.append(f'<a class="keep" rel="next" href="{file_of(current + 1)}">next {noun} →</a>')
    return f'<nav class="pager" aria-label="{escape(label)}">{"".join(parts)}</nav>'


class Site:
    """The pages of one review (see the module docs); :meth:`write` fills ``folder``."""

    def __init__(self, overview: Overview, *, per_page: int, title: str) -> None:
        self.overview = overview
        self.per_page = per_page
        self.title = title
        self.types = overview.types
        self.colors = type_colors(self.types)
        self.links = Links(per_page, overview.ledger)
        self.pages = max(1, -(-overview.count // per_page))
        self.pages_per_contents = max(1, CONTENTS_PER_PAGE // per_page)
        self.contents_pages = -(-self.pages // self.pages_per_contents)
        self.cluster_pages = overview.ledger.pages if overview.clusters else 0

    # -- shared parts --------------------------------------------------------------------------------
    def contents_of(self, page: int) -> int:
        """The table of contents page that lists document page ``page``."""
        return (page - 1) // self.pages_per_contents + 1

    def documents_of(self, page: int) -> tuple[int, int]:
        """The first and last document (from 1) of document page ``page``."""
        return (page - 1) * self.per_page + 1, min(page * self.per_page, self.overview.count)

    def _nav(self, extra: str = "") -> str:
        items = ['<li><a class="keep" href="index.html">Overview</a></li>',
                 '<li><a class="keep" href="index.html#contents">Contents</a></li>']
        if self.cluster_pages:
            items.append(f'<li><a class="keep" href="{clusters_file(1)}">Event clusters</a></li>')
        return (f'<nav class="index" aria-label="Review"><h2>Review</h2><ol class="review">{"".join(items)}</ol>'
                f'{extra}</nav>')

    def _start(self, heading: str, line: str, *, skip: str, with_legend: bool = True, tab: str = "") -> str:
        """From the doctype to the page header; ``tab`` is what the browser tab says before the title."""
        tab = tab or (heading if heading != self.title else "")
        return (f'{html_head(f"{tab} · {self.title}" if tab else self.title, self.types)}'
                f'<a class="skip" href="#{skip}">Skip to the content</a>'
                f'<header class="top"><h1>{escape(heading)}</h1><p class="figures">{line}</p>'
                f'{legend(self.types) if with_legend else ""}</header>')

    # -- the pages -----------------------------------------------------------------------------------
    def document_page(self, page: int, entries: list[DocEntry]) -> tuple[str, str]:
        """What comes before and after the document sections of document page ``page`` (from 1)."""
        first, last = self.documents_of(page)
        links = self.links.at(page)
        side = "".join(index_entry(e, links.doc(e.index, e.id)) for e in entries)
        contents = f"{contents_file(self.contents_of(page))}#p-{page}"
        extra = (f'<ol class="review"><li><a class="keep" href="{contents}">This page in the contents</a></li></ol>'
                 f'<h2>Documents on this page ({len(entries)})</h2><ol>{side}</ol>')
        nav = pager(page, self.pages, page_file, label="Document pages")
        return (
            self._start(self.title, f"Page <b>{page:,}</b> of {self.pages:,} · documents {first:,}–{last:,} of "
                        f"{self.overview.count:,} · {sum(e.total for e in entries):,} events on this page", skip="documents",
                        tab=f"Page {page:,} of {self.pages:,}")
            + f'{self._nav(extra)}<main>{toolbar(self.types, scope=" on this page")}{nav}'
            + '<section id="documents" aria-label="Documents">\n',
            f"</section>{nav}</main>" + footer(),
        )

    def contents_page(self, number: int, groups: list[tuple[int, list[DocEntry]]]) -> str:
        nav = pager(number, self.contents_pages, contents_file, label="Contents pages", noun="contents page")
        blocks = []
        for page, entries in groups:
            first, last = self.documents_of(page)
            items = "".join(index_entry(e, self.links.doc(e.index, e.id), search=e.search) for e in entries)
            blocks.append(f'<h3 id="p-{page}"><a class="keep" href="{page_file(page)}">Page {page:,}</a> '
                          f'<span class="note">documents {first:,}–{last:,}</span></h3>'
                          f'<ol class="toc" start="{first}">{items}</ol>')
        first_doc, last_doc = self.documents_of(groups[0][0])[0], self.documents_of(groups[-1][0])[1]
        contents = (f'<section id="contents" aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2>'
                    f'<p class="note">Documents {first_doc:,}–{last_doc:,} of {self.overview.count:,}, on pages '
                    f'{groups[0][0]:,}–{groups[-1][0]:,} of {self.pages:,} (the filter searches this list).</p>'
                    f'{nav}{"".join(blocks)}{nav}</section>')
        pages_line = (f"{figures(self.overview)} · on <b>{self.pages:,}</b> pages of up to {self.per_page:,} "
                      "documents")
        if number == 1:
            head = self._start(self.title, pages_line, skip="contents")
            clusters = ""
            if self.cluster_pages:
                clusters = ('<section id="clusters" aria-labelledby="clusters-h"><h2 id="clusters-h">Event clusters'
                            f'</h2>{clusters_note(self.overview.ledger)}<p><a class="keep" href="{clusters_file(1)}">'
                            f'All {self.overview.clusters:,} clusters</a>, most documents first.</p></section>')
            body = charts(self.overview, self.colors, self.links) + clusters
        else:
            head = self._start(f"Contents, page {number:,} of {self.contents_pages:,}", pages_line, skip="contents",
                               with_legend=False)
            body = ""
        return (head + self._nav() + f'<main>{body}{toolbar([], search_label="Contents", scope=" listed here")}'
                + f"{contents}</main>" + footer())

    def cluster_page(self, number: int) -> str:
        ledger = self.overview.ledger
        nav = pager(number, self.cluster_pages, clusters_file, label="Cluster pages", noun="clusters page")
        first = (number - 1) * ledger.per_page + 1
        last = min(number * ledger.per_page, ledger.clusters)
        heading = "Event clusters" + (f", page {number:,} of {self.cluster_pages:,}" if self.cluster_pages > 1 else "")
        return (self._start(heading, f"Clusters {first:,}–{last:,} of {ledger.clusters:,}, most documents first",
                            skip="clusters", with_legend=False)
                + self._nav()
                + f'<main><section id="clusters" aria-label="Event clusters">{clusters_note(ledger)}{nav}'
                + cluster_table(ledger, self.links, number) + f"{nav}</section></main>" + footer())

    # -- writing -------------------------------------------------------------------------------------
    def write(self, folder: Path, documents: Iterable[Document]) -> None:
        """Write every page into ``folder``, reading ``documents`` once (in the first pass's order)."""
        def save(name: str, *parts: str | bytes) -> None:
            with open(folder / name, "wb") as handle:
                for part in parts:
                    handle.write(part.encode("utf-8") if isinstance(part, str) else part)

        # A page's sections wait, as UTF-8 (a str of text with an emoji takes 4 bytes a character), until
        # the page is complete: its head lists its documents.
        page, entries, sections = 1, [], []
        contents, groups = 1, []
        for index, document in enumerate(documents):
            entry = DocEntry.of(index, document)
            entry.search = search_text(document.id, entry.title, document.source.publisher)
            entries.append(entry)
            sections.append(document_section(document, index, self.links.at(page)).encode("utf-8"))
            if len(entries) == self.per_page or index + 1 == self.overview.count:
                head, tail = self.document_page(page, entries)
                save(page_file(page), head, *sections, tail)
                groups.append((page, entries))
                if len(groups) == self.pages_per_contents or page == self.pages:
                    save(contents_file(contents), self.contents_page(contents, groups))
                    contents, groups = contents + 1, []
                page, entries, sections = page + 1, [], []
        for number in range(1, self.cluster_pages + 1):
            save(clusters_file(number), self.cluster_page(number))


def entry_page(target: str, *, title: str) -> str:
    """The small page at ``-o OUT.html`` of a review in several pages: it opens ``target`` (the index in
    the folder beside it), keeping a view given in its URL; without script, a refresh and a link do."""
    from .assets import REDIRECT_SCRIPT, csp_hash

    policy = f"default-src 'none'; script-src {csp_hash(REDIRECT_SCRIPT)}; base-uri 'none'; form-action 'none'"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
            f'<meta http-equiv="refresh" content="0; url={escape(target)}">'
            '<meta name="generator" content="eventgold annotate render">'
            f"<title>{escape(title)}</title></head>\n<body><p>This review is in several pages: "
            f'<a id="open" href="{escape(target)}">open its index</a>.</p>'
            f"<script>{REDIRECT_SCRIPT}</script></body></html>\n")


__all__ = ["CONTENTS_PER_PAGE", "Site", "contents_file", "entry_page", "pager"]
