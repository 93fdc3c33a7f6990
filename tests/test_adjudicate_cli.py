"""``annotate adjudicate`` as a user runs it: through a pseudo-terminal (pexpect), killed and resumed,
and non-interactively with --prefer."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import REPO, SEEDS, run_annotate
from test_session_support import default_sigint
from schema import Document
from test_agree import alice, bob
from test_score import make_doc

SEED_ID = "000_0850c832f78e4e8b"


def seed_version(annotator: str) -> Document:
    """Two annotators on a real seed (accents, curly apostrophes): they differ on one event's type."""
    text = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    mentions = [("M1", "Díaz-Canel@2", "PER"), ("M2", "Russia@2", "GPE"), ("M3", "Putin", "PER"),
                ("M4", "the embargo", "TOPIC")]
    events = [("EV1", "Visit", "arrived", [("Visitor", "M1"), ("Destination", "M2")]),
              ("EV2", "Statement" if annotator == "alice" else "Agreement", "called for",
               [("Speaker" if annotator == "alice" else "Party", "M3")])]
    return make_doc(mentions, events, doc_id=SEED_ID, text=text, annotator=annotator)


def make_corpus(root: Path) -> Path:
    for name, builder in (("alice", alice), ("bob", bob)):
        folder = root / "annotations" / name
        folder.mkdir(parents=True)
        document = builder("d1", borrower=True) if builder is bob else builder("d1")  # files must be valid
        (folder / "d1.jsonl").write_text(document.to_json() + "\n", encoding="utf-8")
        (folder / f"{SEED_ID}.jsonl").write_text(seed_version(name).to_json() + "\n", encoding="utf-8")
    return root


def spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return pexpect.spawn(sys.executable, ["-m", "annotate", "adjudicate", *args], cwd=str(REPO), env=env,
                         encoding="utf-8", timeout=60, dimensions=(50, 200), preexec_fn=default_sigint)



PROMPT = r"q quit > "


def drive(child: pexpect.spawn, answer, *, stop_before: int | None = None) -> list[str]:
    """Answer every item prompt with ``answer(title, child)``; return the titles in the order shown.

    With ``stop_before=N``, return as soon as the (N+1)-th item is on screen (its prompt shown, so
    the N decisions before it have been journaled), leaving the process running.
    """
    titles: list[str] = []
    while True:
        index = child.expect([r"── (.+?) ──", r"wrote \d+ adjudicated document", pexpect.EOF])
        if index != 0:
            if index == 1:
                child.expect(pexpect.EOF)
            return titles
        title = child.match.group(1)
        child.expect(PROMPT)
        if stop_before is not None and len(titles) == stop_before:
            return titles
        titles.append(title)
        answer(title, child)


def take_alice(title: str, child: pexpect.spawn) -> None:
    child.sendline("1")


def without_timestamps(path: Path) -> list[dict]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for doc in docs:
        doc["annotation"].pop("modified")
    return docs


def test_interactive_session_with_an_edit(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "gold.jsonl"
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(out), "--adjudicator", "maria")

    def answer(title: str, child: pexpect.spawn) -> None:
        if "event at 'called for'" in title:
            # side by side: alice's Statement, bob's Agreement; edit: Statement, same trigger, realis other
            assert "Statement 'called for'" in child.before and "Agreement 'called for'" in child.before
            child.sendline("e")
            child.expect(r"event type \(Visit/Loan/Agreement/Statement\) \[Statement\] > ")
            child.sendline("4")
            child.expect(r"trigger, TEXT or TEXT@N .* \[called for\] > ")
            child.sendline("")
            child.expect(r"realis .*> ")
            child.sendline("other")
            child.expect(r"polarity .*> ")
            child.sendline("")
            child.expect(r"tense .*> ")
            child.sendline("future")
        else:
            child.sendline("alice")

    titles = drive(child, answer)
    child.close()
    assert child.exitstatus == 0, child.before
    assert any("event at 'called for'" in t for t in titles) and any(t.startswith("d1 ·") for t in titles)
    docs = {d["id"]: Document.model_validate(d) for d in without_timestamps(out)}
    called = next(e for e in docs[SEED_ID].events if e.trigger.text == "called for")
    assert (called.type, called.attributes.realis.value, called.attributes.tense.value) == ("Statement", "other", "future")
    assert called.provenance.decision.value == "edited" and called.provenance.decided_by == "maria"
    speaker = called.arguments[0]
    assert speaker.role == "Speaker" and docs[SEED_ID].mention(speaker.mention).text == "Putin"
    assert docs["d1"].annotation.annotator == "maria" and docs["d1"].annotation.adjudicated_from == ["alice", "bob"]
    # what the adjudicator writes passes levels 1-4; level 5 judges the annotators' content, and these
    # hand-made sets have no entity ids (the adjudicator reports that as warnings)
    result = run_annotate("validate", str(out), "--level", "4")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


def test_resume_after_sigkill_loses_no_confirmed_decision(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    # An uninterrupted session, for reference.
    reference = tmp_path / "reference.jsonl"
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(reference), "--adjudicator", "maria")
    all_titles = drive(child, take_alice)
    child.close()
    assert child.exitstatus == 0 and len(all_titles) >= 5
    # The same session killed with SIGKILL while the fourth question is on screen.
    out = tmp_path / "gold.jsonl"
    journal = tmp_path / "gold.jsonl.decisions.jsonl"
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(out), "--adjudicator", "maria")
    assert drive(child, take_alice, stop_before=3) == all_titles[:3]
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL
    assert not out.exists()
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3  # every confirmed answer is there
    # Run again: the three answered items are not asked; it goes on with the fourth.
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(out), "--adjudicator", "maria")
    resumed = drive(child, take_alice)
    child.close()
    assert child.exitstatus == 0
    assert resumed == all_titles[3:]
    assert without_timestamps(out) == without_timestamps(reference)


def test_quit_keeps_decisions_and_says_how_to_continue(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "gold.jsonl"
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(out))
    child.expect(PROMPT)
    child.sendline("2")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "annotate: error: stopped by the adjudicator" in child.before
    assert "run the same command to continue" in child.before and "Traceback" not in child.before
    assert not out.exists()
    entries = [json.loads(x) for x in (tmp_path / "gold.jsonl.decisions.jsonl").read_text().splitlines()]
    assert [e["set"] for e in entries] == ["bob"]


def test_ctrl_c_keeps_decisions_and_says_how_to_continue(tmp_path):
    # Ctrl-C used to end the program with exit 130 and not a word (typer swallows the interrupt).
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "gold.jsonl"
    child = spawn("alice", "bob", "--corpus", str(corpus), "--out", str(out))
    child.expect(PROMPT)
    child.sendline("2")
    child.expect(PROMPT)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "interrupted; every decision made so far is saved in" in child.before
    assert "run the same command to continue" in child.before and "Traceback" not in child.before
    assert not out.exists()
    entries = [json.loads(x) for x in (tmp_path / "gold.jsonl.decisions.jsonl").read_text().splitlines()]
    assert [e["set"] for e in entries] == ["bob"]


def test_prefer_is_non_interactive_and_valid(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "gold.jsonl"
    result = run_annotate("adjudicate", "alice", "bob", "--corpus", str(corpus), "--out", str(out), "--prefer", "alice",
                          input="")
    assert result.returncode == 0, result.stderr.decode()
    assert "wrote 2 adjudicated document(s)" in result.stdout.decode()
    docs = {d["id"]: d for d in without_timestamps(out)}
    # alice and bob differ on every d1 event (attributes, trigger or type); many arguments agree.
    assert {e["provenance"]["decision"] for e in docs["d1"]["events"]} == {"preferred"}
    decisions = {a["provenance"]["decision"] for e in docs["d1"]["events"] for a in e["arguments"]}
    assert decisions == {"agreed", "preferred"}
    assert docs["d1"]["annotation"]["annotator"] == "gold"
    assert run_annotate("validate", str(out), "--level", "4").returncode == 0  # level 5: see above
    assert "L5 GUIDELINES entity-without-id" in result.stdout.decode()  # reported by the adjudicator
    # An input the validator refuses is refused before anything is written, with its file and line (issue 10
    # §4): bob's Loan without a Borrower (missing-required-role).
    (corpus / "annotations" / "bob" / "d1.jsonl").write_text(bob("d1").to_json() + "\n", encoding="utf-8")
    out_bob = tmp_path / "gold-bob.jsonl"
    result = run_annotate("adjudicate", "alice", "bob", "--corpus", str(corpus), "--out", str(out_bob), "--prefer",
                          "bob")
    err = result.stderr.decode()
    assert result.returncode == 1 and not out_bob.exists(), err
    assert f"annotations/bob/d1.jsonl:1 [d1]: events[1].arguments: Loan role Borrower has 0 filler(s)" in err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("args, message", [
    (["alice"], "at least two"),
    (["alice", "bob", "--prefer", "carol"], "--prefer 'carol'"),
    (["alice", "nobody"], "nobody"),
    # the adjudicator becomes the documents' annotator: it used to be recorded as given ("../x", or "" -> gold)
    (["alice", "bob", "--prefer", "alice", "--adjudicator", "../x"], "--adjudicator name '../x' is not valid"),
    (["alice", "bob", "--prefer", "alice", "--adjudicator", ""], "--adjudicator name '' is not valid"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    corpus = make_corpus(tmp_path / "corpus")
    result = run_annotate("adjudicate", *args, "--corpus", str(corpus), "--out", str(tmp_path / "g.jsonl"))
    assert result.returncode == 2
    assert message in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_adjudication_protects_the_gold(tmp_path):
    """Issue 12: 'adjudicate alice indep --out corpus/gold.jsonl --prefer alice' merged from alice's draft and
    took doc 000 from 21 gold events to 1, with one line of notice."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    gold = corpus / "gold.jsonl"
    original = gold.read_bytes()
    added = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", "000_0850c832f78e4e8b",
                         "--type", "Visit", "--trigger", "arrived", "--arg", "Visitor=Díaz-Canel@1",
                         "--mention-type", "Visitor=PER")
    assert added.returncode == 0, added.stderr.decode()
    base = ["adjudicate", "alice", "indep", "--corpus", str(corpus), "--out", str(gold), "--prefer", "alice"]
    # 1. an existing file is not replaced without --force
    refused = run_annotate(*base)
    assert refused.returncode == 2 and "exists; adjudicating would replace it" in refused.stderr.decode()
    assert gold.read_bytes() == original
    # 2. a merge from a draft that loses most of a document's events is refused even with --force
    lossy = run_annotate(*base, "--force", "--include-drafts")
    assert lossy.returncode == 1, lossy.stdout.decode() + lossy.stderr.decode()
    assert "000_0850c832f78e4e8b: 21 (51) -> 1 (1)  <- fewer events" in lossy.stdout.decode()
    assert "the merge would lose 20 of the 113 events" in lossy.stderr.decode()
    assert gold.read_bytes() == original and not (corpus / "gold.jsonl.bak").exists()
    # 3. drafts are left out: the merge takes indep's complete 000, and the old gold is kept as .bak
    merged = run_annotate(*base, "--force")
    assert merged.returncode == 0, merged.stdout.decode() + merged.stderr.decode()
    out = merged.stdout.decode()
    assert "000_0850c832f78e4e8b: left out the draft of alice" in out
    assert "000_0850c832f78e4e8b: 21 (51) -> 21 (" in out
    assert (corpus / "gold.jsonl.bak").read_bytes() == original
    assert run_annotate("validate", str(corpus), "--level", "4").returncode == 0
