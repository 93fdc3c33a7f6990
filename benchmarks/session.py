"""Speed of ``annotate session`` on the longest seed article: start-up and keystroke-to-screen time.

Two ways, both printed:

1. Through a real pseudo-terminal (pexpect), as an annotator feels it: the time from sending a command
   line to the next ``session>`` prompt, i.e. the command ran, everything was saved (fsync'd) and the
   screen was redrawn. Navigation (``n``/``p``: the position is saved too) and saving actions
   (``u``/``r``: undo/redo rewrite the annotation and the side file) are timed separately. Start-up is
   the time from spawning the process to the first prompt (Python, spaCy, sentence splitting, lock,
   load, render).
2. In process, without a terminal: :meth:`Session.handle` for the same commands.

Baselines measured in the same run: a pexpect round trip to a trivial ``input()`` loop, and the start-up
of ``python -c pass`` and of ``python -m annotate --help``. Ratios are printed next to absolute times.

    python benchmarks/session.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "corpus" / "raw"  # the five seed articles, byte for byte (tests use only the repository)
ENV = {**os.environ, "TERM": "dumb", "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}


def longest_seed() -> Path:
    return max(SEEDS.glob("*.txt"), key=lambda p: len(p.read_text(encoding="utf-8")))


def make_corpus(root: Path, seed: Path) -> str:
    (root / "raw").mkdir(parents=True)
    shutil.copyfile(seed, root / "raw" / seed.name)
    doc_id = seed.stem
    for trigger in ("loan@1", "loan@2"):
        subprocess.run([sys.executable, "-m", "annotate", "event", "add", "--corpus", str(root), "-a", "bench",
                        "-d", doc_id, "--type", "Loan", "--trigger", trigger, "--arg", "Lender=Russia",
                        "--mention-type", "Lender=GPE", "--arg", "Borrower=Cuba", "--mention-type", "Borrower=GPE"],
                       check=True, cwd=REPO, env=ENV, capture_output=True)
    return doc_id


def spawn(args: list[str]):
    import pexpect

    child = pexpect.spawn(sys.executable, args, env=ENV, encoding="utf-8", timeout=60, dimensions=(50, 120),
                          cwd=str(REPO))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _start(corpus: Path, doc_id: str, *extra: str) -> float:
    t = time.perf_counter()
    child = spawn(["-m", "annotate", "session", "--corpus", str(corpus), "-a", "bench", "--doc", doc_id, *extra])
    child.expect_exact("session> ")
    elapsed = time.perf_counter() - t
    child.sendline("q")
    child.expect_exact("bye")
    child.close()
    return elapsed


def time_startup(corpus: Path, doc_id: str, rounds: int) -> dict[str, float]:
    cache = corpus / "annotations" / "bench" / ".cache" / f"{doc_id}.analysis.json"
    results: dict[str, list[float]] = {"python -c pass": [], "annotate --help": [],
                                       "session, first open (spaCy)": [], "session, resume (cached)": []}
    for _ in range(rounds):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=ENV)
        results["python -c pass"].append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "annotate", "--help"], check=True, env=ENV, capture_output=True, cwd=REPO)
        results["annotate --help"].append(time.perf_counter() - t)
        cache.unlink(missing_ok=True)
        results["session, first open (spaCy)"].append(_start(corpus, doc_id, "--no-suggest"))
        results["session, resume (cached)"].append(_start(corpus, doc_id, "--no-suggest"))
    try:
        from annotate.suggest import suggest  # noqa: F401
    except Exception:
        pass
    else:
        results["session, first open, suggestions"] = []
        for _ in range(rounds):
            cache.unlink(missing_ok=True)
            results["session, first open, suggestions"].append(_start(corpus, doc_id))
    return {name: median_ms(values) for name, values in results.items()}


ECHO_LOOP = "while True:\n    line = input('session> ')\n    print('got', line)\n"


def time_steps(corpus: Path, doc_id: str, rounds: int) -> dict[str, float]:
    results: dict[str, list[float]] = {"pty round trip (input() loop)": [], "n/p (navigate, save position)": [],
                                       "u/r (undo/redo, save document)": []}
    echo = spawn(["-c", ECHO_LOOP])
    echo.expect_exact("session> ")
    for _ in range(rounds):
        t = time.perf_counter()
        echo.sendline("n")
        echo.expect_exact("session> ")
        results["pty round trip (input() loop)"].append(time.perf_counter() - t)
    echo.close(force=True)
    child = spawn(["-m", "annotate", "session", "--corpus", str(corpus), "-a", "bench", "--doc", doc_id,
                   "--no-suggest"])
    child.expect_exact("session> ")
    child.sendline("j 7")
    child.expect_exact("session> ")
    child.sendline("x EV2")  # something to undo
    child.expect_exact("session> ")
    for i in range(rounds):
        t = time.perf_counter()
        child.sendline("n" if i % 2 == 0 else "p")
        child.expect_exact("session> ")
        results["n/p (navigate, save position)"].append(time.perf_counter() - t)
        t = time.perf_counter()
        child.sendline("u" if i % 2 == 0 else "r")
        child.expect_exact("session> ")
        results["u/r (undo/redo, save document)"].append(time.perf_counter() - t)
    child.sendline("q")
    child.close()
    return {name: median_ms(values) for name, values in results.items()}


def time_in_process(corpus: Path, doc_id: str, rounds: int) -> dict[str, float]:
    from annotate.session.app import Session, Terminal
    from annotate.edit.store import AnnotationStore

    term = Terminal(plain=True, width=100)
    term.console.file = io.StringIO()
    session = Session(AnnotationStore(corpus, "bench"), [doc_id], terminal=term, suggest=False)
    session.open(0)
    session.handle("j 7")
    results: dict[str, list[float]] = {"handle n/p": [], "handle u/r": [], "render only": []}
    for i in range(rounds):
        t = time.perf_counter()
        session.handle("n" if i % 2 == 0 else "p")
        results["handle n/p"].append(time.perf_counter() - t)
        t = time.perf_counter()
        session.handle("u" if i % 2 == 0 else "r")
        results["handle u/r"].append(time.perf_counter() - t)
        t = time.perf_counter()
        session.show()
        results["render only"].append(time.perf_counter() - t)
    session.close()
    return {name: median_ms(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--startup-rounds", type=int, default=5)
    options = parser.parse_args()
    seed = longest_seed()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        doc_id = make_corpus(corpus, seed)
        print(f"longest seed: {seed.name} ({len(seed.read_text(encoding='utf-8'))} code points)")
        start = time_startup(corpus, doc_id, options.startup_rounds)
        base, cli = start["python -c pass"], start["annotate --help"]
        print(f"\nstart-up to the first prompt (median of {options.startup_rounds}, ms; ratios to python -c pass "
              "and to annotate --help):")
        for name, ms in start.items():
            print(f"  {name:34} {ms:8.1f}  x{ms / base:5.1f}  x{ms / cli:4.1f}")
        steps = time_steps(corpus, doc_id, options.rounds)
        base = steps["pty round trip (input() loop)"]
        print(f"\nkeystroke to updated screen through a pty (median of {options.rounds}, ms; ratio to the round trip):")
        for name, ms in steps.items():
            print(f"  {name:34} {ms:8.2f}  x{ms / base:5.1f}")
        inproc = time_in_process(corpus, doc_id, options.rounds)
        print(f"\nin process, Session.handle + render (median of {options.rounds}, ms):")
        for name, ms in inproc.items():
            print(f"  {name:34} {ms:8.2f}")
        print("\ntargets: start-up < 1500 ms, step < 100 ms")


if __name__ == "__main__":
    main()
