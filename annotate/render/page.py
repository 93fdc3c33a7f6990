"""The HTML review page: overview (legend, charts, clusters), then one section per document.

The page is self-contained: inline CSS, one inline script and inline SVG, under a Content-Security-Policy
that allows exactly that script and style (by hash) and no network at all. Every piece of document data
is escaped; the text is highlighted by :mod:`.highlight` from code-point offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape

from schema import EVENT_CLASSES, Document

from .assets import CSS, SCRIPT, csp_hash, type_colors, type_css
from .charts import Bar, bar_chart
from .highlight import Mark, escape_text, highlight, nesting_heights

DEFAULT_TITLE = "eventgold corpus review"
#: The "events per document" chart shows at most this many documents (those with most events).
MAX_CHART_DOCUMENTS = 40
_DEFAULT_ATTRIBUTES = {"realis": "actual", "polarity": "positive"}


def slug(name: str) -> str:
    """A CSS-class-safe form of an event or mention type name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def document_title(document: Document) -> str:
    """The source title, else the first non-empty line of the text (shortened), else the id."""
    if document.source.title:
        return document.source.title
    for line in document.text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 90 else line[:89] + "…"
    return document.id


@dataclass
class DocEntry:
    index: int
    id: str
    title: str
    events: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.events.values())


@dataclass
class Overview:
    """What the page header needs, gathered in one streaming pass over the documents."""

    documents: list[DocEntry] = field(default_factory=list)
    events_per_type: Counter = field(default_factory=Counter)
    mentions: int = 0
    arguments: int = 0
    hoppers: int = 0
    # cluster id -> [(doc index, doc id, event id, type, trigger text)]
    clusters: dict[str, list[tuple[int, str, str, str, str]]] = field(default_factory=dict)

    def add(self, document: Document) -> None:
        entry = DocEntry(len(self.documents), document.id, document_title(document))
        self.documents.append(entry)
        self.mentions += len(document.mentions)
        self.hoppers += len({e.coref for e in document.events if e.coref})
        for event in document.events:
            entry.events[event.type] += 1
            self.events_per_type[event.type] += 1
            self.arguments += len(event.arguments)
            if event.cluster:
                self.clusters.setdefault(event.cluster, []).append(
                    (entry.index, document.id, event.id, event.type, event.trigger.text))

    @property
    def events(self) -> int:
        return sum(self.events_per_type.values())

    @property
    def types(self) -> list[str]:
        """Event types of the schema (in schema order), then any others found."""
        known = [cls.__name__ for cls in EVENT_CLASSES]
        return known + sorted(set(self.events_per_type) - set(known))


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


def doc_anchor(doc_id: str) -> str:
    return f"d/{doc_id}"


def trigger_anchor(doc_id: str, event_id: str) -> str:
    return f"t/{doc_id}/{event_id}"


def row_anchor(doc_id: str, event_id: str) -> str:
    return f"r/{doc_id}/{event_id}"


def cluster_anchor(cluster: str) -> str:
    return f"c/{cluster}"


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


def event_table(document: Document) -> str:
    if not document.events:
        return '<p class="empty">No events annotated in this document.</p>'
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
        cluster = (f'<a href="#{escape(cluster_anchor(event.cluster))}">{escape(event.cluster)}</a>'
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


def document_section(document: Document, index: int) -> str:
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
    search = f"{document.id} {title} {source.publisher or ''}".lower()
    text = highlight(document.text, document_marks(document))
    return (
        f'<article class="doc" id="{escape(doc_anchor(document.id))}" data-doc-index="{index}"'
        f'{_attr("data-search", search)}><header><h2>{escape(title)}</h2>'
        f'<p class="meta">{"".join(meta)}</p></header>'
        f'<pre class="text" lang="{escape(source.language)}">{text}</pre>'
        f'<h3>Events</h3>{event_table(document)}{mention_table(document)}</article>\n'
    )


# -- the page around the documents ----------------------------------------------------------------

def _legend(types: list[str]) -> str:
    items = [f'<li><span class="swatch t-{slug(t)}"></span>{escape(t)} trigger</li>' for t in types]
    items += ['<li><span class="sample-arg">argument</span> (entity, role label after it)</li>',
              '<li><span class="sample-val">argument</span> (money, time or topic)</li>',
              '<li><span class="sample-mn">mention</span> filling no role</li>']
    return f'<ul class="legend" aria-label="Legend">{"".join(items)}</ul>'


def _toolbar(types: list[str]) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" checked data-filter-type="{escape(t)}" data-slug="{slug(t)}">'
        f'<span class="swatch t-{slug(t)}"></span>{escape(t)}</label>' for t in types)
    return (
        '<div class="toolbar" role="region" aria-label="Filters">'
        f'<fieldset class="needs-js"><legend>Event types</legend>{boxes}'
        '<button type="button" id="all-types">all</button></fieldset>'
        '<label class="needs-js"><input type="checkbox" id="show-labels" checked> role and type labels</label>'
        '<label class="needs-js">Documents <input type="search" id="doc-search" placeholder="filter by id or title" '
        'aria-label="Filter documents by id or title"></label>'
        '<span class="status needs-js" id="filter-status" aria-live="polite"></span></div>'
    )


def _charts(overview: Overview, colors: dict[str, str]) -> str:
    types = overview.types
    per_type = [Bar(t, ((t, overview.events_per_type.get(t, 0)),)) for t in types]
    docs = overview.documents
    shown = docs
    note = ""
    if len(docs) > MAX_CHART_DOCUMENTS:
        shown = sorted(docs, key=lambda d: (-d.total, d.index))[:MAX_CHART_DOCUMENTS]
        shown.sort(key=lambda d: d.index)
        note = (f'<p class="note">The {MAX_CHART_DOCUMENTS} documents with most events of {len(docs)} are shown.'
                '</p>')
    per_doc = [Bar(d.title, tuple((t, d.events.get(t, 0)) for t in types), href=f"#{doc_anchor(d.id)}",
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


def _clusters(overview: Overview) -> str:
    if not overview.clusters:
        return ('<section id="clusters"><h2>Event clusters</h2>'
                '<p class="empty">No event carries a cluster id.</p></section>')
    titles = {d.index: d.title for d in overview.documents}
    rows = []
    ordered = sorted(overview.clusters.items(), key=lambda kv: (-len({m[0] for m in kv[1]}), kv[0]))
    for cluster, members in ordered:
        doc_count = len({m[0] for m in members})
        by_doc: dict[int, list[tuple[str, str, str, str]]] = {}
        for index, doc_id, ev, etype, trigger in members:
            by_doc.setdefault(index, []).append((doc_id, ev, etype, trigger))
        items = []
        for index, events in by_doc.items():
            doc_id = events[0][0]
            links = " ".join(
                f'<a class="ev" href="#{escape(trigger_anchor(doc_id, ev))}" title="{escape(doc_id)} {escape(ev)}">'
                f'{_chip(etype)} “{escape_text(trigger)}”</a>' for _, ev, etype, trigger in events)
            items.append(f'<li><a href="#{escape(doc_anchor(doc_id))}">{escape(titles[index])}</a> '
                         f'<span class="attr">{escape(doc_id)}</span><br>{links}</li>')
        rows.append(f'<tr id="{escape(cluster_anchor(cluster))}"><td class="id">{escape(cluster)}</td>'
                    f'<td class="num">{doc_count}</td><td class="num">{len(members)}</td>'
                    f'<td><ul class="args cluster-docs">{"".join(items)}</ul></td></tr>')
    across = sum(1 for members in overview.clusters.values() if len({m[0] for m in members}) > 1)
    return ('<section id="clusters" aria-labelledby="clusters-h"><h2 id="clusters-h">Event clusters</h2>'
            f'<p class="note">Event mentions that refer to the same real-world event (the <code>cluster</code> id); '
            f'{across} of {len(overview.clusters)} clusters span several documents.</p>'
            '<div class="scroll"><table class="clusters"><thead><tr><th>Cluster</th><th>Documents</th><th>Events</th><th>Event mentions</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _index(overview: Overview) -> str:
    items = "".join(
        f'<li data-doc="{d.index}"><a href="#{escape(doc_anchor(d.id))}"><span>{escape(d.title)}'
        f'<span class="docid">{escape(d.id)}</span></span><span class="count" title="events">{d.total}</span></a></li>'
        for d in overview.documents)
    return ('<nav class="index" aria-label="Documents"><h2>Page</h2><ol><li><a href="#overview">Overview</a></li>'
            '<li><a href="#clusters">Clusters</a></li></ol>'
            f'<h2>Documents ({len(overview.documents)})</h2><ol>{items}</ol></nav>')


def page_head(overview: Overview, *, title: str = DEFAULT_TITLE) -> str:
    """Everything before the first document section."""
    types = overview.types
    colors = type_colors(types)
    css = CSS + type_css(colors, {t: slug(t) for t in types})
    policy = (f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(SCRIPT)}; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    figures = (f"<b>{len(overview.documents)}</b> documents · <b>{overview.events}</b> events · "
               f"<b>{overview.arguments}</b> arguments · <b>{overview.mentions}</b> mentions · "
               f"<b>{len(overview.clusters)}</b> event clusters · <b>{overview.hoppers}</b> hoppers")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="eventgold annotate render">'
        f"<title>{escape(title)}</title><style>{css}</style></head>\n"
        '<body class="labels"><a class="skip" href="#documents">Skip to the documents</a>'
        f'<header class="top"><h1>{escape(title)}</h1><p class="figures">{figures}</p>{_legend(types)}</header>'
        f"{_index(overview)}<main>{_toolbar(types)}{_charts(overview, colors)}{_clusters(overview)}"
        '<section id="documents" aria-label="Documents">\n'
    )


def page_tail() -> str:
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"</section></main><footer>Generated by eventgold <code>annotate render</code> on {generated}. "
            "Offsets are Unicode code points; this page loads nothing from the network.</footer>"
            f"<script>{SCRIPT}</script></body></html>\n")


def page_chunks(overview: Overview, documents: Iterable[Document], *, title: str = DEFAULT_TITLE) -> Iterator[str]:
    """The page as a sequence of strings: the head, one section per document (streamed), the tail."""
    yield page_head(overview, title=title)
    for index, document in enumerate(documents):
        yield document_section(document, index)
    yield page_tail()
