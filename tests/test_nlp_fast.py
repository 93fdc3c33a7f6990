"""Differential test of the tokenizer-only analysis (issue 13): :func:`annotate.nlp.analysis_from_tokens`
computes on arrays what the default pipeline's components (paragraph splitter, spaCy's sentencizer, the
quote mover) and :func:`annotate.nlp.analysis_from_doc` give. Compared with a fresh, whole pipeline, text
by text, on the seed articles, synthetic corpus texts and random strings built from every character the
rules look at (sentence punctuation, opening and straight quotes, line breaks, odd white space)."""

from __future__ import annotations

import random

import pytest

from annotate.nlp import (
    Analyzer, _OPENING_QUOTES, analysis_from_doc, analysis_from_tokens, analyze, analyze_texts, build_pipeline,
    load_pipeline, sentence_rules,
)
from annotate.stats import iter_analyzed
from benchmarks.synthetic import synthetic_document

from conftest import REPO


@pytest.fixture(scope="module")
def reference():
    return build_pipeline(None)  # the whole pipeline, its own tokenizer cache, nothing primed


def random_strings(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    nlp = load_pipeline()
    punct = sorted(nlp.get_pipe("sentencizer").punct_chars)
    pieces = (["word", "Putin", "e\u0301", "北京", "\U0001F1F7\U0001F1FA", "Mr.", "U.S.", "don't", ":)", "(", ")",
               ",", "-", "—", "…", "...", " ", " ", "  ", "\n", "\n\n", " \n ", "\r\n", "\t", "\u00a0", "\u2028",
               "\u2029", "\x85", "\u200b", "\"", "'", "”", "’", "»"] + list(_OPENING_QUOTES) + punct)
    texts = []
    for _ in range(count):
        texts.append("".join(rng.choice(pieces) + rng.choice(["", " ", "", "\n"]) for _ in range(rng.randrange(0, 25))))
    return texts


def texts_to_check() -> list[str]:
    texts = [p.read_bytes().decode("utf-8") for p in sorted((REPO / "corpus" / "raw").glob("*.txt"))]
    rng = random.Random(7)
    texts += [synthetic_document(i, rng).text for i in range(20)]
    texts += ["", " ", "\n", "a", ".", "“", "\"", "He said no. “We will go,” he said.", 'So. "Yes," he said.\n"No."',
              "One.\n\nTwo “three.” Four", "“‘Nested.’” “«Yes»” he said. «Non.» ‘Fine.’", "Ends with. “"]
    return texts + random_strings(3, 3000)


def test_the_array_rules_give_the_pipeline_sentences_and_tokens(reference) -> None:
    nlp = load_pipeline()
    rules = sentence_rules(nlp)
    assert rules is not None
    for text in texts_to_check():
        expected = analysis_from_doc(reference(text))
        got = analysis_from_tokens(nlp.make_doc(text), rules, text)
        assert got == expected, repr(text)
        assert got.token_starts == [s for s, _ in expected.tokens] and got.token_ends == [e for _, e in expected.tokens]
        assert analysis_from_tokens(nlp.make_doc(text), rules) == expected  # the text taken from the Doc


def test_batches_primed_tokenizer_and_iter_analyzed_equal_the_pipeline(reference) -> None:
    texts = texts_to_check()
    expected = [analysis_from_doc(reference(text)) for text in texts]
    assert list(analyze_texts(texts, batch_size=7)) == expected
    assert list(analyze_texts(texts)) == expected
    assert [analyze(text) for text in texts[:200]] == expected[:200]

    class Doc:  # what iter_analyzed reads of a document
        def __init__(self, text):
            self.text = text

    documents = [Doc(text) for text in texts]
    pairs = list(iter_analyzed(documents, batch_size=5))
    assert [d for d, _ in pairs] == documents
    assert [a for _, a in pairs] == expected


def test_one_shared_pipeline_and_the_rules_only_for_the_default_one() -> None:
    assert load_pipeline() is load_pipeline(None) is load_pipeline("")
    assert load_pipeline.__wrapped__(None) is not load_pipeline()  # a fresh one, as callers expect
    extended = build_pipeline(None)
    assert sentence_rules(extended) is not None
    extended.add_pipe("sentencizer", name="another")
    assert sentence_rules(extended) is None  # components added: the whole pipeline runs
    overwriting = build_pipeline(None)
    overwriting.get_pipe("sentencizer").overwrite = True
    assert sentence_rules(overwriting) is None
    analyzer = Analyzer()
    analyzer.rules = None  # the general path (a trained model) gives the same analyses
    text = "He said no. “We will go,” he said.\nA caption"
    assert analyzer.analyze([text]) == [analyze(text)]
