"""``annotate suggest`` and :mod:`annotate.suggest`: triggers, arguments, attributes, normalized values,
exact offsets on non-ASCII text, validation of the output, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotate.corpus import Corpus, sha256_text
from annotate.errors import UsageError
from annotate.articles import import_texts
from annotate.suggest import source_document, suggest, suggest_corpus
from annotate.validate import check_document
from conftest import REPO, SAMPLE_TEXT, build_sample_document, run_annotate
from schema import AnnotationInfo, CreationTime, Document, Source, find_span

SEED_000 = "000_0850c832f78e4e8b"
SEED_003 = "003_f62a42b9fa6b0284"
#: The seed articles as the repository keeps them (tests use only what the repository holds).
SEEDS = REPO / "corpus" / "raw"


def seed_document(stem: str, dct: str) -> Document:
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    return Document(id=stem, text=text,
                    source=Source(file_name=f"{stem}.txt", sha256=sha256_text(text),
                                  dct=CreationTime(value=dct, method="inferred")),
                    annotation=AnnotationInfo(annotator="nobody", status="draft"))


@pytest.fixture(scope="module")
def seed000() -> tuple[Document, Document]:
    document = seed_document(SEED_000, "2018-11")
    return document, suggest(document)


@pytest.fixture(scope="module")
def seed003() -> Document:
    return suggest(seed_document(SEED_003, "2019-10"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("suggest") / "corpus"
    import_texts([SEEDS / f"{SEED_000}.txt"], corpus=root, dct="2018-11-05")
    import_texts([SEEDS / f"{SEED_003}.txt"], corpus=root, dct="2019-10-30")
    return root


def event_at(document: Document, needle: str, occurrence: int = 1):
    span = find_span(document.text, needle, occurrence)
    found = [e for e in document.events if (e.trigger.start, e.trigger.end) == (span["start"], span["end"])]
    assert found, f"no suggested event with trigger {needle!r}@{occurrence}"
    return found[0]


def fillers(document: Document, event, role: str) -> list[str]:
    mentions = document.mentions_by_id()
    return [mentions[a.mention].text for a in event.arguments if a.role == role]


def test_expected_triggers_are_found_with_exact_spans(seed000):
    _, suggested = seed000
    assert event_at(suggested, "loan").type == "Loan"
    assert event_at(suggested, "arrived").type == "Visit"
    assert event_at(suggested, "said").type == "Statement"
    assert event_at(suggested, "called for").type == "Statement"
    assert event_at(suggested, "withdraw").type == "Agreement"
    for event in suggested.events:
        assert suggested.text[event.trigger.start:event.trigger.end] == event.trigger.text


def test_arguments_are_filled_by_type_and_position(seed000):
    _, suggested = seed000
    loan = event_at(suggested, "loan")
    assert fillers(suggested, loan, "Lender") == ["the Russian government"]
    assert fillers(suggested, loan, "Borrower") == ["Cuba"]
    assert fillers(suggested, loan, "Amount") == ["$50 million"]
    assert fillers(suggested, loan, "Purpose") == ["the purchase of military equipment"]
    visit = event_at(suggested, "arrived")
    assert fillers(suggested, visit, "Visitor") == ["Díaz-Canel"]
    assert fillers(suggested, visit, "Destination") == ["Russia"]
    assert fillers(suggested, visit, "Time") == ["November 1"]
    vowed = event_at(suggested, "vowed")
    assert fillers(suggested, vowed, "Speaker") == ["Miguel Díaz-Canel", "Vladimir Putin"]
    # the second "loan" refers back: its required roles come from the first one
    again = event_at(suggested, "loan", 2)
    assert fillers(suggested, again, "Lender") == ["the Russian government"]
    assert again.coref is not None and again.coref == loan.coref


def test_normalized_values_and_attribute_cues(seed000, seed003):
    _, suggested = seed000
    mentions = suggested.mentions_by_id()
    money = next(m for m in suggested.mentions if m.text == "$50 million")
    assert (money.money.currency, money.money.amount) == ("USD", 50_000_000)
    time = next(m for m in suggested.mentions if m.text == "November 1")
    assert time.time.value == "2018-11-01"
    intended = event_at(suggested, "visit")  # "intends to visit Moscow in November"
    assert (intended.attributes.realis.value, intended.attributes.tense.value) == ("other", "future")
    november = [mentions[a.mention] for a in intended.arguments if a.role == "Time"]
    assert november and november[0].time.value == "2018-11"
    deals = event_at(suggested, "deals")  # "new deals between ..."
    assert deals.attributes.realis.value == "generic"
    negotiated = event_at(seed003, "loan")  # "close to agreeing to a 38-million-euro loan"
    assert (negotiated.attributes.realis.value, negotiated.attributes.tense.value) == ("other", "future")
    amount = [m for m in seed003.mentions if m.id in {a.mention for a in negotiated.arguments if a.role == "Amount"}]
    assert amount[0].text == "38-million-euro" and amount[0].money.currency == "EUR"


def test_negation_cue_sets_polarity():
    text = "Putin and Diaz-Canel urged President Trump to not withdraw from the INF Treaty."
    document = Document(id="neg", text=text, source=Source(file_name="neg.txt", sha256=sha256_text(text)),
                        annotation=AnnotationInfo(annotator="x", status="draft"))
    suggested = suggest(document)
    withdraw = event_at(suggested, "withdraw")
    assert withdraw.type == "Agreement"
    assert (withdraw.attributes.realis.value, withdraw.attributes.polarity.value) == ("other", "negative")
    urged = event_at(suggested, "urged")
    assert fillers(suggested, urged, "Speaker") == ["Putin", "Diaz-Canel"]
    assert fillers(suggested, urged, "Addressee") == ["Trump"]
    assert fillers(suggested, urged, "Topic") == ["not withdraw from the INF Treaty"]


def test_output_is_a_new_valid_draft_and_the_input_is_untouched(seed000):
    document, suggested = seed000
    before = document.model_dump_json()
    again = suggest(document)
    assert document.model_dump_json() == before
    assert again.model_dump_json() == suggested.model_dump_json()  # deterministic
    assert (suggested.id, suggested.text, suggested.source) == (document.id, document.text, document.source)
    assert suggested.source is not document.source
    assert (suggested.annotation.annotator, suggested.annotation.status.value) == ("suggest", "draft")
    assert [m.id for m in suggested.mentions] == [f"SM{i}" for i in range(1, len(suggested.mentions) + 1)]
    assert [e.id for e in suggested.events] == [f"SE{i}" for i in range(1, len(suggested.events) + 1)]
    assert check_document(suggested) == []  # no error and no warning
    used = {a.mention for e in suggested.events for a in e.arguments}
    assert used == {m.id for m in suggested.mentions}  # mentions only where they fill a role


def test_emoji_and_nbsp_offsets_are_exact():
    sample = build_sample_document()
    suggested = suggest(sample)
    assert check_document(suggested) == []
    loan = event_at(suggested, "loan")
    assert loan.trigger.start == SAMPLE_TEXT.index("loan")  # after the flag emoji: code points, not UTF-16
    assert fillers(suggested, loan, "Amount") == ["$50\u00a0million"]
    for mention in suggested.mentions:
        assert SAMPLE_TEXT[mention.start:mention.end] == mention.text
    assert event_at(suggested, "said").type == "Statement"
    assert fillers(suggested, event_at(suggested, "arrived"), "Visitor") == ["Díaz-Canel"]
    assert sample == build_sample_document()  # the gold-like input keeps its own events


def test_required_roles_are_never_left_empty_on_seed003(seed003):
    assert check_document(seed003) == []
    invited = event_at(seed003, "invited")
    assert fillers(seed003, invited, "Addressee") == ["Putin"]
    visit = event_at(seed003, "visit", 2)  # "invited Putin to visit Cuba in 2019"
    assert fillers(seed003, visit, "Visitor") == ["Putin"] and fillers(seed003, visit, "Host") == ["Diaz-Canel"]
    assert visit.attributes.realis.value == "other"


def test_suggest_corpus_and_source_documents(corpus):
    documents = list(suggest_corpus(corpus=corpus))
    assert [d.id for d in documents] == [SEED_000, SEED_003]
    assert all(check_document(d) == [] for d in documents)
    assert documents[0].source.dct.value == "2018-11-05"
    with pytest.raises(UsageError, match="no document 'missing'"):
        source_document(corpus, "missing")


def test_source_document_falls_back_to_the_gold_line(tmp_path):
    sample = build_sample_document("only-in-gold")
    (tmp_path / "gold.jsonl").write_text(sample.to_json() + "\n", encoding="utf-8")
    document = source_document(Corpus(tmp_path), "only-in-gold")
    assert document.text == sample.text and document.events == [] and document.mentions == []
    assert [d.id for d in suggest_corpus(corpus=tmp_path)] == ["only-in-gold"]
    assert [d.id for d in suggest_corpus(corpus=tmp_path, doc_ids=["only-in-gold"])] == ["only-in-gold"]
    with pytest.raises(UsageError, match="no document 'elsewhere'"):
        list(suggest_corpus(corpus=tmp_path, doc_ids=["only-in-gold", "elsewhere"]))


def test_cli_formats_and_out_file(corpus, tmp_path):
    table = run_annotate("suggest", SEED_000, "--corpus", str(corpus))
    assert table.returncode == 0, table.stderr.decode()
    out = table.stdout.decode()
    assert "[loan]" in out and "Lender=the Russian government" in out and "USD 50,000,000" in out

    as_json = run_annotate("suggest", SEED_000, SEED_003, "--corpus", str(corpus), "--format", "json")
    assert as_json.returncode == 0
    lines = as_json.stdout.decode().splitlines()
    assert [Document.model_validate_json(line).id for line in lines] == [SEED_000, SEED_003]

    target = tmp_path / "suggestions.jsonl"
    written = run_annotate("suggest", "--all", "--corpus", str(corpus), "--out", str(target))
    assert written.returncode == 0 and "wrote 2 suggestion document(s)" in written.stderr.decode()
    assert written.stdout == b""
    valid = run_annotate("validate", str(target))
    assert valid.returncode == 0, valid.stdout.decode() + valid.stderr.decode()


def test_cli_errors_exit_2_without_traceback(corpus):
    for args in (["suggest", "--corpus", str(corpus)],
                 ["suggest", "nope", "--corpus", str(corpus)],
                 ["suggest", SEED_000, "--all", "--corpus", str(corpus)],
                 ["suggest", SEED_000, "--corpus", str(corpus), "--model", "eventgold_no_such_pipeline"]):
        done = run_annotate(*args)
        err = done.stderr.decode()
        assert done.returncode == 2, (args, err)
        assert err.startswith("annotate: error:") and "Traceback" not in err
    missing = run_annotate("suggest", SEED_000, "--corpus", str(corpus), "--model", "eventgold_no_such_pipeline")
    assert "is not installed" in missing.stderr.decode()


def test_cli_model_uses_the_pipeline_entities(corpus, tmp_path):
    """A locally saved trained-style pipeline (an entity ruler stands in for a statistical NER)."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Russian government"},
                        {"label": "GPE", "pattern": "Cuba"}, {"label": "PERSON", "pattern": "Díaz-Canel"},
                        {"label": "GPE", "pattern": "Russia"}])
    nlp.to_disk(tmp_path / "tiny_pipeline")
    done = run_annotate("suggest", SEED_000, "--corpus", str(corpus), "--format", "json",
                        "--model", str(tmp_path / "tiny_pipeline"))
    assert done.returncode == 0, done.stderr.decode()
    document = Document.model_validate_json(done.stdout.decode().splitlines()[0])
    loan = event_at(document, "loan")
    assert fillers(document, loan, "Lender") == ["Russian government"]  # the pipeline's span, not the rules'
    lender = next(m for m in document.mentions if m.text == "Russian government")
    assert lender.type.value == "ORG"
    assert check_document(document) == []


def test_cli_modules_do_not_import_spacy():
    code = ("import sys, annotate.cli.suggest, annotate.cli.import_text, annotate.normalize, annotate.articles; "
            "assert 'spacy' not in sys.modules, 'spacy imported at start-up'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_unsuggestable_text_gives_no_events():
    text = "The weather was mild. Markets were calm."
    document = Document(id="calm", text=text, source=Source(file_name="calm.txt", sha256=sha256_text(text)),
                        annotation=AnnotationInfo(annotator="x", status="draft"))
    suggested = suggest(document)
    assert suggested.events == [] and suggested.mentions == []
    assert json.loads(suggested.to_json())["annotation"] == {"annotator": "suggest", "status": "draft",
                                                             "adjudicated_from": []}


def test_random_texts_never_crash_and_always_validate():
    """Word salad from the vocabulary the rules react to: no exception, and a valid draft every time."""
    import random

    words = ("visit loan said signed agreement deal Putin Moscow Cuba $50 million on Tuesday the to of and , . "
             "“ ” ’s President Minister talks meeting with from for in 2019 November 2 not will intends urged "
             "withdraw treaty INF he We there \u00a0 \U0001F1F7\U0001F1FA é 38-million-euro").split(" ")
    rng = random.Random(7)
    for number in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 50)))
        dct = rng.choice([None, "2018-11-05", "2019-10", "2018"])
        document = Document(id=f"fuzz-{number}", text=text,
                            source=Source(file_name="f.txt", sha256=sha256_text(text),
                                          dct=CreationTime(value=dct, method="stated") if dct else None),
                            annotation=AnnotationInfo(annotator="x", status="draft"))
        assert check_document(suggest(document)) == [], text


UNSEEN = """Xi arrives in Islamabad to boost ties

Chinese President Xi Jinping arrived in Islamabad on Monday for a two-day state visit, his first trip to \
Pakistan since 2015. Pakistani Prime Minister Imran Khan welcomed him at the airport.

The two leaders held talks at the Prime Minister's House and signed 12 agreements on energy, \
infrastructure and trade. Officials said the Export-Import Bank of China will lend Pakistan $2 billion to \
build a new railway line between Karachi and Peshawar.

"This visit opens a new chapter in our friendship," Khan told reporters after the meeting.

Pakistan did not sign a new loan agreement with the IMF, Finance Minister Asad Umar said on Tuesday. \
Indian officials criticized the deal, saying it passes through disputed territory. Xi will travel to \
Bangladesh next week."""


@pytest.fixture(scope="module")
def unseen() -> Document:
    """An article written for this test, about other people and places than the corpus."""
    return suggest(Document(id="unseen", text=UNSEEN,
                            source=Source(file_name="unseen.txt", sha256=sha256_text(UNSEEN),
                                          dct=CreationTime(value="2019-04-09", method="stated")),
                            annotation=AnnotationInfo(annotator="x", status="draft")))


def test_an_unseen_article(unseen):
    assert check_document(unseen) == []
    arrived = event_at(unseen, "arrived")
    assert fillers(unseen, arrived, "Visitor") == ["Xi Jinping"]
    assert fillers(unseen, arrived, "Destination") == ["Islamabad"]
    assert [m.time.value for m in unseen.mentions if m.text == "Monday"] == ["2019-04-08"]
    assert fillers(unseen, event_at(unseen, "trip"), "Time") == []  # "since 2015" does not date the trip
    agreements = event_at(unseen, "agreements")  # support verb "signed" yields to the noun
    assert fillers(unseen, agreements, "Party") == ["The two leaders"]
    assert fillers(unseen, agreements, "Topic") == ["energy, infrastructure and trade"]
    lend = event_at(unseen, "lend")
    assert fillers(unseen, lend, "Lender") == ["Export-Import Bank of China"]
    assert fillers(unseen, lend, "Borrower") == ["Pakistan"]
    assert fillers(unseen, lend, "Amount") == ["$2 billion"]
    assert (lend.attributes.realis.value, lend.attributes.tense.value) == ("other", "future")
    refused = event_at(unseen, "loan agreement")  # signing a loan is the Loan event
    assert refused.type == "Loan" and refused.attributes.polarity.value == "negative"
    assert fillers(unseen, refused, "Lender") == ["IMF"] and fillers(unseen, refused, "Borrower") == ["Pakistan"]
    told = event_at(unseen, "told")
    assert fillers(unseen, told, "Topic") == ["This visit opens a new chapter in our friendship"]
    travel = event_at(unseen, "travel")
    assert fillers(unseen, travel, "Visitor") == ["Xi"] and fillers(unseen, travel, "Time") == ["next week"]
    texts = {e.trigger.text for e in unseen.events}
    assert "saying" not in texts and "sign" not in texts  # a participial addition; a support verb


UNSEEN_2 = """World Bank approves $500 million loan for Kenya

NAIROBI, March 14 (Reuters) - The World Bank on Thursday approved a $500 million credit to Kenya to support \
budget reforms, the lender said in a statement.

Kenyan Finance Minister Henry Rotich said the government would use the funds to expand access to electricity. \
The country borrowed 1.5 billion euros from China last year to finish a railway line.

German Chancellor Angela Merkel will visit Nairobi next month, her spokesman Steffen Seibert told reporters in \
Berlin. She is expected to meet President Uhuru Kenyatta.

Meanwhile, the United States announced it would withdraw from the Paris climate accord, a move that French \
President Emmanuel Macron condemned as "a mistake". Washington has not ratified the Kyoto Protocol either."""


def test_a_second_unseen_article():
    document = Document(id="unseen-2", text=UNSEEN_2,
                        source=Source(file_name="u2.txt", sha256=sha256_text(UNSEEN_2),
                                      dct=CreationTime(value="2019-03-14", method="stated")),
                        annotation=AnnotationInfo(annotator="x", status="draft"))
    suggested = suggest(document)
    assert check_document(suggested) == []
    credit = event_at(suggested, "credit")
    assert (fillers(suggested, credit, "Lender"), fillers(suggested, credit, "Borrower")) == (["World Bank"], ["Kenya"])
    assert fillers(suggested, credit, "Purpose") == ["support budget reforms"]  # ", the lender said" is not
    assert fillers(suggested, credit, "Time") == ["Thursday"]
    borrowed = event_at(suggested, "borrowed")
    assert fillers(suggested, borrowed, "Borrower") == ["The country"]
    assert fillers(suggested, borrowed, "Lender") == ["China"]
    assert [m.money.currency for m in suggested.mentions if m.text == "1.5 billion euros"] == ["EUR"]
    visit = event_at(suggested, "visit")
    assert fillers(suggested, visit, "Visitor") == ["Angela Merkel"]
    assert (visit.attributes.realis.value, visit.attributes.tense.value) == ("other", "future")
    assert fillers(suggested, event_at(suggested, "meet"), "Host") == ["Uhuru Kenyatta"]
    withdraw = event_at(suggested, "withdraw")
    assert fillers(suggested, withdraw, "Topic") == ["the Paris climate accord"]
    ratified = event_at(suggested, "ratified")
    assert ratified.attributes.polarity.value == "negative"
    texts = [e.trigger.text for e in suggested.events]
    assert "accord" not in texts and "statement" not in texts  # what is left; a framing noun


@pytest.mark.parametrize("text, trigger, realis, polarity, tense", [
    ("The INF Treaty banned missiles. Putin and Diaz-Canel warn a U.S. withdraw would be detrimental.", "withdraw",
     "other", "positive", "future"),
    ("The Cuban leader hopes to visit Hanoi.", "visit", "other", "positive", "future"),
    ("Putin did not visit Havana.", "visit", "other", "negative", "past"),
    ("Cuba worked to secure a loan from Russia.", "loan", "other", "positive", "past"),
    ("U.S. officials continue to assail Havana.", "assail", "actual", "positive", "present"),
    ("Cuba's president arrives in Moscow for a 3-day visit.", "visit", "actual", "positive", "present"),
    ("The two countries need loans and investments.", "loans", "generic", "positive", "unspecified"),
])
def test_attribute_cues(text, trigger, realis, polarity, tense):
    document = Document(id="cue", text=text, source=Source(file_name="c.txt", sha256=sha256_text(text),
                                                          dct=CreationTime(value="2018-11-05", method="stated")),
                        annotation=AnnotationInfo(annotator="x", status="draft"))
    event = event_at(suggest(document), trigger)
    attributes = event.attributes
    assert (attributes.realis.value, attributes.polarity.value, attributes.tense.value) == (realis, polarity, tense)


def test_cli_out_never_replaces_the_gold_or_an_annotation(tmp_path):
    # `--out corpus/gold.jsonl` used to replace the gold corpus with suggestions, without a word.
    root = tmp_path / "corpus"
    import_texts([SEEDS / f"{SEED_000}.txt"], corpus=root, dct="2018-11-05")
    gold = root / "gold.jsonl"
    gold.write_text(build_sample_document(SEED_000).to_json() + "\n", encoding="utf-8")
    work = root / "annotations" / "alice" / f"{SEED_000}.jsonl"
    work.parent.mkdir(parents=True)
    work.write_bytes(gold.read_bytes())
    for target in (gold, work):
        before = target.read_bytes()
        result = run_annotate("suggest", "--all", "--corpus", str(root), "--out", str(target))
        err = result.stderr.decode()
        assert result.returncode == 2, err
        assert f"{target}: this is {target}, annotated work, which suggestions must not replace" in err
        assert target.read_bytes() == before


def test_cli_model_path_that_is_no_pipeline_is_named_as_such(corpus, tmp_path):
    # A folder without a pipeline got "install it first (e.g. python -m spacy download /that/folder)".
    folder = tmp_path / "not-a-pipeline"
    folder.mkdir()
    result = run_annotate("suggest", SEED_000, "--corpus", str(corpus), "--model", str(folder))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"{folder}: not a model folder from 'annotate train'" in err and "spacy download" not in err
    assert err.count("\n") == 1  # one line, the same words as 'annotate session --model'
    missing = run_annotate("suggest", SEED_000, "--corpus", str(corpus), "--model", str(tmp_path / "gone"))
    assert missing.returncode == 2
    assert f"{tmp_path / 'gone'}: no such model folder; train one with 'annotate train --out DIR'" in \
        missing.stderr.decode()
