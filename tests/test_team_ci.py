"""The example CI file a corpus repository copies (examples/team/corpus-ci.yml) runs as written: its
shell steps are executed in a real git clone of a corpus repository, with a pull request's base branch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, run_annotate
from team_support import event_add_args, make_team_corpus, statements

WORKFLOW = REPO / "examples" / "team" / "corpus-ci.yml"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_example_workflow_steps_on_a_pull_request_and_a_tag(tmp_path):
    origin = tmp_path / "origin"
    make_team_corpus(origin / "corpus")
    assert run_annotate("assign", "--corpus", str(origin / "corpus"), "--annotators", "alice,bob").returncode == 0
    git(origin, "init", "-q", "-b", "main")
    git(origin, "-c", "user.email=l@example.org", "-c", "user.name=L", "add", "-A")
    git(origin, "-c", "user.email=l@example.org", "-c", "user.name=L", "commit", "-qm", "plan")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-qb", "alice-work")
    plan = json.loads((origin / "corpus" / "assignments.json").read_text(encoding="utf-8"))
    doc_id = next(d for d, names in plan["documents"].items() if names == ["alice"])
    added = run_annotate("event", "add", "--corpus", str(clone / "corpus"), "-a", "alice", "-d", doc_id,
                         *event_add_args(doc_id, statements(doc_id)[0]))
    assert added.returncode == 0, added.stderr.decode()
    git(clone, "add", "corpus/annotations/alice")
    git(clone, "-c", "user.email=a@example.org", "-c", "user.name=A", "commit", "-qm", "alice: first statement")

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = {step["name"]: step for step in workflow["jobs"]["check"]["steps"] if "name" in step}
    summary = tmp_path / "summary.md"
    env = {**os.environ, **workflow["env"], "BASE": "main", "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "PYTHONIOENCODING": "utf-8"}

    def step(name: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-eo", "pipefail", "-c", steps[name]["run"]], cwd=clone, env=env,
                              capture_output=True, text=True)

    assert "pip install" in steps["install eventgold"]["run"]  # the one step not run here (no network)
    validate = step("validate")
    assert validate.returncode == 0 and "*** PASSED ***" in validate.stdout, validate.stdout + validate.stderr
    progress = step("progress")
    assert progress.returncode == 0 and "alice draft" in progress.stdout, progress.stderr
    diff = step("what this pull request changes")
    assert diff.returncode == 0, diff.stderr
    assert steps["what this pull request changes"]["if"] == "github.event_name == 'pull_request'"
    assert (f"::notice file=corpus/annotations/alice/{doc_id}.jsonl,line=1,title=annotations/alice {doc_id} added::"
            "+ event EV1 Statement") in diff.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("```\nannotations/alice [") and "1 document(s) differ (1 added" in text
    gate = step("release gate (every assigned document done)")
    assert gate.returncode == 1 and "assigned document(s) not done" in gate.stderr
