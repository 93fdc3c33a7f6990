"""guidelines.md stays true to the schema and to the corpus it quotes.

- Its generated tables (event types, mention types, attributes, the roles of every event type) equal
  what ``schema.describe`` generates now, so the manual can never drift from the code.
- Every corpus quotation, written «exact text» (NNN) with NNN the first three characters of a
  document id, really occurs in that article of ``corpus/raw/`` ("[...]" marks an elision; runs of
  white space, including line wraps in the Markdown, compare equal to one space).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schema import EVENT_TYPES
from schema.describe import generated_blocks, generated_keys, refresh_generated_blocks

REPO = Path(__file__).resolve().parent.parent
GUIDELINES = REPO / "guidelines.md"
RAW = REPO / "corpus" / "raw"

QUOTE = re.compile(r"«(?P<quote>[^«»]+)»(?:\s*\((?P<doc>\d{3})\b)?")
ELISION = "[...]"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _raw_texts() -> dict[str, str]:
    return {path.stem[:3]: _squash(path.read_text(encoding="utf-8")) for path in sorted(RAW.glob("*.txt"))}


def quotation_problem(quote: str, doc: str | None, texts: dict[str, str]) -> str | None:
    """Why a quotation is not a quotation of the corpus, or None when it is."""
    if doc is not None and doc not in texts:
        return f"«{quote}» cites document {doc}, which corpus/raw/ does not have"
    candidates = [texts[doc]] if doc is not None else list(texts.values())
    parts = [_squash(part).strip() for part in quote.split(ELISION)]
    for text in candidates:
        at = 0
        for part in parts:
            found = text.find(part, at)
            if found < 0:
                break
            at = found + len(part)
        else:
            return None
    where = f"document {doc}" if doc is not None else "any document of corpus/raw/"
    return f"«{quote}» does not occur in {where}"


@pytest.fixture(scope="module")
def guidelines() -> str:
    return GUIDELINES.read_text(encoding="utf-8")


def test_generated_tables_match_the_schema(guidelines: str) -> None:
    refreshed = refresh_generated_blocks(guidelines)
    assert refreshed == guidelines, (
        "guidelines.md is out of date with the schema: rewrite it with "
        "schema.describe.refresh_generated_blocks(text)")


def test_every_generated_block_is_present(guidelines: str) -> None:
    keys = generated_keys(guidelines)
    assert sorted(set(keys)) == sorted(generated_blocks()), keys
    for name in EVENT_TYPES:
        assert keys.count(f"roles:{name}") == 1, f"guidelines.md needs exactly one roles block for {name}"


def test_the_drift_check_catches_a_stale_table(guidelines: str) -> None:
    stale = guidelines.replace("| Visitor | PER, ORG, GPE | 1+ | yes |", "| Visitor | PER | 1 | yes |", 1)
    assert stale != guidelines
    assert refresh_generated_blocks(stale) == guidelines


def test_corpus_quotations_occur_in_the_articles(guidelines: str) -> None:
    texts = _raw_texts()
    assert len(texts) == 5
    quotes = list(QUOTE.finditer(guidelines))
    assert len(quotes) > 100, "the guidelines should quote the corpus for their examples"
    problems = [p for m in quotes if (p := quotation_problem(m.group("quote"), m.group("doc"), texts))]
    assert not problems, "\n".join(problems)


def test_quotation_check_rejects_a_misquote() -> None:
    texts = _raw_texts()
    assert quotation_problem("Díaz-Canel arrived in Russia", "000", texts) is None
    assert quotation_problem("Díaz-Canel arrived in Russia", "001", texts) is not None
    assert quotation_problem("Díaz-Canel arrived in Moscow", "000", texts) is not None
    assert quotation_problem("Following a meeting [...] vowed to strengthen", "000", texts) is None
    assert quotation_problem("vowed to strengthen [...] Following a meeting", "000", texts) is not None
