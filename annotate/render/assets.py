"""The inline style sheet, script and colors of the review page (no files, no network).

Colors come from the Okabe–Ito palette, which stays distinguishable with the common color-vision
deficiencies; highlights use light tints of them so that the text on top keeps a contrast ratio above
7:1 (near-black on a tint), and the event type is also written out (legend, labels, tables, titles), so
color is never the only cue.
"""

from __future__ import annotations

import hashlib
import base64

#: Okabe–Ito colors, in the order event types get them (schema order), then reused cyclically.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C7B00", "#666666")


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: ``amount`` 0 is white, 1 the color itself."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def type_colors(types: list[str]) -> dict[str, str]:
    """Event type -> its color."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(types)}


def type_css(colors: dict[str, str], slugs: dict[str, str]) -> str:
    """Per-type rules: trigger highlight, chips, filter state."""
    rules = []
    for name, color in colors.items():
        s = slugs[name]
        rules.append(
            f".t-{s}{{--c:{color};--bg:{tint(color, .22)};--bg2:{tint(color, .45)}}}"
            f"body.hide-{s} tr.t-{s}{{display:none}}"
            f"body.hide-{s} mark.t-{s}{{background:none;border-bottom-color:transparent}}"
            f"body.hide-{s} mark.t-{s}::after{{display:none}}"
        )
    return "".join(rules)


CSS = r"""
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--paper:#fff;--panel:#f6f8fa;--accent:#0b5cad;
--arg:#24292f;--val:#00716b;--nav:17rem}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:1rem}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;
color:var(--ink);background:var(--paper)}
a{color:var(--accent)}
a:focus-visible,input:focus-visible,button:focus-visible,mark:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;z-index:9;background:#fff;padding:.4rem}
header.top{padding:1.2rem 2rem 1rem calc(var(--nav) + 2rem);border-bottom:1px solid var(--line);background:var(--panel)}
header.top h1{margin:0 0 .2rem;font-size:1.55rem}
.figures{margin:0;color:var(--muted)}
.figures b{color:var(--ink)}
nav.index{position:fixed;top:0;left:0;bottom:0;width:var(--nav);overflow:auto;padding:1rem .8rem;
border-right:1px solid var(--line);background:#fbfcfd;font-size:.88rem}
nav.index h2{font-size:.78rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:.9rem 0 .4rem}
nav.index ol{list-style:none;margin:0;padding:0}
nav.index li a{display:flex;justify-content:space-between;gap:.5rem;padding:.25rem .4rem;border-radius:4px;
text-decoration:none;color:var(--ink)}
nav.index li a:hover{background:#eaeef2}
nav.index .count{color:var(--muted);font-variant-numeric:tabular-nums}
nav.index .docid{display:block;color:var(--muted);font-size:.75rem;font-family:ui-monospace,monospace}
main{margin-left:var(--nav);padding:0 2rem 4rem;max-width:calc(var(--nav) + 64rem)}
section{margin-top:1.6rem}
h2{font-size:1.25rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
.toolbar{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);
padding:.55rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;font-size:.9rem}
.toolbar fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .7rem;align-items:center}
.toolbar legend{float:left;font-weight:600;margin-right:.4rem}
.toolbar label{display:inline-flex;align-items:center;gap:.3rem;cursor:pointer}
.toolbar input[type=search]{font:inherit;padding:.2rem .45rem;border:1px solid var(--line);border-radius:4px;width:14rem}
.toolbar .status{color:var(--muted);margin-left:auto}
html:not([data-js=ready]) .toolbar .needs-js{display:none}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.1rem;align-items:center;margin:.6rem 0 0;padding:0;list-style:none;font-size:.88rem}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;background:var(--bg2);border:2px solid var(--c);
vertical-align:-.1em;margin-right:.3em}
.sample-arg{border-bottom:2px solid var(--arg);padding-bottom:1px}
.sample-val{border-bottom:2px solid var(--val);padding-bottom:1px}
.sample-mn{border-bottom:1px dotted var(--muted)}
.charts{display:grid;grid-template-columns:minmax(18rem,2fr) minmax(24rem,3fr);gap:1rem 2rem;align-items:start}
@media (max-width:1100px){.charts{grid-template-columns:1fr}}
figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg.chart text{fill:var(--ink)}
svg.chart .value{fill:var(--muted);font-variant-numeric:tabular-nums}
svg.chart a:hover text{text-decoration:underline}
.note{color:var(--muted);font-size:.85rem;margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.3rem 0 .6rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
tbody tr:hover,tr.hl{background:#fff8c5}
td.id,td.num{font-family:ui-monospace,monospace;font-size:.8rem}
td.id{overflow-wrap:anywhere;min-width:3.5rem}table.clusters td.id{max-width:15rem}
table.clusters{table-layout:fixed}table.clusters th:nth-child(1){width:12rem}table.clusters th:nth-child(2),table.clusters th:nth-child(3){width:6.5rem}
caption{caption-side:top;text-align:left}td.num{white-space:nowrap}
.scroll{overflow-x:auto}
.chip{display:inline-block;padding:0 .45em;border-radius:3px;background:var(--bg);border-left:4px solid var(--c);
white-space:nowrap;font-weight:600}
.attr{display:inline-block;padding:0 .35em;margin:0 .15em .1em 0;border-radius:3px;background:#eef1f4;color:var(--muted);font-size:.8rem}
.attr.marked{background:#fff1c2;color:#5c4100;font-weight:600}
.norm{font-family:ui-monospace,monospace;font-size:.8rem;color:var(--val)}
ul.args{margin:0;padding:0;list-style:none}
ul.args .role{font-weight:600}
ul.cluster-docs li{margin-bottom:.35rem}
ul.cluster-docs a.ev{display:inline-block;margin:.1rem .5rem 0 0}
article.doc{border-top:3px solid var(--ink);padding-top:.8rem;margin-top:2.4rem}
article.doc{content-visibility:auto;contain-intrinsic-size:auto 1600px}
article.doc header h2{margin:0}
.meta{color:var(--muted);font-size:.85rem;margin:.2rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
.meta code{font-size:.8rem}
.text{white-space:pre-wrap;overflow-wrap:break-word;line-height:2.15;font-size:1rem;max-width:52rem;
font-family:Georgia,"Noto Serif","DejaVu Serif",serif;margin:0;padding:.6rem .9rem;background:#fcfcfd;
border:1px solid var(--line);border-radius:6px}
mark.trg{background:var(--bg);color:inherit;border-bottom:3px solid var(--c);border-radius:3px 3px 0 0;padding:1px 1px 0;cursor:pointer}
mark.trg.hl,mark.trg:focus{background:var(--bg2);outline:2px solid var(--c)}
.mn{border-bottom:1px dotted var(--muted)}
.mn.arg{border-bottom:2px solid var(--arg)}
.mn.arg.value{border-bottom-color:var(--val)}
.mn.lv1{padding-bottom:4px}.mn.lv2{padding-bottom:7px}.mn.lv3{padding-bottom:10px}.mn.lv4{padding-bottom:13px}
.mn.hl{background:#fff1a8}
.mn.dim{border-bottom-color:#c9d1d9;border-bottom-style:dotted}
body.labels .mn.arg:not(.split)::after,body.labels mark.trg:not(.split)::after{content:attr(data-label);
font:600 .58rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.03em;vertical-align:.55em;
margin-left:2px;padding:1px 3px;border-radius:2px;white-space:nowrap}
body.labels .mn.arg:not(.split)::after{color:#fff;background:var(--arg)}
body.labels .mn.arg.value:not(.split)::after{background:var(--val)}
body.labels mark.trg:not(.split)::after{color:#111;background:var(--bg2);box-shadow:inset 0 0 0 1px var(--c)}
body.labels .mn.dim::after{opacity:.35}
nav.pager{display:flex;flex-wrap:wrap;gap:.2rem .35rem;align-items:center;margin:.8rem 0;font-size:.9rem}
nav.pager a,nav.pager span{padding:.1rem .45rem;border:1px solid var(--line);border-radius:4px;text-decoration:none}
nav.pager [aria-current]{background:var(--ink);color:#fff;border-color:var(--ink)}
nav.pager .gap{border:0}
nav.index ol.review a{font-weight:600}
ol.toc{margin:.2rem 0 1rem;padding-left:3.2rem;font-size:.9rem;content-visibility:auto;contain-intrinsic-size:auto 40rem}
ol.toc li a{display:flex;justify-content:space-between;gap:1rem;max-width:52rem;text-decoration:none;color:var(--ink)}
ol.toc li a:hover{background:#eaeef2}
ol.toc .docid{color:var(--muted);font-size:.75rem;font-family:ui-monospace,monospace;margin-left:.6rem}
ol.toc .count{color:var(--muted);font-variant-numeric:tabular-nums}
#contents h3 .note{font-weight:400}
ol.toc li[hidden]{display:none}
details{margin:.4rem 0}
summary{cursor:pointer;color:var(--accent)}
.empty{color:var(--muted);font-style:italic}
article.doc[hidden],nav.index li[hidden]{display:none}
footer{margin:3rem 0 0 var(--nav);padding:1rem 2rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}
@media (max-width:900px){nav.index{position:static;width:auto;border-right:0;border-bottom:1px solid var(--line)}
main,footer{margin-left:0}header.top{padding-left:1rem}main{padding:0 1rem 3rem}}
@media print{
nav.index,.toolbar,.skip,nav.pager{display:none!important}
main,footer{margin-left:0;max-width:none;padding:0}header.top{padding:0 0 .5rem;background:none}
body{font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
article.doc{break-before:page}
tr,figure,.legend{break-inside:avoid}
.text{border:0;padding:0;background:none}
a{color:inherit;text-decoration:none}
details>*{display:block}
}
"""

#: The page script: filters, label toggle, hover links between a trigger, its arguments and its row, and
#: links to the other pages of a review that keep the view (``?types=...&q=...&labels=0``).
#: It only toggles classes and attributes; it never reads or slices the document text.
SCRIPT = r"""
(function () {
  "use strict";
  var body = document.body;
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  var triggers = all("mark.trg:not(.cont)");
  var typeBoxes = all("input[data-filter-type]");
  var search = document.getElementById("doc-search");
  var status = document.getElementById("filter-status");
  var labels = document.getElementById("show-labels");
  var docs = all("article.doc").map(function (doc) {
    return {el: doc, hay: doc.getAttribute("data-search") || "",
            types: all("mark.trg:not(.cont)", doc).map(function (m) { return m.getAttribute("data-type"); })};
  });
  var navItems = {};
  all("nav.index li[data-doc]").forEach(function (li) { navItems[li.getAttribute("data-doc")] = li; });
  var entries = all("li[data-search]");  // a table of contents
  var keep = all("a.keep").filter(function (a) { return a.getAttribute("href").charAt(0) !== "#"; });
  keep.forEach(function (a) { a.setAttribute("data-base", a.getAttribute("href")); });
  var keptQuery = "";  // the links are written without a view
  var argSpans = all(".mn.arg");
  function hiddenTypes() {
    var hidden = {};
    typeBoxes.forEach(function (box) { if (!box.checked) hidden[box.getAttribute("data-filter-type")] = true; });
    return hidden;
  }
  function view() {  // the query string that carries this view to another page
    var params = new URLSearchParams(window.location.search);
    if (typeBoxes.length) {
      var on = typeBoxes.filter(function (b) { return b.checked; });
      if (on.length === typeBoxes.length) params.delete("types");
      else params.set("types", on.map(function (b) { return b.getAttribute("data-filter-type"); }).join(","));
    }
    if (search) { if (search.value.trim()) params.set("q", search.value.trim()); else params.delete("q"); }
    if (labels) { if (labels.checked) params.delete("labels"); else params.set("labels", "0"); }
    var text = params.toString();
    return text ? "?" + text : "";
  }
  function keepView() {
    var query = view();
    if (query === keptQuery) return;
    keptQuery = query;
    keep.forEach(function (a) {
      var base = a.getAttribute("data-base"), at = base.indexOf("#");
      a.setAttribute("href", at === -1 ? base + query : base.slice(0, at) + query + base.slice(at));
    });
  }
  function update() {
    var hidden = hiddenTypes();
    typeBoxes.forEach(function (box) {
      body.classList.toggle("hide-" + box.getAttribute("data-slug"), !box.checked);
    });
    argSpans.forEach(function (span) {
      var types = (span.getAttribute("data-types") || "").split(" ");
      span.classList.toggle("dim", types.every(function (t) { return hidden[t]; }));
    });
    var query = search ? search.value.trim().toLowerCase() : "";
    var scope = status ? status.getAttribute("data-scope") || "" : "";
    var shownDocs = 0, shownEvents = 0;
    docs.forEach(function (doc) {
      var match = !query || doc.hay.indexOf(query) !== -1;
      doc.el.hidden = !match;
      var link = navItems[doc.el.getAttribute("data-doc-index")];
      if (link) link.hidden = !match;
      if (match) {
        shownDocs += 1;
        doc.types.forEach(function (t) { if (!hidden[t]) shownEvents += 1; });
      }
    });
    var shownEntries = 0;
    entries.forEach(function (li) {
      var match = !query || (li.getAttribute("data-search") || "").indexOf(query) !== -1;
      li.hidden = !match;
      if (match) shownEntries += 1;
    });
    if (status && docs.length) {
      status.textContent = "Showing " + shownEvents + " of " + triggers.length + " events in " + shownDocs +
        " of " + docs.length + " documents" + scope;
    } else if (status && entries.length) {
      status.textContent = "Showing " + shownEntries + " of " + entries.length + " documents" + scope;
    }
    keepView();
  }
  function linked(el) {
    var doc = el.closest("article.doc");
    var ev = el.getAttribute("data-ev");
    if (!doc || !ev) return [];
    var out = [];
    ev.split(" ").forEach(function (id) {
      doc.querySelectorAll('[data-ev~="' + id + '"]').forEach(function (x) { out.push(x); });
    });
    return out;
  }
  function hover(on) {
    return function (e) {
      var el = e.target.closest && e.target.closest("mark.trg, tr[data-ev]");
      if (!el) return;
      linked(el).forEach(function (x) { x.classList.toggle("hl", on); });
    };
  }
  document.addEventListener("mouseover", hover(true));
  document.addEventListener("mouseout", hover(false));
  document.addEventListener("focusin", hover(true));
  document.addEventListener("focusout", hover(false));
  document.addEventListener("click", function (e) {
    var mark = e.target.closest && e.target.closest("mark.trg");
    if (!mark) return;
    var row = document.getElementById("r/" + mark.getAttribute("data-doc") + "/" + mark.getAttribute("data-ev"));
    if (row) row.scrollIntoView({block: "center"});
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("mark.trg")) e.target.click();
  });
  typeBoxes.forEach(function (box) { box.addEventListener("change", update); });
  if (search) search.addEventListener("input", update);
  if (labels) labels.addEventListener("change", function () { body.classList.toggle("labels", labels.checked); update(); });
  var allTypes = document.getElementById("all-types");
  if (allTypes) allTypes.addEventListener("click", function () {
    typeBoxes.forEach(function (box) { box.checked = true; });
    update();
  });
  // A link can carry a view: page.html?types=Loan,Visit&q=moscow&labels=0
  var params = new URLSearchParams(window.location.search);
  if (params.has("types")) {
    var wanted = params.get("types").split(",");
    typeBoxes.forEach(function (box) { box.checked = wanted.indexOf(box.getAttribute("data-filter-type")) !== -1; });
  }
  if (search && params.has("q")) search.value = params.get("q");
  if (labels && params.get("labels") === "0") { labels.checked = false; body.classList.remove("labels"); }
  update();
  document.documentElement.setAttribute("data-js", "ready");
})();
"""

#: The script of the small entry page of a review in several pages: open the index, keeping the view.
REDIRECT_SCRIPT = r"""
(function () {
  "use strict";
  var link = document.getElementById("open");
  window.location.replace(link.getAttribute("href") + window.location.search + window.location.hash);
})();
"""


def csp_hash(content: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
