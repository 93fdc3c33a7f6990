"""Sentences and tokens derived with spaCy: a line break ends a sentence; offsets are code points."""

from annotate.nlp import analyze


def test_headlines_and_paragraphs_are_sentences_and_offsets_are_code_points():
    text = "Cuba\u2019s president arrives\n\nDíaz-Canel met Putin. \U0001F1F7\U0001F1FA They talked.\nA caption"
    a = analyze(text)
    sentences = [text[s.start:s.end] for s in a.sentences]
    assert sentences == ["Cuba\u2019s president arrives", "Díaz-Canel met Putin.",
                         "\U0001F1F7\U0001F1FA They talked.", "A caption"]
    for start, end in a.tokens:
        assert text[start:end].strip() == text[start:end] != ""
    putin = text.index("Putin")
    first, last = a.token_range(putin, putin + 5)
    assert a.tokens[first] == (putin, putin + 5) and last == first + 1
    assert a.is_token_aligned(putin, putin + 5) and not a.is_token_aligned(putin, putin + 3)
    assert a.sentence_of(putin).index == 1
    assert a.sentence_of(text.index("\n\n")) is None
