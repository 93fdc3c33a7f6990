"""Benchmark of ``import doccano``, ``import label-studio`` and ``import brat`` (issue 13's import rows).

    .venv/bin/python -m benchmarks.imports                  # sizes 300 and 1200 documents
    .venv/bin/python -m benchmarks.imports --sizes 100,400

:func:`run` is what ``python -m benchmarks`` calls: it returns one row per (command, size). For each size,
synthetic gold-shaped documents (:func:`benchmarks.synthetic.synthetic_documents`: ~3 KB texts, ~40
mentions, 12 events) are written once in each foreign format, by eventgold's own exporters:

- ``import doccano``: one ``entities`` + ``relations`` record a line; baseline: ``json.loads`` of each line;
- ``import label-studio``: one JSON list of tasks; baseline: ``json.load`` of the file;
- ``import brat``: a folder of ``.txt`` + ``.ann`` (+ sidecar) per document; baseline: reading every file.

Each import and each baseline runs in its own fresh subprocess, with the libraries imported before the
clock starts (the importers' own modules and what they load on first use: the normalizers, the
validator's checks), so that
``peak_mb`` (the process's high-water resident memory, ``VmHWM``, libraries included) is its own: flat
across sizes means the import streams. (Not ``ru_maxrss``: on Linux a child started by ``subprocess``
inherits its parent's peak through ``exec``, so it would report the benchmark's own memory.) Ratios are CPU time (min of ``repeat`` runs) of the whole import -- reading, mapping,
the validator's checks, writing the output atomically -- against the baseline measured in the same run.
Targets (issue 13): doccano <= 5x, Label Studio <= 3x (streamed, flat memory), brat <= 5x. Each row also
measures two floors on the import's output, against the same baseline: the schema's validation alone
(pydantic-core's typed-dict validation of each written line) and the validator's whole fast-path proof
(:func:`annotate.validate.fast.clean_record`), which every imported line passes before it is written.
It measures the code of the checkout it runs from (``python -m benchmarks --code`` does not reach these
rows): for a before/after comparison, run it from each checkout.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASKS = {
    "import doccano": ("doccano", "parse the lines (json.loads)", "<= 5x"),
    "import label-studio": ("label-studio", "json.load of the file", "<= 3x"),
    "import brat": ("brat", "read the .txt/.ann files", "<= 5x"),
}
#: The rows this module adds to ``python -m benchmarks`` (``--only`` takes them).
ROW_NAMES = tuple(TASKS)


def prepare(work: Path, n: int) -> dict[str, Path]:
    """The three foreign inputs for ``n`` synthetic documents."""
    from annotate.formats.brat import export_brat
    from annotate.formats.doccano import document_to_record
    from annotate.formats.label_studio import document_to_task
    from benchmarks.synthetic import synthetic_documents

    documents = list(synthetic_documents(n))
    doccano = work / "doccano.jsonl"
    with open(doccano, "w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(document_to_record(document), ensure_ascii=False) + "\n")
    label_studio = work / "tasks.json"
    with open(label_studio, "w", encoding="utf-8") as handle:
        json.dump([document_to_task(document) for document in documents], handle, ensure_ascii=False)
    brat = work / "brat"
    export_brat(documents, brat, config=False)
    return {"doccano": doccano, "label-studio": label_studio, "brat": brat}


def child(task: str, kind: str, path: Path, out: Path) -> None:
    """Run one measurement in this (fresh) process and print ``{"cpu", "peak_kib"}``."""
    from annotate.formats.brat import import_brat
    from annotate.formats.doccano import import_doccano
    from annotate.formats.importing import ImportReport, write_imported
    from annotate.formats.label_studio import import_label_studio
    from annotate.normalize import normalize_money, normalize_time

    normalize_time("March 5, 2019", dct=None, context=None), normalize_money("$5 million")  # start-up, not the import
    for module in ("annotate.validate", "annotate.validate.fast", "annotate.validate.guidelines"):
        importlib.import_module(module)  # the validator's checks, which the importers load on first use
    if task in ("schema", "proof"):  # the floors: PATH is the import's output (what it proved before writing)
        from benchmarks.__main__ import _task

        _, check = _task(f"{task}-lines", [str(path)])
        started = time.process_time()
        check()
        print(json.dumps({"cpu": time.process_time() - started, "peak_kib": peak_kib()}))
        return
    started = time.process_time()
    if task == "baseline":
        if kind == "doccano":
            with open(path, "rb") as handle:
                for line in handle:
                    json.loads(line)
        elif kind == "label-studio":
            with open(path, "rb") as handle:
                json.load(handle)
        else:
            for file in sorted(path.iterdir()):
                file.read_bytes().decode("utf-8")
    else:
        importer = {"doccano": import_doccano, "label-studio": import_label_studio, "brat": import_brat}[kind]
        report = ImportReport()
        write_imported(importer(path, report=report), out, report=report, skip_unmapped=True)
    cpu = time.process_time() - started
    print(json.dumps({"cpu": cpu, "peak_kib": peak_kib()}))


def peak_kib() -> int:
    """This process's peak resident memory (KiB), libraries included: ``VmHWM`` (Linux), which ``exec``
    resets, else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(task: str, kind: str, path: Path, out: Path, *, repeat: int) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(repeat):
        result = subprocess.run([sys.executable, "-m", "benchmarks.imports", "--child", task, kind, str(path),
                                 str(out)], capture_output=True, check=True, text=True,
                                cwd=Path(__file__).resolve().parent.parent)
        row = json.loads(result.stdout.strip().splitlines()[-1])
        if best is None or row["cpu"] < best["cpu"]:
            best = {**row, "peak_kib": max(row["peak_kib"], best["peak_kib"] if best else 0)}
    assert best is not None
    return best


def _size_mb(path: Path) -> float:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.iterdir()) / 1e6
    return path.stat().st_size / 1e6


def run(sizes: list[int] | tuple[int, ...] = (300, 1200), *, repeat: int = 3,
        only: list[str] | tuple[str, ...] | None = None) -> list[dict[str, object]]:
    """One row per (command, size), in the shape of ``benchmarks.__main__.Row`` (``row``, ``size``,
    ``seconds``, ``baseline_seconds``, ``target``, ``peak_mb``, ``note``): CPU seconds of the import and
    of its baseline, the target, the import's peak memory (MB, libraries included); the note names the
    baseline and gives the input's size and the baseline's peak. ``only``: some of :data:`TASKS`."""
    rows: list[dict[str, object]] = []
    chosen = {command: TASKS[command] for command in (only or TASKS)}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="eventgold-bench-imports-") as tmp:
            work = Path(tmp)
            inputs = prepare(work, n)
            for command, (kind, baseline_name, target) in chosen.items():
                path = inputs[kind]
                out = work / f"{kind}.out.jsonl"
                base = measure("baseline", kind, path, out, repeat=repeat)
                timed = measure("import", kind, path, out, repeat=repeat)
                schema = measure("schema", kind, out, out, repeat=repeat)
                proof = measure("proof", kind, out, out, repeat=repeat)
                rows.append({
                    "row": command, "size": n, "seconds": round(timed["cpu"], 3),
                    "baseline_seconds": round(base["cpu"], 3), "target": target,
                    "peak_mb": round(timed["peak_kib"] / 1024, 1),
                    "schema_seconds": round(schema["cpu"], 3), "proof_seconds": round(proof["cpu"], 3),
                    "note": f"{_size_mb(path):.1f} MB input; baseline {baseline_name}, peak "
                            f"{base['peak_kib'] / 1024:.0f} MB",
                })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1200", help="comma-separated document counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="comma-separated commands (" + ", ".join(TASKS) + ")")
    parser.add_argument("--child", nargs=4, metavar=("TASK", "KIND", "PATH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, kind, path, out = args.child
        child(task, kind, Path(path), Path(out))
        return
    only = [name.strip() for name in args.only.split(",")] if args.only else None
    unknown = [name for name in only or () if name not in TASKS]
    if unknown:
        parser.error(f"unknown commands: {', '.join(unknown)}")
    rows = run([int(s) for s in args.sizes.split(",")], repeat=args.repeat, only=only)
    print(f"{'command':22} {'docs':>5} {'import s':>9} {'baseline s':>10} {'ratio':>6} {'schema':>6} {'proof':>6} "
          f"{'target':>7} {'peak MB':>8}  note")
    for row in rows:
        base = max(row["baseline_seconds"], 1e-6)
        print(f"{row['row']:22} {row['size']:>5} {row['seconds']:>9} {row['baseline_seconds']:>10} "
              f"{row['seconds'] / base:>5.1f}x {row['schema_seconds'] / base:>5.1f}x {row['proof_seconds'] / base:>5.1f}x "
              f"{row['target']:>7} {row['peak_mb']:>8}  {row['note']}")


if __name__ == "__main__":
    main()
