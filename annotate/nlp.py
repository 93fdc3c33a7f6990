"""Sentences and tokens, derived from the text with spaCy (never the source of truth).

spaCy is imported only when a function here is first called. The default pipeline is a blank English
tokenizer with a paragraph splitter (a line break always ends a sentence: headlines and captions have
no final period), spaCy's rule-based sentencizer, and a component that gives an opening quotation mark
to the sentence it opens (the sentencizer left ``“`` at the end of the sentence before). Offsets are code points, like every span.

Corpora are analysed through :class:`Analyzer` (:func:`analyze_texts`, :func:`annotate.stats.iter_analyzed`):
with the default pipeline only the tokenizer runs (its cache primed, :class:`TokenizerPrimer`), and
:func:`analysis_from_tokens` applies the three components' rules to the tokens as arrays: the same
sentences and tokens as the whole pipeline (``tests/test_nlp_fast.py``), about five times faster.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
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
    def token_starts(self) -> list[int]:
        """The start of each token (computed once; :func:`analysis_from_tokens` gives it ready)."""
        return [t[0] for t in self.tokens]

    @cached_property
    def token_ends(self) -> list[int]:
        """The end of each token."""
        return [t[1] for t in self.tokens]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens ``[first, last + 1)`` that a character span touches, or None if it touches none."""
        starts = self.token_starts
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


def build_pipeline(model: str | None = None) -> "Language":
    """A new pipeline for sentences and tokens (:func:`load_pipeline` keeps one per model)."""
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


@lru_cache(maxsize=4)
def _shared_pipeline(model: str | None) -> "Language":
    return build_pipeline(model)


def load_pipeline(model: str | None = None) -> "Language":
    """The pipeline used for sentences and tokens: blank English by default, or an installed ``model``.
    One per model for the process: ``load_pipeline()``, ``load_pipeline(None)`` and ``load_pipeline("")``
    are the same object (``load_pipeline.__wrapped__(model)`` builds a new one).

    Nothing is downloaded: ``model`` must be a package or path that ``spacy.load`` finds locally.
    """
    return _shared_pipeline(model or None)


load_pipeline.__wrapped__ = build_pipeline  # type: ignore[attr-defined]  # a fresh pipeline, as lru_cache had it


def spacy_doc(text: str, model: str | None = None) -> "Doc":
    """The spaCy Doc of ``text`` from :func:`load_pipeline`."""
    return load_pipeline(model)(text)


@lru_cache(maxsize=256)
def analyze(text: str) -> TextAnalysis:
    """Tokens and sentences of ``text`` (cached by text); equal to ``analysis_from_doc(spacy_doc(text))``."""
    nlp = load_pipeline(None)
    rules = sentence_rules(nlp)
    return analysis_from_tokens(nlp.make_doc(text), rules, text) if rules is not None else analysis_from_doc(nlp(text))


def analysis_from_doc(doc: Any) -> TextAnalysis:
    """The analysis of a Doc that went through the whole pipeline (the reference construction)."""
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


# -- the same analysis from the tokenizer alone ------------------------------------------------------------
#
# The three components after the tokenizer (_paragraph_splitter, spaCy's Sentencizer, _quote_mover) walk
# every token as a Python object; then analysis_from_doc walks them again. That was about three quarters of
# the cost of tokenizing a corpus (issue 13). analysis_from_tokens computes the same boundaries from the
# tokenizer's Doc as arrays (Doc.to_array: offsets, lengths, orth ids, the space and punctuation flags),
# rule for rule; tests/test_nlp_fast.py compares it with the pipeline on random and real texts.

_PIPE_NAMES = ["eventgold_paragraphs", "sentencizer", "eventgold_quotes"]


class SentenceRules:
    """The rules of the default pipeline's components as orth ids (hashes of token texts)."""

    def __init__(self, punct_chars: frozenset[str]) -> None:
        import numpy as np
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SPACY
        from spacy.strings import get_string_id

        self.attrs = [IDX, LENGTH, ORTH, IS_SPACE, IS_PUNCT, SPACY]
        self.punct = np.array(sorted({get_string_id(c) for c in punct_chars}), dtype=np.uint64)
        self.opening = frozenset(get_string_id(c) for c in _OPENING_QUOTES)
        self.straight = frozenset(get_string_id(c) for c in _STRAIGHT_QUOTES)
        self.quotes = np.array(sorted(self.opening | self.straight), dtype=np.uint64)


@lru_cache(maxsize=4)
def _rules(punct_chars: frozenset[str]) -> SentenceRules:
    return SentenceRules(punct_chars)


def sentence_rules(nlp: "Language") -> SentenceRules | None:
    """The rules of ``nlp`` when it is the default pipeline of :func:`build_pipeline` (blank English, the
    paragraph splitter, the sentencizer, the quote mover), so that :func:`analysis_from_tokens` applies;
    None for any other pipeline (a trained model, or components added: run it whole)."""
    if nlp.pipe_names != _PIPE_NAMES:
        return None
    sentencizer = nlp.get_pipe("sentencizer")
    if getattr(sentencizer, "overwrite", True) or nlp.get_pipe("eventgold_paragraphs") is not _paragraph_splitter \
            or nlp.get_pipe("eventgold_quotes") is not _quote_mover:
        return None
    return _rules(frozenset(sentencizer.punct_chars))


def analysis_from_tokens(doc: "Doc", rules: SentenceRules, text: str | None = None) -> TextAnalysis:
    """The analysis that the default pipeline's components and :func:`analysis_from_doc` give, from a Doc
    that only the tokenizer made (``nlp.make_doc``), computed on arrays. ``text``: the text the Doc was
    made from (spaCy keeps it exactly; ``doc.text`` would join every token again)."""
    import numpy as np

    text = doc.text if text is None else text
    n = len(doc)
    if n == 0:
        return TextAnalysis(text, (), ())
    table = doc.to_array(rules.attrs)  # uint64, one row per token
    idx = table[:, 0].astype(np.int64)
    ends = idx + table[:, 1].astype(np.int64)
    orth = table[:, 2]
    space, punct, trailing = table[:, 3] != 0, table[:, 4] != 0, table[:, 5] != 0
    words = np.flatnonzero(~space)  # the tokens an analysis keeps
    start = np.zeros(n, dtype=np.int8)  # spaCy's sent_start: 1 starts a sentence, -1 does not, 0 unset

    # _paragraph_splitter: a word starts a sentence when it is the first word, or when a space token holding
    # a line break lies between it and the word before
    if len(words):
        if "\n" in text:
            breaks = np.array(_newlines(text), dtype=np.int64)
            broken = space & (np.searchsorted(breaks, idx) < np.searchsorted(breaks, ends))
            seen = np.cumsum(broken)[words]
            first = np.empty(len(words), dtype=bool)
            first[0] = True
            first[1:] = seen[1:] > seen[:-1]
            start[words[first]] = 1
        else:
            start[words[0]] = 1

    # the Sentencizer (overwrite=False): after a token in punct_chars, the next token that is neither
    # punctuation nor in punct_chars starts a sentence (tokens that are only punctuation change nothing);
    # its guesses fill the tokens still unset
    in_punct = _member(orth, rules.punct)
    plain = ~punct & ~in_punct
    marked = np.flatnonzero(plain | in_punct)
    guess = np.zeros(n, dtype=bool)
    guess[0] = True
    if len(marked) > 1:
        guess[marked[1:][plain[marked[1:]] & in_punct[marked[:-1]]]] = True
    unset = start == 0
    start[unset] = np.where(guess[unset], 1, -1)

    # _quote_mover, right to left as it runs: an opening quotation mark before a sentence start takes it
    candidates = np.flatnonzero(_member(orth, rules.quotes))
    if len(candidates):
        orth_ids = orth[candidates].tolist()
        for i, orth_id in zip(reversed(candidates.tolist()), reversed(orth_ids)):
            if not 0 < i < n - 1 or start[i + 1] != 1 or start[i] == 1:
                continue
            if orth_id in rules.opening or (orth_id in rules.straight and not trailing[i] and trailing[i - 1]):
                start[i] = 1
                start[i + 1] = -1

    # Doc.sents (a sentence from each token with sent_start 1, the first token always), white space dropped
    bounds = np.flatnonzero(start[1:] == 1) + 1
    cuts = np.searchsorted(words, np.concatenate(([0], bounds, [n])))
    firsts, lasts = cuts[:-1], cuts[1:]
    keep = lasts > firsts
    firsts, lasts = firsts[keep], lasts[keep]
    word_starts, word_ends = idx[words], ends[words]
    starts_list, ends_list = word_starts.tolist(), word_ends.tolist()
    sentences = tuple(Sentence(i, s, e, f, l) for i, (s, e, f, l) in enumerate(zip(
        word_starts[firsts].tolist(), word_ends[lasts - 1].tolist(), firsts.tolist(), lasts.tolist())))
    analysis = TextAnalysis(text, tuple(zip(starts_list, ends_list)), sentences)
    analysis.__dict__.update(token_starts=starts_list, token_ends=ends_list)  # the cached properties, ready
    return analysis


def _member(values, sorted_ids):
    """``numpy.isin(values, sorted_ids)`` for a small sorted array of ids, in two vector operations."""
    import numpy as np

    at = np.searchsorted(sorted_ids, values)
    at[at == len(sorted_ids)] = 0
    return sorted_ids[at] == values


def _newlines(text: str) -> list[int]:
    found, at = [], text.find("\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1)
    return found


class TokenizerPrimer:
    """Fills the spaCy tokenizer's own cache with the words of texts before they are tokenized.

    spaCy's tokenizer caches how it split each white-space-delimited chunk, but stops caching for the rest
    of a text once a special case (``Mr.``, ``’s``, ``:)``...) has matched in it (spaCy issue #1250), so in
    news text most chunks are split again and again by the prefix, suffix and infix rules (on the benchmark's
    corpus, 3.3 s of tokenizing instead of 0.1 s). Tokenizing a chunk once on its own caches exactly what the
    tokenizer computes for that chunk inside any text (a chunk's split depends on the chunk only; chunks
    involving a special case are not cached, as spaCy does), so the texts come out the same, token for
    token; the tests compare with a fresh pipeline.

    A chunk is primed once it has occurred twice (priming costs about two ordinary splits, so words seen
    once are left alone), and at most ``max_cache_size`` chunks (spaCy's cap of that cache); then the
    counts are dropped, so memory stays bounded."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.seen: set[str] = set()
        self.counts: dict[str, int] = {}
        self.full = False

    def prime(self, texts: Iterable[str]) -> None:
        if self.full:
            return
        batch: Counter[str] = Counter()
        for text in texts:
            batch.update(text.split())
        tokenizer, seen, counts = self.tokenizer, self.seen, self.counts
        limit = tokenizer.max_cache_size
        for chunk, n in batch.items():
            total = counts[chunk] = counts.get(chunk, 0) + n
            if total >= 2 and chunk not in seen:
                if len(seen) >= limit:
                    self.full = True
                    self.counts = {}
                    return
                seen.add(chunk)
                tokenizer(chunk)


#: Texts tokenized together (one priming of the tokenizer's cache, one ``nlp.pipe`` batch).
BATCH = 64


class Analyzer:
    """Analyses of texts, a batch at a time, equal to ``analysis_from_doc(load_pipeline(model)(text))``.

    With the default pipeline, the tokenizer's cache is primed with each batch (:class:`TokenizerPrimer`,
    one primer for the whole run, so that a word counts across batches) and the sentences come from
    :func:`analysis_from_tokens`; with another pipeline (a trained model), ``nlp.pipe`` runs it whole."""

    def __init__(self, model: str | None = None) -> None:
        self.nlp = load_pipeline(model)
        self.rules = sentence_rules(self.nlp)
        self.primer = TokenizerPrimer(self.nlp.tokenizer) if self.rules is not None else None

    def analyze(self, texts: list[str]) -> list[TextAnalysis]:
        if self.rules is None:
            return [analysis_from_doc(doc) for doc in self.nlp.pipe(texts, batch_size=max(len(texts), 1))]
        self.primer.prime(texts)
        make_doc, rules = self.nlp.make_doc, self.rules
        return [analysis_from_tokens(make_doc(text), rules, text) for text in texts]


def analyze_texts(texts: Iterable[str], *, model: str | None = None, batch_size: int = BATCH) -> Iterator[TextAnalysis]:
    """The analyses of ``texts``, in order (:class:`Analyzer`, ``batch_size`` texts at a time). Holds one
    batch in memory."""
    analyzer = Analyzer(model)
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from analyzer.analyze(batch)
            batch = []
    if batch:
        yield from analyzer.analyze(batch)
