"""Benchmark of ``annotate export hf``: time against ``datasets.load_dataset("json")`` on the same JSONL,
and peak memory at two corpus sizes.

    .venv/bin/python benchmarks/export_hf.py                 # sizes 1000 and 4000 documents
    .venv/bin/python benchmarks/export_hf.py --sizes 500,2000

For each size, a synthetic corpus (:func:`benchmarks.synthetic.write_synthetic_corpus`) is written once;
then, each in a fresh subprocess so that peak memory (``ru_maxrss``) is its own:

- ``export``: :func:`annotate.formats.hf.export_hf` (both configurations, validation, spaCy tokenization,
  Parquet, card) with the analysis cache, exactly what the CLI runs: first with an empty cache (``cold``:
  spaCy tokenizes every text and the cache is written), then again (``warm``: the analyses are read);
- ``load-json``: ``datasets.load_dataset("json", data_files=PATH)`` with an empty cache, the baseline:
  what reading the same JSONL into an Arrow dataset costs with the reference library.

Both children import their libraries before the clock starts. The figures printed are ratios measured
in this run (export time / baseline time), and the peak memory of each child, with its memory after
imports, so that the growth from the smaller to the larger size shows whether the export streams.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _cpu() -> float:
    """CPU seconds of this process (all threads): robust to other load on the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_export(path: str, out: str, cache: str) -> dict:
    import datasets  # noqa: F401  (imported before the clock, like the baseline)
    import pyarrow.parquet  # noqa: F401

    from annotate.formats.hf import export_hf
    from annotate.nlp import load_pipeline
    from annotate.validate import check_document  # noqa: F401

    load_pipeline()  # the pipeline the export uses (one per process: load_pipeline() is load_pipeline(None))
    before = _rss_mb()
    start, cpu = time.perf_counter(), _cpu()
    result = export_hf(out, input=path, cache=cache)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    rows = sum(s.num_examples["sentences"] for s in result.splits)
    return {"seconds": seconds, "cpu": cpu, "rss_after_imports_mb": before, "peak_rss_mb": _rss_mb(),
            "documents": result.documents, "sentences": rows}


def child_load_json(path: str, cache: str) -> dict:
    import datasets

    datasets.disable_progress_bars()
    before = _rss_mb()
    start, cpu = time.perf_counter(), _cpu()
    dataset = datasets.load_dataset("json", data_files=path, cache_dir=cache, split="train")
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"seconds": seconds, "cpu": cpu, "rss_after_imports_mb": before, "peak_rss_mb": _rss_mb(),
            "documents": dataset.num_rows}


def run_child(*args: str) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env,
                          cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000", help="comma-separated corpus sizes (documents)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_export(*rest) if kind == "export" else child_load_json(*rest)
        print(json.dumps(result))
        return

    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import write_synthetic_corpus

    sizes = [int(n) for n in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="eventgold-bench-hf-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"synthetic-{n}.jsonl"
            write_synthetic_corpus(corpus, n)
            cache = str(Path(tmp) / f"analysis-{n}")
            baseline = run_child("load-json", str(corpus), str(Path(tmp) / f"cache-{n}"))
            for label in ("cold", "warm"):
                export = run_child("export", str(corpus), str(Path(tmp) / f"out-{n}-{label}"), cache)
                rows.append((f"{n} {label}", corpus.stat().st_size / 1e6, export, baseline))

    print(f"{'docs':>9} {'MB':>6} {'sentences':>9} {'export s':>9} {'json s':>7} {'ratio':>6} {'cpu ratio':>9} "
          f"{'export peak MB':>14} {'(after imports)':>15} {'json peak MB':>12}")
    for n, mb, export, baseline in rows:
        print(f"{n:>9} {mb:>6.1f} {export['sentences']:>9} {export['seconds']:>9.2f} {baseline['seconds']:>7.2f} "
              f"{export['seconds'] / baseline['seconds']:>6.1f} {export['cpu'] / baseline['cpu']:>9.1f} "
              f"{export['peak_rss_mb']:>14.0f} {export['rss_after_imports_mb']:>15.0f} {baseline['peak_rss_mb']:>12.0f}")
    if len(rows) >= 4:
        (n1, _, small, _), (n2, _, large, _) = rows[1], rows[-1]  # warm runs
        n1, n2 = int(n1.split()[0]), int(n2.split()[0])
        grow_small = small["peak_rss_mb"] - small["rss_after_imports_mb"]
        grow_large = large["peak_rss_mb"] - large["rss_after_imports_mb"]
        print(f"\nexport (warm): {n2 / n1:.0f}x the documents -> peak memory x{large['peak_rss_mb'] / small['peak_rss_mb']:.2f} "
              f"(working memory above imports: {grow_small:.0f} MB -> {grow_large:.0f} MB); "
              f"CPU time per document x{(large['cpu'] / n2) / (small['cpu'] / n1):.2f}")
    print("export / load_dataset('json'), wall time: "
          + ", ".join(f"{n} docs {e['seconds'] / b['seconds']:.1f}x" for n, _, e, b in rows)
          + "; CPU time: " + ", ".join(f"{n} docs {e['cpu'] / b['cpu']:.1f}x" for n, _, e, b in rows))

if __name__ == "__main__":
    main()
