"""Entry that cannot go quietly wrong (issue 12): ``TEXT@N`` counts whole words, the default mention
type comes from the document or the gazetteer (never "the role's first type"), and ``TEXT@²`` is one
clear error. Run through the CLI, on a real seed article."""

from __future__ import annotations

from conftest import run_annotate
from schema import MentionType
from schema.spans import parse_anchor, word_occurrences
from test_session_support import load_one, make_corpus

DOC = "000_0850c832f78e4e8b"  # «the Russian government extended a $50 million loan to Cuba»


def _add(corpus, *args, annotator="alice"):
    return run_annotate("event", "add", "--corpus", str(corpus), "-a", annotator, "-d", DOC, *args)


def test_the_readme_example_lands_on_the_loan_and_types_cuba_gpe(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", DOC)
    result = _add(corpus, "--type", "Loan", "--trigger", "loan", "--arg", "Lender=the Russian government",
                  "--mention-type", "Lender=GPE", "--arg", "Borrower=Cuba@3", "--arg", "Amount=$50 million")
    assert result.returncode == 0, result.stderr.decode()
    assert "Borrower 'Cuba': mention type GPE (a place name in GeoNames)" in result.stderr.decode()
    doc = load_one(corpus / "annotations" / "alice" / f"{DOC}.jsonl")
    by_id = doc.mentions_by_id()
    args = {a.role: by_id[a.mention] for a in doc.events[0].arguments}
    assert args["Borrower"].start == doc.text.index("loan to Cuba") + len("loan to ")
    assert args["Borrower"].type == MentionType.GPE and args["Lender"].type == MentionType.GPE
    # Cuba@3 is the third whole-word "Cuba": the "Cuban" before it does not count (the old @4/@5 trap)
    assert doc.text.count("Cuban", 0, args["Borrower"].start) >= 1
    assert word_occurrences(doc.text, "Cuba").index(args["Borrower"].start) == 2
    assert all(m.entity for m in doc.mentions if m.type.is_entity)  # entity ids from the start (6.3)


def test_mention_type_is_required_when_nothing_decides(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", DOC)
    result = _add(corpus, "--type", "Loan", "--trigger", "loan", "--arg", "Lender=Russian government",
                  "--arg", "Borrower=Cuba@3")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "annotate: error: give --mention-type Lender=TYPE for 'Russian government' (neither the document nor "
        "the gazetteer says what it is; Lender allows PER, ORG, GPE)")
    assert not (corpus / "annotations" / "alice" / f"{DOC}.jsonl").exists()
    # once the document has typed the text, the same text defaults to that type
    first = _add(corpus, "--type", "Statement", "--trigger", "vowed", "--arg", "Speaker=Vladimir Putin",
                 "--mention-type", "Speaker=PER")
    assert first.returncode == 0, first.stderr.decode()
    second = _add(corpus, "--type", "Visit", "--trigger", "meeting", "--arg", "Visitor=Díaz-Canel@1",
                  "--mention-type", "Visitor=PER", "--arg", "Host=Vladimir Putin@2")
    assert second.returncode == 0, second.stderr.decode()
    assert "Host 'Vladimir Putin': mention type PER, as elsewhere in the document" in second.stderr.decode()


def test_a_non_ascii_digit_after_at_is_text_not_a_number(tmp_path):
    assert parse_anchor("arrived@²") == ("arrived@²", 1)
    assert parse_anchor("arrived@٣") == ("arrived@٣", 1)
    assert parse_anchor("arrived@2") == ("arrived", 2)
    corpus = make_corpus(tmp_path / "corpus", DOC)
    result = _add(corpus, "--type", "Visit", "--trigger", "arrived@²", "--arg", "Visitor=Díaz-Canel@1",
                  "--mention-type", "Visitor=PER")
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err and err.count("\n") == 1
    assert "trigger 'arrived@²' does not occur in the document" in err
