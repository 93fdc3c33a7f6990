"""The sentence splitter gives an opening quotation mark to the sentence it opens (issue 12: “ was left at
the end of the sentence before, in the session and in the HF ``sentences`` view). Checked on every
sentence boundary of every article in corpus/raw/."""

from __future__ import annotations

import pytest

from annotate.nlp import analyze

from conftest import REPO

ARTICLES = sorted((REPO / "corpus" / "raw").glob("*.txt"))
OPENING = set("“‘«\"'")
CLOSING = set("”’»,;:.!?)")


def test_an_opening_quote_starts_the_next_sentence():
    text = "He said no. “We will go,” he said. Then he left. ‘Fine.’ It rained."
    sentences = [text[s.start:s.end] for s in analyze(text).sentences]
    assert sentences == ["He said no.", "“We will go,” he said.", "Then he left.", "‘Fine.’", "It rained."]
    straight = 'Putin said so. "We agree," he added.'
    assert [straight[s.start:s.end] for s in analyze(straight).sentences] == ["Putin said so.", '"We agree," he added.']


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem[:3] for p in ARTICLES])
def test_every_seed_sentence_boundary(path):
    text = path.read_bytes().decode("utf-8")
    sentences = analyze(text).sentences
    assert len(sentences) > 10
    for before, after in zip(sentences, sentences[1:]):
        last, first = text[before.end - 1], text[after.start]
        gap = text[before.end:after.start]
        assert gap.strip() == "", (gap, text[before.start:after.end])
        # a sentence never ends with a quotation mark that opens (attached to the next word)
        assert not (last in "“‘«" or (last in "\"'" and text[before.end:before.end + 1].strip())), \
            text[before.start:before.end]
        # and never starts with closing punctuation that belongs to the sentence before
        assert first not in CLOSING, text[after.start:after.end]
        assert not (first in "”’»"), text[after.start:after.end]
    # the quotation of 001 starts its own sentence's text, inside the sentence, never at an end
    for s in sentences:
        assert text[s.start:s.end][-1] not in "“‘«"
