"""Every speed figure of issue 13 in one run: ``python -m benchmarks``.

    .venv/bin/python -m benchmarks                       # default sizes (see --help)
    .venv/bin/python -m benchmarks --scale 0.25          # every size divided by 4 (a quick look)
    .venv/bin/python -m benchmarks --only validate,score
    .venv/bin/python -m benchmarks --code /tmp/before    # the same benchmark on another checkout's code

Each row compares a command with a baseline measured in the same run, on the same synthetic files
(:mod:`benchmarks.synthetic`), at two sizes so that growth shows. Every measurement runs in a fresh
interpreter (``python -m benchmarks --child TASK ...``) that imports its libraries and warms up before
the clock starts, then reports its CPU time (user + system, all threads: robust to other load on a
shared machine; the best of ``--repeat`` runs) and its peak memory (``ru_maxrss``, and how much of it came
after the imports). Printed: one line per row and size with the command's and the baseline's CPU
seconds, their ratio, the target, and peak memory; then the machine. The validate and import rows also
print two floors, as ratios to the same baseline: ``schema``, pydantic-core's validation of the lines the
command proves (the corpus lines, or the lines an import writes) against the schema alone, and ``proof``,
the validator's whole fast-path proof of them (:func:`annotate.validate.fast.clean_record`). Principle 3
makes every such command pay at least the proof, so a target below it cannot be met by the command's own
code. Nothing here asserts a time. A row
whose task fails gets one line (``ROW FAILED: task T failed: <its last line of stderr>``), the other rows
still run, and the exit status is 1.

Rows (the library function each CLI command wraps, against its baseline):

- help: ``annotate --help`` in a fresh process, against ``python -c "import pydantic"``;
- validate: :func:`annotate.validate.validate_paths`, against ``json.loads`` of every line;
- export hf: :func:`annotate.formats.hf.export_hf` with its analysis cache, cold (first run) and warm, against
  ``datasets.load_dataset("json")``;
- agree: ``annotate agree A B`` (its table to /dev/null, per-document rows included), against reading both
  sets (``read_documents``);
- score: :func:`annotate.evaluate.score.score_files`, against reading both files (``read_documents``);
- suggest --all: :func:`annotate.suggest.suggest_corpus`, CPU per article against that at the smaller size;
- render: :func:`annotate.render.render_file`, against reading the corpus (``read_documents``); with the
  largest page written and the seconds headless Chromium takes to open the index and the first page;
- stats: :func:`annotate.stats.corpus_stats` with its cache, against reading the corpus.

Other benchmarks join the table when their modules exist: ``benchmarks/imports.py`` (the importers) and
``benchmarks/suggest.py``, each through a function ``run(sizes)`` (``sizes``: the two corpus sizes of
this run, scaled), which returns rows as dicts with the keys of :class:`Row` (``row``, ``size``,
``seconds``, ``baseline_seconds``, ``target``, ``peak_mb``, ``note``) or prints its own lines and
returns None.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: row -> default sizes (documents; articles for suggest --all)
SIZES = {
    "validate": (2000, 8000),
    "export hf": (250, 1000),
    "agree": (250, 1000),
    "score": (250, 1000),
    "suggest --all": (200, 800),
    "render": (250, 1000),
    "stats": (250, 1000),
}
TARGETS = {"help": "<= 2x", "validate": "<= 2x", "export hf": "<= 2x", "agree": "<= 4x, flat memory",
           "score": "<= 1.5x", "suggest --all": "constant (1x)", "render": "flat memory; page < 2 s in a browser",
           "stats": "no spaCy unless asked"}


@dataclass
class Row:
    row: str
    size: int | str
    seconds: float
    baseline_seconds: float
    target: str = ""
    peak_mb: float | None = None
    note: str = ""
    #: CPU seconds of the schema's validation alone (pydantic-core, typed dicts: :data:`FAST_VALIDATOR
    #: <annotate.validate.fast.FAST_VALIDATOR>`) of the JSONL lines the command proves (what it reads, or
    #: the lines an import writes): a floor that Principle 3 puts under every such command
    schema_seconds: float | None = None
    #: CPU seconds of the validator's whole fast-path proof of those lines (:func:`clean_record
    #: <annotate.validate.fast.clean_record>`: levels 1-3 and the facts level 5 needs)
    proof_seconds: float | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("nan")

    def floor(self, seconds: float | None) -> str:
        """``seconds`` as a ratio to the baseline (``-`` when not measured)."""
        return f"{seconds / self.baseline_seconds:.2f}x" if seconds and self.baseline_seconds else "-"


# -- children: one measured task in a fresh interpreter --------------------------------------------------

def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    """Peak resident memory of this process (MB): ``VmHWM``, which ``exec`` resets; not ``ru_maxrss``,
    which a child started by ``subprocess`` inherits from its parent's peak on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _read_all(*paths: str) -> None:
    from annotate.jsonl import read_documents

    for path in paths:
        for _ in read_documents(path):
            pass


def _task(name: str, args: list[str]):
    """(warm-up, the measured call) of one task; imports happen here, before the clock."""
    if name == "json-lines":
        def run() -> None:
            loads = json.loads
            with open(args[0], "rb") as handle:
                for line in handle:
                    loads(line)
        return run, run
    if name in ("schema-lines", "proof-lines"):  # the floors of the validate and import rows (Row.schema_seconds)
        from annotate.validate.fast import FAST_VALIDATOR, clean_record

        check = FAST_VALIDATOR.validate_json if name == "schema-lines" else clean_record

        def run() -> None:
            with open(args[0], "rb") as handle:
                for line in handle:
                    check(line)
        return run, run
    if name == "read":
        from annotate.jsonl import read_documents  # noqa: F401
        return (lambda: None), (lambda: _read_all(*args))
    if name == "validate":
        from annotate.validate import validate_paths

        def run() -> None:
            report = validate_paths([args[0]], corpus_root=None)
            if not report.ok:
                raise SystemExit(f"benchmark corpus is not valid: {report.incidents[:2]}")
        return run, run
    if name == "load-json":
        import datasets

        datasets.disable_progress_bars()

        def run() -> None:
            cache = tempfile.mkdtemp(prefix="bench-hf-cache-")
            try:
                datasets.load_dataset("json", data_files=args[0], cache_dir=cache, split="train")
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        return (lambda: None), run
    if name == "export-hf":
        import datasets  # noqa: F401
        import pyarrow.parquet  # noqa: F401

        from annotate.formats.hf import export_hf
        from annotate.nlp import load_pipeline
        from annotate.validate import check_document  # noqa: F401

        load_pipeline(None)("warm up")  # the pipeline built before the clock, as the other tasks import theirs
        # as the CLI runs it, with the analysis cache: ARGS[1] a folder (warm once filled), or "cold": an
        # empty cache for every run (a first export: spaCy tokenizes every text, the cache is written)
        mode = args[1] if len(args) > 1 else None
        import inspect

        if "cache" not in inspect.signature(export_hf).parameters:  # --code: a checkout before the cache
            mode = None

        def run() -> None:
            out = tempfile.mkdtemp(prefix="bench-hf-out-")
            try:
                cache = Path(out) / "cache" if mode == "cold" else mode
                export_hf(Path(out) / "dataset", input=args[0], **({"cache": cache} if mode else {}))
            finally:
                shutil.rmtree(out, ignore_errors=True)
        return (lambda: None), run
    if name == "agree":
        # the command as a user runs it (``annotate agree A B``, its table to /dev/null): the pooled
        # figures and every document's row, which the CLI spools as they come
        import contextlib

        from annotate.cli import main as annotate_main
        from annotate.evaluate.agree import agree  # noqa: F401

        def run() -> None:
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                try:
                    annotate_main(["agree", *args])
                except SystemExit as exit:
                    if exit.code:
                        raise

        def warm() -> None:  # the command modules, imported before the clock as the other tasks do
            from annotate.cli import load_commands
            import annotate.cli.agree  # noqa: F401

            load_commands()
        return warm, run
    if name == "score":
        from annotate.evaluate.score import score_files
        return (lambda: None), (lambda: score_files(args[0], args[1]))
    if name == "suggest-all":
        from annotate.nlp import load_pipeline
        from annotate.suggest import suggest_corpus

        load_pipeline()("warm up")

        def run() -> None:
            for _ in suggest_corpus(corpus=args[0]):
                pass
        return (lambda: None), run
    if name == "render":
        from annotate.render import render_file

        return (lambda: None), (lambda: render_file([args[0]], Path(args[1]) / "page.html"))
    if name == "stats":
        import inspect

        from annotate.stats import corpus_stats

        options = {"per_document": True}
        if "cache" in inspect.signature(corpus_stats).parameters:  # as the CLI runs it: with its cache
            options["cache"] = Path(args[1])
        return (lambda: None), (lambda: corpus_stats(args[0], **options))
    raise SystemExit(f"unknown task {name!r}")


def child(name: str, repeat: int, args: list[str]) -> None:
    warm, run = _task(name, args)
    warm()
    after_imports = _rss_mb()
    best = float("inf")
    for _ in range(repeat):
        start = _cpu()
        run()
        best = min(best, _cpu() - start)
    print(json.dumps({"cpu": best, "peak_mb": _rss_mb(), "after_imports_mb": after_imports,
                      "modules": sorted({m.split(".")[0] for m in sys.modules} & {"spacy", "datasets", "pyarrow"})}))


class TaskFailed(Exception):
    """A measured task's interpreter exited with an error; the message is its last line of stderr."""

    def __init__(self, task: str, stderr: str) -> None:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        super().__init__(f"task {task} failed: {lines[-1].strip() if lines else '(no message)'}")
        self.stderr = stderr


class Runner:
    def __init__(self, code: Path, repeat: int) -> None:
        self.code = code
        self.repeat = repeat

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": f"{self.code}{os.pathsep}{REPO}", "HF_HUB_OFFLINE": "1",
                "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}

    def measure(self, task: str, *args: str, repeat: int | None = None) -> dict:
        done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "__main__.py"), "--child", task,
                               str(repeat or self.repeat), *args], capture_output=True, text=True, env=self.env(),
                              cwd=self.code)
        if done.returncode != 0:
            raise TaskFailed(task, done.stderr)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def fresh(self, task: str, *args: str) -> dict:
        """:meth:`measure` with one run per interpreter, ``repeat`` interpreters: the best of them."""
        return min((self.measure(task, *args, repeat=1) for _ in range(self.repeat)), key=lambda m: m["cpu"])

    def process_cpu(self, code: str, times: int = 7) -> float:
        """Best CPU time of a whole fresh interpreter running ``code`` (start-up included)."""
        best = float("inf")
        for _ in range(times):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", code], env=self.env(), cwd=self.code, check=True,
                           stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return best


# -- inputs ------------------------------------------------------------------------------------------------

class Inputs:
    """Synthetic files, written once per size and shared by the rows."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def gold(self, n: int) -> Path:
        path = self.folder / f"gold-{n}.jsonl"
        if not path.exists():
            from benchmarks.synthetic import write_synthetic_corpus

            write_synthetic_corpus(path, n)
        return path

    def pred(self, n: int) -> Path:
        """The gold with events retyped, dropped and arguments removed (:mod:`benchmarks.score_agree`)."""
        path = self.folder / f"pred-{n}.jsonl"
        if not path.exists():
            from annotate.jsonl import write_documents
            from benchmarks.score_agree import perturbed

            write_documents(path, perturbed(n))
        return path

    def articles(self, n: int) -> Path:
        """A corpus folder of ``n`` source articles (raw/ and the registry), no annotations."""
        root = self.folder / f"articles-{n}"
        if not root.exists():
            from annotate.corpus import Corpus
            from benchmarks.synthetic import synthetic_documents

            corpus = Corpus(root)
            corpus.raw_dir.mkdir(parents=True)
            sources = {}
            for document in synthetic_documents(n, seed=random.Random(n).randrange(1 << 30)):
                (corpus.raw_dir / f"{document.id}.txt").write_bytes(document.text.encode("utf-8"))
                sources[document.id] = document.source
            corpus.write_registry(sources)
        return root


# -- rows --------------------------------------------------------------------------------------------------

#: rows that failed in this run (each printed one line when it failed)
FAILED: list[str] = []


def _guarded(name: str, row):
    """``row`` that, when it fails (a task's error, or a broken input), prints ``NAME FAILED: why`` and
    returns no figures, so that the other rows still run; the run then exits with status 1."""
    def run(runner, inputs, sizes):
        try:
            return row(runner, inputs, sizes)
        except Exception as error:  # noqa: BLE001 - any failure of one row is reported, not raised
            FAILED.append(name)
            print(f"{name:<14} FAILED: {error if isinstance(error, TaskFailed) else repr(error)}", flush=True)
            return []
    return run


def row_help(runner: Runner, inputs: Inputs, sizes: tuple[int, int]) -> list[Row]:
    ours = runner.process_cpu("from annotate.cli import main\ntry:\n main(['--help'])\nexcept SystemExit:\n pass")
    base = runner.process_cpu("import pydantic")
    return [Row("help", "-", ours, base, TARGETS["help"], note="CPU of a whole fresh process each")]


def _pair(row: str, runner: Runner, task: str, task_args: list[str], base: str, base_args: list[str],
          size: int, note: str = "") -> Row:
    ours = runner.measure(task, *task_args)
    baseline = runner.measure(base, *base_args)
    grown = ours["peak_mb"] - ours["after_imports_mb"]
    return Row(row, size, ours["cpu"], baseline["cpu"], TARGETS[row], ours["peak_mb"],
               (note + "; " if note else "") + f"+{grown:.0f} MB after imports"
               + (f"; loads {', '.join(ours['modules'])}" if ours["modules"] else ""))


def row_validate(runner, inputs, sizes):
    rows = []
    for n in sizes:
        path = str(inputs.gold(n))
        row = _pair("validate", runner, "validate", [path], "json-lines", [path], n)
        try:
            row.schema_seconds = runner.measure("schema-lines", path)["cpu"]
            row.proof_seconds = runner.measure("proof-lines", path)["cpu"]
        except TaskFailed:  # --code: a checkout without the fast path
            pass
        rows.append(row)
    return rows


def row_export_hf(runner, inputs, sizes):
    """Two rows per size, as two successive ``annotate export hf`` runs: the first fills the analysis cache
    (cold: spaCy tokenizes every text, the cache is written; each repeat is a fresh interpreter with an empty
    cache), the
    next ones read it (warm). Both against the same baseline measurement."""
    rows = []
    for n in sizes:
        gold = str(inputs.gold(n))
        cache = inputs.folder / f"hf-cache-{n}"
        # every repeat in a fresh interpreter, as a user runs the command (and the baseline alike): in one
        # process, spaCy's tokenizer cache and every other in-process memo would be warm after the first
        # repeat, and the best of the repeats would not be a first run
        cold = runner.fresh("export-hf", gold, "cold")
        runner.measure("export-hf", gold, str(cache), repeat=1)  # fills the cache
        warm = runner.fresh("export-hf", gold, str(cache))
        baseline = runner.fresh("load-json", gold)
        for label, ours in (("cold cache", cold), ("warm cache", warm)):
            rows.append(Row("export hf", n, ours["cpu"], baseline["cpu"], TARGETS["export hf"], ours["peak_mb"],
                            f"{label}; +{ours['peak_mb'] - ours['after_imports_mb']:.0f} MB after imports; "
                            f"loads {', '.join(ours['modules'])}"))
    return rows


def row_agree(runner, inputs, sizes):
    return [_pair("agree", runner, "agree", [str(inputs.gold(n)), str(inputs.pred(n))], "read",
                  [str(inputs.gold(n)), str(inputs.pred(n))], n) for n in sizes]


def row_score(runner, inputs, sizes):
    return [_pair("score", runner, "score", [str(inputs.gold(n)), str(inputs.pred(n))], "read",
                  [str(inputs.gold(n)), str(inputs.pred(n))], n) for n in sizes]


def row_render(runner, inputs, sizes):
    """CPU and peak memory of the render against reading the corpus; then what it wrote (files, the largest
    page) and, when Chromium is installed, the seconds headless Chromium takes to open the index and the
    first document page (:func:`benchmarks.render_spacy.chromium_open_seconds`; a single page is both)."""
    from benchmarks.render_spacy import chromium_open_seconds, review_files

    rows = []
    for n in sizes:
        out = inputs.folder / f"page-{n}"
        row = _pair("render", runner, "render", [str(inputs.gold(n)), str(out)], "read", [str(inputs.gold(n))], n)
        files = [p for p in out.rglob("*") if p.is_file()]
        largest, index, first = review_files(out / "page.html")
        row.note += (f"; {len(files)} file(s), {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, largest page "
                     f"{largest.stat().st_size / 1e6:.2f} MB")
        opened = chromium_open_seconds([index, first] if index != first else [first])
        if opened is None:
            row.note += "; no chromium to time the pages"
        elif index != first:
            row.note += f"; Chromium opens the index in {opened[index]:.2f} s, page 1 in {opened[first]:.2f} s"
        else:
            row.note += f"; Chromium opens the page in {opened[first]:.2f} s"
        shutil.rmtree(out, ignore_errors=True)
        rows.append(row)
    return rows


def row_stats(runner, inputs, sizes):
    """Two fresh processes: the first fills the analysis cache (cold), the second reads it (warm), as two
    successive ``annotate stats`` runs do."""
    rows = []
    for n in sizes:
        cache = inputs.folder / f"stats-cache-{n}"
        gold = str(inputs.gold(n))
        cold = runner.measure("stats", gold, str(cache), repeat=1)
        row = _pair("stats", runner, "stats", [gold, str(cache)], "read", [gold], n)
        row.note = f"warm cache (cold: {cold['cpu']:.2f} s, peak {cold['peak_mb']:.0f} MB); " + row.note
        rows.append(row)
    return rows


def row_suggest_all(runner, inputs, sizes):
    figures = [(n, runner.measure("suggest-all", str(inputs.articles(n)), repeat=1)) for n in sizes]
    first_per_article = figures[0][1]["cpu"] / figures[0][0]
    return [Row("suggest --all", n, f["cpu"] / n, first_per_article, TARGETS["suggest --all"], f["peak_mb"],
                f"CPU per article {1000 * f['cpu'] / n:.1f} ms (baseline: per article at {figures[0][0]})")
            for n, f in figures]


ROWS = {"help": row_help, "validate": row_validate, "export hf": row_export_hf, "agree": row_agree,
        "score": row_score, "suggest --all": row_suggest_all, "render": row_render, "stats": row_stats}
ROWS = {name: _guarded(name, row) for name, row in ROWS.items()}  # one failing row does not stop the others


OPTIONAL = ("benchmarks.imports", "benchmarks.suggest")


def optional_names() -> dict[str, str]:
    """Row name -> module, for the optional modules that list their rows (``ROW_NAMES``)."""
    names: dict[str, str] = {}
    for name in OPTIONAL:
        if importlib.util.find_spec(name) is not None:
            for row in getattr(importlib.import_module(name), "ROW_NAMES", ()):
                names[row] = name
    return names


def optional_rows(sizes: tuple[int, int], only: list[str] | None = None, repeat: int | None = None) -> list[Row]:
    """Rows of ``benchmarks/imports.py`` and ``benchmarks/suggest.py`` when they define ``run(sizes)``
    (``only``: just these rows, of the modules that list them in ``ROW_NAMES``)."""
    rows: list[Row] = []
    for name in OPTIONAL:
        if importlib.util.find_spec(name) is None:
            print(f"({name}: not present)")
            continue
        module = importlib.import_module(name)
        run = getattr(module, "run", None)
        if run is None:
            print(f"({name}: no run(sizes); run it on its own: python -m {name})")
            continue
        options: dict[str, object] = {}
        if repeat is not None and "repeat" in inspect.signature(run).parameters:
            options["repeat"] = repeat
        if only is not None:
            wanted = [row for row in getattr(module, "ROW_NAMES", ()) if row in only]
            if not wanted:
                continue
            options["only"] = wanted
        found = run(list(sizes), **options)
        for item in found or ():
            rows.append(item if isinstance(item, Row) else Row(**item))
    return rows


def _guarded_optional(function):
    """``optional_rows`` that, when a module's rows fail, prints one line and returns none (as ``_guarded``)."""
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - reported, and the table is still printed
            FAILED.append("optional rows")
            print(f"optional rows (benchmarks.imports, benchmarks.suggest) FAILED: {error!r}", flush=True)
            return []
    return run


optional_rows = _guarded_optional(optional_rows)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{platform.system()} {platform.release()}, {model}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; load average at the end {load}")


def print_rows(rows: list[Row]) -> None:
    print(f"{'row':<19} {'size':>6} {'CPU s':>8} {'base s':>8} {'ratio':>7} {'schema':>7} {'proof':>7} "
          f"{'target':<24} {'peak MB':>8}  note")
    for r in rows:
        peak = f"{r.peak_mb:8.0f}" if r.peak_mb is not None else f"{'':>8}"
        print(f"{r.row:<19} {r.size!s:>6} {r.seconds:8.3f} {r.baseline_seconds:8.3f} {r.ratio:6.2f}x "
              f"{r.floor(r.schema_seconds):>7} {r.floor(r.proof_seconds):>7} {r.target:<24} {peak}  {r.note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated rows (" + ", ".join([*ROWS, *optional_names()]) + ")")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best CPU time counts")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose annotate/ and schema/ to measure")
    parser.add_argument("--json", type=Path, help="also write the rows here as JSON")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        task, repeat, *rest = args.child
        child(task, int(repeat), rest)
        return
    chosen = [name.strip() for name in args.only.split(",")] if args.only else list(ROWS)
    unknown = [name for name in chosen if name not in ROWS and name not in optional_names()]
    if unknown:
        parser.error(f"unknown rows: {', '.join(unknown)}")
    runner = Runner(args.code.resolve(), args.repeat)
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eventgold-bench-") as tmp:
        inputs = Inputs(Path(tmp))
        for name in (n for n in chosen if n in ROWS):
            sizes = tuple(max(10, round(n * args.scale)) for n in SIZES.get(name, (0, 0)))
            found = ROWS[name](runner, inputs, sizes)
            print_rows(found)
            rows += found
        optional = [name for name in chosen if name not in ROWS] if args.only else None
        if optional is None or optional:
            extra = optional_rows(tuple(max(10, round(n * args.scale)) for n in (250, 1000)), optional, args.repeat)
            print_rows(extra)
            rows += extra
    print()
    print("all rows:")
    print_rows(rows)
    if FAILED:
        print(f"FAILED rows (no figure): {', '.join(FAILED)}")
    print(f"\nmachine: {machine()}; code measured: {runner.code}; {time.perf_counter() - started:.0f} s in all")
    print("ratio = CPU time of the command / CPU time of its baseline, both measured in this run (best of "
          f"{args.repeat}); peak MB = the command's peak resident memory")
    print("schema, proof = floors under the validate and import rows, as ratios to the same baseline: the "
          "schema's validation alone (pydantic-core) of the lines the command proves, and the validator's "
          "whole fast-path proof of them (levels 1-3 and level 5's per-mention facts), which every import "
          "must pass before it writes a line (Principle 3)")
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "ratio": r.ratio} for r in rows], indent=2) + "\n")
    if FAILED:
        raise SystemExit(1)


if __name__ == "__main__":
    # after PYTHONPATH: a child's PYTHONPATH puts --code first, and inserting REPO before it measured REPO's code
    sys.path.append(str(REPO))
    main()
