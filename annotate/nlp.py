"""Sentences and tokens, derived from the text with spaCy (never the source of truth).

spaCy is imported only when a function here is first called. The default pipeline is a blank English
tokenizer with a paragraph splitter (a line break always ends a sentence: headlines and captions have
no final period), spaCy's rule-based sentencizer, and a component that gives an opening quotation mark
to the sentence it opens (the sentencizer left ``“`` at the end of the sentence before). Offsets are code points, like every span.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets, white space at the edges excluded
    end: int
    token_start: int  # indices into TextAnalysis.tokens, end exclusive
    token_end: int


@dataclass(frozen=True)
class TextAnalysis:
    """Tokens (white space excluded) and sentences of one text."""

    text: str
    tokens: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t[0] for t in self.tokens]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens ``[first, last + 1)`` that a character span touches, or None if it touches none."""
        starts = self._token_starts
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or self.tokens[first][1] <= start:
            first += 1
        last = bisect.bisect_left(starts, end) - 1
        if first >= len(self.tokens) or last < first:
            return None
        return first, last + 1

    def is_token_aligned(self, start: int, end: int) -> bool:
        """True when the span starts at a token start and ends at a token end."""
        rng = self.token_range(start, end)
        return bool(rng) and self.tokens[rng[0]][0] == start and self.tokens[rng[1] - 1][1] == end

    def sentence_of(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` (None for white space between sentences)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


def _paragraph_splitter(doc: "Doc") -> "Doc":
    """A line break ends a sentence: the token after white space containing a newline starts one."""
    after_newline = True
    for token in doc:
        if token.is_space:
            after_newline = after_newline or "\n" in token.text
            continue
        if after_newline:
            token.is_sent_start = True
            after_newline = False
    return doc


_OPENING_QUOTES = frozenset("“‘«„‚")
_STRAIGHT_QUOTES = frozenset("\"'")


def _opens(token) -> bool:
    """An opening quotation mark: a curly one, or a straight one attached to the word after it only."""
    if token.text in _OPENING_QUOTES:
        return True
    if token.text in _STRAIGHT_QUOTES and not token.whitespace_:
        return token.i == 0 or bool(token.doc[token.i - 1].whitespace_)
    return False


def _quote_mover(doc: "Doc") -> "Doc":
    """An opening quotation mark begins the sentence that follows it: the sentencizer ends a sentence
    after ``. “`` (``He said no. “We will go,” he said.`` gave ``He said no. “`` and ``We will go...``)."""
    for i in range(len(doc) - 2, 0, -1):
        token, after = doc[i], doc[i + 1]
        if after.is_sent_start and not token.is_sent_start and _opens(token):
            token.is_sent_start = True
            after.is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> "Language":
    """The pipeline used for sentences and tokens: blank English by default, or an installed ``model``.

    Nothing is downloaded: ``model`` must be a package or path that ``spacy.load`` finds locally.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory("eventgold_paragraphs"):
        Language.component("eventgold_paragraphs")(_paragraph_splitter)
    if not Language.has_factory("eventgold_quotes"):
        Language.component("eventgold_quotes")(_quote_mover)
    if model:
        nlp = spacy.load(model)
    else:
        nlp = spacy.blank("en")
    if "eventgold_paragraphs" not in nlp.pipe_names:
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        nlp.add_pipe("eventgold_paragraphs", before=first) if first else nlp.add_pipe("eventgold_paragraphs")
    if not any(name in nlp.pipe_names for name in ("sentencizer", "senter", "parser")):
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("eventgold_quotes", after="sentencizer")  # boundaries we set, we may move
    return nlp


def spacy_doc(text: str, model: str | None = None) -> "Doc":
    """The spaCy Doc of ``text`` from :func:`load_pipeline`."""
    return load_pipeline(model)(text)


@lru_cache(maxsize=256)
def analyze(text: str) -> TextAnalysis:
    """Tokens and sentences of ``text`` (cached by text)."""
    return analysis_from_doc(spacy_doc(text))


def analysis_from_doc(doc: Any) -> TextAnalysis:
    tokens: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    for sent in doc.sents:
        first = len(tokens)
        for token in sent:
            if not token.is_space:
                tokens.append((token.idx, token.idx + len(token.text)))
        if len(tokens) > first:
            sentences.append(Sentence(len(sentences), tokens[first][0], tokens[-1][1], first, len(tokens)))
    return TextAnalysis(doc.text, tuple(tokens), tuple(sentences))
