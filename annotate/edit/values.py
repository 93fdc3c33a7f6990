"""The short syntax annotators type for normalized values, and proposals from the normalizers.

Money: ``CUR:AMOUNT`` (``USD:50000000``, ``USD:50M``, ``EUR:1.5B``), bounds ``CUR:MIN..MAX``,
``CUR:MIN..`` (over), ``CUR:..MAX`` (up to), and a trailing ``~`` for approximate (``USD:2B~``).
Suffixes ``K`` (thousand), ``M`` (million), ``B`` (billion), ``T`` (trillion) are accepted.

Time: a TIMEX3 value (``2018-11-02``, ``2018-11``, ``2018-W45``, ``XXXX-05-09``, ``P3D``,
``PRESENT_REF``), optionally followed by comma-separated ``type=SET``, ``mod=APPROX``, ``anchor=none``.
The type defaults to DURATION for ``P...`` values, TIME for values with a ``T`` clock part, else DATE.
"""

from __future__ import annotations

import re

from annotate.errors import DataError
from schema import Document, Mention, MentionType, MoneyValue, TimeValue, TimexMod, TimexType, money_problem, \
    timex_problem

__all__ = ["format_money", "format_time", "parse_money", "parse_time", "propose_money", "propose_time"]

_SCALE = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "BN": 1e9, "T": 1e12}
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)*(?:\.\d+)?(?:[eE]\d+)?)\s*([A-Za-z]{0,2})\s*$")


def _amount(text: str, what: str) -> float:
    match = _NUMBER.match(text)
    if not match:
        raise DataError(f"{what} {text!r} is not a number (e.g. 50000000, 50M, 1.5B)")
    digits, suffix = match.group(1).replace(",", ""), match.group(2).upper()
    if suffix not in _SCALE:
        raise DataError(f"{what} {text!r}: unknown suffix {suffix!r} (use K, M, B or T)")
    return float(digits) * _SCALE[suffix]


def parse_money(spec: str) -> MoneyValue:
    """``USD:50M`` -> MoneyValue(currency="USD", amount=5e7); see the module docstring."""
    text = spec.strip()
    currency, sep, rest = text.partition(":")
    if not sep or not currency or not rest:
        raise DataError(f"money {spec!r} is not CUR:AMOUNT (e.g. USD:50000000, USD:50M, EUR:10M..20M, USD:2B~)")
    approximate = rest.endswith("~")
    rest = rest.rstrip("~").strip()
    values: dict[str, float | None] = {"amount": None, "min": None, "max": None}
    if ".." in rest:
        low, _, high = rest.partition("..")
        if not low.strip() and not high.strip():
            raise DataError(f"money {spec!r}: give a lower or an upper bound")
        values["min"] = _amount(low, "lower bound") if low.strip() else None
        values["max"] = _amount(high, "upper bound") if high.strip() else None
    else:
        values["amount"] = _amount(rest, "amount")
    money = MoneyValue(currency=currency.strip().upper(), approximate=approximate, **values)
    problem = money_problem(money)
    if problem:
        raise DataError(f"money {spec!r}: {problem}")
    return money


def _number(value: float) -> str:
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if value >= scale and (value / scale) == round(value / scale, 3):
            return f"{value / scale:g}{suffix}"
    return f"{value:g}" if value < 1e15 else str(int(value))


def format_money(money: MoneyValue) -> str:
    """The syntax :func:`parse_money` reads (``USD:50M``)."""
    if money.amount is not None:
        body = _number(money.amount)
    else:
        body = f"{_number(money.min) if money.min is not None else ''}..{_number(money.max) if money.max is not None else ''}"
    return f"{money.currency}:{body}{'~' if money.approximate else ''}"


def parse_time(spec: str) -> TimeValue:
    """``2018-11-02`` or ``P3D,mod=APPROX`` -> TimeValue; see the module docstring."""
    head, *options = [part.strip() for part in spec.strip().split(",")]
    if not head:
        raise DataError(f"time {spec!r} is empty (e.g. 2018-11-02, 2018-11, P3D, PRESENT_REF)")
    value = head.upper() if head.upper() in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") else head
    if re.match(r"^P[\dXT]", value):
        kind = TimexType.DURATION
    elif "T" in value[1:] and not value.endswith("_REF"):
        kind = TimexType.TIME
    else:
        kind = TimexType.DATE
    fields: dict[str, object] = {"value": value, "type": kind}
    for option in options:
        key, sep, val = option.partition("=")
        key, val = key.strip().lower(), val.strip()
        if not sep or key not in ("type", "mod", "anchor"):
            raise DataError(f"time {spec!r}: unknown option {option!r} (type=, mod=, anchor=)")
        try:
            if key == "type":
                fields["type"] = TimexType(val.upper())
            elif key == "mod":
                fields["mod"] = TimexMod(val.upper())
            else:
                if val not in ("dct", "text", "none"):
                    raise ValueError(val)
                fields["anchor"] = val
        except ValueError:
            choices = {"type": [t.value for t in TimexType], "mod": [m.value for m in TimexMod],
                       "anchor": ["dct", "text", "none"]}[key]
            raise DataError(f"time {spec!r}: {key} cannot be {val!r} (one of {', '.join(choices)})") from None
    time = TimeValue(**fields)  # type: ignore[arg-type]
    problem = timex_problem(time)
    if problem:
        raise DataError(f"time {spec!r}: {problem}")
    return time


def format_time(time: TimeValue) -> str:
    """The syntax :func:`parse_time` reads (``2018-11-02``, ``P3D,mod=APPROX``)."""
    parts = [time.value]
    try:
        default = parse_time(time.value).type
    except DataError:
        default = None
    if time.type != default:
        parts.append(f"type={time.type.value}")
    if time.mod is not None:
        parts.append(f"mod={time.mod.value}")
    if time.anchor != "dct":
        parts.append(f"anchor={time.anchor}")
    return ",".join(parts)


def propose_time(doc: Document, text: str, *, context: str | None = None) -> TimeValue | None:
    """The normalizer's proposal for a time expression (None when it has none).

    A range of days is proposed as the smallest calendar unit that holds it, as guidelines.md 7.1 says
    ("October 3-5" -> 2019-W40).
    """
    from annotate.normalize import normalize_time

    dct = doc.source.dct.value if doc.source.dct else None
    try:
        value = normalize_time(text, dct=dct, context=context, ranges="enclosing")
    except Exception:  # a proposal is optional: a normalizer bug must not block annotation
        return None
    return value if isinstance(value, TimeValue) and not timex_problem(value) else None


def propose_money(text: str) -> MoneyValue | None:
    """The normalizer's proposal for a money expression (None when it has none)."""
    from annotate.normalize import normalize_money

    try:
        value = normalize_money(text)
    except Exception:  # a proposal is optional
        return None
    return value if isinstance(value, MoneyValue) and not money_problem(value) else None


def describe_value(mention: Mention) -> str:
    """``= 2018-11-02`` / ``= USD:50M`` for normalized mentions, else empty."""
    if mention.type == MentionType.TIME and mention.time is not None:
        return f"= {format_time(mention.time)}"
    if mention.type == MentionType.MONEY and mention.money is not None:
        return f"= {format_money(mention.money)}"
    return ""
