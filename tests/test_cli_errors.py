"""CLI-wide behaviour of ``annotate.cli.main``: exit codes when the reader of stdout goes away.

``annotate stats | head -1`` must not exit 1 ("invalid data") just because ``head`` stopped reading;
``annotate validate BAD | head -1`` must still exit 1, because the data is invalid.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_annotate
from test_session_support import default_sigint


def _run_into_closed_pipe(*args: str, cwd: Path = REPO) -> tuple[int, str]:
    """Run ``annotate ARGS`` with stdout a pipe whose reader is already gone (every write fails, EPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "annotate", *args], stdout=write_end,
                                stderr=subprocess.PIPE, cwd=cwd, timeout=300,
                                env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"})
    finally:
        os.close(write_end)
    return result.returncode, result.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [("stats", "--corpus", "corpus"), ("schema",), ("formats",),
                                  ("stats", "--corpus", "corpus", "--format", "json")],
                         ids=["stats-table", "schema-table", "formats", "stats-json"])
def test_a_closed_pipe_is_not_invalid_data(args: tuple[str, ...]):
    code, err = _run_into_closed_pipe(*args)
    assert code == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_validate_into_a_closed_pipe_still_reports_invalid_data(tmp_path: Path, sample_jsonl: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(sample_jsonl.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    code, err = _run_into_closed_pipe("validate", str(bad))
    assert code == 1, err
    code, err = _run_into_closed_pipe("validate", str(sample_jsonl))
    assert code == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_ctrl_c_in_a_command_says_interrupted_and_exits_130(tmp_path: Path):
    # typer turns Ctrl-C into a silent exit 130; main says "annotate: interrupted" as it means to.
    import signal

    child = subprocess.Popen([sys.executable, "-m", "annotate", "stats", "-"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                             env={**os.environ, "HF_HUB_OFFLINE": "1"},
                             preexec_fn=default_sigint)
    try:
        _wait_for_stdin_read(child.pid)  # start-up done: the command waits for standard input
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert b"annotate: interrupted" in err and b"Traceback" not in err


def _wait_for_stdin_read(pid: int, timeout: float = 120) -> None:
    """Wait until process ``pid`` blocks reading its standard input (Linux: /proc/PID/syscall shows the
    read system call, x86-64 number 0 or arm64 number 63, on file descriptor 0)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fields = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            time.sleep(3)
            return
        if len(fields) > 1 and fields[0] in ("0", "63") and int(fields[1], 16) == 0:
            time.sleep(0.2)
            return
        time.sleep(0.05)
    raise AssertionError("the command never waited for standard input")


def test_an_import_never_overwrites_the_file_it_imports(tmp_path):
    foreign = tmp_path / "doccano.jsonl"
    foreign.write_text('{"text": "Putin visited Cuba.", "label": [[0, 5, "PER"]]}\n', encoding="utf-8")
    before = foreign.read_bytes()
    result = run_annotate("import", "doccano", str(foreign), "--out", str(foreign), "--corpus", str(tmp_path))
    assert result.returncode == 2, result.stderr.decode()
    assert b"the file being imported" in result.stderr and b"Traceback" not in result.stderr
    assert foreign.read_bytes() == before
