"""``annotate event add|edit|remove`` run as a user would (real subprocesses)."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_TEXT, run_annotate
from test_session_support import LOAN_DOC, assert_valid, load_one, make_corpus

from schema import MentionType
from schema.spans import word_occurrences


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "corpus", LOAN_DOC, texts={"emoji-doc": SAMPLE_TEXT})


def event(corpus, *args, doc=LOAN_DOC, annotator="alice"):
    return run_annotate("event", *args, "--corpus", str(corpus), "--annotator", annotator, "--doc", doc)


def out(result) -> str:
    return result.stdout.decode()


def err(result) -> str:
    return result.stderr.decode()


def test_add_a_complete_loan_with_proposed_money_and_explicit_time(corpus):
    text = (corpus / "raw" / f"{LOAN_DOC}.txt").read_text(encoding="utf-8")
    cuba = word_occurrences(text, "Cuba").index(text.index("Cuba will use")) + 1  # TEXT@N counts whole words
    result = event(corpus, "add", "--type", "Loan", "--trigger", "loan@2", "--arg", "Lender=Russia",
                   "--arg", f"Borrower=Cuba@{cuba}", "--mention-type", "Lender=GPE", "--mention-type", "Borrower=GPE",
                   "--arg", "Amount=$50 million@2", "--arg", "Purpose=purchase Russian military equipment",
                   "--arg", "Time=Nov. 9, 2018", "--time", "Time=2018-11-09", "--attr", "realis=other",
                   "--attr", "tense=future", "--cluster", "C-loan")
    assert result.returncode == 0, err(result)
    assert out(result).startswith("added EV1 Loan 'loan' Lender=M1 'Russia' Borrower=M2 'Cuba'")
    assert "proposed money value USD:50M" in err(result)
    doc = assert_valid(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl", corpus)
    ev = doc.events[0]
    assert ev.trigger.start == doc.text.index("loan that Cuba")
    assert (ev.attributes.realis.value, ev.attributes.polarity.value, ev.attributes.tense.value) == (
        "other", "positive", "future")
    assert ev.cluster == "C-loan"
    by_id = doc.mentions_by_id()
    got = {a.role: by_id[a.mention] for a in ev.arguments}
    assert got["Lender"].type == MentionType.GPE
    assert got["Lender"].start == doc.text.index("Russia")  # whole word, not "Russian"
    assert got["Borrower"].start == doc.text.index("Cuba will use")
    assert got["Amount"].money.amount == 50_000_000 and got["Amount"].money.currency == "USD"
    assert got["Amount"].start == doc.text.index("$50 million military loan that")
    assert got["Time"].time.value == "2018-11-09"
    assert doc.annotation.annotator == "alice" and doc.annotation.status.value == "draft"


def test_existing_mentions_are_reused_and_defaults_apply(corpus):
    first = event(corpus, "add", "--type", "Statement", "--trigger", "urged", "--arg", "Speaker=Putin@3",
                  "--mention-type", "Speaker=PER")
    assert first.returncode == 0, err(first)
    second = event(corpus, "add", "--type", "Statement", "--trigger", "warn", "--arg", "Speaker=Putin@3",
                   "--arg", "Speaker=#M1")
    assert second.returncode == 0, err(second)
    doc = load_one(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl")
    assert len(doc.mentions) == 1 and doc.mentions[0].type == MentionType.PER  # as --mention-type said
    assert [a.mention for a in doc.events[1].arguments] == ["M1"]  # the same mention once, not twice
    assert doc.events[1].attributes.model_dump(mode="json") == {"realis": "actual", "polarity": "positive",
                                                                "tense": "past"}


def test_invalid_data_exits_1_with_a_clear_message(corpus, capsys):
    cases = [
        (["--type", "Loan", "--trigger", "loan", "--arg", "Speaker=Russia"], "Loan has no role 'Speaker'"),
        (["--type", "Loan", "--trigger", "credit line", "--arg", "Lender=Russia"], "'credit line' does not occur"),
        (["--type", "Loan", "--trigger", "loan@7", "--arg", "Lender=Russia"],
         "occurs 2 time(s) as whole words"),  # TEXT@N counts whole words: "loans" is not "loan"
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba", "--arg",
          "Amount=Cuba@2", "--mention-type", "Amount=GPE"], "Amount does not allow a GPE mention"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba", "--arg",
          "Amount=Cuba@2"], "Amount 'Cuba' is a MONEY mention and needs a value: give --money Amount=USD:50M"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia"], "Borrower is required"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba",
          "--arg", "Amount=$50 million", "--money", "Amount=USD:fifty"], "is not a number"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba",
          "--arg", "Amount=$50 million", "--money", "Amount=XYZ:50M"], "not an ISO 4217 code"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba",
          "--arg", "Time=Nov. 9, 2018", "--time", "Time=2018-13-09"], "month 13"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--mention-type", "Lender=MONEY",
          "--arg", "Borrower=Cuba"], "Lender does not allow a MONEY mention"),
        (["--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba",
          "--attr", "realis=maybe"], "realis cannot be 'maybe'"),
        (["--type", "Parade", "--trigger", "loan"], "unknown event type 'Parade'"),
    ]
    for number, (args, message) in enumerate(cases):
        if number < 2:  # a real process for two of them; the same entry point in process for the rest
            result = event(corpus, "add", *args)
            code, stderr = result.returncode, err(result)
        else:
            code, stderr = in_process(capsys, "event", "add", *args, "--corpus", str(corpus), "--annotator", "alice",
                                      "--doc", LOAN_DOC)
        assert code == 1, (args, stderr)
        assert message in stderr, (args, stderr)
        assert stderr.startswith("annotate: error:") and "Traceback" not in stderr
    assert not (corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl").exists()  # nothing was written


def in_process(capsys, *argv: str) -> tuple[int, str]:
    """``annotate ARGV`` through :func:`annotate.cli.main` in this process: (exit code, stderr)."""
    from annotate.cli import main

    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    return int(exit_info.value.code or 0), capsys.readouterr().err


def test_usage_errors_exit_2(corpus):
    bad_arg = event(corpus, "add", "--type", "Loan", "--trigger", "loan", "--arg", "Lender")
    assert bad_arg.returncode == 2 and "is not KEY=VALUE" in err(bad_arg)
    missing = event(corpus, "add", "--type", "Loan", "--trigger", "loan", doc="no-such-doc")
    assert missing.returncode == 2 and "no source article 'no-such-doc'" in err(missing)
    bad_name = event(corpus, "add", "--type", "Loan", "--trigger", "loan", annotator="../evil")
    assert bad_name.returncode == 2 and "annotator name '../evil' is not valid" in err(bad_name)
    no_edit = event(corpus, "edit", "EV1", "--attr", "realis=other")
    assert no_edit.returncode == 2 and "has no annotation" in err(no_edit)


def test_edit_and_remove(corpus):
    added = event(corpus, "add", "--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russia", "--arg",
                  "Lender=Moscow", "--arg", "Borrower=Cuba", "--arg", "Amount=$50 million", "--money",
                  "Amount=USD:50M")
    assert added.returncode == 0, err(added)
    edited = event(corpus, "edit", "EV1", "--remove-arg", "Lender=Moscow", "--set-attr", "polarity=negative",
                   "--arg", "Purpose=military equipment", "--trigger", "loan@2", "--coref", "H7", "--note", "checked")
    assert edited.returncode == 0, err(edited)
    assert out(edited).startswith("edited EV1 Loan 'loan' Lender=M1 'Russia' Borrower=M3 'Cuba' Amount=M4")
    doc = assert_valid(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl", corpus)
    ev = doc.events[0]
    assert [a.role for a in ev.arguments] == ["Lender", "Borrower", "Amount", "Purpose"]  # schema order
    assert ev.attributes.polarity.value == "negative" and ev.coref == "H7" and ev.notes == "checked"
    assert ev.trigger.start == doc.text.index("loan that Cuba")
    cleared = event(corpus, "edit", "EV1", "--coref", "", "--remove-arg", "Purpose")
    assert cleared.returncode == 0, err(cleared)
    assert load_one(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl").events[0].coref is None
    required = event(corpus, "edit", "EV1", "--remove-arg", "Borrower")
    assert required.returncode == 1 and "Borrower is required" in err(required)
    generic = event(corpus, "edit", "EV1", "--remove-arg", "Borrower", "--set-attr", "realis=generic")
    assert generic.returncode == 0, err(generic)
    before = load_one(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl")
    own = {a.mention for a in before.events[0].arguments}
    # removed arguments take their mentions along when nothing else uses them (no orphan mentions,
    # guidelines 1): Moscow, Cuba and "military equipment" are gone
    assert {m.id for m in before.mentions} == own
    assert {m.text for m in before.mentions} == {"Russia", "$50 million"}
    gone = event(corpus, "remove", "EV1")
    assert gone.returncode == 0 and "removed EV1" in out(gone)
    doc = assert_valid(corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl", corpus)
    assert doc.events == []
    assert doc.mentions == []  # the event's own mentions went with it
    unknown = event(corpus, "remove", "EV1")
    assert unknown.returncode == 1 and "no event 'EV1'" in err(unknown)


def test_non_ascii_and_emoji_offsets_are_code_points(corpus):
    result = event(corpus, "add", "--type", "Visit", "--trigger", "arrived", "--arg", "Visitor=Díaz-Canel",
                   "--mention-type", "Visitor=PER", "--arg", "Destination=Moscow", "--mention-type", "Destination=GPE", "--arg", "Time=November 1",
                   "--time", "Time=2018-11-01", doc="emoji-doc")
    assert result.returncode == 0, err(result)
    loan = event(corpus, "add", "--type", "Loan", "--trigger", "loan", "--arg", "Lender=The Russian government",
                 "--mention-type", "Lender=GPE", "--arg", "Borrower=Cuba", "--arg", "Amount=$50\u00a0million",
                 "--money", "Amount=USD:50M", "--arg", "Purpose=“8 cooperative agreements”", doc="emoji-doc")
    assert loan.returncode == 0, err(loan)
    doc = assert_valid(corpus / "annotations" / "alice" / "emoji-doc.jsonl", corpus)
    for mention in doc.mentions:
        assert SAMPLE_TEXT[mention.start:mention.end] == mention.text
    by_text = {m.text: m for m in doc.mentions}
    assert by_text["Díaz-Canel"].start == 0
    # After the flag emoji: code-point offsets (UTF-16 would be 2 more, UTF-8 bytes even more).
    assert by_text["The Russian government"].start == SAMPLE_TEXT.index("The Russian")
    assert by_text["“8 cooperative agreements”"].end == SAMPLE_TEXT.index("” on") + 1
    assert doc.source.sha256 and doc.text == SAMPLE_TEXT


def test_options_that_would_be_ignored_are_refused(corpus):
    # --money/--time/--mention-type apply to the mention an --arg names by text: without one they used to
    # be dropped silently (the event was saved without the amount the user gave). A repeated --attr or
    # ROLE option used to keep only the last value.
    path = corpus / "annotations" / "alice" / f"{LOAN_DOC}.jsonl"
    base = ("add", "--type", "Loan", "--trigger", "loan@2", "--arg", "Lender=Russia", "--arg", "Borrower=Cuba")
    cases = [
        (("--money", "Amount=USD:50M"), "--money Amount=USD:50M: no --arg Amount=TEXT"),
        (("--time", "Time=2018-11-09"), "--time Time=2018-11-09: no --arg Time=TEXT"),
        (("--mention-type", "Purpose=TOPIC"), "--mention-type Purpose=TOPIC: no --arg Purpose=TEXT"),
        (("--attr", "realis=actual", "--attr", "realis=generic"), "--attr realis is given twice"),
        (("--mention-type", "Lender=ORG", "--mention-type", "Lender=GPE"), "--mention-type Lender is given twice"),
    ]
    for extra, message in cases:
        result = event(corpus, *base, *extra)
        assert result.returncode == 2, (extra, err(result))
        assert message in err(result) and "Traceback" not in err(result)
        assert not path.exists()  # nothing half-done was saved
    added = event(corpus, *base, "--mention-type", "Lender=GPE", "--mention-type", "Borrower=GPE")
    assert added.returncode == 0, err(added)
    edit = event(corpus, "edit", "EV1", "--money", "Amount=USD:50M")
    assert edit.returncode == 2 and "no --arg Amount=TEXT" in err(edit)
    assert not any(m.money for m in load_one(path).mentions)


def test_a_failed_command_leaves_no_stray_annotator_folder(corpus, tmp_path):
    # The lock was taken before the checks, creating annotations/NAME/DOC.jsonl.lock: a mistyped --corpus
    # grew a corpus tree, and a mistyped annotator then read as an (empty) annotation set in score/agree.
    ghost = tmp_path / "ghost"
    for args in (("add", "--type", "Loan", "--trigger", "loan"), ("edit", "EV1", "--note", "x"), ("remove", "EV1")):
        result = run_annotate("event", *args, "--corpus", str(ghost), "--annotator", "bob", "--doc", LOAN_DOC)
        assert result.returncode == 2, err(result)
        assert not ghost.exists(), args
        missing = event(corpus, *args, annotator="bob", doc="no-such-doc")
        assert missing.returncode == 2, err(missing)
        remove = event(corpus, "remove", "EV1", annotator="carol")
        assert remove.returncode == 2 and "carol has no annotation" in err(remove)
    assert not (corpus / "annotations" / "bob").exists() and not (corpus / "annotations" / "carol").exists()
