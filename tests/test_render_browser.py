"""The review page in a real browser: headless Chromium (Debian's ``chromium``).

Skipped, with the reason, only when Chromium is not installed and ``CI`` is not ``true``; in CI a
missing browser is a failure (``scripts/test`` installs it).
"""

from __future__ import annotations

import http.server
import os
import shutil
import struct
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_sample_document
from test_render_seeds import seed_documents

from annotate.render import render_html
from schema import Document, make_span

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but chromium is not installed: the review page must be tested in a browser "
                       "(apt-get install chromium, as scripts/test does)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); "
                                "these tests run in CI, where its absence fails")


def chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, url]
    return subprocess.run(command, capture_output=True, timeout=120)


class Dom(HTMLParser):
    """The parts of a dumped DOM the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.status = ""
        self._depth = 0
        self._status = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        classes = attributes.get("class", "").split()
        if self._depth:
            self._depth += 1
        elif tag == "pre" and "text" in classes:
            self._depth = 1
            self.texts.append("")
        self._status = attributes.get("id") == "filter-status"

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
        self._status = False

    def handle_data(self, data):
        if self._depth:
            self.texts[-1] += data
        if self._status:
            self.status += data

    def having(self, tag: str, cls: str, *, without: str | None = None) -> list[dict]:
        return [a for t, a in self.elements if t == tag and cls in a.get("class", "").split()
                and (without is None or without not in a.get("class", "").split())]


def dump_dom(tmp_path: Path, page: Path, query: str = "") -> tuple[Dom, str]:
    result = chromium(tmp_path, page.as_uri() + query, "--dump-dom", "--virtual-time-budget=3000")
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = Dom()
    dom.feed(result.stdout.decode("utf-8"))
    return dom, result.stderr.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> tuple[list[Document], Path]:
    docs = seed_documents()
    page = tmp_path_factory.mktemp("render") / "review.html"
    page.write_text(render_html(docs), encoding="utf-8")
    return docs, page


def test_browser_runs_the_script_and_shows_every_event_and_text(seeds_page, tmp_path):
    docs, page = seeds_page
    dom, log = dump_dom(tmp_path, page)
    html = next(a for t, a in dom.elements if t == "html")
    assert html.get("data-js") == "ready"  # the inline script ran: the CSP hash admits it
    assert "Content Security Policy" not in log and "Refused to" not in log, log[-2000:]
    triggers = dom.having("mark", "trg", without="cont")
    assert len(triggers) == sum(len(d.events) for d in docs) == 23
    assert dom.status == "Showing 23 of 23 events in 6 of 6 documents"
    # the DOM text is the document text, code point for code point (í, ’, “, NBSP, the emoji flag)
    assert dom.texts == [d.text for d in docs]
    assert len(dom.having("article", "doc")) == 6 and len(dom.having("svg", "chart")) == 2


def test_filters_from_the_url_hide_types_and_documents(seeds_page, tmp_path):
    docs, page = seeds_page
    dom, _ = dump_dom(tmp_path, page, "?types=Loan,Visit&q=ir%20insider&labels=0")
    body = next(a for t, a in dom.elements if t == "body")
    assert set(body["class"].split()) == {"hide-Agreement", "hide-Statement"}  # labels off, two types hidden
    shown = [a["id"] for a in dom.having("article", "doc") if "hidden" not in a]
    assert shown == ["d/001_0cefdf8c56bef465"]
    assert dom.status == "Showing 3 of 23 events in 1 of 6 documents"  # 1 Visit + 2 Loans in that document
    dimmed = dom.having("span", "dim")
    assert dimmed and all(set(a["data-types"].split()) <= {"Agreement", "Statement"} for a in dimmed)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshot_renders(seeds_page, tmp_path):
    _, page = seeds_page
    shot = tmp_path / "review.png"
    result = chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1280,2000")
    assert result.returncode == 0 and shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    assert _png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 60_000  # a blank or unstyled page compresses to far less


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).paths.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_page_makes_no_network_request_even_with_hostile_text(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        # control: the same browser does fetch an image from this server when a page asks for one
        control = tmp_path / "control.html"
        control.write_text(f'<!DOCTYPE html><img src="{base}/control.png">', encoding="utf-8")
        chromium(tmp_path, control.as_uri(), "--dump-dom", "--virtual-time-budget=3000")
        assert "/control.png" in _Recorder.paths, "the control request never arrived: the check would prove nothing"

        sample = build_sample_document()
        text = (f'See <img src="{base}/leak.png"> and <script src="{base}/leak.js"></script> and '
                f'<link rel="stylesheet" href="{base}/leak.css"> about the loan.')
        loan = type(sample.events[1])
        doc = Document(id="hostile", text=text, source=sample.source.model_copy(update={"url": f"{base}/source"}),
                       annotation=sample.annotation, mentions=[],
                       events=[loan(id="EV1", trigger=make_span(text, len(text) - 5, len(text) - 1),
                                    attributes=sample.events[1].attributes)])
        page = tmp_path / "hostile.html"
        page.write_text(render_html([doc, sample]), encoding="utf-8")
        dom, _ = dump_dom(tmp_path, page)
        assert dom.texts == [text, sample.text]
        assert [p for p in _Recorder.paths if p != "/control.png"] == []
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def paged_review(tmp_path_factory) -> tuple[list[Document], Path]:
    from annotate.jsonl import write_documents
    from annotate.render import render_file
    from benchmarks.synthetic import synthetic_documents

    docs = list(synthetic_documents(30, seed=3))
    folder = tmp_path_factory.mktemp("paged")
    write_documents(folder / "gold.jsonl", docs)
    summary = render_file([folder / "gold.jsonl"], folder / "review.html", per_page=10)
    assert summary.pages == 3
    return docs, folder


def test_a_later_page_opens_with_its_documents_highlights_and_the_view_of_its_link(paged_review, tmp_path):
    docs, folder = paged_review
    dom, log = dump_dom(tmp_path, folder / "review_pages" / "page-3.html", "?types=Loan,Visit")
    assert next(a for t, a in dom.elements if t == "html").get("data-js") == "ready"
    assert "Content Security Policy" not in log and "Refused to" not in log, log[-2000:]
    mine = docs[20:]
    assert dom.texts == [d.text for d in mine]  # accents, curly quotes, NBSP and emoji flags, exactly
    triggers = dom.having("mark", "trg", without="cont")
    assert {(a["data-doc"], a["data-ev"]) for a in triggers} == {(d.id, e.id) for d in mine for e in d.events}
    shown = sum(1 for d in mine for e in d.events if e.type in ("Loan", "Visit"))
    assert dom.status == f"Showing {shown} of {len(triggers)} events in 10 of 10 documents on this page"
    # the links to the other pages carry the view, so the next page shows the same types
    links = {a.get("rel"): a["href"] for t, a in dom.elements if t == "a" and a.get("rel")}
    assert links == {"prev": "page-2.html?types=Visit%2CLoan"}  # in the order of the boxes


def test_the_entry_page_opens_the_index_with_every_document_listed(paged_review, tmp_path):
    docs, folder = paged_review
    dom, _ = dump_dom(tmp_path, folder / "review.html", "?q=syn_000012")
    entries = [a for t, a in dom.elements if t == "li" and "data-search" in a]
    assert [a["data-doc"] for a in entries] == [str(i) for i in range(30)]  # the index of review_pages/
    assert [a["data-doc"] for a in entries if "hidden" not in a] == ["12"]
    assert dom.status == "Showing 1 of 30 documents listed here"
    page_links = {a["href"] for t, a in dom.elements if t == "a" and a["href"].startswith("page-2.html")}
    assert "page-2.html?q=syn_000012#d/syn_000012" in page_links
