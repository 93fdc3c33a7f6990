"""The CLI starts fast: ``annotate --help`` and ``annotate validate`` never import heavy modules.

Every module of ``annotate/cli/`` is imported at start-up, so this guards every command: a module that
imports spacy, datasets, pyarrow, huggingface_hub or sklearn at top level (directly or through a
library module) fails here. The check runs the real entry point in a fresh interpreter and reads
``sys.modules`` when it exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HEAVY = ("spacy", "datasets", "pyarrow", "huggingface_hub", "sklearn", "torch", "thinc", "pandas", "ray")

_WRAPPER = """
import atexit, json, sys
REPORT = sys.argv[1]
def _report():
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    with open(REPORT, "w") as out:
        json.dump(loaded, out)
atexit.register(_report)
sys.argv = ["annotate", *sys.argv[2:]]
from annotate.cli import main
main()
"""


def _modules_after(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    report = tmp_path / "modules.json"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", _WRAPPER, str(report), *args], cwd=REPO, env=env,
                            capture_output=True, timeout=120)
    assert report.exists(), result.stderr.decode()
    return result.returncode, set(json.loads(report.read_text()))


@pytest.mark.parametrize("args", [("--help",), ("validate", "--help"), ("schema", "--format", "json-schema")],
                         ids=["help", "validate-help", "schema"])
def test_commands_do_not_import_heavy_modules(tmp_path: Path, args: tuple[str, ...]):
    code, loaded = _modules_after(tmp_path, *args)
    assert code == 0
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"
    assert "annotate" in loaded and "typer" in loaded  # the wrapper really ran the CLI


@pytest.mark.parametrize("args", [("--help",), ("validate", "--help"), ("export", "hf", "--help")],
                         ids=["help", "validate-help", "export-hf-help"])
def test_help_does_not_build_the_schema(tmp_path: Path, args: tuple[str, ...]):
    # the schema's pydantic models take most of a start-up when built (issue 13: --help was 4.5x
    # `import pydantic`); a help screen needs none of them. (typer imports pydantic itself for a
    # command's help, so only the top-level help is free of it.)
    code, loaded = _modules_after(tmp_path, *args)
    assert code == 0
    assert "annotate" in loaded and "typer" in loaded
    assert "schema" not in loaded
    if args == ("--help",):
        assert not loaded & {"pydantic", "pydantic_core"}, sorted(loaded & {"pydantic", "pydantic_core"})


def test_validate_a_file_does_not_import_heavy_modules(tmp_path: Path, sample_jsonl: Path):
    code, loaded = _modules_after(tmp_path, "validate", str(sample_jsonl))
    assert code == 0
    assert not loaded & set(HEAVY), f"imported by validate: {sorted(loaded & set(HEAVY))}"


def test_the_guard_detects_a_heavy_import(tmp_path: Path):
    # the report is not vacuous: a command module that imports a heavy module is seen. A stand-in
    # "spacy" on PYTHONPATH keeps this cheap; the wrapper imports it the way a careless module would.
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "spacy.py").write_text("LOADED = True\n")
    report = tmp_path / "modules.json"
    code = _WRAPPER.replace("from annotate.cli import main", "import spacy\nfrom annotate.cli import main")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "fake")}
    subprocess.run([sys.executable, "-c", code, str(report), "--help"], cwd=REPO, env=env, capture_output=True,
                   timeout=120)
    assert "spacy" in set(json.loads(report.read_text())) & set(HEAVY)


def test_help_does_not_import_the_corpus_module():
    # annotate.corpus (hashlib, fcntl, json...) is about a seventh of --help's CPU (issue 13: --help within
    # 2x `import pydantic`); command modules import it where they use it, and the shared options spell
    # its default folder themselves, which must stay the library's
    from annotate.cli.common import DEFAULT_CORPUS_PATH
    from annotate.corpus import DEFAULT_CORPUS

    assert DEFAULT_CORPUS_PATH == DEFAULT_CORPUS
    code = ("import sys\nfrom annotate.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('annotate.')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=120)
    loaded = result.stderr.decode()
    assert "'annotate.cli.agree'" in loaded and "'annotate.corpus'" not in loaded, loaded
