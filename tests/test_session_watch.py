"""``annotate session --model DIR`` and ``--watch`` (background retraining) through a real pseudo-terminal.

The gold teaches a made-up verb ("zorbed") that no rule knows, so a "zorbed" suggestion can only come
from a trained model. Training runs with a small budget (``EVENTGOLD_TRAIN_ITERATIONS``) so a run takes
seconds.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from annotate.jsonl import write_documents
from conftest import run_annotate
from test_session_support import REPO, make_corpus, session_env, spawn_session
from test_train import PEOPLE, _document, train_people_model

BUDGET = {"EVENTGOLD_TRAIN_ITERATIONS": "12"}
#: The annotator's first article: no rule fires on it, so it can be marked done at once.
QUIET = "The weather in Oslo was cold on Monday. Nobody went out.\n"
QUIET_TOO = "Snow fell in Riga on Tuesday. The roads were closed.\n"
#: The last article: only a model knows "zorbed".
NEXT = "Minister Eva Strand zorbed Kaunas on Friday.\n"


def _corpus(root: Path, *, gold_lines: list[str] | None = None) -> Path:
    make_corpus(root, texts={"a1": QUIET, "a2": QUIET_TOO, "a3": NEXT})
    gold = root / "gold.jsonl"
    write_documents(gold, [_document(n, person, city) for n, (person, city) in enumerate(PEOPLE)])
    if gold_lines is not None:
        with open(gold, "a", encoding="utf-8") as handle:
            handle.writelines(gold_lines)
    return root


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def _trainers(corpus: Path) -> list[str]:
    """Command lines of the running 'annotate train' processes of this corpus."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().decode("utf-8", "replace").split("\0")
            if args[1:4] == ["-m", "annotate", "train"] and str(corpus) in args:
                found.append(" ".join(args))
    return found


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    return train_people_model(tmp_path_factory.mktemp("session-model"))[0]


def test_session_with_a_trained_model_shows_where_each_suggestion_comes_from(tmp_path, model):
    corpus = make_corpus(tmp_path / "corpus", texts={"a2": "Minister Eva Strand zorbed Kaunas on Friday. "
                                                           "Officials said the talks went well.\n"})
    child = spawn_session(corpus, "--doc", "a2", "--model", str(model), "--threshold", "0.3", timeout=60)
    child.expect_exact("session> ")
    child.sendline("j 1")  # the first screen does not wait for suggestions; the next one does
    child.expect(r"s\d suggested Visit 'zorbed' Visitor='Eva Strand'.* \[model (0\.\d\d|1\.00)\]")
    assert float(child.match.group(1)) >= 0.3
    child.expect_exact("session> ")
    child.sendline("n")
    child.expect(r"s\d suggested Statement 'said' .*\[rules\]")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_session_model_that_is_not_a_model_is_one_clear_line(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", texts={"a1": QUIET})
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    for model, expected in ((folder, "not a model folder from 'annotate train'"),
                            (tmp_path / "missing", "no such model folder")):
        result = run_annotate("session", "--corpus", str(corpus), "--annotator", "alice", "--model", str(model))
        err = result.stderr.decode()
        assert result.returncode == 2 and expected in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err
    assert not (corpus / "annotations").exists()


def test_watch_retrains_after_done_and_the_next_document_uses_the_model(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    model = corpus / "annotations" / "alice" / ".model"
    child = spawn_session(corpus, "--doc", "a1", "--watch", "--threshold", "0.3", env=BUDGET, timeout=60)
    child.expect_exact("model: none yet (rules only) · a model trains after each done")
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("saved: status complete")
    child.expect_exact("training a new model in the background")
    child.expect(r"model: none yet .* · training… \(\d+ s\)")
    child.expect_exact("session> ")
    child.sendline(">")
    child.expect_exact("doc 2/3 a2")
    child.expect_exact("session> ")
    child.sendline("done")  # a newer done while one runs queues exactly one more
    child.expect_exact("saved: status complete")
    child.expect_exact("a model is training; another will train on this document when it finishes")
    child.expect_exact("training… (")
    child.expect_exact(", one more queued")
    child.expect_exact("session> ")
    counts = []

    def second_model() -> bool:
        counts.append(len(_trainers(corpus)))
        with contextlib.suppress(OSError, ValueError):
            return json.loads((model / "eventgold-model.json").read_text())["documents"] == 10
        return False

    assert _wait_for(second_model, 300), "the queued training did not publish a model"
    assert max(counts) == 1, counts  # never more than one at a time
    meta = json.loads((model / "eventgold-model.json").read_text())
    assert {"a1", "a2"} <= set(meta["doc_ids"]) and meta["evaluation"]["used"] is True
    child.sendline(">")
    child.expect_exact("new model: trained on 10 documents")
    child.expect_exact("model: trained on 10 documents, just now")
    child.expect(r"s1 suggested Visit 'zorbed' Visitor='Eva Strand'.* \[model (0\.\d\d|1\.00)\]")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect_exact("bye: everything is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _trainers(corpus) == []
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()


def test_watch_a_failing_training_leaves_the_session_on_the_rules_with_one_line(tmp_path):
    corpus = _corpus(tmp_path / "corpus", gold_lines=['{"id": "broken", "text": 3}\n'])
    child = spawn_session(corpus, "--doc", "a1", "--watch", env=BUDGET, timeout=60)
    child.logfile_read = transcript = io.StringIO()
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("training a new model in the background")
    child.expect_exact("session> ")
    log = corpus / "annotations" / "alice" / ".model.log"
    assert _wait_for(lambda: log.is_file() and "gold.jsonl" in log.read_text(encoding="utf-8")
                     and not _trainers(corpus), 120)
    child.sendline(">")  # the next document opens, with the rules' suggestions
    child.expect(r"model: none yet \(rules only\) · training failed: gold\.jsonl:9 \[broken\]: text: .* "
                 r"\(see annotations/alice/\.model\.log\)\r\n")
    child.expect_exact("session> ")
    child.sendline("ls")
    child.expect_exact("no events yet")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Traceback" not in transcript.getvalue()
    assert "gold.jsonl:9" in log.read_text(encoding="utf-8")  # the details are in the log
    assert not (corpus / "annotations" / "alice" / ".model").exists()


def test_a_killed_training_leaves_the_previous_model_whole(tmp_path):
    """SIGKILL ``annotate train`` at moments spread over its run: the model folder is always the
    previous one, loadable; the next run cleans up and publishes."""
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [_document(n, person, city) for n, (person, city) in enumerate(PEOPLE)])
    out = tmp_path / "m"
    started = time.monotonic()
    first = run_annotate("train", str(gold), "--out", str(out), "--iterations", "2")
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr.decode()
    before = (out / "eventgold-model.json").read_bytes()
    env = {**session_env(), "PYTHONPATH": os.environ.get("PYTHONPATH", str(REPO))}
    for fraction in (0.6, 0.9):
        process = subprocess.Popen([sys.executable, "-m", "annotate", "train", str(gold), "--out", str(out),
                                    "--iterations", "2", "--seed", "1"], env=env, cwd=str(tmp_path),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (out / "eventgold-model.json").read_bytes() != before:  # it finished before the kill: fine
            before = (out / "eventgold-model.json").read_bytes()
        assert sorted(p.name for p in out.iterdir()) == ["eventgold-model.json", "roles", "triggers"]
        import spacy

        spacy.load(out / "triggers"), spacy.load(out / "roles")
    again = run_annotate("train", str(gold), "--out", str(out), "--iterations", "2", "--seed", "2")
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads((out / "eventgold-model.json").read_text())["seed"] == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".m.")) in ([], [".m.export.lock"])


def test_watch_quitting_stops_the_training_and_the_next_session_catches_up(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    child = spawn_session(corpus, "--doc", "a1", "--watch", env=BUDGET, timeout=60)
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("training a new model in the background")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect_exact("background training stopped (the model stays as it was")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and _trainers(corpus) == []
    assert not (corpus / "annotations" / "alice" / ".model").exists()
    child = spawn_session(corpus, "--doc", "a2", "--watch", env=BUDGET, timeout=60)
    child.expect_exact("1 complete document(s) not in the model yet: training a new model in the background")
    child.expect_exact("training… (")
    child.expect_exact("session> ")
    assert len(_trainers(corpus)) == 1
    child.sendline("q")
    child.expect_exact("background training stopped")
    child.expect(pexpect.EOF)
    child.close()
    assert _trainers(corpus) == []


def test_a_killed_session_takes_its_training_with_it(tmp_path):
    """The trainer runs in its own process session (Ctrl-C must not reach it), so nothing but itself can
    end it when the session is killed from outside: it sees its parent go and stops, publishing nothing."""
    corpus = _corpus(tmp_path / "corpus")
    child = spawn_session(corpus, "--doc", "a1", "--watch", env={"EVENTGOLD_TRAIN_ITERATIONS": "100000"},
                          timeout=60)
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("training a new model in the background")
    child.expect_exact("session> ")
    assert _wait_for(lambda: len(_trainers(corpus)) == 1, 30)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert _wait_for(lambda: _trainers(corpus) == [], 20), "the training outlived its session"
    assert not (corpus / "annotations" / "alice" / ".model").exists()


def test_watch_refuses_what_it_cannot_combine_with(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", texts={"a1": QUIET})
    for extra, expected in ((["--no-suggest"], "leave out --no-suggest"), (["--model", "x"], "leave out --model")):
        result = run_annotate("session", "--corpus", str(corpus), "--annotator", "alice", "--watch", *extra)
        err = result.stderr.decode()
        assert result.returncode == 2 and expected in err and len(err.strip().splitlines()) == 1, err
