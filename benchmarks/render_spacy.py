"""Benchmark of ``annotate render`` and ``annotate export spacy`` against baselines measured in the same run.

    .venv/bin/python benchmarks/render_spacy.py                 # sizes 200 and 1000 documents
    .venv/bin/python benchmarks/render_spacy.py --sizes 100,500

For each size a synthetic corpus (:func:`benchmarks.synthetic.write_synthetic_corpus`) is written once;
then each task runs in a fresh subprocess (libraries imported before the clock starts), so that its peak
memory (``ru_maxrss``) is its own:

- ``read``: :func:`annotate.jsonl.read_documents` over the file — the baseline of both: parsing and
  validating the corpus, which every command pays;
- ``render``: :func:`annotate.render.render_file` (two streamed passes over the input, then the page);
- ``tokenize``: the same spaCy pipeline as the export (:func:`annotate.nlp.load_pipeline`) over the texts
  with ``nlp.pipe`` — the baseline of the export: what spaCy itself costs;
- ``spacy``: :func:`annotate.formats.spacy.export_spacy` (read, tokenize, align spans, DocBin, write).

Printed: seconds, ratios against the baselines, and peak memory above the memory after imports. The
render streams (memory stays flat as the corpus grows); a DocBin is built in memory by spaCy's design,
so the export's memory grows with the corpus. Then the size of the largest page the render wrote and,
when Chromium is installed, the seconds headless Chromium needs to open the index and the first page
(:func:`chromium_open_seconds`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def chromium_open_seconds(pages: list[Path], *, repeat: int = 3, timeout: float = 300) -> dict[Path, float] | None:
    """Seconds headless Chromium takes to open each page: from the navigation to the page's load event
    (its parsing, style, the inline script run, layout), the best of ``repeat``, in one browser started
    before the clock (start-up is not counted). Driven through the DevTools protocol on a pipe
    (``--remote-debugging-pipe``: JSON messages ending in NUL on file descriptors 3 and 4), so no
    network and no extra library. None when Chromium is not installed."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    ours_read, theirs_write = os.pipe()
    theirs_read, ours_write = os.pipe()

    def plumbing() -> None:  # in the child: the browser reads commands on fd 3, answers on fd 4
        read, write = os.dup(theirs_read), os.dup(theirs_write)  # write is not 3: read took it if it was free
        os.dup2(read, 3)
        os.dup2(write, 4)

    process = subprocess.Popen(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--remote-debugging-pipe",
         "about:blank"], pass_fds=(3, 4, theirs_read, theirs_write), preexec_fn=plumbing,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(theirs_read)
    os.close(theirs_write)
    pending = b""
    counter = 0

    def receive() -> dict:
        nonlocal pending
        deadline = time.monotonic() + timeout
        while b"\0" not in pending:
            if not select.select([ours_read], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError(f"chromium did not answer within {timeout} s")
            chunk = os.read(ours_read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            pending += chunk
        message, pending = pending.split(b"\0", 1)
        return json.loads(message)

    def call(method: str, params: dict | None = None, session: str | None = None) -> dict:
        nonlocal counter
        counter += 1
        message = {"id": counter, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(ours_write, json.dumps(message).encode() + b"\0")
        while True:
            answer = receive()
            if answer.get("id") == counter:
                if "error" in answer:
                    raise RuntimeError(f"chromium: {method}: {answer['error']}")
                return answer["result"]

    try:
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        call("Page.enable", session=session)
        seconds: dict[Path, float] = {}
        for page in pages:
            best = float("inf")
            for _ in range(repeat):
                call("Page.navigate", {"url": "about:blank"}, session)
                started = time.perf_counter()
                call("Page.navigate", {"url": Path(page).resolve().as_uri()}, session)
                while receive().get("method") != "Page.loadEventFired":
                    pass
                best = min(best, time.perf_counter() - started)
            seconds[page] = best
        return seconds
    finally:
        try:
            call("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            process.kill()
        process.wait(timeout=60)
        os.close(ours_read)
        os.close(ours_write)
        shutil.rmtree(profile, ignore_errors=True)


def review_files(out: Path) -> tuple[Path, Path, Path]:
    """(the largest page, the index, the first document page) of a review written to ``out`` (a single
    page is all three)."""
    folder = out.parent / f"{out.stem}_pages"
    if not folder.is_dir():
        return out, out, out
    pages = list(folder.glob("*.html"))
    return max(pages, key=lambda p: p.stat().st_size), folder / "index.html", folder / "page-1.html"


def child(task: str, corpus: Path, out: Path) -> None:
    """Run one task and print ``{"seconds", "rss_start_mb", "rss_peak_mb"}`` as JSON."""
    from annotate.formats.spacy import export_spacy
    from annotate.jsonl import read_documents
    from annotate.nlp import load_pipeline
    from annotate.render import render_file

    nlp = load_pipeline()
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if task == "read":
        for _ in read_documents(corpus):
            pass
    elif task == "render":
        render_file([corpus], out / "page.html")
    elif task == "tokenize":
        for _ in nlp.pipe((d.text for d in read_documents(corpus)), batch_size=64):
            pass
    elif task == "spacy":
        export_spacy(read_documents(corpus), out / "corpus.spacy", nlp=nlp)
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_start_mb": start_rss, "rss_peak_mb": peak}))


def measure(task: str, corpus: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", task, str(corpus), str(out)], cwd=REPO,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,1000", help="comma-separated corpus sizes (documents)")
    parser.add_argument("--child", nargs=3, metavar=("TASK", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, corpus, out = args.child
        child(task, Path(corpus), Path(out))
        return
    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import write_synthetic_corpus

    print(f"{'docs':>6} {'task':>9} {'seconds':>8} {'ratio':>22} {'peak MB above start':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = write_synthetic_corpus(Path(tmp) / f"corpus-{size}.jsonl", size)
            out = Path(tmp) / f"out-{size}"
            out.mkdir()
            figures = {task: measure(task, corpus, out) for task in ("read", "render", "tokenize", "spacy")}
            base, tok = figures["read"]["seconds"], figures["tokenize"]["seconds"]
            ratios = {
                "read": "baseline",
                "render": f"{figures['render']['seconds'] / base:.2f} x read",
                "tokenize": f"{tok / base:.2f} x read (baseline)",
                "spacy": f"{figures['spacy']['seconds'] / tok:.2f} x tokenize",
            }
            for task, f in figures.items():
                print(f"{size:>6} {task:>9} {f['seconds']:>8.2f} {ratios[task]:>22} "
                      f"{f['rss_peak_mb'] - f['rss_start_mb']:>20.0f}")
            largest, index, first = review_files(out / "page.html")
            opened = chromium_open_seconds([index, first])
            browser = ("no chromium installed" if opened is None else
                       f"headless Chromium opens the index in {opened[index]:.2f} s, the first page in "
                       f"{opened[first]:.2f} s")
            print(f"{size:>6} largest page {largest.stat().st_size / 1e6:.2f} MB; {browser}")


if __name__ == "__main__":
    main()
