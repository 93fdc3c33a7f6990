"""``suggest()`` gives exactly the suggestions of the straightforward rules it was optimised from.

``tests/expected/suggestions.json`` holds the suggestion documents (mentions and events, every field)
and the spans, types and values of the rules' entity and value candidates (what ``--model`` combines
with) that the code of ``main`` produced BEFORE the speed work of issue 13, for:

- the five seed articles (``corpus/raw/``, text and registry source as ``annotate suggest`` reads them);
- every window of the held-out RAMS development part (``benchmarks/data/rams/heldout.jsonl``, dev
  split) and every third window of the tuning part (``tune.jsonl``);
- six synthetic articles (:mod:`benchmarks.synthetic`, fixed seed).

Regenerate it only when the rules are meant to change (``python tests/test_suggest_differential.py``),
and say why in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "expected" / "suggestions.json"


def _documents():
    """(label, unannotated Document) in a fixed order."""
    from annotate.corpus import Corpus
    from annotate.suggest import source_document
    from benchmarks import heldout
    from benchmarks.synthetic import synthetic_documents

    corpus = Corpus(REPO / "corpus")
    for doc_id in corpus.doc_ids():
        yield f"seed {doc_id}", source_document(corpus, doc_id)
    for gold in heldout.gold_documents("dev"):
        yield f"rams-dev {gold.id}", heldout.bare(gold)
    for gold in heldout.gold_documents("tune")[::3]:
        yield f"rams-tune {gold.id}", heldout.bare(gold)
    for document in synthetic_documents(6):
        yield f"synthetic {document.id}", heldout.bare(document)


def _value(value) -> object:
    return None if value is None else value.model_dump(mode="json", exclude_none=True)


def _fields(model, *skip: str) -> dict:
    """The fields of a mention or event that are set, beside the ones encoded positionally."""
    return model.model_dump(mode="json", exclude_none=True, exclude={"id", "type", "start", "end", "text", *skip})


def encode(result) -> dict:
    """A suggestion document, compactly: every field of its mentions and events (spans as offsets: their
    text is the document's text at them, which :func:`schema.make_span` checks), and its annotation."""
    text = result.text
    for mention in result.mentions:
        assert mention.text == text[mention.start:mention.end]
    for event in result.events:
        assert event.trigger.text == text[event.trigger.start:event.trigger.end]
    return {
        "annotation": result.annotation.model_dump(mode="json", exclude_none=True),
        "mentions": [[m.id, m.type.value, m.start, m.end, _fields(m)] for m in result.mentions],
        "events": [[e.id, e.type, e.trigger.start, e.trigger.end,
                    [[a.role, a.mention, *([a.provenance] if a.provenance else [])] for a in e.arguments],
                    [e.attributes.realis.value, e.attributes.polarity.value, e.attributes.tense.value],
                    _fields(e, "trigger", "arguments", "attributes")] for e in result.events],
    }


def record(document) -> dict:
    """What the rules suggest for ``document``: the suggestion document (its text and source are the
    input's, checked separately) and the candidates the rules found."""
    from annotate.suggest import _rules

    result, candidates = _rules(document, model=None)
    return {
        "document": encode(result),
        "candidates": [[c.start, c.end, c.type, *([_value(c.value)] if c.value else [])]
                       for c in candidates],
    }


def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stored() -> dict:
    return expected()


def test_the_stored_sample_covers_seeds_rams_and_synthetic_texts(stored):
    labels = list(stored)
    assert [label for label in labels if label.startswith("seed ")] == [
        f"seed {doc_id}" for doc_id in sorted(p.stem for p in (REPO / "corpus" / "raw").glob("*.txt"))]
    assert sum(label.startswith("rams-dev ") for label in labels) == 95
    assert sum(bool(v["document"]["events"]) for v in stored.values()) > 60
    assert sum(bool(v["document"]["mentions"]) for v in stored.values()) > 60
    assert sum(len(v["document"]["events"]) for label, v in stored.items() if label.startswith("seed ")) > 50


def test_suggestions_equal_those_of_the_reference_rules(stored):
    documents = list(_documents())
    assert [label for label, _ in documents] == list(stored)
    for label, document in documents:
        got = record(document)
        want = stored[label]
        assert got["document"] == want["document"], label
        assert got["candidates"] == want["candidates"], label


def test_suggest_returns_the_rules_document_with_the_input_text_and_source(stored):
    from annotate.suggest import suggest

    label, document = next(iter(_documents()))
    result = suggest(document)
    assert result.text == document.text and result.source == document.source
    assert encode(result) == stored[label]["document"]


def test_the_models_are_built_with_the_fields_main_set(stored):
    """The keys each model received (``__pydantic_fields_set__``, which ``annotate validate`` counts) are
    those of main's keyword construction, and every suggestion passes ``check_document``."""
    from annotate.suggest import suggest
    from annotate.validate import check_document

    for label, document in list(_documents())[:8]:
        result = suggest(document)
        if label.startswith("seed "):
            assert check_document(result) == []
        for mention in result.mentions:
            assert mention.__pydantic_fields_set__ == {"id", "type", "entity", "start", "end", "text", "time", "money"}
        for event in result.events:
            assert event.__pydantic_fields_set__ == {"id", "trigger", "arguments", "attributes", "coref"}
            assert event.trigger.__pydantic_fields_set__ == {"start", "end", "text"}
            assert event.attributes.__pydantic_fields_set__ == {"realis", "polarity", "tense"}
            for argument in event.arguments:
                assert argument.__pydantic_fields_set__ == {"role", "mention"}


if __name__ == "__main__":  # regenerate (only when the rules are meant to change)
    sys.path.insert(0, str(REPO))
    records = {label: record(document) for label, document in _documents()}
    with open(EXPECTED, "w", encoding="utf-8") as handle:
        handle.write("{\n")
        handle.write(",\n".join(f"{json.dumps(label)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"
                                for label, value in records.items()))
        handle.write("\n}\n")
    print(f"{EXPECTED}: {len(records)} documents")
