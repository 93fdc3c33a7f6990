"""Differential tests of the whole-text scans of ``find_times`` and ``find_money`` (issue 13).

The scans run case-sensitive copies of the case-insensitive patterns on the lower case of the text
(``numbers._scan_texts``, ``_TIME_FINDER_LOWER``, ``_MONEY_LOWER``, ``_VAGUE_MONEY_LOWER``), skip the
"billions of dollars" pattern when the text holds none of its scale words, and call the ``context``
function only for the expressions whose value needs the tense. Each test compares the new functions
with the scans they replaced (kept below as reference functions: the case-insensitive patterns run
over the whole text, the context read eagerly) on the bundled articles and on random and hostile
texts; a missed or added match fails them. One test checks, for every code point, the property the
lower-case scan rests on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.normalize import find_money, find_times, normalize_time
from annotate.normalize import money as money_module
from annotate.normalize import numbers, timex
from annotate.normalize.money import _MONEY, _VAGUE_MONEY, _money_from_match, _vague_money
from annotate.normalize.numbers import _FOLDS_APART_CHARS, _plain
from annotate.normalize.timex import _MONTH, _MONTH_CAPITALIZED, _MONTHS, _TIME_FINDER, _WEEKDAY, _WEEKDAYS

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RAW = Path(__file__).resolve().parent.parent / "corpus" / "raw"


# -- the scans as they were before (the reference) -------------------------------------------------

def old_find_times(text, *, dct, context=None, ranges="first"):
    plain = _plain(text)
    for match in _TIME_FINDER.finditer(plain):
        start, end = match.start(), match.end()
        while end > start and plain[end - 1] in " ,-.":
            if plain[end - 1] == "." and re.search(rf"{_MONTH}$", plain[start:end], re.I):
                break
            end -= 1
        while start < end and plain[start] == " ":
            start += 1
        surface = plain[start:end]
        if not surface or re.fullmatch(r"(?i)an?|the|some", surface):
            continue
        if any(not word[0].isupper() for word in re.findall(r"[A-Za-z]+", surface)
               if word.lower() in _MONTHS or word.lower() in _WEEKDAYS):
            continue
        if _MONTH_CAPITALIZED.match(surface) or re.fullmatch(rf"(?i){_WEEKDAY}", surface):
            if not surface[0].isupper():
                continue
            if surface.lower().rstrip(".") in ("may", "mar", "march", "jan", "sat", "sun", "wed", "dec", "oct",
                                               "aug", "sept", "sep", "nov", "feb", "jun", "jul", "apr", "mon",
                                               "tue", "thu", "fri") and not re.search(
                    r"\b(?:in|since|until|by|last|next|this|early|late|mid|during|of)\s+$", plain[max(0, start - 12):start],
                    re.I):
                continue
        if re.fullmatch(r"\d{4}", surface):
            if not re.search(r"\b(?:in|since|until|by|of|from|to|and|before|after|during|early|late|mid|"
                             r"year|fiscal|through|till|as\s+of|between|around|spring|summer|fall|autumn|"
                             r"winter|end|beginning|start|middle)\s*-?\s*$",
                             plain[max(0, start - 16):start], re.I):
                continue
        sentence = context(start, end) if context else None
        value = normalize_time(surface, dct=dct, context=sentence, ranges=ranges)
        if value is not None:
            yield start, end, value


def old_find_money(text):
    plain = _plain(text)
    taken = []
    for match in _VAGUE_MONEY.finditer(plain):
        value = _vague_money(match)
        if value is not None:
            taken.append((match.start(), match.end()))
            yield match.start(), match.end(), value
    for match in _MONEY.finditer(plain):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        value = _money_from_match(match)
        if value is None:
            continue
        start, end = match.start(), match.end()
        while end > start and plain[end - 1] in " -":
            end -= 1
        yield start, end, value


# -- comparing ------------------------------------------------------------------------------------

def _dump(found):
    return [(start, end, value.model_dump()) for start, end, value in found]


def _sentence_context(text):
    """A context function like the suggester's: the text around the match, tense cues included."""
    def context(start, end):
        return text[max(0, start - 40):end + 40]
    return context


def _outcome(func, *args, **kwargs):
    """What ``func`` found, or the exception it raised (the same input must fail the same way)."""
    try:
        return _dump(func(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return type(exc).__name__, str(exc)


def assert_same_scans(text):
    """Every match of the three patterns (those that give no value too), with each group's text."""
    plain, low = numbers._scan_texts(text)
    names = list(_MONEY.groupindex)
    assert [(m.start(), m.end(), [m.group(n) for n in names]) for m in money_module._money_matches(plain, low)] == [
        (m.start(), m.end(), [m.group(n) for n in names]) for m in _MONEY.finditer(plain)]
    assert [m.group(0) for m in money_module._vague_matches(plain, low)] == [
        m.group(0) for m in _VAGUE_MONEY.finditer(plain)]
    assert [m.span() for m in timex._time_matches(text)[1]] == [m.span() for m in _TIME_FINDER.finditer(plain)]


def assert_same(text, dct="2018-11-05"):
    assert_same_scans(text)
    new, old = _outcome(find_money, text), _outcome(old_find_money, text)
    if old and old[0] == "KeyError" and set(text) & set("İıſ"):  # the old crash on "thouſands" (fixed)
        assert isinstance(new, list), (text, new)
    else:
        assert new == old, text
    for ranges in ("first", "enclosing"):
        for context in (None, _sentence_context(text)):
            new = _outcome(find_times, text, dct=dct, context=context, ranges=ranges)
            assert new == _outcome(old_find_times, text, dct=dct, context=context, ranges=ranges), (text, ranges)


def test_bundled_articles_and_gold_texts_same_as_before():
    texts = [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]
    assert texts
    found = 0
    for text in texts:
        assert_same(text)
        assert_same(text, dct=None)
        found += len(list(find_times(text, dct="2018-11-05"))) + len(list(find_money(text)))
    assert found > 20  # the articles do hold dates and amounts: the comparison is not of empty lists


WORDS = [
    "May", "may", "March", "march", "Mar.", "Nov.", "sept", "Sept.", "Tuesday", "tue", "Sun", "sunday", "2",
    "3-5", "21st", "2019", "1990s", "'90s", "2018-11", "10/03/2019", "last", "next", "this", "past", "coming",
    "week", "weeks", "weekend", "year", "years", "month", "decade", "century", "hour", "minutes", "ago", "today",
    "tonight", "morning", "since", "in", "by", "of", "the", "a", "an", "some", "few", "several", "about", "over",
    "more than", "up to", "between", "and", "to", "until", "early", "mid-", "late", "end", "beginning", "within",
    "for", "two", "twenty-five", "a dozen", "hundred", "$", "US$", "u.s. $", "€", "£", "¥", "Rs", "rs.", "5",
    "3.5", "1,500", "2,000,000", "million", "billion", "bn", "m", "k", "thousands", "Millions", "billions",
    "hundreds", "tens", "dollars", "Dollars", "euro", "euros", "pounds", "yen", "won", "USD", "usd", "Usd", "EUR",
    "eur", "ABC", "XYZ", "bolívars", "BOLÍVARS", "~", "-", ",", ".", "  ", " ", "\u00a0", "\n", "\t", "\u2013",
    "will", "said", "was", "plans to", "İ", "ı", "ſ", "ſunday", "Kelvin\u212a", "\u212a", "Σ", "ΣΑΣ", "é", "ß",
    "ﬆ", "\u0345", "٣", "x", "_", "(", ")", '"', "'", ";",
]
TEXTS = (st.lists(st.sampled_from(WORDS), max_size=24).map(" ".join)
         | st.lists(st.sampled_from(WORDS), max_size=24).map("".join)
         | st.text(max_size=60)
         | st.text(alphabet=st.sampled_from(list("aAmMsSyY0123 $€-.,ıſİKΣkdnoe\n")), max_size=60))


@SETTINGS
@given(TEXTS, st.sampled_from([None, "2018-11-05", "2018-11", "2019"]))
def test_random_and_hostile_texts_same_as_before(text, dct):
    assert_same(text, dct)


HOSTILE = [
    "", " ", "the", "May", "In May", "may be", "since March 3, 2019", "Tuesday to Friday", "ſunday and Sunday",
    "SUNDAY", "ıt was İstanbul in May 2019", "\u212a\u212a\u212a 5", "5 usd", "5 USD", "5 Usd", "USD 5 million",
    "billions of dollars", "BILLIONS OF DOLLARS", "thouſands of dollars", "hundreds of millions of euros",
    "over $260 million and €38-million", "$2-3 billion", "between $5 and $10 million", "a million dollars",
    "rs 50", "Rs. 50 crore", "\u00a05\u00a0million\u00a0euro", "38-million-euro", "9" * 300, "$" * 50,
    "next " * 40, "May " * 40, "the 1990s", "mid-2019", "last week's", "İ" * 20 + " May 2019",
    "ΣΑΣ in 2019 and 5 USD", "Σ March 3",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_same_as_before(text):
    assert_same(text)
    assert_same(text, dct=None)


def test_the_lower_case_scan_is_used_and_the_fallback_too(monkeypatch):
    """Both paths run: a text with a character of _FOLDS_APART goes the old way, others the new."""
    calls = []
    real = numbers._scan_texts.__wrapped__

    def spy(text):
        plain, low = real(text)
        calls.append(low is not None)
        return plain, low

    monkeypatch.setattr(timex, "_scan_texts", spy)
    monkeypatch.setattr(money_module, "_scan_texts", spy)
    assert [value.value for _s, _e, value in find_times("on 5 May 2019", dct=None)] == ["2019-05-05"]
    assert [value.value for _s, _e, value in find_times("ı on 5 May 2019", dct=None)] == ["2019-05-05"]
    assert [value.currency for _s, _e, value in find_money("ſ: 5 USD; 6 usd")] == ["USD", "USD"]
    assert calls == [True, False, False]


def test_context_is_read_only_when_the_value_needs_the_tense():
    asked = []

    def context(start, end):
        asked.append((start, end))
        return "she will go"

    text = "On September 4, 1998 and for three weeks; in November."
    found = list(find_times(text, dct="2018-12-05", context=context))
    assert [value.value for _s, _e, value in found] == ["1998-09-04", "P3W", "2019-11"]
    assert asked == [(found[2][0], found[2][1])]  # only "November" needs it (placed in the future)


@SETTINGS
@given(st.text(max_size=300) | st.lists(st.sampled_from(WORDS + ["\u2014", "\u2019", "\u201c", "\u3000", "\r"]),
                                     max_size=120).map("".join))
def test_plain_same_as_translating(text):
    """``_plain`` replaces the characters present in a long text instead of translating every one."""
    assert _plain(text) == text.translate(numbers._ONE_FOR_ONE)
    assert type(_plain(text)) is str


def _every_code_point() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


def test_lower_case_patterns_agree_with_ignorecase_on_every_code_point():
    """The property the lower-case scan rests on, for each code point ``c`` not in _FOLDS_APART:
    ``c.lower()`` is one character; a literal character of the patterns matches ``c`` ignoring case
    exactly when it equals ``c.lower()``; ``[A-Z]`` ignoring case matches ``c`` exactly when ``[a-z]``
    matches ``c.lower()``; ``\\w``, ``\\d``, ``\\s`` and ``[\\w$]`` hold for both or neither."""
    every = _every_code_point()
    apart = {c for c in every if len(c.lower()) != 1}
    kept = "".join(c for c in every if c not in apart)
    lowered = "".join(c.lower() for c in kept)
    assert len(lowered) == len(kept)
    literals = set("".join(money_module._CURRENCY_WORDS) + "".join(money_module._SYMBOLS)
                   + "".join(re.sub(r"\\.|\(\?P<\w+>|\[[^]]*\]", "", p.pattern) for p in (
                       timex._TIME_FINDER_LOWER, money_module._MONEY_LOWER, money_module._VAGUE_MONEY_LOWER)))
    literals = {c for c in literals if c.isalnum() or c in "$€£₽₹₩₺₴₪₫₦¥.,-~'"}
    assert set("abcdefghijklmnopqrstuvwxyzí$€") <= literals
    assert all(c == c.lower() for c in literals)
    cls = "[" + "".join(re.escape(c) for c in sorted(literals)) + "]"
    folding = {m.start() for m in re.finditer(cls, kept, re.IGNORECASE)}
    exact = {m.start() for m in re.finditer(cls, lowered)}
    for i in folding ^ exact:
        apart.add(kept[i])
    for i in folding & exact:  # both match some literal: the same ones?
        if {x for x in literals if re.fullmatch(re.escape(x), kept[i], re.IGNORECASE)} != {lowered[i]}:
            apart.add(kept[i])
    for ignoring, plain in ((r"[A-Z]", r"[a-z]"), (r"\w", r"\w"), (r"\d", r"\d"), (r"\s", r"\s"),
                            (r"[\w$]", r"[\w$]")):
        first = {m.start() for m in re.finditer(ignoring, kept, re.IGNORECASE)}
        second = {m.start() for m in re.finditer(plain, lowered)}
        apart |= {kept[i] for i in first ^ second}
    assert apart == set(_FOLDS_APART_CHARS)


@pytest.mark.parametrize("folded, plain", [("thouſands of dollars", "thousands of dollars"),
                                           ("bıllions of euros", "billions of euros"),
                                           ("$5 bİllion", "$5 billion"), ("hundredſ of millions of euros",
                                                                         "hundreds of millions of euros"),
                                           ("5 \u212a USD", "5 k USD")])
def test_words_that_match_only_ignoring_case_get_the_value_of_their_plain_spelling(folded, plain):
    """``re.IGNORECASE`` matches "ſ" as "s" and "ı"/"İ" as "i" (and the Kelvin sign as "k"): such a word
    once raised KeyError from the scale tables (a traceback from 'annotate suggest' on hostile text)."""
    assert [v for _s, _e, v in find_money(folded)] == [v for _s, _e, v in find_money(plain)]
    assert [v for _s, _e, v in find_money(plain)]  # the plain spelling has a value: not an empty comparison
