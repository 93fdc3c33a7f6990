"""Each shortcut the suggester takes for speed (issue 13) against the straightforward code it replaced,
on random inputs: tokens and sentences from ``Doc.to_array`` against ``doc.sents``, the bisected
overlap resolution against comparing every pair, folding against a character at a time, the word index
against scanning every token, and the n-grams of the attribute cues."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotate.suggest.arguments import _grams
from annotate.suggest.entities import Candidate, Tok, WordIndex, _fold_char, fold, resolve_overlaps

REPO = Path(__file__).resolve().parent.parent
WORDS = ["Cuba", "Russia", "the", "The", "visit", "said", "-", "Díaz-Canel", "“We", "go,”", "he", "U.S.", "loan",
         "$50", "million", "on", "November", "2.", "Putin", "(", ")", "'s", "A", "deal", "…", "🇷🇺", "São"]
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", " \n ", "\u00a0", "\t"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(SPACES)] if rng.random() < 0.3 else []
        for _ in range(rng.randint(0, 60)):
            parts += [rng.choice(WORDS), rng.choice(SPACES) if rng.random() < 0.4 else " "]
            if rng.random() < 0.1:
                parts.append(rng.choice([". ", "! ", "? ", ".\n", "\n"]))
        texts.append("".join(parts).rstrip(" ") if rng.random() < 0.5 else "".join(parts))
    return texts


def test_tokens_and_sentence_bounds_from_the_array_equal_those_from_doc_sents():
    from annotate.suggest.pipeline import _SENTENCES, _TOKENS, _analyse, _analyse_slowly, build_pipeline

    nlp = build_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus" / "raw").glob("*.txt"))]
    texts += [t for t in _random_texts(120, seed=13) if t.strip()]
    for text in texts:
        doc = nlp.make_doc(text)
        for _name, component in nlp.pipeline[:3]:  # paragraphs, sentencizer, quotes
            doc = component(doc)
        _analyse(doc)
        fast = doc.user_data.pop(_TOKENS), doc.user_data.pop(_SENTENCES)
        _analyse_slowly(doc)
        slow = doc.user_data.pop(_TOKENS), doc.user_data.pop(_SENTENCES)
        assert fast[1] == slow[1], text
        assert [t._key() for t in fast[0]] == [t._key() for t in slow[0]], text
        assert all(t.lower == t.text.lower() and t.cap == t.text[:1].isupper() for t in fast[0])


def _resolve_by_pairs(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if not any(cand.overlaps(other) for other in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


@pytest.mark.parametrize("seed", range(30))
def test_bisected_overlap_resolution_keeps_what_comparing_every_pair_keeps(seed):
    rng = random.Random(seed)
    candidates = []
    for _ in range(rng.randint(0, 80)):
        start = rng.randint(0, 120)
        end = start + rng.choice([0, 1, 1, 2, 3, 5, 8, 13])  # empty spans too
        candidates.append(Candidate(start, end, "PER", None, "test", rng.randint(0, 9)))
    assert [id(c) for c in resolve_overlaps(candidates)] == [id(c) for c in _resolve_by_pairs(candidates)]


def test_folding_equals_folding_a_character_at_a_time():
    text = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000)
    text += "Díaz-Canel, São Paulo, Erdoğan, Shinzō Abe \u2010\u2011 “quoted” 🇷🇺 \u00a0"
    assert fold(text) == "".join(map(_fold_char, text))
    assert len(fold(text)) == len(text)


def test_the_word_index_finds_what_scanning_every_token_finds():
    rng = random.Random(5)
    for text in _random_texts(40, seed=7):
        words = text.split()
        toks = [Tok(i, w, 2 * i, 2 * i + len(w), 0) for i, w in enumerate(words)]
        index = WordIndex(toks)
        wanted = set(rng.sample(WORDS, 5)) | {"the", "cuba"}
        assert index.text_in(wanted) == [k for k, t in enumerate(toks) if t.text in wanted]
        assert index.lower_in(wanted) == [k for k, t in enumerate(toks) if t.text.lower() in wanted]
        assert index.text_where(str.istitle) == [k for k, t in enumerate(toks) if t.text.istitle()]
        assert index.starts == [t.start for t in toks]


def test_the_cue_grams_are_the_one_to_three_word_sequences():
    rng = random.Random(3)
    for _ in range(200):
        words = [rng.choice("abcde") for _ in range(rng.randint(0, 9))]
        assert _grams(words) == {tuple(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
