"""Retraining in the background while an annotator works (``annotate session --watch``).

:class:`BackgroundTrainer` runs ``python -m annotate train NAME [gold] --evaluate --out MODEL`` as a
child process at low priority (``os.nice``), never waiting for it: :meth:`~BackgroundTrainer.request`
starts a run, or, while one runs, queues exactly one more (requests while one is queued change
nothing). A small thread waits for each run; when it ends, its outcome is kept for the session
(:meth:`~BackgroundTrainer.take_outcome`) and the queued run, if any, starts at once. At most one run
at a time; :meth:`~BackgroundTrainer.stop` ends a running one when the session quits.

Where things live, per annotator (beside their work, hidden, never read as annotations):

- ``CORPUS/annotations/NAME/.model/``: the model, replaced whole by each published run (staged beside,
  swapped in: :mod:`annotate.outputs`); a killed run leaves the previous model intact;
- ``CORPUS/annotations/NAME/.model.log``: what each run printed (a failure's details);
- the run's outcome comes back as the JSON line of ``annotate train --json``.

The training data is the annotator's complete documents, and the gold for the documents they have not
completed (``annotate train NAME gold``: the first set with a document wins; drafts are left out).
The training budget is ``EVENTGOLD_TRAIN_ITERATIONS`` (passes over the data, default 15), inherited
by the child.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..corpus import Corpus
from ..suggest.model import MODEL_FILE, is_model_dir

#: The model folder and log of an annotator's background training, inside ``annotations/NAME/``.
MODEL_FOLDER = ".model"
LOG_FILE = ".model.log"
#: The niceness added to the training process.
NICENESS = 10
#: Set for the trainer to the session's process id: the trainer ends when that session is gone
#: (:func:`follow_parent`), also when it was killed without a chance to stop it.
PARENT_ENV = "EVENTGOLD_TRAIN_PARENT"


@dataclass
class _Run:
    process: subprocess.Popen
    started: float
    result: object  # the temporary file that receives the JSON outcome


class BackgroundTrainer:
    """One annotator's background training (see the module docs)."""

    def __init__(self, corpus: Corpus, annotator: str, *, threshold: float | None = None,
                 python: str = sys.executable) -> None:
        self.corpus = corpus
        self.annotator = annotator
        self.threshold = threshold
        self.python = python
        folder = corpus.annotator_dir(annotator)
        self.model_dir = folder / MODEL_FOLDER
        self.log_path = folder / LOG_FILE
        self.run: _Run | None = None
        self.queued = False
        self.outcome: str | None = None  # one line about the last finished run, until taken
        self.failure: str | None = None  # the last run's failure, until a run succeeds
        self._lock = threading.RLock()

    # -- the model ---------------------------------------------------------------------------------
    def model(self) -> str | None:
        """The published model folder, or None while there is none."""
        return str(self.model_dir) if is_model_dir(self.model_dir) else None

    def meta(self) -> dict | None:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((self.model_dir / MODEL_FILE).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else None
        return None

    # -- runs --------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.run is not None

    def request(self) -> str:
        """Ask for a new model (a document was marked done); returns one line saying what happens."""
        with self._lock:
            if self.run is not None:
                already = self.queued
                self.queued = True
                return ("a newer model is already queued" if already else
                        "a model is training; another will train on this document when it finishes")
            self._start()
            if self.run is None:
                return self.failure or "training failed"
            return "training a new model in the background (suggestions improve from the next document)"

    def _command(self) -> list[str]:
        sets = [self.annotator] + (["gold"] if self.corpus.gold_path.exists() else [])
        command = [self.python, "-m", "annotate", "train", *sets, "--corpus", str(self.corpus.root),
                   "--out", str(self.model_dir), "--evaluate", "--json"]
        if self.threshold is not None:
            command += ["--threshold", str(self.threshold)]
        return command

    def _start(self) -> None:
        self.queued = False
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = open(self.log_path, "a", encoding="utf-8")
        except OSError as exc:
            self._fail(f"cannot write {self.log_path}: {exc.strerror or exc}")
            return
        result = tempfile.TemporaryFile(mode="w+b")
        with log:
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            log.write(f"=== {stamp} {' '.join(self._command()[1:])}\n")
            log.flush()
            env = {**os.environ, "PYTHONUNBUFFERED": "1", PARENT_ENV: str(os.getpid())}
            try:
                process = subprocess.Popen(self._command(), stdin=subprocess.DEVNULL, stdout=result, stderr=log,
                                           env=env, start_new_session=True, preexec_fn=_lower_priority)
            except OSError as exc:
                result.close()
                self._fail(f"cannot start the training: {exc.strerror or exc}")
                return
        run = self.run = _Run(process, time.monotonic(), result)
        threading.Thread(target=self._wait, args=(run,), name="eventgold-train-wait", daemon=True).start()

    def _wait(self, run: _Run) -> None:
        run.process.wait()
        with self._lock:
            if self.run is run:  # not stopped meanwhile
                self._finish(run)

    def _finish(self, run: _Run) -> None:
        self.run = None
        code = run.process.returncode
        report = None
        with contextlib.suppress(OSError, ValueError):
            run.result.seek(0)
            lines = run.result.read().decode("utf-8", "replace").strip().splitlines()
            report = json.loads(lines[-1]) if lines else None
        run.result.close()
        if code == 0 and isinstance(report, dict):
            self.failure = None
            if report.get("published"):
                self.outcome = f"new model: {self.describe()}"
            else:
                reason = (report.get("evaluation") or {}).get("reason", "not published")
                self.outcome = f"the new model is not used: {reason}" + (
                    "; the previous model stays" if self.model() else "; suggestions from the rules")
        else:
            why = f"stopped by signal {-code}" if code < 0 else self._last_log_line() or f"exit code {code}"
            self._fail(why)
        if self.queued:
            self._start()

    def _fail(self, why: str) -> None:
        why = why.replace(f"{self.corpus.root}{os.sep}", "")
        if len(why) > 120:
            why = why[:119] + "…"
        self.failure = self.outcome = f"training failed: {why} (see {self._short(self.log_path)})"

    def _short(self, path: Path) -> str:
        """``path`` relative to the corpus folder when it is inside it."""
        try:
            return str(path.relative_to(self.corpus.root))
        except ValueError:
            return str(path)

    def _last_log_line(self) -> str:
        with contextlib.suppress(OSError):
            with open(self.log_path, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - 4096))
                lines = [line.strip() for line in handle.read().decode("utf-8", "replace").splitlines()]
            lines = [line for line in lines if line and not line.startswith("===")]
            if lines:
                return lines[-1].removeprefix("annotate: ").removeprefix("error: ")
        return ""

    def stop(self) -> bool:
        """End a running training (the session quits): the model folder stays as it was. True if one ran."""
        with self._lock:
            run = self.run
            self.queued = False
            if run is None:
                return False
            self.run = None
        with contextlib.suppress(OSError):
            os.killpg(run.process.pid, signal.SIGTERM)
        try:
            run.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait()
        run.result.close()
        return True

    # -- what the session shows --------------------------------------------------------------------
    def describe(self) -> str:
        """``trained on 7 documents, 2 min ago`` (the published model), or ``none yet``."""
        meta = self.meta() if self.model() else None
        if meta is None:
            return "none yet"
        count = meta.get("documents", "?")
        return f"trained on {count} document{'s' if count != 1 else ''}, {_ago(meta.get('created'))}"

    def status_line(self) -> str:
        """The session's one status line: the model in use, and a training in progress or its failure."""
        line = f"model: {self.describe()}"
        if self.model() is None:
            line += " (rules only)"
        if self.run is not None:
            line += f" · training… ({_seconds(time.monotonic() - self.run.started)})"
            if self.queued:
                line += ", one more queued"
        elif self.failure:
            line += f" · {self.failure}"
        elif self.model() is None:
            line += " · a model trains after each done"
        return line

    def take_outcome(self) -> str | None:
        """The last finished run's outcome line, once (None when there is no news)."""
        with self._lock:
            outcome, self.outcome = self.outcome, None
            return outcome


def _lower_priority() -> None:  # runs in the child before exec
    with contextlib.suppress(OSError):
        os.nice(NICENESS)


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _ago(created: object) -> str:
    try:
        then = datetime.fromisoformat(str(created))
    except ValueError:
        return "time unknown"
    seconds = max(0.0, (datetime.now(timezone.utc) - then).total_seconds())
    return "just now" if seconds < 60 else f"{_seconds(seconds)} ago"


def follow_parent(*, interval: float = 0.5) -> None:
    """In a trainer started by :class:`BackgroundTrainer` (``PARENT_ENV`` set): end it when its session is
    gone. The trainer runs in its own process session so that the annotator's Ctrl-C does not reach it;
    so a session killed from outside (SIGKILL, a closed terminal) could not stop it, and it would train on
    for nothing. A daemon thread sees the parent change (the orphan is adopted) and sends the trainer the
    SIGTERM that :meth:`BackgroundTrainer.stop` sends: the model folder stays as it was (its swap is
    atomic). Elsewhere, a no-op."""
    value = os.environ.get(PARENT_ENV, "")
    if not value.isdigit():
        return
    parent = int(value)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="eventgold-follow-parent", daemon=True).start()
