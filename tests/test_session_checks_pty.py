"""Issue 12 in a real pseudo-terminal: ``done`` runs the checks (``done --force`` records that it was
forced), undo covers rejections, ``x`` and ``d`` take several ids, ``r`` replaces a required filler in
one step, accept-then-fix leaves no orphan mention, and a session that saves nothing leaves no folder."""

from __future__ import annotations

import json

import pexpect
import pytest

from conftest import run_annotate
from test_session_support import LOAN_DOC, assert_valid, load_one, make_corpus, side_state, spawn_session


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "corpus", LOAN_DOC)


def _path(corpus):
    return corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl"


def _event_add(corpus, *args):
    result = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC, *args)
    assert result.returncode == 0, result.stderr.decode()
    return result


def _quit(child):
    child.sendline("q")
    child.expect_exact("bye: everything is saved")
    child.expect(pexpect.EOF)
    child.close()


def test_done_refuses_a_guideline_error_and_force_records_it(corpus):
    # "Cuba" typed PER validates at level 3 (Speaker allows PER) but not against the guidelines (6.1)
    _event_add(corpus, "--type", "Statement", "--trigger", "urged", "--arg", "Speaker=Cuba",
               "--mention-type", "Speaker=PER")
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("not marked complete: 1 problem(s) to fix first:")
    child.expect_exact("'Cuba' is PER but names a country")
    child.expect_exact("[gazetteer-type]")
    child.expect_exact("done --force")
    child.expect_exact("session> ")
    assert load_one(_path(corpus)).annotation.status.value == "draft"
    child.sendline("done --force")
    child.expect_exact("saved: status complete (forced over 1 problem(s))")
    child.expect_exact("session> ")
    _quit(child)
    assert load_one(_path(corpus)).annotation.status.value == "complete"
    completed = side_state(corpus, "alice", LOAN_DOC)["completed"]
    assert completed["forced"] is True and "gazetteer-type" in completed["problems"][0]
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 1 and b"gazetteer-type" in validated.stdout


def test_done_passes_a_clean_document(corpus):
    _event_add(corpus, "--type", "Statement", "--trigger", "urged", "--arg", "Speaker=Putin@1",
               "--mention-type", "Speaker=PER")
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("saved: status complete")
    child.expect_exact("session> ")
    _quit(child)
    assert load_one(_path(corpus)).annotation.status.value == "complete"
    assert side_state(corpus, "alice", LOAN_DOC)["completed"]["forced"] is False
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 0, validated.stdout.decode()


def test_undecided_suggestions_block_done_and_undo_brings_a_rejection_back(corpus):
    pytest.importorskip("annotate.suggest")
    child = spawn_session(corpus)
    child.expect_exact("session> ")
    child.sendline("j 7")
    child.expect(r"(s\d+) suggested Visit 'tour'")
    label = child.match.group(1)
    child.expect_exact("session> ")
    child.sendline("done")
    child.expect_exact("not marked complete:")
    child.expect_exact(f"{label} Visit 'tour' (sentence 7) is neither accepted nor rejected")
    child.expect_exact("session> ")
    child.sendline(f"x {label}")
    child.expect_exact(f"saved: rejected {label}")
    child.expect_exact("session> ")
    child.sendline("u")
    child.expect_exact(f"saved: undone: reject {label}")
    child.expect_exact(f"{label} suggested Visit 'tour'")  # back on the screen
    child.expect_exact("session> ")
    assert side_state(corpus, "alice", LOAN_DOC)["rejected"] == []
    child.sendline("r")
    child.expect_exact(f"saved: redone: reject {label}")
    child.expect_exact("session> ")
    assert len(side_state(corpus, "alice", LOAN_DOC)["rejected"]) == 1
    child.sendline("done --force")
    child.expect_exact("saved: status complete (forced over")
    child.expect_exact("session> ")
    _quit(child)
    side = side_state(corpus, "alice", LOAN_DOC)
    assert side["offered"] and side["completed"]["forced"] is True
    # the validator reads what the session offered: the suggestions left undecided are an error
    result = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["by_test"]["undecided-suggestions"] == 1


def test_reject_several_suggestions_with_one_x(corpus):
    pytest.importorskip("annotate.suggest")
    child = spawn_session(corpus)
    child.expect_exact("session> ")
    child.sendline("j 7")
    child.expect(r"(s\d+) suggested Visit 'tour'")
    first = child.match.group(1)
    child.expect(r"(s\d+) suggested Statement")
    second = child.match.group(1)
    child.expect_exact("session> ")
    child.sendline(f"x {first} {second}")
    child.expect_exact(f"saved: rejected {first}")
    child.expect_exact(f"saved: rejected {second}")
    child.expect_exact("session> ")
    _quit(child)
    assert len(side_state(corpus, "alice", LOAN_DOC)["rejected"]) == 2


def test_replace_a_required_filler_in_one_step_and_drop_several(corpus):
    _event_add(corpus, "--type", "Loan", "--trigger", "loan@2", "--arg", "Lender=Russia@4",
               "--arg", "Borrower=Cuba@2", "--arg", "Amount=$50 million@2", "--money", "Amount=USD:50M",
               "--arg", "Purpose=purchase Russian military equipment")
    before = load_one(_path(corpus))
    cuba = next(m for m in before.mentions if m.text == "Cuba")
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    child.sendline("e EV1")
    child.expect_exact("r) replace a filler")
    child.expect_exact("edit EV1> ")
    child.sendline("r")
    child.expect_exact("replace> ")
    child.sendline("2")  # Borrower=M2 'Cuba'
    child.expect_exact("Borrower: Who receives the loan.")
    child.expect_exact("(required, 1+)")
    child.sendline("Miguel Diaz-Canel@1")
    child.expect_exact("type of 'Miguel Diaz-Canel'> ")
    child.sendline("PER")
    child.expect_exact("Borrower another (")
    child.sendline("")
    child.expect_exact(f"saved: EV1 Borrower: {cuba.id} replaced by")
    child.expect_exact("edit EV1> ")
    child.sendline("d")
    child.expect_exact("(several: 1 3)")
    child.expect_exact("drop> ")
    child.sendline("3 4")  # Amount and Purpose at once
    child.expect_exact("saved: EV1 drop Amount=")
    child.expect_exact("edit EV1> ")
    child.sendline("")
    child.expect_exact("session> ")
    _quit(child)
    doc = assert_valid(_path(corpus), corpus)
    roles = {a.role: doc.mention(a.mention).text for a in doc.events[0].arguments}
    assert roles == {"Lender": "Russia", "Borrower": "Miguel Diaz-Canel"}
    # the replaced and dropped fillers went with their arguments: no orphan mention is left
    assert sorted(m.text for m in doc.mentions) == ["Miguel Diaz-Canel", "Russia"]
    assert all(m.entity for m in doc.mentions)  # every entity mention has an entity id (6.3)


def test_quitting_at_once_creates_no_folder(corpus):
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    _quit(child)
    assert child.exitstatus == 0
    assert not (corpus / "annotations").exists()
