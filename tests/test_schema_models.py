"""Unit tests of the schema models: spans, mentions, events, normalized values, JSON round trip."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from schema import (
    EVENT_CLASSES, EVENT_TYPES, Attributes, Document, Loan, Mention, MoneyValue, Span, SpanMismatch, TimeValue,
    check_span, find_span, json_schema, money_problem, parse_anchor, timex_problem,
)


def test_span_text_length_must_agree_with_offsets():
    assert Span(start=3, end=7, text="loan").offsets == (3, 7)
    with pytest.raises(ValidationError, match="code points"):
        Span(start=3, end=8, text="loan")
    with pytest.raises(ValidationError, match="greater than start"):
        Span(start=5, end=3, text="ab")


def test_span_offsets_are_code_points_not_utf16_or_bytes():
    text = "a \U0001F1F7\U0001F1FA loan of 5\u00a0million"
    span = find_span(text, "loan")
    assert span == {"start": 5, "end": 9, "text": "loan"}
    check_span(text, Span(**span))
    with pytest.raises(SpanMismatch):
        check_span(text, Span(start=6, end=10, text="loan"))


def test_find_span_occurrences_and_anchor_syntax():
    text = "loan, loan, loan"
    assert find_span(text, "loan", 3)["start"] == 12
    with pytest.raises(SpanMismatch, match="occurs 3 time"):
        find_span(text, "loan", 4)
    assert parse_anchor("loan@2") == ("loan", 2)
    assert parse_anchor("a@b") == ("a@b", 1)
    assert parse_anchor("$50 million") == ("$50 million", 1)


def test_strict_types_do_not_coerce():
    with pytest.raises(ValidationError):
        Span.model_validate_json('{"start": "3", "end": 7, "text": "loan"}')
    with pytest.raises(ValidationError, match="Extra inputs"):
        Span.model_validate_json('{"start": 3, "end": 7, "text": "loan", "label": "x"}')


def test_mention_normalization_must_fit_type():
    with pytest.raises(ValidationError, match="only TIME"):
        Mention(id="M1", type="GPE", start=0, end=4, text="Cuba", time=TimeValue(value="2018"))
    with pytest.raises(ValidationError, match="value type"):
        Mention(id="M1", type="MONEY", start=0, end=4, text="$5bn", entity="E1")


def test_document_round_trips_through_json(sample_document):
    line = sample_document.to_json()
    assert "\n" not in line
    again = Document.model_validate_json(line)
    assert again == sample_document
    assert again.to_json() == line
    assert json.loads(line)["schema_version"] == "1.0"


def test_events_are_a_discriminated_union(sample_document):
    data = json.loads(sample_document.to_json())
    assert [e["type"] for e in data["events"]] == ["Visit", "Loan", "Statement", "Agreement"]
    data["events"][1]["type"] = "Bribe"
    with pytest.raises(ValidationError, match="Visit"):
        Document.model_validate(data)
    assert set(EVENT_TYPES) == {"Visit", "Loan", "Agreement", "Statement"}


def test_role_tables_are_class_data():
    assert Loan.role_names() == ("Lender", "Borrower", "Amount", "Purpose", "Time")
    assert Loan.role("Amount").cardinality == "0-1"
    assert Loan.role("Lender").required
    for cls in EVENT_CLASSES:
        for role in cls.ROLES:
            assert not role.name[-1].isdigit()
            assert role.fillers


def test_attributes_default_and_values():
    default = Attributes.default()
    assert (default.realis.value, default.polarity.value, default.tense.value) == ("actual", "positive", "past")
    with pytest.raises(ValidationError):
        Attributes.model_validate({"realis": "maybe", "polarity": "positive", "tense": "past"})


@pytest.mark.parametrize("value,ok", [
    ("2018-11-02", True), ("2018-11", True), ("2019", True), ("2018-W45", True), ("XXXX-05-09", True),
    ("PRESENT_REF", True), ("2018-Q4", True), ("201X", True), ("2018-11-02TEV", True),
    ("2018-13", False), ("2018-02-30", False), ("Nov 2", False), ("2018/11/02", False), ("", False),
])
def test_timex_values(value, ok):
    if value == "":
        with pytest.raises(ValidationError):
            TimeValue(value=value)
        return
    assert (timex_problem(TimeValue(value=value)) is None) == ok


def test_timex_duration_type_must_fit():
    assert timex_problem(TimeValue(type="DURATION", value="P3D")) is None
    assert "does not fit" in timex_problem(TimeValue(type="DATE", value="P3D"))


def test_money_values():
    assert money_problem(MoneyValue(currency="EUR", amount=38e6)) is None
    assert money_problem(MoneyValue(currency="USD", min=260e6, approximate=True)) is None
    assert "ISO 4217" in money_problem(MoneyValue(currency="DOLLARS", amount=1))
    assert "needs an amount" in money_problem(MoneyValue(currency="USD"))
    assert "greater than max" in money_problem(MoneyValue(currency="USD", min=5, max=1))
    with pytest.raises(ValidationError):
        MoneyValue.model_validate_json('{"currency": "USD", "amount": NaN}')
    with pytest.raises(ValidationError):
        MoneyValue(currency="USD", amount=-5)


def test_json_schema_describes_one_line(sample_document):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(sample_document.to_json()), schema)
    bad = json.loads(sample_document.to_json())
    bad["events"][0]["trigger"]["start"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
