"""Benchmark ``annotate validate`` against bare JSON parsing and jsonschema, and check flat memory.

Run from the repository root::

    .venv/bin/python benchmarks/validate.py              # sizes 2,000 and 20,000 documents
    .venv/bin/python benchmarks/validate.py --sizes 500 5000 --repeat 5

Everything is measured in the same run on the same synthetic files (``benchmarks/synthetic.py``:
2-4 KB texts, ~42 mentions, 12 events per document), so the printed ratios do not depend on the
machine. Times are the best CPU times of ``--repeat`` interleaved runs (so the validator's small memo
tables of TIMEX3 values and role patterns are warm, as they soon are on a real corpus). Targets:
validator ÷ json.loads <= 3, validator ÷ jsonschema < 1, and peak memory that does not grow with the
number of documents. ``slow/json`` is the validator with its fast path off (every line through the
Document model and the detailed checks), i.e. the cost of a line that has something to report.
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
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _best(repeat: int, run) -> float:
    """Best CPU time (process_time: on a busy machine, time waiting for a core is not counted)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def time_json_loads(path: Path) -> None:
    with open(path, "rb") as handle:
        for line in handle:
            json.loads(line)


def time_pydantic_only(path: Path) -> None:
    from schema import Document

    validate = Document.__pydantic_validator__.validate_json
    with open(path, "rb") as handle:
        for line in handle:
            validate(line)


def time_validator(path: Path, level: int = 4) -> None:
    """Levels 1-``level``. At level 5 the synthetic hoppers draw ``hopper-contradicting-arguments``
    warnings (their mentions name different participants), so only errors fail the run there."""
    from annotate.validate import validate_paths

    report = validate_paths([path], corpus_root=None, level=level)
    if not report.ok or (report.warnings and level < 5):
        raise SystemExit(f"synthetic corpus is not valid: {report.incidents[:3]}")


def time_validator_detailed(path: Path) -> None:
    """The validator (levels 1-4) with its fast path switched off: every line goes through the Document
    model and the detailed checks, as a line with an incident does (what an invalid corpus costs per line)."""
    from annotate.validate import run

    saved = run.clean_record
    run.clean_record = lambda raw: None
    try:
        time_validator(path)
    finally:
        run.clean_record = saved


def jsonschema_checker(path: Path):
    from jsonschema import Draft202012Validator

    import schema

    validator = Draft202012Validator(schema.json_schema())

    def run() -> None:
        with open(path, "rb") as handle:
            for line in handle:
                validator.validate(json.loads(line))

    return run


_MEMORY = """
import resource, sys, tracemalloc
sys.path.insert(0, {repo!r})
from annotate.validate import validate_paths
tracemalloc.start()
report = validate_paths([{path!r}])
current, peak = tracemalloc.get_traced_memory()
print(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, report.documents, report.ok)
"""


def peak_memory(path: Path) -> tuple[int, int]:
    """(tracemalloc peak bytes, max RSS KiB) of a fresh process validating ``path``."""
    code = _MEMORY.format(repo=str(REPO), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    if out[3] != "True":
        raise SystemExit("synthetic corpus is not valid")
    return int(out[0]), int(out[1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jsonschema-docs", type=int, default=500,
                        help="documents on which jsonschema is timed (it is slow; per-document times compared)")
    args = parser.parse_args(argv)

    from benchmarks.synthetic import synthetic_documents, write_synthetic_corpus
    from annotate.jsonl import write_documents

    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'docs':>7} {'MB':>6} {'json.loads':>11} {'pydantic':>9} {'validate':>9} "
              f"{'val/json':>8} {'L5/json':>8} {'pyd/json':>8} {'slow/json':>9} {'val/jsonschema':>14} {'peak MiB':>9} "
              f"{'maxrss MiB':>10}")
        for size in args.sizes:
            path = write_synthetic_corpus(Path(tmp) / f"synthetic-{size}.jsonl", size)
            small = Path(tmp) / f"synthetic-{size}-head.jsonl"
            write_documents(small, synthetic_documents(min(size, args.jsonschema_docs)))
            mb = path.stat().st_size / 1e6
            n_small = min(size, args.jsonschema_docs)
            runs = {"json": lambda: time_json_loads(path), "pyd": lambda: time_pydantic_only(path),
                    "val": lambda: time_validator(path), "slow": lambda: time_validator_detailed(path),
                    "val5": lambda: time_validator(path, 5),
                    "schema_small": jsonschema_checker(small),
                    "val_small": lambda: time_validator(small)}
            best = dict.fromkeys(runs, float("inf"))
            for _ in range(args.repeat):  # interleaved, so that a busy machine slows all alike
                for name, run in runs.items():
                    best[name] = min(best[name], _best(1, run))
            t_json, t_pyd, t_val, t_slow = best["json"], best["pyd"], best["val"], best["slow"]
            t_schema_small, t_val_small = best["schema_small"], best["val_small"]
            peak, rss = peak_memory(path)
            print(f"{size:>7} {mb:>6.1f} {t_json:>10.3f}s {t_pyd:>8.3f}s {t_val:>8.3f}s "
                  f"{t_val / t_json:>8.2f} {best['val5'] / t_json:>8.2f} {t_pyd / t_json:>8.2f} {t_slow / t_json:>9.2f} "
                  f"{t_val_small / t_schema_small:>14.3f} "
                  f"{peak / 2**20:>9.1f} {rss / 1024:>10.1f}")
            print(f"        per document: json.loads {t_json / size * 1e6:.0f} us, "
                  f"validate {t_val / size * 1e6:.0f} us, "
                  f"jsonschema {t_schema_small / n_small * 1e6:.0f} us (on {n_small} documents)")
    print("val/json: levels 1-4 (--level 4) / json.loads of every line; target <= 3")
    print("L5/json: the default level (5, GUIDELINES) / json.loads; issue 13's target <= 2")
    print("pyd/json: Document.model_validate_json alone / json.loads (the model instances; the validator's fast "
          "path validates the same schema into dicts instead)")
    print("slow/json: full validation with the fast path off, as for lines that have incidents / json.loads")
    print("val/jsonschema: full validation / jsonschema Draft202012Validator (structure only); target < 1")
    print("peak MiB: tracemalloc peak of a fresh process validating the file; flat means the same at every size")


if __name__ == "__main__":
    main()
