"""Benchmark of the parallel engines (:mod:`annotate.parallel`): 1 process, ``--jobs 2``, Ray with 2 workers.

    .venv/bin/python benchmarks/parallel.py                          # 100,000 documents for validate
    .venv/bin/python benchmarks/parallel.py --validate-size 20000 --size 2000 --commands validate,stats

A synthetic corpus shaped like the gold (:mod:`benchmarks.synthetic`: 2-4 KB texts, ~40 mentions and 12
events per document, ~11 KB per JSONL line) is written once per size. ``validate`` runs at
``--validate-size`` documents; ``stats`` and ``export`` (which tokenize every text with spaCy, ten times
the work per document) at ``--size``. Each (command, engine) runs in a fresh subprocess, with its
libraries imported before the clock starts, and reports:

- wall seconds and throughput (documents per second);
- the CPU seconds per document of the 1-process run (the cost to plan a cluster with: it does not
  depend on what else the machine is doing, unlike wall time);
- peak memory (ru_maxrss) of the main process and of the largest worker (local workers: the children
  the run waited for; Ray workers: each reports its own peak when asked after the run);
- scaling efficiency: (1-process seconds / N-worker seconds) / N.

The Ray runs start a local Ray instance of 2 CPUs (not counted in the wall time: a cluster is up before
a job). Results go to stdout as a table and, with ``--json FILE``, as JSON. The load average of the
machine is printed too: on a shared machine, wall-time figures are only as good as the idle cores.
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
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

ENGINES = ("1 process", "--jobs 2", "ray x2")


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker_peak(_: int) -> tuple[int, float, float]:
    """Run on a worker: its pid, peak memory (MB) and CPU seconds so far."""
    return os.getpid(), _rss_mb(), _cpu()


def child(command: str, engine: str, path: str, out: str) -> dict:
    """One measured run, in a fresh process."""
    import datasets  # noqa: F401  (imported before the clock)

    from annotate import parallel
    from annotate.nlp import load_pipeline

    if command != "validate":
        load_pipeline()
    jobs, kind = {"1 process": (1, "local"), "--jobs 2": (2, "local"), "ray x2": (2, "ray")}[engine]
    if kind == "ray":
        from annotate.parallel.ray import start

        start(num_cpus=2)
    before = _rss_mb()
    start_time, cpu = time.perf_counter(), _cpu()
    if command == "validate":
        report = parallel.validate_paths([path], jobs=jobs, engine=kind)
        documents = report.documents
        assert report.ok, report.summary()
    elif command == "stats":
        documents = parallel.corpus_stats(path, per_document=False, jobs=jobs, engine=kind).documents
    else:
        documents = parallel.export_hf(out, input=path, jobs=jobs, engine=kind).documents
    seconds = time.perf_counter() - start_time
    main_cpu = _cpu() - cpu
    workers: list[tuple[int, float, float]] = []
    if kind == "ray":
        seen: dict[int, tuple[int, float, float]] = {}
        for pid, peak, used in parallel.run_map(_worker_peak, range(16), jobs=2, engine="ray"):
            seen[pid] = (pid, peak, used)
        workers = list(seen.values())
    elif jobs > 1:
        workers = [(0, _rss_mb(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_CHILDREN))]
    return {"command": command, "engine": engine, "documents": documents, "seconds": seconds,
            "main_cpu": main_cpu, "worker_cpu": sum(w[2] for w in workers),
            "rss_after_imports_mb": before, "peak_main_mb": _rss_mb(),
            "peak_worker_mb": max((w[1] for w in workers), default=None)}


def _run_child(command: str, engine: str, path: Path, out: Path) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(REPO)!r}); from benchmarks.parallel import child; "
            f"print(json.dumps(child({command!r}, {engine!r}, {str(path)!r}, {str(out)!r})))")
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{command} / {engine} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_table(results: list[dict]) -> None:
    """The results as a table, with throughput, CPU per document and two efficiencies: wall (the
    speed-up over 1 process per worker, which needs idle cores) and CPU (1-process CPU over the run's
    CPU in all its processes: the work the engine adds, what bounds the wall efficiency on idle cores)."""
    by_key = {(r["command"], r["engine"]): r for r in results}
    print(f"{'command':<9} {'engine':<10} {'docs':>7} {'wall s':>8} {'docs/s':>8} {'CPU ms/doc':>10} "
          f"{'main MB':>8} {'worker MB':>9} {'wall eff.':>9} {'CPU eff.':>8} {'load':>5}")
    for row in results:
        base = by_key.get((row["command"], "1 process"))
        workers = 1 if row["engine"] == "1 process" else 2
        row["docs_per_second"] = row["documents"] / row["seconds"]
        row["cpu_ms_per_doc"] = 1000 * (row["main_cpu"] + row["worker_cpu"]) / row["documents"]
        row["efficiency"] = base["seconds"] / row["seconds"] / workers if base else None
        row["cpu_efficiency"] = base["cpu_ms_per_doc"] / row["cpu_ms_per_doc"] if base else None
        print(f"{row['command']:<9} {row['engine']:<10} {row['documents']:>7} {row['seconds']:>8.1f} "
              f"{row['docs_per_second']:>8.0f} {row['cpu_ms_per_doc']:>10.2f} {row['peak_main_mb']:>8.0f} "
              f"{row['peak_worker_mb'] or 0:>9.0f} {row['efficiency'] or 0:>9.2f} {row['cpu_efficiency'] or 0:>8.2f} "
              f"{row['load_before']:>5.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate-size", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=5_000, help="documents for stats and export")
    parser.add_argument("--commands", default="validate,stats,export")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--report", type=Path, help="only print the table of an earlier --json file")
    args = parser.parse_args(argv)
    if args.report:
        print_table(json.loads(args.report.read_text(encoding="utf-8")))
        return 0
    from benchmarks.synthetic import write_synthetic_corpus

    engines = args.engines.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="eventgold-parallel-") as tmp:
        corpora: dict[int, Path] = {}
        for command in args.commands.split(","):
            size = args.validate_size if command == "validate" else args.size
            if size not in corpora:
                started = time.perf_counter()
                corpora[size] = write_synthetic_corpus(Path(tmp) / f"synthetic-{size}.jsonl", size)
                mb = corpora[size].stat().st_size / 1e6
                print(f"# wrote {size} synthetic documents ({mb:.0f} MB) in {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)
            for engine in engines:
                load = os.getloadavg()[0]
                row = _run_child(command, engine, corpora[size], Path(tmp) / f"out-{command}-{len(results)}")
                row["load_before"] = load
                results.append(row)
                print(f"# {command:<8} {engine:<9} {row['seconds']:8.1f} s  load {load:.1f}", file=sys.stderr)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
