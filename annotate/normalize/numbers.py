"""Number words and the offset-preserving text cleaning that both normalizers read through.

:func:`parse_number` reads "1,500", "3.8", "twenty-five", "a dozen"; :data:`NUMBER` is its regular
expression. ``_plain`` maps one character to one character (non-breaking spaces to " ", dashes to "-",
curly quotes straight), so offsets found in its result are offsets in the original text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# -- text cleaning (one character for one character, so offsets survive) -------------------------

_ONE_FOR_ONE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u2008": " ",
    "\u200a": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
})


#: The pairs of ``_ONE_FOR_ONE``: no replacement is itself replaced, so replacing them one after the
#: other is the same as translating.
_REPLACEMENTS = tuple((chr(code), new) for code, new in _ONE_FOR_ONE.items())


def _plain(text: str) -> str:
    """``text`` with non-breaking and other spaces as " ", dashes as "-", curly quotes straight.

    Same length as ``text``: offsets found in the result are offsets in ``text``. A long text is
    searched for each character and only those present are replaced (``str.translate`` with a dict
    looks up every character of the text: tens of times slower on an article).
    """
    if len(text) < 64:
        return text.translate(_ONE_FOR_ONE)
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return str(text)


#: The characters for which a case-insensitive pattern and the same pattern in lower case run on
#: ``str.lower()`` of the text disagree: "İ" lowers to two characters, "ı" and "ſ" match "i" and "s"
#: under ``re.IGNORECASE`` but lower to themselves. Every other code point ``c`` has a one-character
#: ``c.lower()`` that each literal character of those patterns matches exactly when it matches ``c``
#: ignoring case, and ``c`` and ``c.lower()`` are both or neither in ``\w``, ``\d``, ``\s``, and
#: ``[A-Z]`` ignoring case / ``[a-z]`` (tests/test_normalize_scan.py checks every code point).
_FOLDS_APART_CHARS = "\u0130\u0131\u017f"
_FOLDS_APART = re.compile(f"[{_FOLDS_APART_CHARS}]")


@lru_cache(maxsize=4)
def _scan_texts(text: str) -> tuple[str, str | None]:
    """``_plain(text)`` and its lower case when lower-case patterns may be run on it in place of the
    case-insensitive ones (same length, no character of :data:`_FOLDS_APART`), else None.

    Case-sensitive matching is several times faster in ``re``; offsets are the same in all three
    strings. Remembered for the last few texts: :func:`find_money` and :func:`find_times` read the
    same document one after the other.
    """
    plain = _plain(text)
    low = plain.lower()
    if len(low) != len(plain) or _FOLDS_APART.search(plain):
        return plain, None
    return plain, low


def _squeeze(text: str) -> str:
    return re.sub(r" +", " ", _plain(text)).strip()


# -- numbers -------------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(list(_SMALL)[1:10]) + r"))?|"
    + "|".join(sorted(_SMALL, key=len, reverse=True)) + r"|a\s+dozen|dozen|a\s+hundred|hundred)"
)
#: A number in digits ("1,500", "3.8", "50") or words ("fifty", "twenty-five", "a dozen").
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUMBER})"


def parse_number(text: str) -> Decimal | None:
    """The value of a number in digits or English words ("1,500", "3.8", "twenty-five"), or None."""
    s = _squeeze(text).lower()
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", s):
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    words = [w for w in re.split(r"[\s-]+", s) if w and w != "and"]
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    total, current = 0, 0
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return Decimal(total + current)
