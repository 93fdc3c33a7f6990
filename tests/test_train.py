"""``annotate train`` and suggestions from a trained model united with the rules.

The training documents use a made-up verb ("zorbed") that no rule knows, so an event on it can only
come from the model. A few iterations on a dozen sentences train in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.corpus import sha256_text
from annotate.jsonl import write_documents
from annotate.suggest import suggest
from annotate.validate import check_document
from conftest import run_annotate
from schema import AnnotationInfo, Argument, Attributes, Document, Mention, Source, Visit, find_span

PEOPLE = [("Anna Berg", "Oslo"), ("Karl Holm", "Bergen"), ("Lena Dahl", "Riga"), ("Olaf Lund", "Tallinn"),
          ("Ingrid Moe", "Vilnius"), ("Per Aas", "Gdansk"), ("Sara Vik", "Turku"), ("Nils Eng", "Aarhus")]


def _document(number: int, person: str, city: str, *, status: str = "complete") -> Document:
    text = (f"Minister {person} zorbed {city} on Monday. The weather was cold. "
            f"Officials said the talks went well.")
    mentions = [Mention(id="M1", type="PER", entity="E1", **find_span(text, person)),
                Mention(id="M2", type="GPE", **find_span(text, city))]
    event = Visit(id="EV1", trigger=find_span_obj(text, "zorbed"), attributes=Attributes.default(),
                  arguments=[Argument(role="Visitor", mention="M1"), Argument(role="Destination", mention="M2")])
    return Document(id=f"z{number}", text=text, source=Source(file_name=f"z{number}.txt", sha256=sha256_text(text)),
                    annotation=AnnotationInfo(annotator="tester", status=status), mentions=mentions, events=[event])


def find_span_obj(text: str, needle: str):
    from schema import Span

    return Span(**find_span(text, needle))


def _bare(text: str) -> Document:
    return Document(id="new", text=text, source=Source(file_name="new.txt", sha256=sha256_text(text)),
                    annotation=AnnotationInfo(annotator="x", status="draft"))


def train_people_model(folder: Path) -> tuple[Path, str]:
    """``annotate train`` on the PEOPLE gold (a budget of 12 passes) into ``folder/model``; its stderr."""
    gold = folder / "gold.jsonl"
    write_documents(gold, [_document(n, person, city) for n, (person, city) in enumerate(PEOPLE)])
    result = run_annotate("train", str(gold), "--out", str(folder / "model"), "--iterations", "12")
    assert result.returncode == 0, result.stderr.decode()
    return folder / "model", result.stderr.decode()


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    model, stderr = train_people_model(tmp_path_factory.mktemp("train"))
    assert "trained on 8 document(s) (8 events" in stderr
    return model


def test_the_model_folder_says_what_it_was_trained_on(model):
    meta = json.loads((model / "eventgold-model.json").read_text())
    assert meta["documents"] == 8 and meta["events"] == 8 and meta["iterations"] == 12
    assert (model / "triggers").is_dir() and (model / "roles").is_dir()


def test_suggestions_come_from_the_model_and_carry_source_and_score(model):
    text = "Minister Eva Strand zorbed Kaunas on Friday. Officials said nothing more."
    assert [e.trigger.text for e in suggest(_bare(text)).events if e.type == "Visit"] == []  # the rules alone
    result = suggest(_bare(text), model=model, threshold=0.3)
    assert check_document(result) == []
    visits = [e for e in result.events if e.trigger.text == "zorbed"]
    assert len(visits) == 1 and visits[0].type == "Visit"
    assert visits[0].notes.startswith("source: model; score ")
    assert 0.3 <= float(visits[0].notes.rsplit(" ", 1)[1]) <= 1.0
    roles = {a.role: result.mention(a.mention).text for a in visits[0].arguments}
    assert roles.get("Visitor") == "Eva Strand"
    # the rules' own events stay, marked as theirs
    assert any(e.trigger.text == "said" and e.notes.startswith("source: rules") for e in result.events)
    # a threshold above every score hides the model's events, not the rules'
    strict = suggest(_bare(text), model=model, threshold=1.0)
    assert [e.trigger.text for e in strict.events if e.notes.startswith("source: model")] == []
    assert any(e.trigger.text == "said" for e in strict.events)


def test_cli_suggest_with_the_model(model, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    article = tmp_path / "article.txt"
    article.write_text("Minister Eva Strand zorbed Kaunas on Friday.\n", encoding="utf-8")
    assert run_annotate("import", "text", str(article), "--corpus", str(corpus)).returncode == 0
    result = run_annotate("suggest", "article", "--corpus", str(corpus), "--model", str(model),
                          "--threshold", "0.3", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    document = json.loads(result.stdout)
    assert [(e["type"], e["trigger"]["text"], e["notes"].split(";")[0]) for e in document["events"]] == [
        ("Visit", "zorbed", "source: model")]


def test_train_refuses_what_it_cannot_learn_from_or_write_to(tmp_path):
    drafts = tmp_path / "drafts.jsonl"
    write_documents(drafts, [_document(1, "Anna Berg", "Oslo", status="draft")])
    result = run_annotate("train", str(drafts), "--out", str(tmp_path / "m"))
    assert result.returncode == 2 and "no annotated events" in result.stderr.decode()
    assert "1 draft document(s) left out" in result.stderr.decode() and not (tmp_path / "m").exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [_document(1, "Anna Berg", "Oslo")])
    result = run_annotate("train", str(gold), "--out", str(busy), "--iterations", "1")
    assert result.returncode == 2 and "not an eventgold model folder" in result.stderr.decode()
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "Traceback" not in result.stderr.decode()


def test_evaluate_keeps_the_previous_model_when_the_new_one_would_make_suggestions_worse(tmp_path):
    """The held-out document says "zorbed" is no event there, and has a Statement the rules find: a model
    that learnt "zorbed" from the others adds a wrong trigger, so rules+model scores below the rules
    alone and the model is not published; the previous model stays byte for byte."""
    from annotate.train.gate import split

    documents = [_document(n, person, city) for n, (person, city) in enumerate(PEOPLE[:5])]
    held_id = split(documents)[1][0].id
    text = "Minister Olaf Lund zorbed Tallinn on Monday. Officials said the talks went well."
    rules = suggest(_bare(text))
    statement = next(e for e in rules.events if e.type == "Statement")
    used = {a.mention for a in statement.arguments}
    held = Document(id=held_id, text=text, source=Source(file_name=f"{held_id}.txt", sha256=sha256_text(text)),
                    annotation=AnnotationInfo(annotator="tester", status="complete"),
                    mentions=[m for m in rules.mentions if m.id in used], events=[statement])
    assert check_document(held) == []
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [held if d.id == held_id else d for d in documents])
    out = tmp_path / "model"
    first = run_annotate("train", str(gold), "--out", str(out), "--iterations", "2")
    assert first.returncode == 0, first.stderr.decode()
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run_annotate("train", str(gold), "--out", str(out), "--iterations", "12", "--evaluate",
                          "--threshold", "0.3", "--json")
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    evaluation = report["evaluation"]
    assert report["published"] is False and evaluation["held_out"] == [held_id]
    assert evaluation["rules"]["TC"] == 1.0 and evaluation["rules+model"]["TC"] < 1.0
    assert "not used: rules+model is worse than the rules alone on 1 held-out document(s) (TC F1 " in \
        result.stderr.decode()
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
