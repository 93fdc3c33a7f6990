"""Normalize time expressions to TIMEX3 values and money expressions to an amount in a currency.

Pure Python (no spaCy), so the interactive session, ``annotate event`` and the suggester share it.

- :func:`normalize_time` resolves a time expression against the document creation time (DCT), as
  news text is read: "November 2" in an article of 2018-11-05 is ``2018-11-02``, "last October" in one
  of 2018-07-04 is ``2017-10``, "over the past 5 decades" is the duration ``P5DE``.
- :func:`normalize_money` reads "$50 million", "38-million-euro", "over $260 million" (a lower
  bound), "billions of dollars" (an approximate lower bound) into a :class:`schema.MoneyValue`.
- :func:`find_money` and :func:`find_times` locate such expressions in a text with exact code-point
  offsets (the recognizers of ``annotate suggest``).

Both normalizers return None when they cannot normalize; they never guess a currency or a year that
the text and the DCT do not give. Conventions (documented in ``docs/suggestions.md``):

- A range ("October 3-5", "from Sunday to Wednesday", "in 2000 and 2014") is normalized to its first
  point.
- Signals keep their meaning in ``mod``: "since 2014" is ``2014`` ON_OR_AFTER, "until 2030" is
  ``2030`` ON_OR_BEFORE, "early this month" START, "mid-2019" MID, "late last year" END, "more than
  two years" ``P2Y`` MORE_THAN, "about three weeks" APPROX.
- A date without a year (or a weekday, or a bare month) is placed by the tense of its context: after
  the DCT when the context speaks of the future ("will", "plans to", "intends to", "next"), before it
  when the context is in the past, else the nearest to the DCT. A bare weekday with no cue is the most
  recent one on or before the DCT.
- "the past week", "the last two years", "within two weeks" are durations (``P1W``, ``P2Y``, ``P2W``);
  "last week", "last year" are points (``2018-W44``, ``2017``).

One module each: :mod:`.timex` (time), :mod:`.money` (money), :mod:`.numbers` (number words and the
offset-preserving text cleaning both read through).
"""

from __future__ import annotations

from .money import find_money, normalize_money, normalize_money_json
from .numbers import NUMBER, parse_number
from .timex import Dct, find_times, normalize_time, normalize_time_json, parse_dct

__all__ = [
    "NUMBER", "Dct", "find_money", "find_times", "normalize_money", "normalize_money_json", "normalize_time",
    "normalize_time_json", "parse_dct", "parse_number",
]
