"""Money and time recognizers: MONEY and TIME candidates with their normalized values.

Thin layer over :func:`annotate.normalize.find_money` and :func:`annotate.normalize.find_times`
(pure Python): each expression is normalized with the sentence it stands in as context, so that its
tense can place a date without a year ("will visit Moscow in November"), and ranges are normalized as
the guidelines say (7.1), to the smallest calendar unit that contains them ("October 3-5" -> 2019-W40).
"""

from __future__ import annotations

from collections.abc import Callable

from annotate.normalize import find_money, find_times

from .entities import Candidate


def value_candidates(text: str, *, dct: str | None,
                     sentence_of: Callable[[int, int], str | None] | None = None) -> list[Candidate]:
    """MONEY and TIME candidates of ``text``; ``sentence_of(start, end)`` gives an expression's sentence."""
    found = [Candidate(start, end, "MONEY", None, "money", 9, value)
             for start, end, value in find_money(text)]
    for start, end, value in find_times(text, dct=dct, context=sentence_of, ranges="enclosing"):
        if text[start:end].strip() != text[start:end]:
            continue
        found.append(Candidate(start, end, "TIME", None, "time", 9, value))
    return found
