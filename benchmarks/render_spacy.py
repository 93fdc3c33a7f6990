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
so the export's memory grows with the corpus.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
            page = out / "page.html"
            print(f"{size:>6} page size {page.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
