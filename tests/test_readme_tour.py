"""README's "A short tour" runs line by line, as printed, in a copy of the repository's data.

The commands are read from README.md itself, so the test fails when the README drifts from what the
commands do. ``annotate`` and ``python`` are put on PATH ahead of everything else so that the lines
run with the interpreter under test; the one interactive line (``annotate session``) runs in a real
pseudo-terminal and quits with ``q``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import REPO


def tour_commands(readme: str) -> list[str]:
    """The logical lines of the first ``sh`` block after the "A short tour" heading (``\\`` joined)."""
    match = re.search(r"^## A short tour\n.*?^```sh\n(.*?)^```$", readme, flags=re.S | re.M)
    assert match, "README.md has no '## A short tour' section with an sh code block"
    commands, current = [], ""
    for line in match.group(1).splitlines():
        if line.endswith("\\"):
            current += line[:-1]
            continue
        current += line
        if current.strip():
            commands.append(current.strip())
        current = ""
    return commands


def test_tour_is_parsed_as_printed() -> None:
    commands = tour_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert commands[0].startswith("annotate validate corpus")
    assert any(c.startswith("annotate import text articles/*.txt") for c in commands)
    assert sorted(p.name for p in (REPO / "articles").glob("*.txt")), "the tour's articles/ folder is empty"


@pytest.fixture
def user_shell(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder with the repository's corpus and articles, and a PATH whose annotate/python are ours."""
    work = tmp_path / "eventgold"
    work.mkdir()
    for name in ("corpus", "articles", "README.md"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copyfile(source, work / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # Scripts, not symlinks: a symlinked venv interpreter would not find its pyvenv.cfg.
    for name, args in (("python", ""), ("annotate", " -m annotate")):
        launcher = bin_dir / name
        launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}"{args} "$@"\n', encoding="utf-8")
        launcher.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "PYTHONIOENCODING": "utf-8",
           "HF_HOME": str(tmp_path / "hf-home"), "PYTHONPATH": str(REPO)}
    return work, env


def test_every_tour_line_runs_as_printed(user_shell) -> None:
    work, env = user_shell
    commands = tour_commands((REPO / "README.md").read_text(encoding="utf-8"))
    for command in commands:
        if command.startswith("annotate session"):
            child = pexpect.spawn("/bin/bash", ["-c", command], cwd=str(work), env=env, encoding="utf-8",
                                  timeout=120, dimensions=(40, 120))
            child.expect_exact("session> ")
            child.sendline("q")
            child.expect(pexpect.EOF)
            child.close()
            assert child.exitstatus == 0, f"{command!r} exited {child.exitstatus}: {child.before}"
            continue
        done = subprocess.run(["/bin/bash", "-e", "-o", "pipefail", "-c", command], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{command!r} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
    # What the tour says it did is there: the articles imported, alice's Loan, the export and the page.
    registry = (work / "corpus" / "raw" / "registry.json").read_text(encoding="utf-8")
    for article in (REPO / "articles").glob("*.txt"):
        assert f'"{article.stem}"' in registry
        assert (work / "corpus" / "raw" / article.name).read_bytes() == article.read_bytes()
    assert (work / "corpus" / "annotations" / "alice" / "000_0850c832f78e4e8b.jsonl").is_file()
    assert (work / "out" / "hf" / "README.md").is_file()
    assert (work / "review.html").stat().st_size > 0
