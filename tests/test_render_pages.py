"""``annotate render`` of a corpus larger than one page: the index, the table of contents, the document
and cluster pages, their links, the atomic folder, standard output, and flat memory. Browser checks of
these pages are in ``test_render_browser.py``."""

from __future__ import annotations

import random
import re
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_annotate
from test_render import parse
from test_render_seeds import seed_documents

from annotate.jsonl import write_documents
from annotate.render import MARKER, pages_folder, render_file
from benchmarks.synthetic import synthetic_document, synthetic_documents
from schema import Document

PER_PAGE = 10


class Links(HTMLParser):
    """Every element id, every link, the text inside each highlight that starts a span, and the table of
    contents entries of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []
        self.spans: list[tuple[dict, list[str]]] = []  # (attributes, text pieces) of mark.trg / span.mn
        self.open: list[tuple[str, list[str] | None]] = []
        self.toc: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        if tag == "li" and "data-doc" in a and "data-search" in a:
            self.toc.append(a)
        if tag in ("meta", "input", "br", "rect"):
            return
        classes = a.get("class", "").split()
        pieces = None
        if (tag == "mark" and "trg" in classes) or (tag == "span" and "mn" in classes):
            pieces = []
            self.spans.append((a, pieces))
        self.open.append((tag, pieces))

    def handle_endtag(self, tag):
        if tag in ("meta", "input", "br", "rect"):
            return
        self.open.pop()

    def handle_data(self, data):
        for _, pieces in self.open:
            if pieces is not None:
                pieces.append(data)


def read_page(path: Path) -> Links:
    page = Links()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def corpus(tmp_path: Path, n: int, *, seed: int = 7, events: int | None = None,
           shapes: int | None = None) -> tuple[Path, list[Document]]:
    """``n`` synthetic documents; with ``shapes``, document i repeats the content of document i % shapes."""
    if events is None:
        docs = list(synthetic_documents(n, seed=seed))
    elif shapes:
        docs = [synthetic_document(i, random.Random(seed + i % shapes), events=events) for i in range(n)]
    else:
        rng = random.Random(seed)
        docs = [synthetic_document(i, rng, events=events) for i in range(n)]
    tmp_path.mkdir(parents=True, exist_ok=True)
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, docs)
    return gold, docs


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> tuple[Path, list[Document], str]:
    tmp_path = tmp_path_factory.mktemp("pages")
    gold, docs = corpus(tmp_path, 60)
    out = tmp_path / "site" / "review.html"
    result = run_annotate("render", str(gold), "-o", str(out), "--per-page", str(PER_PAGE))
    assert result.returncode == 0, result.stderr.decode()
    return out, docs, result.stdout.decode()


def test_a_large_corpus_gives_an_entry_page_and_a_folder_of_pages(review):
    out, docs, stdout = review
    folder = out.parent / "review_pages"
    events = sum(len(d.events) for d in docs)
    assert f"6 page(s) of up to 10 documents in {folder}/" in stdout and f"60 document(s), {events} event(s)" in stdout
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([MARKER, "index.html", *(f"page-{k}.html" for k in range(1, 7)),
                            *(f"clusters-{k}.html" for k in range(1, len(names) - 7))])
    assert [p.name for p in out.parent.iterdir() if not p.name.startswith(".")] == sorted(["review.html", "review_pages"])
    # the entry page opens the index (script, refresh and link: no network, relative)
    entry = read_page(out)
    assert [href for href, _ in entry.links] == ["review_pages/index.html"]
    assert 'http-equiv="refresh" content="0; url=review_pages/index.html"' in out.read_text(encoding="utf-8")


def test_each_page_holds_only_its_documents_with_exact_text_and_highlights(review):
    out, docs, _ = review
    folder = out.parent / "review_pages"
    non_ascii = 0
    for k in range(1, 7):
        page = folder / f"page-{k}.html"
        html = page.read_text(encoding="utf-8")
        mine = docs[(k - 1) * PER_PAGE: k * PER_PAGE]
        assert parse(html).texts == [d.text for d in mine]  # tags nest; the text is the source, code point for code point
        found = read_page(page)
        triggers = {(a["data-doc"], a["data-ev"]): "".join(t) for a, t in found.spans
                    if "trg" in a["class"].split() and "cont" not in a["class"].split()}
        assert triggers == {(d.id, e.id): e.trigger.text for d in mine for e in d.events}  # labels are CSS ::after
        # mentions, among them names with accents after emoji flags (two code points, four UTF-16 units)
        mentions = [(a, "".join(t)) for a, t in found.spans if "mn" in a["class"].split()
                    and not {"cont", "split"} & set(a["class"].split())]
        articles = re.findall(r'<article class="doc" id="d/([^"]+)"', html)
        assert articles == [d.id for d in mine]
        flat = [m for d in mine for m in d.mentions]
        assert len(mentions) == len(flat)
        for (attrs, text), mention in zip(mentions, flat):
            assert attrs["data-m"] == mention.id and text == mention.text
            non_ascii += any(ord(c) > 127 for c in text)
    assert non_ascii > 20


def test_every_link_resolves_to_a_file_and_an_element_that_exist(review):
    out, docs, _ = review
    folder = out.parent / "review_pages"
    pages = {p.name: read_page(p) for p in folder.glob("*.html")}
    for path in [out, *folder.glob("*.html")]:
        parse(path.read_text(encoding="utf-8"))  # tags nest on every page
    checked = 0
    for name, page in pages.items():
        for href, attrs in page.links:
            assert not re.match(r"[a-z]+:", href) and not href.startswith("/"), (name, href)  # relative, offline
            path, _, fragment = href.partition("#")
            target = pages[path] if path else page
            assert path == "" or path in pages, (name, href)
            if fragment:
                assert fragment in target.ids, (name, href)
            checked += 1
    assert checked > 500
    for k in range(1, 7):  # previous / next
        rels = {a.get("rel"): href for href, a in pages[f"page-{k}.html"].links if a.get("rel")}
        assert rels == {**({"prev": f"page-{k - 1}.html"} if k > 1 else {}), **({"next": f"page-{k + 1}.html"} if k < 6 else {})}
    # every cluster link of an event table leads to the row of that cluster
    clustered = [(d, e) for d in docs for e in d.events if e.cluster]
    assert clustered
    rows = {i for name, page in pages.items() if name.startswith("clusters-") for i in page.ids if i.startswith("c/")}
    assert rows == {f"c/{e.cluster}" for _, e in clustered}


def test_the_index_lists_every_document_exactly_once_with_counts_and_charts(review):
    out, docs, _ = review
    index = out.parent / "review_pages" / "index.html"
    found = read_page(index)
    assert [a["data-doc"] for a in found.toc] == [str(i) for i in range(60)]
    toc_links = [href for href, a in found.links if href.startswith("page-") and "#d/" in href]
    assert toc_links[-60:] == [f"page-{i // PER_PAGE + 1}.html#d/{d.id}" for i, d in enumerate(docs)]
    html = index.read_text(encoding="utf-8")
    events = sum(len(d.events) for d in docs)
    assert f"<b>60</b> documents · <b>{events}</b> events" in html and "on <b>6</b> pages of up to 10" in html
    assert html.count('<svg class="chart"') == 2 and '<article' not in html
    assert len(html) < 200_000


def test_the_table_of_contents_is_paginated_too(tmp_path, monkeypatch):
    import annotate.render.pages as pages

    monkeypatch.setattr(pages, "CONTENTS_PER_PAGE", 25)  # two document pages of 10 per contents page
    gold, docs = corpus(tmp_path, 45, events=4)
    summary = render_file([gold], tmp_path / "review.html", per_page=10)
    assert (summary.documents, summary.pages, summary.folder) == (45, 5, tmp_path / "review_pages")
    folder = summary.folder
    listed = []
    for name in ("index.html", "contents-2.html", "contents-3.html"):
        page = read_page(folder / name)
        listed += [a["data-doc"] for a in page.toc]
        assert any(a.get("rel") for _, a in page.links)  # a pager
    assert listed == [str(i) for i in range(45)]
    assert not (folder / "contents-4.html").exists()
    # a document page links to where the contents list it
    assert 'href="contents-2.html#p-4"' in (folder / "page-4.html").read_text(encoding="utf-8")


def test_rendering_again_replaces_or_removes_the_pages_and_never_a_foreign_folder(tmp_path):
    gold, docs = corpus(tmp_path, 25, events=2)
    out = tmp_path / "review.html"
    render_file([gold], out, per_page=10)
    folder = pages_folder(out)
    assert (folder / "page-3.html").is_file()
    small, few = corpus(tmp_path / "small", 12, events=2)
    summary = render_file([small], out, per_page=10)  # fewer pages now: page-3 is gone
    assert summary.pages == 2 and not (folder / "page-3.html").exists() and (folder / "page-2.html").is_file()
    summary = render_file([small], out, per_page=20)  # one page now: the folder is removed
    assert summary.folder is None and not folder.exists()
    assert parse(out.read_text(encoding="utf-8")).texts == [d.text for d in few]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".review_pages.export-")] == []
    # a folder of that name that annotate render did not write is never replaced nor removed
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run_annotate("render", str(gold), "-o", str(out), "--per-page", "10")
    assert result.returncode == 2 and "was not written by annotate render" in result.stderr.decode()
    render_file([small], out, per_page=20)
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"
    # nor a folder that holds the input
    inside = tmp_path / "x_pages"
    inside.mkdir()
    (inside / MARKER).write_text("", encoding="utf-8")
    (inside / "gold.jsonl").write_bytes(gold.read_bytes())
    result = run_annotate("render", str(inside / "gold.jsonl"), "-o", str(tmp_path / "x.html"), "--per-page", "10")
    assert result.returncode == 2 and "which the review replaces whole" in result.stderr.decode()
    assert (inside / "gold.jsonl").read_bytes() == gold.read_bytes()


def test_standard_output_takes_one_page_and_refuses_more_clearly(tmp_path):
    gold, docs = corpus(tmp_path, 12, events=2)
    result = run_annotate("render", str(gold), "-o", "-", "--per-page", "10")
    err = result.stderr.decode()
    assert result.returncode == 2 and "12 documents do not fit one page (--per-page 10)" in err and not result.stdout
    assert "Traceback" not in err
    result = run_annotate("render", str(gold), "-o", "-", "--per-page", "0")
    assert result.returncode == 0 and parse(result.stdout.decode()).texts == [d.text for d in docs]
    result = run_annotate("render", str(gold), "-o", "-", "--per-page", "12")
    assert result.returncode == 0 and result.stdout.decode().count('<article class="doc"') == 12


def test_a_small_corpus_stays_one_self_contained_page(tmp_path):
    docs = seed_documents()
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, docs)
    summary = render_file([gold], tmp_path / "review.html")
    assert summary.folder is None and summary.pages == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl", "review.html"]
    links = read_page(tmp_path / "review.html").links
    assert links and all(href.startswith("#") for href, _ in links)


def _peak(gold: Path, out: Path) -> int:
    tracemalloc.start()
    try:
        render_file([gold], out, per_page=5)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_writer_s_memory_does_not_grow_with_the_corpus(tmp_path, monkeypatch):
    import annotate.render.overview as overview
    import annotate.render.pages as pages

    # every bounded buffer is full at both sizes: a document page, a contents page, a clusters page
    monkeypatch.setattr(pages, "CONTENTS_PER_PAGE", 20)
    monkeypatch.setattr(overview, "CLUSTERS_PER_PAGE", 5)
    monkeypatch.setattr(overview, "MAX_CLUSTER_MEMBERS", 4)
    # ten kinds of documents in turn, so that the largest page is as large at both sizes
    small, _ = corpus(tmp_path / "a", 40, events=2, shapes=10)
    large, _ = corpus(tmp_path / "b", 160, events=2, shapes=10)
    _peak(small, tmp_path / "warm.html")  # imports and caches before measuring
    peak_small = _peak(small, tmp_path / "small.html")
    peak_large = _peak(large, tmp_path / "large.html")
    assert (pages_folder(tmp_path / "large.html") / "page-32.html").is_file()
    print(f"tracemalloc peak: {peak_small / 1e6:.2f} MB at 40 documents, {peak_large / 1e6:.2f} MB at 160")
    assert peak_large < 1.25 * peak_small, (peak_small, peak_large)


def test_a_document_reads_the_same_on_its_page_as_on_the_single_page(tmp_path):
    # differential: the paged writer against the straightforward one (--per-page 0, one page)
    gold, docs = corpus(tmp_path, 30, seed=11)
    render_file([gold], tmp_path / "one.html", per_page=0)
    summary = render_file([gold], tmp_path / "paged.html", per_page=10)
    assert summary.pages == 3
    article = re.compile(r'<article class="doc".*?</article>', re.S)
    single = article.findall((tmp_path / "one.html").read_text(encoding="utf-8"))
    paged = [a for k in (1, 2, 3) for a in article.findall(
        (summary.folder / f"page-{k}.html").read_text(encoding="utf-8"))]
    assert len(single) == len(paged) == 30
    # only where a cluster is differs: its row is on a clusters page instead of this page
    assert [re.sub(r'href="clusters-\d+\.html#', 'href="#', a) for a in paged] == single
    assert any('href="clusters-' in a for a in paged)
