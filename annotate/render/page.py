"""The pieces of a review page, and the single self-contained page: overview (legend, charts, clusters),
then one section per document.

Every page is self-contained: inline CSS, one inline script and inline SVG, under a
Content-Security-Policy that allows exactly that script and style (by hash) and no network at all. Every
piece of document data is escaped; the text is highlighted by :mod:`.highlight` from code-point offsets.
Links go through :class:`Links`, so that the same pieces serve the single page (``#d/ID``) and the pages
of a larger review (``page-3.html#d/ID``, :mod:`.pages`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from html import escape

from schema import Document

from .assets import CSS, SCRIPT, csp_hash, type_colors, type_css
from .charts import Bar, bar_chart
from .highlight import Mark, escape_text, highlight, nesting_heights
from .overview import MAX_CHART_DOCUMENTS, DocEntry, Ledger, Overview, document_title

DEFAULT_TITLE = "eventgold corpus review"
_DEFAULT_ATTRIBUTES = {"realis": "actual", "polarity": "positive"}


def slug(name: str) -> str:
    """A CSS-class-safe form of an event or mention type name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def doc_anchor(doc_id: str) -> str:
    return f"d/{doc_id}"


def trigger_anchor(doc_id: str, event_id: str) -> str:
    return f"t/{doc_id}/{event_id}"


def row_anchor(doc_id: str, event_id: str) -> str:
    return f"r/{doc_id}/{event_id}"


def cluster_anchor(cluster: str) -> str:
    return f"c/{cluster}"


class Links:
    """Where a document, a trigger or a cluster is, seen from the page being written.

    With ``per_page`` 0 everything is on one page (``#d/ID``); otherwise document ``index`` is on
    ``page-K.html`` with K = index // per_page + 1 and a cluster on the summary page the ledger gives.
    ``here`` is the document page being written (its own anchors stay ``#...``).
    """

    def __init__(self, per_page: int = 0, ledger: Ledger | None = None, *, here: int | None = None) -> None:
        self.per_page = per_page
        self.ledger = ledger
        self.here = here

    def at(self, here: int | None) -> Links:
        return Links(self.per_page, self.ledger, here=here)

    def page_of(self, index: int) -> int:
        return index // self.per_page + 1 if self.per_page else 1

    def _on(self, index: int) -> str:
        if not self.per_page:
            return ""
        page = self.page_of(index)
        return "" if page == self.here else page_file(page)

    def doc(self, index: int, doc_id: str) -> str:
        return f"{self._on(index)}#{doc_anchor(doc_id)}"

    def trigger(self, index: int, doc_id: str, event_id: str) -> str:
        return f"{self._on(index)}#{trigger_anchor(doc_id, event_id)}"

    def cluster(self, cluster: str) -> str:
        if not self.per_page or self.ledger is None:
            return f"#{cluster_anchor(cluster)}"
        return f"{clusters_file(self.ledger.page_of(cluster))}#{cluster_anchor(cluster)}"


def page_file(page: int) -> str:
    return f"page-{page}.html"


def clusters_file(page: int) -> str:
    return f"clusters-{page}.html"


# -- small formatters -----------------------------------------------------------------------------

def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def normalized(mention) -> str | None:
    """A mention's normalized value in words (``2018-11-02``, ``USD 50,000,000``, ``≥ USD 260,000,000``)."""
    if mention.time is not None:
        time = mention.time
        extra = [time.type.value] if time.type.value != "DATE" else []
        if time.mod is not None:
            extra.append(time.mod.value)
        return time.value + (f" ({', '.join(extra)})" if extra else "")
    if mention.money is not None:
        money = mention.money
        prefix = "≈ " if money.approximate else ""
        if money.amount is not None:
            return f"{prefix}{money.currency} {_amount(money.amount)}"
        if money.min is not None and money.max is not None:
            return f"{prefix}{money.currency} {_amount(money.min)}–{_amount(money.max)}"
        if money.min is not None:
            return f"{prefix}≥ {money.currency} {_amount(money.min)}"
        if money.max is not None:
            return f"{prefix}≤ {money.currency} {_amount(money.max)}"
    return None


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value)}"'


def _chip(event_type: str) -> str:
    return f'<span class="chip t-{slug(event_type)}">{escape(event_type)}</span>'


# -- one document ---------------------------------------------------------------------------------

def document_marks(document: Document) -> list[Mark]:
    """Highlight marks for the triggers and mentions of one document."""
    roles: dict[str, list[tuple[str, str, str]]] = {}
    for event in document.events:
        for argument in event.arguments:
            roles.setdefault(argument.mention, []).append((argument.role, event.id, event.type))
    mentions = list(document.mentions)
    heights = nesting_heights([(m.start, m.end) for m in mentions])
    marks: list[Mark] = []
    for mention, height in zip(mentions, heights):
        filled = roles.get(mention.id, [])
        classes = ["mn", f"m-{slug(mention.type.value)}"]
        if filled:
            classes.append("arg")
        if not mention.type.is_entity:
            classes.append("value")
        if height:
            classes.append(f"lv{min(height, 4)}")
        title = f"{mention.type.value} {mention.id}"
        if mention.entity:
            title += f" (entity {mention.entity})"
        value = normalized(mention)
        if value:
            title += f" = {value}"
        if filled:
            title += " · " + "; ".join(f"{role} of {ev} ({etype})" for role, ev, etype in filled)
        attrs = [("data-m", mention.id), ("title", title)]
        if filled:
            attrs += [
                ("data-ev", " ".join(dict.fromkeys(ev for _, ev, _ in filled))),
                ("data-types", " ".join(dict.fromkeys(etype for _, _, etype in filled))),
                ("data-label", "/".join(dict.fromkeys(role for role, _, _ in filled))),
            ]
        marks.append(Mark(mention.start, mention.end, "span", tuple(classes), tuple(attrs), priority=0))
    for event in document.events:
        a = event.attributes
        title = (f"{event.type} trigger {event.id} · {a.realis.value}, {a.polarity.value}, {a.tense.value}"
                 + (f" · hopper {event.coref}" if event.coref else "")
                 + (f" · cluster {event.cluster}" if event.cluster else ""))
        attrs = (("id", trigger_anchor(document.id, event.id)), ("data-doc", document.id), ("data-ev", event.id),
                 ("data-type", event.type), ("data-label", event.type), ("title", title), ("tabindex", "0"))
        marks.append(Mark(event.trigger.start, event.trigger.end, "mark", ("trg", f"t-{slug(event.type)}"), attrs,
                          priority=1))
    return marks


def event_table(document: Document, links: Links | None = None) -> str:
    if not document.events:
        return '<p class="empty">No events annotated in this document.</p>'
    links = links or Links()
    mentions = document.mentions_by_id()
    rows = []
    for event in document.events:
        args = []
        for argument in event.arguments:
            filler = mentions.get(argument.mention)
            if filler is None:
                args.append(f'<li><span class="role">{escape(argument.role)}</span> = '
                            f'<span class="empty">missing mention {escape(argument.mention)}</span></li>')
                continue
            value = normalized(filler)
            norm = f' <span class="norm">[{escape(value)}]</span>' if value else ""
            args.append(f'<li><span class="role">{escape(argument.role)}</span> = “{escape_text(filler.text)}”'
                        f'{norm} <span class="attr">{escape(filler.type.value)} {escape(filler.id)}</span></li>')
        attributes = []
        for name, member in event.attributes:
            marked = name in _DEFAULT_ATTRIBUTES and member.value != _DEFAULT_ATTRIBUTES[name]
            attributes.append(f'<span class="attr{" marked" if marked else ""}" title="{escape(name)}">'
                              f'{escape(member.value)}</span>')
        cluster = (f'<a class="keep" href="{escape(links.cluster(event.cluster))}">{escape(event.cluster)}</a>'
                   if event.cluster else "")
        notes = f'<div class="note">{escape_text(event.notes)}</div>' if event.notes else ""
        rows.append(
            f'<tr id="{escape(row_anchor(document.id, event.id))}" class="t-{slug(event.type)}"'
            f'{_attr("data-ev", event.id)}><td class="id">{escape(event.id)}</td><td>{_chip(event.type)}</td>'
            f'<td><a href="#{escape(trigger_anchor(document.id, event.id))}">“{escape_text(event.trigger.text)}”</a>'
            f'{notes}</td><td><ul class="args">{"".join(args) or "<li class=empty>none</li>"}</ul></td>'
            f'<td>{"".join(attributes)}</td><td class="id">{escape(event.coref or "")}</td><td class="id">{cluster}</td></tr>'
        )
    return ('<div class="scroll"><table class="events"><caption class="note">Hover a row or a trigger to link it with its '
            'arguments; click a trigger to come back here.</caption><thead><tr><th>Event</th><th>Type</th>'
            '<th>Trigger</th><th>Arguments (role = text [normalized])</th><th>Attributes</th><th>Hopper</th>'
            f'<th>Cluster</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def mention_table(document: Document) -> str:
    if not document.mentions:
        return ""
    rows = "".join(
        f'<tr><td class="id">{escape(m.id)}</td><td>{escape(m.type.value)}</td><td>{escape_text(m.text)}</td>'
        f'<td class="num">{m.start}–{m.end}</td><td class="id">{escape(m.entity or "")}</td>'
        f'<td class="norm">{escape(normalized(m) or "")}</td></tr>'
        for m in document.mentions
    )
    return (f'<details><summary>{len(document.mentions)} mentions (offsets in code points)</summary>'
            '<table class="mentions"><thead><tr><th>Mention</th><th>Type</th><th>Text</th><th>Offsets</th>'
            f'<th>Entity</th><th>Normalized</th></tr></thead><tbody>{rows}</tbody></table></details>')


_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f]+", re.IGNORECASE)


def linkable(url: str) -> bool:
    """True for an absolute http(s) URL without white space or control characters (which browsers
    strip, so that ``java\tscript:`` still runs): the only ``source.url`` the page links to."""
    return _WEB_URL.fullmatch(url) is not None


def search_text(entry_id: str, title: str, publisher: str | None) -> str:
    """What the document filter matches: id, title and publisher, lower-cased."""
    return f"{entry_id} {title} {publisher or ''}".lower()


def document_section(document: Document, index: int, links: Links | None = None) -> str:
    """One document: heading, metadata, highlighted text, event table and mention list."""
    source, info = document.source, document.annotation
    title = document_title(document)
    meta = [f"<span>id <code>{escape(document.id)}</code></span>"]
    if source.publisher:
        meta.append(f"<span>{escape(source.publisher)}</span>")
    if source.dct:
        meta.append(f'<span title="document creation time ({escape(source.dct.method.value)})">DCT '
                    f'{escape(source.dct.value)}</span>')
    meta.append(f"<span>annotator {escape(info.annotator)} · {escape(info.status.value)}</span>")
    meta.append(f"<span>{len(document.events)} events · {len(document.mentions)} mentions · "
                f"{len(document.text):,} characters</span>")
    if source.url and linkable(source.url):
        meta.append(f'<span><a href="{escape(source.url)}" rel="noopener noreferrer">source</a></span>')
    elif source.url:  # javascript:, data:, a relative path...: shown, never a link
        meta.append(f'<span>source <code>{escape(source.url)}</code></span>')
    search = search_text(document.id, title, source.publisher)
    text = highlight(document.text, document_marks(document))
    return (
        f'<article class="doc" id="{escape(doc_anchor(document.id))}" data-doc-index="{index}"'
        f'{_attr("data-search", search)}><header><h2>{escape(title)}</h2>'
        f'<p class="meta">{"".join(meta)}</p></header>'
        f'<pre class="text" lang="{escape(source.language)}">{text}</pre>'
        f'<h3>Events</h3>{event_table(document, links)}{mention_table(document)}</article>\n'
    )


# -- the parts around the documents ---------------------------------------------------------------

def legend(types: list[str]) -> str:
    items = [f'<li><span class="swatch t-{slug(t)}"></span>{escape(t)} trigger</li>' for t in types]
    items += ['<li><span class="sample-arg">argument</span> (entity, role label after it)</li>',
              '<li><span class="sample-val">argument</span> (money, time or topic)</li>',
              '<li><span class="sample-mn">mention</span> filling no role</li>']
    return f'<ul class="legend" aria-label="Legend">{"".join(items)}</ul>'


def toolbar(types: list[str], *, search_label: str = "Documents", scope: str = "") -> str:
    """Type filters, the label switch and the document filter (no types: the document filter only).
    ``scope`` ends the status line (" on this page")."""
    parts = []
    if types:
        boxes = "".join(
            f'<label><input type="checkbox" checked data-filter-type="{escape(t)}" data-slug="{slug(t)}">'
            f'<span class="swatch t-{slug(t)}"></span>{escape(t)}</label>' for t in types)
        parts.append(f'<fieldset class="needs-js"><legend>Event types</legend>{boxes}'
                     '<button type="button" id="all-types">all</button></fieldset>'
                     '<label class="needs-js"><input type="checkbox" id="show-labels" checked> role and type labels'
                     '</label>')
    parts.append(f'<label class="needs-js">{escape(search_label)} <input type="search" id="doc-search" '
                 'placeholder="filter by id or title" aria-label="Filter documents by id or title"></label>'
                 f'<span class="status needs-js" id="filter-status" aria-live="polite"{_attr("data-scope", scope)}>'
                 '</span>')
    return f'<div class="toolbar" role="region" aria-label="Filters">{"".join(parts)}</div>'


def figures(overview: Overview) -> str:
    return (f"<b>{overview.count:,}</b> documents · <b>{overview.events:,}</b> events · "
            f"<b>{overview.arguments:,}</b> arguments · <b>{overview.mentions:,}</b> mentions · "
            f"<b>{overview.clusters:,}</b> event clusters · <b>{overview.hoppers:,}</b> hoppers")


def charts(overview: Overview, colors: dict[str, str], links: Links | None = None) -> str:
    links = links or Links()
    types = overview.types
    per_type = [Bar(t, ((t, overview.events_per_type.get(t, 0)),)) for t in types]
    shown: list[DocEntry] = overview.top_documents
    note = ""
    if overview.count > MAX_CHART_DOCUMENTS:
        note = (f'<p class="note">The {MAX_CHART_DOCUMENTS} documents with most events of {overview.count:,} are '
                'shown.</p>')
    per_doc = [Bar(d.title, tuple((t, d.events.get(t, 0)) for t in types), href=links.doc(d.index, d.id),
                   tooltip=f"{d.id} — {d.title}") for d in shown]
    type_desc = ", ".join(f"{t}: {overview.events_per_type.get(t, 0)}" for t in types)
    chart_types = bar_chart(per_type, colors, title="Events per type", description=type_desc, width=400,
                            label_width=100)
    chart_docs = bar_chart(per_doc, colors, title="Events per document, stacked by type",
                           description="; ".join(f"{d.id}: {d.total}" for d in shown))
    return (f'<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>'
            f'<div class="charts"><figure><figcaption>Events per type</figcaption>{chart_types}</figure>'
            f'<figure><figcaption>Events per document (by type; click a name to go to it)</figcaption>'
            f'{chart_docs}{note}</figure></div></section>')


def clusters_note(ledger: Ledger) -> str:
    return (f'<p class="note">Event mentions that refer to the same real-world event (the <code>cluster</code> id); '
            f'{ledger.across:,} of {ledger.clusters:,} clusters span several documents.</p>')


def cluster_table(ledger: Ledger, links: Links, page: int = 1) -> str:
    """The clusters of one page of the summary (all of them on a single page), most documents first."""
    rows = []
    for cluster in ledger.cluster_page(page):
        by_doc: dict[int, list] = {}
        for member in cluster.members:
            by_doc.setdefault(member.doc_index, []).append(member)
        items = []
        for index, members in by_doc.items():
            first = members[0]
            evs = " ".join(
                f'<a class="ev keep" href="{escape(links.trigger(index, m.doc_id, m.event))}" '
                f'title="{escape(m.doc_id)} {escape(m.event)}">{_chip(m.type)} “{escape_text(m.trigger)}”</a>'
                for m in members)
            items.append(f'<li><a class="keep" href="{escape(links.doc(index, first.doc_id))}">{escape(first.title)}</a> '
                         f'<span class="attr">{escape(first.doc_id)}</span><br>{evs}</li>')
        more = cluster.events - len(cluster.members)
        if more:
            items.append(f'<li class="note">… and {more:,} more event mentions (this list shows the first '
                         f'{len(cluster.members)})</li>')
        rows.append(f'<tr id="{escape(cluster_anchor(cluster.id))}"><td class="id">{escape(cluster.id)}</td>'
                    f'<td class="num">{cluster.documents}</td><td class="num">{cluster.events}</td>'
                    f'<td><ul class="args cluster-docs">{"".join(items)}</ul></td></tr>')
    return ('<div class="scroll"><table class="clusters"><thead><tr><th>Cluster</th><th>Documents</th><th>Events</th>'
            f'<th>Event mentions</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _clusters(overview: Overview, links: Links) -> str:
    ledger = overview.ledger
    if not ledger.clusters:
        return ('<section id="clusters"><h2>Event clusters</h2>'
                '<p class="empty">No event carries a cluster id.</p></section>')
    return ('<section id="clusters" aria-labelledby="clusters-h"><h2 id="clusters-h">Event clusters</h2>'
            f'{clusters_note(ledger)}{cluster_table(ledger, links)}</section>')


def index_entry(entry: DocEntry, href: str, *, search: str | None = None) -> str:
    """One document in a side index or a table of contents: title, id and event count."""
    found = _attr("data-search", search) if search is not None else ""
    return (f'<li data-doc="{entry.index}"{found}><a class="keep" href="{escape(href)}"><span>{escape(entry.title)}'
            f'<span class="docid">{escape(entry.id)}</span></span><span class="count" title="events">{entry.total}'
            '</span></a></li>')


def _index(entries: list[DocEntry], links: Links) -> str:
    items = "".join(index_entry(d, links.doc(d.index, d.id)) for d in entries)
    return ('<nav class="index" aria-label="Documents"><h2>Page</h2><ol><li><a href="#overview">Overview</a></li>'
            '<li><a href="#clusters">Clusters</a></li></ol>'
            f'<h2>Documents ({len(entries)})</h2><ol>{items}</ol></nav>')


def html_head(title: str, types: list[str]) -> str:
    """From the doctype to the opening ``<body>``: the style sheet (with the colors of ``types``) and the
    Content-Security-Policy that admits it and the page script by hash, and nothing else."""
    colors = type_colors(types)
    css = CSS + type_css(colors, {t: slug(t) for t in types})
    policy = (f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(SCRIPT)}; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="eventgold annotate render">'
        f"<title>{escape(title)}</title><style>{css}</style></head>\n<body class=\"labels\">"
    )


def page_head(overview: Overview, *, title: str = DEFAULT_TITLE) -> str:
    """Everything of the single page before the first document section."""
    types = overview.types
    colors = type_colors(types)
    links = Links()
    entries = overview.documents if overview.documents is not None else []
    return (
        f'{html_head(title, types)}<a class="skip" href="#documents">Skip to the documents</a>'
        f'<header class="top"><h1>{escape(title)}</h1><p class="figures">{figures(overview)}</p>{legend(types)}</header>'
        f"{_index(entries, links)}<main>{toolbar(types)}{charts(overview, colors, links)}{_clusters(overview, links)}"
        '<section id="documents" aria-label="Documents">\n'
    )


def footer(extra: str = "") -> str:
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"<footer>{extra}Generated by eventgold <code>annotate render</code> on {generated}. "
            "Offsets are Unicode code points; this page loads nothing from the network.</footer>"
            f"<script>{SCRIPT}</script></body></html>\n")


def page_tail() -> str:
    return "</section></main>" + footer()


def page_chunks(overview: Overview, documents: Iterable[Document], *, title: str = DEFAULT_TITLE) -> Iterator[str]:
    """The single page as a sequence of strings: the head, one section per document (streamed), the tail."""
    yield page_head(overview, title=title)
    for index, document in enumerate(documents):
        yield document_section(document, index)
    yield page_tail()
