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

from tests.conftest import REPO


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
