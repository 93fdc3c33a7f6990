"""``annotate render`` without a browser: nesting and escaping of the highlighted text, the page's
self-containment (CSP hashes, no external resources), inputs and errors. Browser checks are in
``test_render_browser.py``."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from conftest import build_sample_document, run_annotate
from test_render_seeds import seed_documents

from annotate.render import render_file, render_html
from annotate.render.highlight import Mark, highlight, nesting_heights
from schema import Document, Mention, make_span

VOID = {"meta", "br", "input", "img", "hr", "link", "rect"}


class TreeCheck(HTMLParser):
    """Checks that tags nest properly and collects the text inside ``pre.text`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: list[str] = []
        self.in_text = 0
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        if self.in_text:
            self.in_text += 1
        elif tag == "pre" and "text" in (attributes.get("class") or "").split():
            self.in_text = 1
            self.texts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if self.in_text:
            self.in_text -= 1

    def handle_data(self, data):
        if self.in_text:
            self.texts[-1] += data


def parse(page: str) -> TreeCheck:
    checker = TreeCheck()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], checker.stack
    return checker


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


def test_highlight_nests_and_splits_crossing_spans_without_touching_the_text():
    text = "ab <c> d\r\né\U0001F600f"
    marks = [
        Mark(0, 8, "span", ("a",)), Mark(3, 6, "span", ("b",), (("id", "x"),)),  # nested
        Mark(5, 10, "mark", ("c",), (("id", "cross"),)),  # crosses the outer span
        Mark(10, 12, "mark", ("emoji",)),  # "é😀": code points, the emoji is one
    ]
    html = highlight(text, marks)
    parse(f"<pre class='text'>{html}</pre>")
    assert text_of(html.replace("&#13;", "\r")) == text
    assert "&lt;c" in html and "&gt;" in html and "&#13;" in html  # escaped; "\r" survives HTML parsing
    # the crossing mark is cut where the spans it crosses end: only the first fragment keeps the id and is
    # counted (no "cont"), only the last one shows a label (no "split")
    assert html.count('id="cross"') == 1 and html.count('class="c') == 3
    assert 'class="c split" id="cross"' in html and 'class="c cont split"' in html and '<mark class="c cont">' in html
    assert '<mark class="emoji">é\U0001F600</mark>' in html
    with pytest.raises(ValueError):
        highlight("abc", [Mark(2, 4, "span", ())])


def test_nesting_heights_put_outer_underlines_below_inner_ones():
    assert nesting_heights([(0, 10), (0, 5), (1, 3), (6, 8), (20, 22)]) == [2, 1, 0, 0, 0]


@pytest.fixture(scope="module")
def seeds_page() -> tuple[list[Document], str]:
    docs = seed_documents()
    return docs, render_html(docs, title="Seeds <review>")


def test_page_shows_every_event_and_the_exact_texts(seeds_page):
    docs, page = seeds_page
    tree = parse(page)
    assert tree.texts == [d.text for d in docs]  # what a browser shows is the text, code point for code point
    triggers = [a for tag, a in tree.elements if tag == "mark" and "trg" in a["class"].split()
                and "cont" not in a["class"].split()]
    assert len(triggers) == sum(len(d.events) for d in docs) == 23
    assert {(a["data-doc"], a["data-ev"]) for a in triggers} == {(d.id, e.id) for d in docs for e in d.events}
    rows = [a for tag, a in tree.elements if tag == "tr" and a.get("id", "").startswith("r/")]
    assert len(rows) == 23
    args = [a for tag, a in tree.elements if tag == "span" and "arg" in a.get("class", "").split()]
    assert {m for a in args for m in [a["data-m"]]} >= {"M1", "M3", "M9"}
    assert "<title>Seeds &lt;review&gt;</title>" in page
    # the overview: per-type bars, the cross-document cluster with its five documents, the normalized values
    assert 'data-category="Visit"' in page and "Events per document" in page
    assert 'id="c/C-diaz-canel-russia"' in page and '<td class="num">5</td>' in page
    assert "USD 50,000,000" in page and "≥ USD 260,000,000" in page and "2018-11-02" in page
    # hover text tells type and role
    assert re.search(r'title="PER M1 \(entity E1\) · Speaker of EV1 \(Statement\); Speaker of EV5 \(Statement\)"', page)


def test_document_markup_is_escaped_never_executed():
    text = 'He wrote <script>alert("x")</script> & <img src=x onerror=alert(1)> about the loan.'
    base = build_sample_document()
    loan = type(base.events[1])
    doc = Document(
        id="xss", text=text, source=base.source.model_copy(update={"title": "<b>bold</b> title", "url": "javascript:x"}),
        annotation=base.annotation, mentions=[Mention(id="M1", type="TOPIC", **make_span(text, 10, 35))],
        events=[loan(id="EV1", trigger=make_span(text, 76, 80), attributes=base.events[1].attributes,
                     arguments=[{"role": "Purpose", "mention": "M1"}], notes="</td><script>bad()</script>")],
    )
    page = render_html([doc])
    tree = parse(page)
    assert tree.texts == [text]
    assert page.count("<script") == 1  # only the page's own script
    assert [tag for tag, _ in tree.elements].count("img") == 0
    assert "&lt;b&gt;bold&lt;/b&gt; title" in page and "&lt;/td&gt;&lt;script&gt;bad()" in page


def test_page_is_self_contained_under_a_strict_content_security_policy(seeds_page):
    _, page = seeds_page
    tree = parse(page)
    policy = next(a["content"] for tag, a in tree.elements if tag == "meta" and a.get("http-equiv") ==
                  "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for content in (script, style):
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    for tag, attrs in tree.elements:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("link", "iframe", "object", "embed", "img")
        href = attrs.get("href")
        if href is not None and tag != "a":
            raise AssertionError(f"<{tag} href={href}>")
        if href is not None:
            assert href.startswith("#"), href  # the seeds have no source url: every link is in the page
    assert "@import" not in style and "url(" not in style


def test_cli_renders_files_folders_and_selected_documents(tmp_path):
    docs = seed_documents()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gold.jsonl").write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "page.html"
    result = run_annotate("render", "--corpus", str(corpus), "-o", str(out))  # default: the corpus gold
    assert result.returncode == 0, result.stderr.decode()
    assert "6 document(s), 23 event(s), 3 event cluster(s)" in result.stdout.decode()
    assert parse(out.read_text(encoding="utf-8")).texts == [d.text for d in docs]

    annotator = tmp_path / "annotations" / "alice"
    annotator.mkdir(parents=True)
    for doc in docs[:2]:
        (annotator / f"{doc.id}.jsonl").write_text(doc.to_json() + "\n", encoding="utf-8")
    result = run_annotate("render", str(annotator), "-o", str(out), "--doc", docs[1].id)
    assert result.returncode == 0, result.stderr.decode()
    assert parse(out.read_text(encoding="utf-8")).texts == [docs[1].text]

    result = run_annotate("render", str(corpus / "gold.jsonl"), "-o", "-", "--doc", "sample-1")
    assert result.returncode == 0 and result.stdout.decode().count('<article class="doc"') == 1


def test_cli_errors_are_clear(tmp_path):
    docs = seed_documents()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "page.html"
    result = run_annotate("render", str(gold), "-o", str(out), "--doc", "nope", "--doc", "sample-1")
    assert result.returncode == 2 and "no document 'nope'" in result.stderr.decode() and not out.exists()
    result = run_annotate("render", "--corpus", str(tmp_path / "none"), "-o", str(out))
    assert result.returncode == 2 and "no gold corpus" in result.stderr.decode()
    result = run_annotate("render", str(tmp_path / "missing.jsonl"), "-o", str(out))
    assert result.returncode == 2 and "no such file" in result.stderr.decode()
    result = run_annotate("render", str(gold), str(gold), "-o", str(out))
    assert result.returncode == 1 and "appears twice" in result.stderr.decode()
    broken = tmp_path / "broken.jsonl"
    line = json.loads(docs[0].to_json())
    line["events"][0]["type"] = "Party"
    broken.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run_annotate("render", str(broken), "-o", str(out))
    err = result.stderr.decode()
    assert result.returncode == 1 and f"broken.jsonl:1 [{docs[0].id}]" in err and "Traceback" not in err
    assert not out.exists()


def test_render_file_streams_and_writes_atomically(tmp_path):
    docs = seed_documents()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "page.html"
    out.write_text("previous page", encoding="utf-8")
    summary = render_file([gold], out, doc_ids=[docs[0].id, docs[3].id])
    assert (summary.documents, summary.events, summary.clusters) == (2, 9, 2)
    assert parse(out.read_text(encoding="utf-8")).texts == [docs[0].text, docs[3].text]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_the_shipped_gold_corpus_renders_completely():
    from annotate.jsonl import read_documents
    from conftest import REPO

    gold = REPO / "corpus" / "gold.jsonl"
    docs = list(read_documents(gold))
    tree = parse(render_html(docs))
    assert tree.texts == [d.text for d in docs]
    triggers = [a for tag, a in tree.elements if tag == "mark" and "trg" in a["class"].split()
                and "cont" not in a["class"].split()]
    assert len(triggers) == sum(len(d.events) for d in docs) > 0
    arguments = [a for tag, a in tree.elements if tag == "span" and "arg" in a.get("class", "").split()
                 and "cont" not in a["class"].split()]
    assert len(arguments) == sum(len({a.mention for e in d.events for a in e.arguments}) for d in docs)


def test_cli_refuses_spans_that_disagree_with_the_text_and_dangling_arguments(tmp_path):
    # Such documents pass the schema, so the page used to highlight text the annotation does not hold,
    # or leave an argument out, without a word.
    doc = json.loads(seed_documents()[0].to_json())
    shifted = json.loads(json.dumps(doc))
    shifted["events"][0]["trigger"]["start"] += 1
    shifted["events"][0]["trigger"]["end"] += 1
    dangling = json.loads(json.dumps(doc))
    dangling["events"][0]["arguments"][0]["mention"] = "M999"
    out = tmp_path / "page.html"
    # worded as annotate validate words them (the reader runs its checks)
    for name, line, message in (("shifted", shifted, "events[0].trigger.text: "),
                                ("dangling", dangling, "events[0].arguments[0].mention: ")):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        result = run_annotate("render", str(path), "-o", str(out))
        err = result.stderr.decode()
        assert result.returncode == 1, err
        assert f"{name}.jsonl:1 [{doc['id']}]: {message}" in err and "Traceback" not in err, err
        assert "M999" in err or name != "dangling"
        assert not out.exists()


def test_cli_refuses_to_write_the_page_over_its_input(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(d.to_json() + "\n" for d in seed_documents()[:1]), encoding="utf-8")
    before = gold.read_bytes()
    for args in ((str(gold), "-o", str(gold)), (str(tmp_path), "-o", str(gold)), ("--corpus", str(tmp_path), "-o", str(gold))):
        result = run_annotate("render", *args)
        err = result.stderr.decode()
        assert result.returncode == 2, (args, err)
        assert "a corpus file being rendered; writing there would replace it" in err
        assert gold.read_bytes() == before


@pytest.mark.parametrize("url, linked", [
    ("https://example.org/a?b=1&c=2", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("https://ok.org/\tjavascript:x", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:x", False), ("//example.org/a", False), ("file:///etc/passwd", False), ("../raw/a.txt", False),
    ("\x01https://example.org", False),
])
def test_source_links_are_http_or_https_only(url: str, linked: bool):
    # issue 10 §6: render linked any source.url, javascript: included; other URLs are shown as text
    base = build_sample_document()
    doc = base.model_copy(update={"source": base.source.model_copy(update={"url": url})})
    page = render_html([doc])
    hrefs = [attrs["href"] for tag, attrs in parse(page).elements if tag == "a" and "href" in attrs]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ([url] if linked else [])
    if not linked:
        from html import escape

        assert f"<code>{escape(url)}</code>" in page  # still shown, as text
