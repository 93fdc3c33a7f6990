"""Benchmark of the brat, Prodigy, Label Studio and doccano converters against baselines measured in the same run.

    .venv/bin/python benchmarks/formats.py                 # sizes 200 and 1000 documents
    .venv/bin/python benchmarks/formats.py --sizes 100,500

For each size a synthetic corpus (:func:`benchmarks.synthetic.write_synthetic_corpus`) is written once, and
the foreign files the imports read are prepared from it. Each task then runs in a fresh subprocess
(libraries imported before the clock starts), so that its peak memory (``VmHWM``: not ``ru_maxrss``, which a
child inherits from its parent through ``exec`` on Linux) is its own:

- ``copy``: :func:`annotate.jsonl.read_documents` then :func:`annotate.jsonl.write_documents` — the baseline:
  parsing, validating and durably writing the corpus, which every converter pays once;
- ``tokenize``: the spaCy pipeline of :mod:`annotate.nlp` over the texts — the baseline of the Prodigy export,
  which needs tokens;
- ``brat-export`` / ``brat-import``: :func:`export_brat` to a folder, :func:`import_brat` of it to JSONL;
- ``prodigy-export`` / ``prodigy-import``; ``ls-import`` (Label Studio JSON); ``doccano-import``.

Ratios are printed against ``copy`` (and ``tokenize`` for the Prodigy export). The peak memory above the
start shows whether a converter streams: it should not grow with the corpus size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_kib() -> int:
    """This process's peak resident memory (KiB): ``VmHWM`` (Linux), which ``exec`` resets."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise OSError("no VmHWM in /proc/self/status")
TASKS = ("copy", "tokenize", "brat-export", "brat-import", "prodigy-export", "prodigy-import", "ls-import",
         "doccano-import")


def child(task: str, corpus: Path, work: Path) -> None:
    from annotate.formats.brat import export_brat, import_brat
    from annotate.formats.doccano import import_doccano
    from annotate.formats.importing import ImportReport, write_imported
    from annotate.formats.label_studio import import_label_studio
    from annotate.formats.prodigy import export_prodigy, import_prodigy
    from annotate.jsonl import read_documents, write_documents
    from annotate.nlp import load_pipeline

    nlp = load_pipeline()
    start_rss = peak_kib() / 1024
    started = time.perf_counter()
    out = work / f"{task}.jsonl"
    if task == "copy":
        write_documents(out, read_documents(corpus))
    elif task == "tokenize":
        for _ in nlp.pipe((d.text for d in read_documents(corpus)), batch_size=64):
            pass
    elif task == "brat-export":
        export_brat(read_documents(corpus), work / "brat-bench")
    elif task == "brat-import":
        write_imported(import_brat(work / "brat"), out, report=ImportReport())
    elif task == "prodigy-export":
        export_prodigy(read_documents(corpus), work / "prodigy-bench.jsonl")
    elif task == "prodigy-import":
        write_imported(import_prodigy(work / "prodigy.jsonl"), out, report=ImportReport())
    elif task == "ls-import":
        write_imported(import_label_studio(work / "label-studio.json"), out, report=ImportReport())
    elif task == "doccano-import":
        write_imported(import_doccano(work / "doccano.jsonl"), out, report=ImportReport())
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - started
    peak = peak_kib() / 1024
    print(json.dumps({"seconds": seconds, "rss_start_mb": start_rss, "rss_peak_mb": peak}))


def prepare(corpus: Path, work: Path) -> None:
    """The foreign files the imports read, written once per size (not timed)."""
    from annotate.formats.brat import export_brat
    from annotate.formats.doccano import document_to_record
    from annotate.formats.label_studio import document_to_task
    from annotate.formats.prodigy import export_prodigy
    from annotate.jsonl import read_documents

    export_brat(read_documents(corpus), work / "brat")
    export_prodigy(read_documents(corpus), work / "prodigy.jsonl")
    with open(work / "label-studio.json", "w", encoding="utf-8") as handle:
        json.dump([document_to_task(d) for d in read_documents(corpus)], handle, ensure_ascii=False)
    with open(work / "doccano.jsonl", "w", encoding="utf-8") as handle:
        for document in read_documents(corpus):
            handle.write(json.dumps(document_to_record(document), ensure_ascii=False) + "\n")


def measure(task: str, corpus: Path, work: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", task, str(corpus), str(work)], cwd=REPO,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,1000", help="comma-separated corpus sizes (documents)")
    parser.add_argument("--child", nargs=3, metavar=("TASK", "CORPUS", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, corpus, work = args.child
        child(task, Path(corpus), Path(work))
        return
    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import write_synthetic_corpus

    print(f"{'docs':>6} {'task':>15} {'seconds':>8} {'ratio':>24} {'peak MB above start':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = write_synthetic_corpus(Path(tmp) / f"corpus-{size}.jsonl", size)
            work = Path(tmp) / f"work-{size}"
            work.mkdir()
            prepare(corpus, work)
            figures = {task: measure(task, corpus, work) for task in TASKS}
            base, tok = figures["copy"]["seconds"], figures["tokenize"]["seconds"]
            for task, f in figures.items():
                if task == "copy":
                    ratio = "baseline"
                elif task == "prodigy-export":
                    ratio = f"{f['seconds'] / tok:.2f} x tokenize"
                else:
                    ratio = f"{f['seconds'] / base:.2f} x copy"
                print(f"{size:>6} {task:>15} {f['seconds']:>8.2f} {ratio:>24} "
                      f"{f['rss_peak_mb'] - f['rss_start_mb']:>20.0f}")


if __name__ == "__main__":
    main()
