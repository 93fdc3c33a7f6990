"""Crash safety and concurrency of the per-annotator storage, tested with real processes.

- SIGKILL at seeded random moments during a scripted ``annotate event add`` run and during interactive
  sessions: every confirmed action ("added ..." / "saved: ...") is present afterwards, and the files always
  parse and validate.
- Two concurrent batch writers serialize through the lock (``--wait``); with ``--wait 0`` the loser fails
  cleanly (exit 2) and nothing is lost.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pexpect
import pytest

from conftest import REPO, run_annotate
from test_session_support import LOAN_DOC, assert_valid, make_corpus, session_env, spawn_session

from schema.spans import find_word_span

SEED = 20181109


def _annotation(corpus: Path, annotator: str = "alice") -> Path:
    return corpus / "annotations" / annotator / f"{LOAN_DOC}.jsonl"


def _check_files(corpus: Path, annotator: str = "alice"):
    """The annotation file (if any) validates and the side file (if any) is JSON."""
    path = _annotation(corpus, annotator)
    doc = assert_valid(path, corpus) if path.exists() else None
    side = path.with_name(f"{LOAN_DOC}.session.json")
    if side.exists():
        json.loads(side.read_text(encoding="utf-8"))
    return doc


def test_sigkill_during_scripted_event_adds_loses_nothing_confirmed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    text = (corpus / "raw" / f"{LOAN_DOC}.txt").read_text(encoding="utf-8")
    rng = random.Random(SEED)
    # Calibrate: how long one add takes here, so that the kills land before, during and after the save.
    began = time.monotonic()
    calibrate = run_annotate("event", "add", "--corpus", str(corpus), "-a", "calibrate", "-d", LOAN_DOC,
                             "--type", "Statement", "--trigger", "urged", "--arg", "Speaker=Putin",
                             "--mention-type", "Speaker=PER")
    assert calibrate.returncode == 0, calibrate.stderr.decode()
    duration = time.monotonic() - began
    confirmed: dict[int, int] = {}  # whole-word occurrence of "and" -> trigger start
    kills = 0
    for n in range(1, 15):  # whole-word occurrences of "and" (TEXT@N): one Statement per occurrence
        for attempt in range(3):  # a killed add is retried, as a script would
            proc = subprocess.Popen(
                [sys.executable, "-m", "annotate", "event", "add", "--corpus", str(corpus), "-a", "alice", "-d",
                 LOAN_DOC, "--type", "Statement", "--trigger", f"and@{n}", "--arg", "Speaker=Putin@1",
                 "--mention-type", "Speaker=PER", "--wait", "30"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=session_env())
            delay = rng.uniform(0.3, 1.1) * duration if attempt < 2 else None
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            out, err = proc.communicate()
            doc = _check_files(corpus)
            if proc.returncode == 0:
                assert out.decode().startswith("added EV"), err.decode()
                confirmed[n] = find_word_span(text, "and", n)["start"]
                break
            if proc.returncode == 1:  # the kill landed after the save: the retry is a duplicate event
                assert "duplicate-event" in err.decode() or "same type, trigger" in err.decode(), err.decode()
                confirmed[n] = find_word_span(text, "and", n)["start"]
                break
            assert proc.returncode == -signal.SIGKILL, err.decode()
            if doc is not None:  # every action confirmed so far is on disk
                starts = {e.trigger.start for e in doc.events}
                assert set(confirmed.values()) <= starts
    print(f"{kills} kills, {len(confirmed)} confirmed additions")
    assert kills >= 8, f"only {kills} kills; the delays no longer reach into the runs"
    doc = _check_files(corpus)
    starts = [e.trigger.start for e in doc.events]
    assert sorted(starts) == sorted(set(starts)), "an event was written twice"
    assert set(confirmed.values()) <= set(starts)
    assert len(confirmed) == 14
    leftovers = sorted(p.name for p in _annotation(corpus).parent.glob(".*.tmp"))
    assert not leftovers, f"temporary files of killed writers were not cleaned up: {leftovers}"
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()


def test_sigkill_during_sessions_loses_nothing_confirmed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    text = (corpus / "raw" / f"{LOAN_DOC}.txt").read_text(encoding="utf-8")
    rng = random.Random(SEED + 1)
    confirmed: set[int] = set()
    occurrence = 0
    for round_ in range(7):
        child = spawn_session(corpus, "--no-suggest")
        child.expect_exact("session> ")
        for _ in range(rng.randint(0, 3)):  # confirmed actions
            occurrence += 1
            child.sendline("m")
            child.expect_exact("mention text> ")
            child.sendline(f"and@{occurrence}")
            child.expect_exact("> ")
            child.sendline("TOPIC")
            child.expect(r"saved: mention (M\d+)")
            confirmed.add(find_word_span(text, "and", occurrence)["start"])
            child.expect_exact("session> ")
        # One more action, killed at a random moment while it runs (or just after).
        occurrence += 1
        child.sendline("m")
        child.expect_exact("mention text> ")
        child.sendline(f"and@{occurrence}")
        child.expect_exact("> ")
        child.sendline("TOPIC")
        time.sleep(rng.uniform(0.0, 0.03))
        child.kill(signal.SIGKILL)
        child.close(force=True)
        doc = _check_files(corpus)
        starts = {m.start for m in doc.mentions} if doc else set()
        assert confirmed <= starts, f"round {round_}: confirmed mentions lost"
    # The last killed session left no stale lock: a batch command gets in at once.
    result = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC, "--type", "Loan",
                          "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba", "--wait", "0")
    assert result.returncode == 0, result.stderr.decode()
    doc = _check_files(corpus)
    assert confirmed <= {m.start for m in doc.mentions}
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()


def _add_loop(corpus: Path, occurrences: list[int], wait: str, results: list):
    for n in occurrences:
        results.append(run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC,
                                    "--type", "Statement", "--trigger", f"and@{n}", "--arg", "Speaker=Putin@1",
                                    "--mention-type", "Speaker=PER", "--wait", wait))


def test_two_concurrent_batches_serialize_through_the_lock(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    first, second = [], []
    threads = [threading.Thread(target=_add_loop, args=(corpus, [1, 3, 5, 7, 9], "60", first)),
               threading.Thread(target=_add_loop, args=(corpus, [2, 4, 6, 8, 10], "60", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.returncode == 0 for r in first + second), [r.stderr.decode() for r in first + second]
    doc = _check_files(corpus)
    assert len(doc.events) == 10
    assert sorted(e.id for e in doc.events) == sorted(f"EV{i}" for i in range(1, 11))
    speakers = {a.mention for e in doc.events for a in e.arguments}
    assert len(speakers) == 1  # "Putin" was marked once and reused, never twice


def test_without_waiting_the_loser_fails_cleanly(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    path = _annotation(corpus)
    # The holder keeps the lock until told to let go (a line on its stdin), however slow the machine is.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom annotate.corpus import file_lock\n"
         f"with file_lock({str(path)!r}):\n    print('locked', flush=True)\n    sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
    assert holder.stdout.readline().strip() == b"locked"
    refused = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC, "--type",
                           "Statement", "--trigger", "urged", "--arg", "Speaker=Putin", "--mention-type", "Speaker=PER", "--wait", "0")
    assert refused.returncode == 2
    assert f"(process {holder.pid})" in refused.stderr.decode()
    assert not path.exists()  # nothing half-written
    waiting = subprocess.Popen(
        [sys.executable, "-m", "annotate", "event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC,
         "--type", "Statement", "--trigger", "urged", "--arg", "Speaker=Putin", "--mention-type", "Speaker=PER", "--wait", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    time.sleep(1.0)
    assert waiting.poll() is None  # still waiting for the lock
    holder.communicate(b"go\n", timeout=30)
    _, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err.decode()
    assert len(_check_files(corpus).events) == 1


@pytest.mark.parametrize("annotator", ["alice"])
def test_session_resumes_after_kill_at_the_same_sentence(tmp_path, annotator):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    child.sendline("j 20")
    child.expect_exact("sentence 20/36")
    child.expect_exact("session> ")
    child.kill(signal.SIGKILL)
    child.close(force=True)
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("sentence 20/36")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
