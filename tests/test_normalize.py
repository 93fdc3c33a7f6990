"""Time (TIMEX3) and money (ISO 4217) normalization, on expressions taken from the seed articles."""

from __future__ import annotations

import pytest

from annotate.normalize import find_money, find_times, normalize_money, normalize_time, parse_dct, parse_number
from schema import TimeValue, money_problem, timex_problem

from conftest import SAMPLE_TEXT, SEEDS

# (expression, DCT, context, value, type, mod). Expressions and contexts are from the seeds; the DCTs
# are the ones corpus/raw/registry.json records for their articles (000 and 001: 2018-11, 002:
# 2019-10-30, 003: 2019-10, 004: 2018-11-01), plus a few others to test the rules.
TIME_CASES = [
    ("November 2", "2018-11", None, "2018-11-02", "DATE", None),
    ("on November 1", "2018-11", None, "2018-11-01", "DATE", None),
    ("October 29", "2018-11", "the Business Forum which began in Havana on October 29", "2018-10-29", "DATE", None),
    ("in November", "2018-11", "The Cuban Defense Minister intends to visit Moscow in November", "2018-11",
     "DATE", None),
    ("November 2", "2019-10", "In a joint statement following talks in Moscow on November 2, Cuban President "
     "Miguel Diaz-Canel and Russia’s Vladimir Putin also called for closer integration", "2018-11-02", "DATE", None),
    ("earlier this month", "2019-10", None, "2019-10", "DATE", None),
    ("May 9 next year", "2019-10", None, "2020-05-09", "DATE", None),
    ("on Tuesday", "2019-10-30", "held talks with Russian President Vladimir Putin in Moscow on Tuesday",
     "2019-10-29", "DATE", None),
    ("on Tuesday", "2018-11-05", None, "2018-10-30", "DATE", None),  # news convention: the last one
    ("next Tuesday", "2018-11-05", None, "2018-11-06", "DATE", None),
    ("last October", "2018-07-04", None, "2017-10", "DATE", None),
    ("next year", "2018-11-05", None, "2019", "DATE", None),
    ("in 2019", "2019-10", "Diaz-Canel invited Putin to visit Cuba in 2019.", "2019", "DATE", None),
    ("Early this month", "2019-10-30", None, "2019-10", "DATE", "START"),
    ("earlier this month", "2019-10-30", None, "2019-10", "DATE", None),
    ("over the past 5 decades", "2019-10-30", None, "P5DE", "DURATION", None),
    ("for many decades", "2019-10-30", None, "PXDE", "DURATION", None),
    ("in the past week", "2019-10-30", None, "P1W", "DURATION", None),
    ("within two weeks", "2019-10", None, "P2W", "DURATION", None),
    ("the last two years", "2018-11-01", None, "P2Y", "DURATION", None),
    ("a 3-day", "2018-11-01", None, "P3D", "DURATION", None),
    ("three-day", "2018-11", None, "P3D", "DURATION", None),
    ("since 2014", "2019-10-30", None, "2014", "DATE", "ON_OR_AFTER"),
    ("until 2030", "2019-10", None, "2030", "DATE", "ON_OR_BEFORE"),
    ("from October 3-5", "2019-10-30", None, "2019-10-03", "DATE", None),
    ("from Sunday to Wednesday", "2019-10-30", None, "2019-10-27", "DATE", None),
    ("On October 25", "2019-10-30", "the US announced it would suspend all flights", "2019-10-25", "DATE", None),
    ("in June", "2019-10-30", "In an interview in Moscow in June, Putin said", "2019-06", "DATE", None),
    ("in November, 2018", "2019-10-30", None, "2018-11", "DATE", None),
    ("November 2, 2018", "2019-10-30", None, "2018-11-02", "DATE", None),
    ("Friday, Nov. 9, 2018", "2018-11", None, "2018-11-09", "DATE", None),
    ("on May 9 next year", "2019-10-30", None, "2020-05-09", "DATE", None),
    ("this week", "2018-11-01", None, "2018-W44", "DATE", None),
    ("last week", "2018-11-05", None, "2018-W44", "DATE", None),
    ("in 1991", "2019-10", None, "1991", "DATE", None),
    ("as of 2012", "2019-10", None, "2012", "DATE", None),
    ("in 2000 and 2014", "2019-10", None, "2000", "DATE", None),  # a list: its first point
    ("mid-2019", "2018-11-05", None, "2019", "DATE", "MID"),
    ("late last year", "2018-11-05", None, "2017", "DATE", "END"),
    ("the end of the year", "2018-11-05", None, "2018", "DATE", "END"),
    ("two years ago", "2018-11-05", None, "2016", "DATE", None),
    ("yesterday", "2018-11-05", None, "2018-11-04", "DATE", None),
    ("the 1990s", "2018-11-05", None, "199X", "DATE", None),
    ("the first quarter of 2019", "2018-11-05", None, "2019-Q1", "DATE", None),
    ("more than two years", "2018-11-05", None, "P2Y", "DURATION", "MORE_THAN"),
    ("this summer", "2018-11-05", None, "2018-SU", "DATE", None),
    ("3 p.m.", "2018-11-05", None, "2018-11-05T15:00", "DATE", None),
]


@pytest.mark.parametrize("text, dct, context, value, type_, mod", TIME_CASES,
                         ids=[f"{c[0]}@{c[1]}" for c in TIME_CASES])
def test_normalize_time_on_seed_expressions(text, dct, context, value, type_, mod):
    result = normalize_time(text, dct=dct, context=context)
    assert result is not None, text
    assert (result.value, result.type.value, result.mod.value if result.mod else None) == (value, type_, mod)
    assert timex_problem(result) is None


def test_time_anchor_says_what_the_value_was_resolved_against():
    assert normalize_time("November 2", dct="2018-11-05").anchor == "dct"
    assert normalize_time("November 2, 2018", dct="2018-11-05").anchor == "none"
    assert normalize_time("over the past 5 decades", dct="2019-10-30").anchor == "none"


def test_time_without_a_dct_normalizes_only_what_the_text_fixes():
    assert normalize_time("November 2", dct=None).value == "XXXX-11-02"
    assert normalize_time("in 2019", dct=None).value == "2019"
    assert normalize_time("on Tuesday", dct=None) is None
    assert normalize_time("next year", dct=None) is None
    assert normalize_time("this week", dct="2018-11") is None  # a month DCT cannot place a week
    assert normalize_time("November 2", dct="2018-11").value == "2018-11-02"


def test_context_tense_places_dates_without_a_year():
    # DCT in November: "in January" is the coming one when the sentence speaks of the future...
    assert normalize_time("in January", dct="2018-11-05", context="He will visit Havana in January").value == "2019-01"
    # ... and the past one when it speaks of the past.
    assert normalize_time("in January", dct="2018-11-05", context="He visited Havana in January").value == "2018-01"
    assert normalize_time("on Friday", dct="2018-11-05", context="They will sign on Friday").value == "2018-11-09"


@pytest.mark.parametrize("text", ["the Cold War era", "the 75th anniversary", "Cuba", "", "   ", "year", "in",
                                  "the time of the former Soviet Union", "February 30, 2019"])
def test_time_that_cannot_be_normalized_is_none(text):
    assert normalize_time(text, dct="2018-11-05") is None


def test_bad_dct_is_treated_as_unknown():
    assert parse_dct("2018-13-01") is None
    assert parse_dct("yesterday") is None
    assert parse_dct("2018-11-05T10:00:00") == parse_dct("2018-11-05")
    assert normalize_time("November 2", dct="not a date").value == "XXXX-11-02"


MONEY_CASES = [
    ("$50 million", {"currency": "USD", "amount": 5e7}),
    ("$50\u00a0million", {"currency": "USD", "amount": 5e7}),
    ("38-million-euro", {"currency": "EUR", "amount": 3.8e7}),
    ("38 billion USD", {"currency": "USD", "amount": 3.8e10}),
    ("about 38 billion USD", {"currency": "USD", "amount": 3.8e10, "approximate": True}),
    ("50 billion USD", {"currency": "USD", "amount": 5e10}),
    ("over $260 million", {"currency": "USD", "min": 2.6e8}),
    ("billions of dollars", {"currency": "USD", "min": 1e9, "approximate": True}),
    ("hundreds of millions of dollars", {"currency": "USD", "min": 1e8, "approximate": True}),
    ("€5m", {"currency": "EUR", "amount": 5e6}),
    ("5 million rubles", {"currency": "RUB", "amount": 5e6}),
    ("US$1.5bn", {"currency": "USD", "amount": 1.5e9}),
    ("$2-3 billion", {"currency": "USD", "min": 2e9, "max": 3e9}),
    ("between $1 billion and $2 billion", {"currency": "USD", "min": 1e9, "max": 2e9}),
    ("up to 100 million euros", {"currency": "EUR", "max": 1e8}),
    ("RUB 300 million", {"currency": "RUB", "amount": 3e8}),
    ("fifty million dollars", {"currency": "USD", "amount": 5e7}),
    ("$1,500", {"currency": "USD", "amount": 1500}),
]


@pytest.mark.parametrize("text, expected", MONEY_CASES, ids=[c[0] for c in MONEY_CASES])
def test_normalize_money(text, expected):
    result = normalize_money(text)
    assert result is not None, text
    assert result.model_dump(exclude_none=True, exclude_defaults=True) == expected
    assert money_problem(result) is None


@pytest.mark.parametrize("text", ["about 3 billion", "3 billion tons", "120-member states", "55 percent",
                                  "5 million cup", "", "dollars", "500 to 5,500 kilometers"])
def test_money_without_a_stated_currency_is_none(text):
    assert normalize_money(text) is None


def test_parse_number():
    assert parse_number("1,500") == 1500
    assert parse_number("3.8") == parse_number("3.80")
    assert parse_number("twenty-five") == 25
    assert parse_number("a dozen") == 12
    assert parse_number("several") is None


def test_find_money_offsets_are_exact_code_points_with_emoji_and_nbsp():
    found = list(find_money(SAMPLE_TEXT))
    assert len(found) == 1
    start, end, value = found[0]
    assert SAMPLE_TEXT[start:end] == "$50\u00a0million"
    assert (value.currency, value.amount) == ("USD", 5e7)


def test_find_times_on_a_seed_is_exact_and_skips_false_friends():
    text = (SEEDS / "002_9f5bde1575a982ea.txt").read_text(encoding="utf-8")
    found = {text[s:e]: v.value for s, e, v in find_times(text, dct="2019-10-30")}
    assert found["Early this month"] == "2019-10"
    assert found["October 3-5"] == "2019-10-03"
    assert found["the past 5 decades"] == "P5DE"
    assert found["2014"] == "2014"
    assert found["Tuesday"] == "2019-10-29"
    other = (SEEDS / "001_0cefdf8c56bef465.txt").read_text(encoding="utf-8")
    surfaces = [other[s:e] for s, e, _ in find_times(other, dct="2018-11-20")]
    assert "Friday, Nov. 9, 2018" in surfaces
    assert not any("may" in s for s in surfaces)  # "caution this may lead to" is no date


def test_normalized_values_are_schema_objects():
    value = normalize_time("since 2014", dct="2019-10-30")
    assert isinstance(value, TimeValue)
    assert TimeValue.model_validate_json(value.model_dump_json()) == value


@pytest.mark.parametrize("text, dct, first, enclosing", [
    ("from October 3-5", "2019-10-30", "2019-10-03", "2019-W40"),  # guidelines 7.1: one ISO week
    ("Sunday to Wednesday", "2019-10-30", "2019-10-27", "2019-10"),  # crosses weeks 43 and 44
    ("October 30 to November 2", "2019-11-05", "2019-10-30", "2019-W44"),
    ("November 2-3, 2018", "2019-10-30", "2018-11-02", "2018-W44"),
    ("in 2000 and 2014", "2018-11-03", "2000", "2000"),  # a list, not a range: its first point
])
def test_ranges_first_point_or_enclosing_unit(text, dct, first, enclosing):
    assert normalize_time(text, dct=dct).value == first
    value = normalize_time(text, dct=dct, ranges="enclosing")
    assert value.value == enclosing and timex_problem(value) is None


def test_ranges_option_is_checked():
    with pytest.raises(ValueError, match="ranges"):
        normalize_time("October 3-5", dct="2019-10-30", ranges="middle")


def test_find_times_passes_the_range_convention_on():
    text = "He was in Russia from Sunday to Wednesday."
    [(start, end, value)] = list(find_times(text, dct="2019-10-30", ranges="enclosing"))
    assert text[start:end] == "Sunday to Wednesday" and value.value == "2019-10"


@pytest.mark.parametrize("text, value", [
    ("in late October", "2018-10"), ("the first half of 2019", "2019-H1"), ("last Friday", "2018-11-02"),
    ("on Nov. 9", "2018-11-09"), ("two weeks ago", "2018-W43"), ("Monday morning", "2018-11-05TMO"),
    ("on 9 November 2018", "2018-11-09"), ("11/02/2018", "2018-11-02"), ("the coming week", "2018-W46"),
    ("the following day", None), ("the same day", None),  # relative to another time in the text
])
def test_more_time_expressions(text, value):
    result = normalize_time(text, dct="2018-11-05")
    assert (result.value if result else None) == value


@pytest.mark.parametrize("text, currency, amount", [
    ("1.5 trillion rubles", "RUB", 1.5e12), ("€2.3bn", "EUR", 2.3e9), ("USD 5 million", "USD", 5e6),
    ("10 billion yuan", "CNY", 1e10), ("£300 million", "GBP", 3e8), ("Rs 500 crore", "INR", 5e9),
])
def test_more_money_expressions(text, currency, amount):
    result = normalize_money(text)
    assert (result.currency, result.amount) == (currency, amount)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(
    "on in since until early late mid the last next this past over within about over $ € 50 5.5 38 2019 1990s "
    "million billion bn m euros dollars USD RUB rubles November Nov. 2 3-5 Tuesday to and - week month year "
    "decades ago more than nearly \u00a0 , . 🇷🇺 of".split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=8).map(" ".join),
       st.sampled_from([None, "2018-11-05", "2019-10", "2018", "bad"]))
def test_normalizers_never_raise_and_return_well_formed_values(text, dct):
    time = normalize_time(text, dct=dct, context=text)
    assert time is None or timex_problem(time) is None
    enclosing = normalize_time(text, dct=dct, ranges="enclosing")
    assert enclosing is None or timex_problem(enclosing) is None
    money = normalize_money(text)
    assert money is None or money_problem(money) is None
    for start, end, value in find_money(text):
        assert 0 <= start < end <= len(text) and money_problem(value) is None
    for start, end, value in find_times(text, dct=dct):
        assert text[start:end].strip() and timex_problem(value) is None
