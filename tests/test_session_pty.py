"""``annotate session`` driven through a real pseudo-terminal, as an annotator would use it."""

from __future__ import annotations

import pexpect
import pytest

from conftest import SAMPLE_TEXT, run_annotate
from test_session_support import LOAN_DOC, assert_valid, make_corpus, side_state, spawn_session

from schema import MentionType, Status


def _steps(child, steps):
    for expect, send in steps:
        child.expect_exact(expect)
        child.sendline(send)


LOAN_STEPS = [
    ("session> ", "j 11"),
    ("session> ", "a"),
    ("type> ", "2"),                                  # Loan, by number
    ("trigger (text, or tokens like 5-6)> ", "loan"),  # once in this sentence
    ("change> ", "r"),
    ("realis> ", "other"),
    ("change> ", "t"),
    ("tense> ", "4"),                                 # unspecified
    ("change> ", "p"),
    ("polarity> ", "positive"),
    ("change> ", ""),
    ("Lender (", "Russia"),                           # not in the sentence: six whole-word hits
    ("which (1-6)> ", "2"),                           # "... military loan from [Russia]."
    ("type of 'Russia'> ", "GPE"),
    ("Lender another (", ""),
    ("Borrower (", "Cuba"),
    ("type of 'Cuba'> ", "3"),
    ("Borrower another (", ""),
    ("Amount (", "t4-6"),                             # "$ 50 million" by tokens
    ("money value of '$50 million'", "USD:50M"),
    ("Purpose (", "purchase Russian military equipment"),
    ("Purpose another (", ""),
    ("Time (", "Nov. 9, 2018@1"),
    ("time value of 'Nov. 9, 2018'", "2018-11-09"),
]


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "corpus", LOAN_DOC)


def test_complete_loan_undo_redo_quit_resume(corpus):
    child = spawn_session(corpus, "--no-suggest")
    _steps(child, LOAN_STEPS)
    child.expect_exact("saved: add EV1 Loan 'loan'")
    child.expect_exact("[loan|EV1]")
    child.sendline("u")
    child.expect_exact("saved: undone: add EV1")
    child.expect_exact("0 events")
    child.sendline("r")
    child.expect_exact("saved: redone: add EV1")
    child.expect_exact("1 event ")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect_exact("bye: everything is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    path = corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl"
    validated = run_annotate("validate", "--corpus", str(corpus), str(corpus / "annotations"))
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()
    doc = assert_valid(path, corpus)
    assert doc.annotation.annotator == "alice" and doc.annotation.status == Status.DRAFT
    assert len(doc.events) == 1
    event = doc.events[0]
    assert (event.id, event.type, event.trigger.text) == ("EV1", "Loan", "loan")
    assert doc.text.count("military loan that Cuba") == 1
    assert event.trigger.start == doc.text.index("military loan that Cuba") + len("military ")
    assert (event.attributes.realis.value, event.attributes.polarity.value, event.attributes.tense.value) == (
        "other", "positive", "unspecified")
    by_id = doc.mentions_by_id()
    roles = [(a.role, by_id[a.mention].text, by_id[a.mention].type) for a in event.arguments]
    assert roles == [
        ("Lender", "Russia", MentionType.GPE), ("Borrower", "Cuba", MentionType.GPE),
        ("Amount", "$50 million", MentionType.MONEY), ("Purpose", "purchase Russian military equipment", MentionType.TOPIC),
        ("Time", "Nov. 9, 2018", MentionType.TIME),
    ]
    lender = by_id[event.arguments[0].mention]
    assert lender.start == doc.text.index("military loan from Russia") + len("military loan from ")
    amount = by_id[event.arguments[2].mention]
    assert amount.start == doc.text.index("$50 million military loan that")  # token range in sentence 11
    assert amount.money.currency == "USD" and amount.money.amount == 50_000_000
    time = by_id[event.arguments[4].mention]
    assert time.time.value == "2018-11-09" and time.start == doc.text.index("Nov. 9, 2018")

    side = side_state(corpus, "alice", LOAN_DOC)
    assert side["sentence"] == 10 and [s["label"][:10] for s in side["undo"]] == ["add EV1 Lo"]

    # Resume: same sentence, history intact (undo works on the previous session's action).
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("sentence 11/36")
    child.expect_exact("[loan|EV1]")
    child.expect_exact("session> ")
    child.sendline("u")
    child.expect_exact("saved: undone: add EV1")
    child.expect_exact("session> ")
    child.sendline("r")
    child.expect_exact("saved: redone: add EV1")
    child.expect_exact("session> ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    again = assert_valid(path, corpus)
    assert again.events == doc.events and again.mentions == doc.mentions


def test_wrong_input_is_explained_and_the_question_repeated(corpus):
    child = spawn_session(corpus, "--no-suggest")
    steps = [
        ("session> ", "zz"), ("unknown command 'zz'", "j 999"), ("sentences are 1 to 36", "j 11"),
        ("session> ", "a"), ("type> ", "9"), ("type a number from 1 to 4", "Loan"),
        ("trigger (text, or tokens like 5-6)> ", "nowhere-to-be-found"),
        ("does not occur in the document", "40-41"), ("this sentence has tokens 1 to 28", "loan"),
        ("change> ", "x"), ("type r (realis), p (polarity), t (tense)", ""),
        ("Lender (", ""), ("Lender is required", "7"),
        ("there is no listed mention to pick", "Cuba"), ("type of 'Cuba'> ", "MONEY"),
        ("type a number from 1 to 3", "GPE"), ("Lender another (", "!"),
        ("cancelled (nothing saved)", "?"), ("Commands (a letter, then Enter)", "u"),
        ("nothing to undo", "x EV9"), ("no event, mention or open suggestion 'EV9'", "g loan"),
        ("Loan: A lender provides", ""), ("| Lender | PER, ORG, GPE | 1+ | yes |", ""), ("### 3.2 Loan", "q"),
    ]
    _steps(child, steps)
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in output
    # Nothing was confirmed, so nothing was written but the position.
    assert not (corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl").exists() or not assert_valid(
        corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl").events


def test_second_session_and_batch_are_refused_while_a_session_runs(corpus):
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("session> ")
    second = run_annotate("session", "--corpus", str(corpus), "--annotator", "alice", "--no-suggest", input="q\n")
    assert second.returncode == 2
    message = second.stderr.decode()
    assert "annotate: error:" in message and "in use by another process" in message and "Traceback" not in message
    batch = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC, "--type", "Statement",
                         "--trigger", "urged", "--arg", "Speaker=Putin", "--mention-type", "Speaker=PER", "--wait", "0")
    assert batch.returncode == 2 and "in use by another process" in batch.stderr.decode()
    # Another annotator is not blocked.
    other = run_annotate("event", "add", "--corpus", str(corpus), "-a", "bob", "-d", LOAN_DOC, "--type", "Statement",
                         "--trigger", "urged", "--arg", "Speaker=Putin", "--mention-type", "Speaker=PER", "--wait", "0")
    assert other.returncode == 0, other.stderr.decode()
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    after = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC, "--type", "Statement",
                         "--trigger", "urged", "--arg", "Speaker=Putin", "--mention-type", "Speaker=PER", "--wait", "0")
    assert after.returncode == 0, after.stderr.decode()


def test_edit_link_values_delete_and_done(corpus):
    base = ["--corpus", str(corpus), "-a", "alice", "-d", LOAN_DOC]
    for trigger, amount in (("loan@1", "$50 million@1"), ("loan@2", "$50 million@2")):
        result = run_annotate("event", "add", *base, "--type", "Loan", "--trigger", trigger, "--arg", "Lender=Russia",
                              "--mention-type", "Lender=GPE", "--arg", "Borrower=Cuba", "--mention-type",
                              "Borrower=GPE", "--arg", f"Amount={amount}", "--money", "Amount=USD:50M")
        assert result.returncode == 0, result.stderr.decode()
    child = spawn_session(corpus, "--no-suggest")
    _steps(child, [
        ("session> ", "j 7"),
        ("session> ", "l EV1 EV2"),
        ("saved: link EV1 EV2 as hopper H1", "e EV2"),
        ("edit EV2> ", "s"), ("change> ", "p"), ("polarity> ", "negative"), ("change> ", ""),
        ("saved: EV2 attributes", "d"), ("drop> ", "Amount"),
        ("saved: EV2 drop Amount", "c"), ("cluster id", "C-cuba-loan"),
        ("saved: EV2 cluster C-cuba-loan", ""),
        ("session> ", "v M3"), ("money value of '$50 million' [USD:50M]> ", "USD:50M~"),
        ("saved: M3 = USD:50M~", "m"), ("mention text> ", "Miguel Diaz-Canel"), ("type of 'Miguel Diaz-Canel'> ", "PER"),
        ("saved: mention", "m"), ("mention text> ", "Diaz-Canel@2"), ("type of 'Diaz-Canel'> ", "PER"),
        ("saved: mention", "ls"), ("session> ", "l M4 M5"),
        # every entity mention has its own entity from the start (E1 Russia, E2 Cuba, E3, E4); linking merges
        ("saved: link M4 M5 as entity E3", "e M5"), ("edit M5> ", "u"),
        ("saved: M5 unlinked from E3 (now entity E4)", ""),
        ("session> ", "l M5 M4"), ("saved: link M5 M4 as entity E4", "x M1"), ("M1 fills EV1 Lender, EV2 Lender", "x EV1"),
        # M4 and M5 fill no argument (guidelines 1): done refuses, done --force marks it and records that
        ("saved: delete EV1", "done"), ("not marked complete: 2 problem(s)", "done --force"),
        ("saved: status complete (forced over 2 problem(s))", "q"),
    ])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    doc = assert_valid(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl", corpus)
    assert doc.annotation.status == Status.COMPLETE
    assert [e.id for e in doc.events] == ["EV2"]
    event = doc.events[0]
    assert event.coref == "H1" and event.cluster == "C-cuba-loan"
    assert event.attributes.polarity.value == "negative"
    assert [a.role for a in event.arguments] == ["Lender", "Borrower"]
    by_id = doc.mentions_by_id()
    # EV2's dropped Amount went with its argument (no orphan mention); EV1's amount M3 went with EV1
    assert "M3" not in by_id and all(m.type.value != "MONEY" for m in doc.mentions)
    assert by_id["M4"].entity == by_id["M5"].entity == "E4"


def test_non_ascii_and_emoji_spans_stay_exact(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", texts={"emoji-doc": SAMPLE_TEXT})
    child = spawn_session(corpus, "--no-suggest", "--doc", "emoji-doc")
    _steps(child, [
        ("session> ", "m"), ("mention text> ", "Díaz-Canel"), ("type of 'Díaz-Canel'> ", "PER"),
        ("saved: mention M1", "n"), ("session> ", "n"),
        ("session> ", "a Loan"), ("trigger (text, or tokens like 5-6)> ", "loan"), ("change> ", ""),
        ("Lender (", "The Russian government"), ("type of 'The Russian government'> ", "GPE"), ("Lender another (", ""),
        ("Borrower (", "Cuba"), ("type of 'Cuba'> ", "GPE"), ("Borrower another (", ""),
        ("Amount (", "$50\u00a0million"), ("money value of", "USD:50M"),
        ("Purpose (", "the purchase of military equipment"), ("Purpose another (", ""), ("Time (", ""),
        ("saved: add EV1", "q"),
    ])
    child.expect(pexpect.EOF)
    child.close()
    doc = assert_valid(corpus / "annotations" / "alice" / "emoji-doc.jsonl", corpus)
    assert doc.text == SAMPLE_TEXT
    by_text = {m.text: m for m in doc.mentions}
    assert by_text["Díaz-Canel"].start == 0 and by_text["Díaz-Canel"].end == 10
    money = by_text["$50\u00a0million"]
    assert SAMPLE_TEXT[money.start:money.end] == "$50\u00a0million"
    # Code points, not UTF-16 units: the flag emoji (2 code points, 4 UTF-16 units) sits before these spans.
    assert money.start == SAMPLE_TEXT.index("$50")
    assert doc.events[0].trigger.start == SAMPLE_TEXT.index(" loan") + 1


def test_accept_and_reject_suggestions(corpus):
    suggest_module = pytest.importorskip("annotate.suggest")
    from annotate.edit.store import AnnotationStore

    source = AnnotationStore(corpus, "alice").new_document(LOAN_DOC)
    suggested = suggest_module.suggest(source)
    loan_at = source.text.index("loan that Cuba")
    expected = next(e for e in suggested.events if e.type == "Loan" and e.trigger.start == loan_at)
    by_id = suggested.mentions_by_id()
    expected_args = [(a.role, by_id[a.mention].start, by_id[a.mention].end, by_id[a.mention].type)
                     for a in expected.arguments]

    child = spawn_session(corpus)
    child.expect_exact("session> ")
    child.sendline("j 11")
    child.expect(r"(s\d+) suggested Loan 'loan'")
    label = child.match.group(1)
    child.expect_exact("session> ")
    child.sendline(f"y {label}")
    while child.expect([r"value of '[^']*' \[[^\]]*\]> ", "saved: accept"]) == 0:
        child.sendline("")  # confirm the proposed normalization
    child.expect_exact("session> ")
    child.sendline("j 7")
    child.expect(r"(s\d+) suggested Visit 'tour'")
    rejected = child.match.group(1)
    child.expect_exact("session> ")
    child.sendline(f"x {rejected}")
    child.expect_exact(f"saved: rejected {rejected}")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()

    doc = assert_valid(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl", corpus)
    assert len(doc.events) == 1
    event = doc.events[0]
    assert event.type == "Loan" and event.trigger.start == loan_at and event.id == "EV1"
    assert event.attributes == expected.attributes
    mine = doc.mentions_by_id()
    assert sorted((a.role, mine[a.mention].start, mine[a.mention].end, mine[a.mention].type)
                  for a in event.arguments) == sorted(expected_args)
    assert all(not m.id.startswith("SM") for m in doc.mentions)  # suggestion ids never leak into the work

    # Resumed: the rejected suggestion stays rejected, the accepted one is an event, not a suggestion.
    child = spawn_session(corpus, "--doc", LOAN_DOC)
    child.expect_exact("session> ")
    child.sendline("j 7")
    index = child.expect([r"suggested Visit 'tour'", "session> "])
    assert index == 1
    child.sendline("j 11")
    child.expect_exact("[loan|EV1]")
    child.expect_exact("session> ")
    assert "suggested Loan 'loan'" not in child.before
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_ctrl_c_cancels_a_question_and_ctrl_d_quits(corpus):
    child = spawn_session(corpus, "--no-suggest")
    _steps(child, [("session> ", "j 11"), ("session> ", "a"), ("type> ", "Loan"),
                   ("trigger (text, or tokens like 5-6)> ", "loan"), ("change> ", "")])
    child.expect_exact("Lender (")
    child.sendintr()
    child.expect_exact("cancelled (nothing saved)")
    child.expect_exact("session> ")
    child.sendline("a")
    child.expect_exact("type> ")
    child.sendeof()  # Ctrl-D in a question ends the session cleanly
    child.expect_exact("bye: everything is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.before
    side = side_state(corpus, "alice", LOAN_DOC)
    assert side["sentence"] == 10 and side["undo"] == []


def test_moving_between_documents_and_resuming_on_the_last_one(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", "000_0850c832f78e4e8b", LOAN_DOC)
    child = spawn_session(corpus, "--no-suggest")
    child.expect_exact("doc 1/2 000_0850c832f78e4e8b")
    child.expect_exact("session> ")
    child.sendline(">")
    child.expect_exact(f"doc 2/2 {LOAN_DOC}")
    child.expect_exact("session> ")
    # The first document is free again: another session (same annotator) may open it.
    other = spawn_session(corpus, "--no-suggest", "--doc", "000_0850c832f78e4e8b")
    other.expect_exact("doc 1/2 000_0850c832f78e4e8b")
    other.expect_exact("session> ")
    child.sendline("<")  # ... so this one cannot go back to it, and says so
    child.expect_exact("in use by another process")
    child.expect_exact(f"staying on {LOAN_DOC}")
    other.sendline("q")
    other.expect(pexpect.EOF)
    child.sendline("j 3")
    child.expect_exact("sentence 3/36")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child = spawn_session(corpus, "--no-suggest")  # resumes on the last document, at its sentence
    child.expect_exact(f"doc 2/2 {LOAN_DOC} · draft · 0 events · sentence 3/36")
    child.expect_exact("session> ")
    child.sendline("<")
    child.expect_exact("doc 1/2 000_0850c832f78e4e8b")
    child.expect_exact("session> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
