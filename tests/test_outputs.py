"""Whole output folders are replaced atomically (annotate.outputs): ``export hf``, ``export brat`` and
``export spacy --split``, killed at random moments, killed inside the swap, and run twice at once."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from annotate.jsonl import read_documents
from annotate.outputs import FolderOutput, recover, replace_folder
from conftest import REPO, run_annotate

GOLD = REPO / "corpus" / "gold.jsonl"


def tree(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file below ``folder`` (hidden entries included)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging folders and set-aside old versions beside ``folder`` (the lock file is expected)."""
    return sorted(p.name for p in folder.parent.iterdir()
                  if p.name.startswith(f".{folder.name}.") and not p.name.endswith(".export.lock"))


def annotator_variant(path: Path, annotator: str) -> Path:
    """The gold with another annotator name (so two exports' files can be told apart)."""
    out = path.parent / f"gold-{annotator}.jsonl"
    lines = []
    for document in read_documents(GOLD):
        info = document.annotation.model_copy(update={"annotator": annotator})
        lines.append(document.model_copy(update={"annotation": info}).to_json() + "\n")
    out.write_text("".join(lines), encoding="utf-8")
    return out


# -- the library -------------------------------------------------------------------------------------

def test_replace_keeps_what_it_does_not_own_and_drops_what_it_owns(tmp_path):
    out = tmp_path / "out"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (out / "README.md").write_text("old card", encoding="utf-8")
    (out / "guidelines.md").write_text("old manual", encoding="utf-8")  # owned, not written again: dropped
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    os.chmod(out, 0o750)
    with replace_folder(out, owned={"README.md", "guidelines.md"}) as staging:
        assert staging.parent == out.parent and staging.name.startswith(".out.export-")
        (staging / "README.md").write_text("new card", encoding="utf-8")
    assert tree(out) == {".git/HEAD": b"ref", "README.md": b"new card", "notes.txt": b"mine"}
    assert out.stat().st_mode & 0o777 == 0o750  # the folder keeps its permissions
    assert leftovers(out) == []


def test_a_failure_inside_the_block_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with replace_folder(out) as staging:
            (staging / "a.txt").write_text("new", encoding="utf-8")
            raise RuntimeError("disk full")
    assert tree(out) == {"a.txt": b"old"} and leftovers(out) == []
    with pytest.raises(RuntimeError):
        with replace_folder(tmp_path / "fresh") as staging:
            (staging / "a.txt").write_text("new", encoding="utf-8")
            raise RuntimeError("disk full")
    assert not (tmp_path / "fresh").exists() and leftovers(tmp_path / "fresh") == []


def test_without_rename_exchange_the_fallback_swaps_too(tmp_path, monkeypatch):
    import annotate.outputs as outputs

    monkeypatch.setattr(outputs, "exchange", lambda a, b: False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old", encoding="utf-8")
    with replace_folder(out, owned=None) as staging:
        (staging / "b.txt").write_text("new", encoding="utf-8")
    assert tree(out) == {"b.txt": b"new"} and leftovers(out) == []


KILL_INSIDE_SWAP = """
import os, signal, sys
from pathlib import Path
import annotate.outputs as outputs

mode, out = sys.argv[1], Path(sys.argv[2])
if mode == "between-renames":           # the fallback: old renamed aside, then killed before the new goes in
    outputs.exchange = lambda a, b: False
    real_rename = os.rename
    def rename(src, dst):
        real_rename(src, dst)
        os.kill(os.getpid(), signal.SIGKILL)
    outputs.os.rename = rename
else:                                    # after the exchange, before the old folder is removed
    outputs.shutil.rmtree = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
with outputs.replace_folder(out, owned=None) as staging:
    (staging / "a.txt").write_text("new", encoding="utf-8")
"""


@pytest.mark.parametrize("mode", ["between-renames", "after-exchange"])
def test_a_kill_inside_the_swap_loses_nothing_and_the_next_run_cleans_up(tmp_path, mode):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", KILL_INSIDE_SWAP, mode, str(out)], cwd=REPO, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    if mode == "between-renames":
        assert not out.exists() and len(leftovers(out)) == 2  # old set aside, new staged: nothing lost
    else:
        assert tree(out) == {"a.txt": b"new"} and len(leftovers(out)) == 1  # the old one, at the staging name
    output = FolderOutput(out)
    output.open()  # the next run: puts the old folder back if it was set aside, removes the rest
    output.close()
    expected = b"old" if mode == "between-renames" else b"new"
    assert tree(out) == {"a.txt": expected} and leftovers(out) == []


def test_recover_removes_only_this_folders_leftovers(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / ".out.export-abc").mkdir()
    (tmp_path / ".out.old-abc").mkdir()
    (tmp_path / ".other.export-abc").mkdir()
    removed = recover(tmp_path / "out")
    assert sorted(p.name for p in removed) == [".out.export-abc", ".out.old-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.export-abc", "out"]


# -- the commands ------------------------------------------------------------------------------------

def _start(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "annotate", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_export_hf_killed_at_random_moments_leaves_the_old_export_or_the_new(tmp_path):
    out = tmp_path / "out"
    first = run_annotate("export", "hf", str(out), "--input", str(GOLD), "--split", "train=1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    old = tree(out)
    new_names = ["README.md", *[f"{c}/{s}-00000-of-00001.parquet" for c in ("documents", "sentences")
                                for s in ("test", "train", "validation")]]
    rng = random.Random(10)
    for _ in range(3):
        process = _start("export", "hf", str(out), "--input", str(GOLD), cwd=tmp_path)
        deadline = time.monotonic() + 120
        while not leftovers(out) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # wait until it stages, then kill it somewhere in the export
        time.sleep(rng.uniform(0, 1.5))
        process.kill()
        process.wait()
        process.stderr.close()
        now = tree(out)
        if now != old:  # then the whole new export, never a mix or a part
            assert sorted(now) == new_names, sorted(now)
            for name in new_names[1:]:
                pq.read_metadata(out / name)
    done = run_annotate("export", "hf", str(out), "--input", str(GOLD), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert leftovers(out) == []  # the staging folders of the killed runs are gone
    assert sorted(tree(out)) == new_names


def test_export_brat_killed_at_random_moments_never_mixes_two_exports(tmp_path):
    out = tmp_path / "brat"
    alice, bob = annotator_variant(tmp_path / "x", "alice"), annotator_variant(tmp_path / "x", "bob")
    assert run_annotate("export", "brat", str(out), "--input", str(alice), cwd=tmp_path).returncode == 0
    old = tree(out)
    rng = random.Random(4)
    for _ in range(4):
        process = _start("export", "brat", str(out), "--input", str(bob), cwd=tmp_path)
        time.sleep(rng.uniform(0.05, 1.0))
        process.kill()
        process.wait()
        process.stderr.close()
        now = tree(out)
        sidecars = {json.loads(v)["annotation"]["annotator"] for k, v in now.items() if k.endswith(".eventgold.json")}
        assert now == old or sidecars == {"bob"}, sidecars
        assert len([k for k in now if k.endswith(".ann")]) == 5
    assert run_annotate("export", "brat", str(out), "--input", str(bob), cwd=tmp_path).returncode == 0
    assert leftovers(out) == []


def test_two_concurrent_brat_exports_into_one_folder_do_not_mix(tmp_path):
    out = tmp_path / "brat"
    alice, bob = annotator_variant(tmp_path / "x", "alice"), annotator_variant(tmp_path / "x", "bob")
    for _ in range(2):
        runs = [_start("export", "brat", str(out), "--input", str(source), cwd=tmp_path) for source in (alice, bob)]
        codes = [r.wait(timeout=300) for r in runs]
        errors = [r.stderr.read().decode() for r in runs]
        for r in runs:
            r.stderr.close()
        assert set(codes) <= {0, 2} and 0 in codes, errors
        for code, error in zip(codes, errors):
            if code == 2:
                assert "another command is writing this folder now" in error and "Traceback" not in error
        sidecars = {json.loads(p.read_bytes())["annotation"]["annotator"] for p in out.glob("*.eventgold.json")}
        assert len(sidecars) == 1 and len(list(out.glob("*.ann"))) == 5
        assert leftovers(out) == []


@pytest.mark.parametrize("command", ["brat", "hf"])
def test_an_export_into_a_folder_another_export_is_writing_stops_at_once(tmp_path, command):
    out = tmp_path / command
    out.mkdir()
    with open(tmp_path / f".{command}.export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(str(os.getpid()))
        lock.flush()
        done = run_annotate("export", command, str(out), "--input", str(GOLD), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{out}: another command is writing this folder now (process {os.getpid()})" in err
    assert tree(out) == {} and leftovers(out) == []


def test_a_failed_brat_export_leaves_no_partial_folder_and_stale_staging_is_removed(tmp_path):
    source = tmp_path / "twice.jsonl"
    line = GOLD.read_text(encoding="utf-8").splitlines()[0]
    source.write_text(line + "\n" + line + "\n", encoding="utf-8")  # the second one repeats the id
    (tmp_path / ".brat.export-killed").mkdir()  # left by a killed run
    done = run_annotate("export", "brat", str(tmp_path / "brat"), "--input", str(source), cwd=tmp_path)
    assert done.returncode == 1 and "appears twice" in done.stderr.decode()
    assert not (tmp_path / "brat").exists() and leftovers(tmp_path / "brat") == []


def test_spacy_split_folder_is_replaced_whole(tmp_path):
    out = tmp_path / "spacy"
    out.mkdir()
    (out / "train.spacy").write_bytes(b"old")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_annotate("export", "spacy", str(out), "--input", str(GOLD), "--split", "train=0.6,dev=0.4",
                        cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(tree(out)) == ["dev.spacy", "notes.txt", "train.spacy"] and tree(out)["train.spacy"] != b"old"
    assert leftovers(out) == []


def test_the_current_folder_is_not_swapped_from_under_the_shell(tmp_path):
    done = run_annotate("export", "brat", ".", "--input", str(GOLD), cwd=tmp_path)
    assert done.returncode == 2 and "is the current folder" in done.stderr.decode()
