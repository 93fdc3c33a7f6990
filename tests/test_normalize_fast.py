"""Differential tests of the normalizers' fast paths (issue 13) against the straightforward ones.

``normalize_time`` first parses an expression without the tense of its context and reads that tense
(and calls a ``context`` function) only when the parse asks for it; both normalizers remember their
results. Each test compares the fast path with the whole parse run eagerly with the context's tense
and without any memory, on random and hostile strings, and checks that remembered values are copies.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.normalize import normalize_money, normalize_money_json, normalize_time, normalize_time_json
from annotate.normalize.money import _normalized_money
from annotate.normalize.timex import _normalized, _tense_hint

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
WORDS = ["November", "Nov.", "2", "3-5", "2019", "last", "next", "this", "Tuesday", "tue", "week", "weeks", "year",
         "month", "since", "early", "the", "end", "of", "about", "two", "three", "ago", "1990s", "summer", "today",
         "morning", "to", "Sunday", "Wednesday", "past", "$", "5", "million", "euro", "USD", "over", "billions",
         "dollars", "-", ",", "  ", "\u00a0", "will", "said", "10/03/2019", "2018-11", "now", "recently", "century",
         "21st", "fiscal", "a", "few", "days", "é", "\n", "X"]
EXPRESSIONS = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join) | st.text(max_size=20)
CONTEXTS = st.none() | (st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))
DCTS = st.sampled_from([None, "2018-11-05", "2018-11", "2018", "2019-02-29", "bad", "", "2020-02-29T10:00:00Z"])
HOSTILE = ["", " ", "\x00", "the", "next", "last Tuesday", "on Tuesday", "November 2", "Tuesday to Friday",
           "October 3-5", "in 2000 and 2014", "\ud800", "9" * 400, "next " * 50, "$" * 30, "€5", "5 €",
           "billions of dollars", "USD 3.5 bn", "eur 5", "EUR 5", "$2-3 billion", "over $260 million"]


def reference_time(text, dct, context, ranges):
    """The whole parse, eagerly with the context's tense, nothing remembered."""
    value = _normalized.__wrapped__(text, dct, ranges, _tense_hint(context))
    return None if value is None else value.model_dump()


@SETTINGS
@given(EXPRESSIONS, DCTS, CONTEXTS, st.sampled_from(["first", "enclosing"]))
def test_normalize_time_equals_the_eager_parse(text, dct, context, ranges):
    expected = reference_time(text, dct, context, ranges)
    for _ in range(2):  # the second call comes from memory
        value = normalize_time(text, dct=dct, context=context, ranges=ranges)
        assert (None if value is None else value.model_dump()) == expected
    calls = []
    lazy = normalize_time(text, dct=dct, context=lambda: calls.append(1) or context, ranges=ranges)
    assert (None if lazy is None else lazy.model_dump()) == expected
    assert len(calls) <= 1
    fields = normalize_time_json(text, dct=dct, context=lambda: context, ranges=ranges)
    assert fields == (None if lazy is None else lazy.model_dump(mode="json", exclude_none=True))


def test_normalize_time_on_hostile_strings_and_contexts():
    for text in HOSTILE + WORDS:
        for dct in (None, "2018-11-05", "2018"):
            for context in (None, "He will visit.", "He visited.", "He will visit and visited."):
                value = normalize_time(text, dct=dct, context=context, ranges="enclosing")
                assert (None if value is None else value.model_dump()) == reference_time(text, dct, context,
                                                                                         "enclosing")


def test_the_context_function_is_called_only_when_the_tense_matters():
    calls = []
    assert normalize_time("September 4, 1998", dct="2018-11-05", context=lambda: calls.append(1)).value == "1998-09-04"
    assert calls == []
    future = normalize_time("on Tuesday", dct="2018-11-05", context=lambda: calls.append(1) or "He will come")
    past = normalize_time("on Tuesday", dct="2018-11-05", context=lambda: calls.append(1) or "He came")
    assert (future.value, past.value, calls) == ("2018-11-06", "2018-10-30", [1, 1])


def test_remembered_values_are_copies():
    first = normalize_time("November 2", dct="2018-11-05")
    first.value = "changed"
    assert normalize_time("November 2", dct="2018-11-05").value == "2018-11-02"
    money = normalize_money("$50 million")
    money.amount = 1.0
    assert normalize_money("$50 million").amount == 50_000_000
    for _ in range(2):  # the JSON fields too: a new dict each call
        fields = normalize_time_json("November 2", dct="2018-11-05")
        assert fields == {"type": "DATE", "value": "2018-11-02", "anchor": "dct"}
        fields["value"] = "changed"
        money_fields = normalize_money_json("$50 million")
        assert money_fields == {"currency": "USD", "amount": 50_000_000.0, "approximate": False}
        money_fields["amount"] = 1.0


def test_normalize_time_refuses_an_unknown_range_mode():
    import pytest

    with pytest.raises(ValueError):
        normalize_time("2019", dct=None, ranges="widest")
    assert normalize_time(12, dct=None, ranges="widest") is None  # not a string: None, as before


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join) | st.text(max_size=20))
def test_normalize_money_equals_the_straightforward_search(text):
    expected = _normalized_money.__wrapped__(text) if text.strip() else None
    for _ in range(2):
        value = normalize_money(text)
        assert (None if value is None else value.model_dump()) == (None if expected is None else expected.model_dump())
        assert normalize_money_json(text) == (None if value is None else value.model_dump(mode="json",
                                                                                            exclude_none=True))
    for hostile in HOSTILE:
        value = normalize_money(hostile)
        straight = _normalized_money.__wrapped__(hostile) if hostile.strip() else None
        assert (None if value is None else value.model_dump()) == (None if straight is None else straight.model_dump())
