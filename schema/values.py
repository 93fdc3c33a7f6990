"""Normalized values: time as TimeML TIMEX3 values, money as an amount in an ISO 4217 currency.

The models accept any string so that a malformed value reaches the content checks, which name the
exact problem (:func:`timex_problem`, :func:`money_problem`) instead of a generic type error.
"""

from __future__ import annotations

import math
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# A finite amount that JSON can carry; bounded so that arithmetic and Parquet stay exact enough.
Amount = Annotated[float, Field(ge=0, le=1e18, allow_inf_nan=False)]


class TimexType(str, Enum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class TimexMod(str, Enum):
    """TIMEX3 ``mod`` values (TimeML 1.2.1)."""

    BEFORE = "BEFORE"
    AFTER = "AFTER"
    ON_OR_BEFORE = "ON_OR_BEFORE"
    ON_OR_AFTER = "ON_OR_AFTER"
    LESS_THAN = "LESS_THAN"
    MORE_THAN = "MORE_THAN"
    EQUAL_OR_LESS = "EQUAL_OR_LESS"
    EQUAL_OR_MORE = "EQUAL_OR_MORE"
    START = "START"
    MID = "MID"
    END = "END"
    APPROX = "APPROX"


class TimeValue(BaseModel):
    """A TIMEX3 normalization of a time expression, resolved against the document creation time.

    ``value`` examples: ``2018-11-02``, ``2018-11``, ``2019``, ``2018-W45``, ``2018-Q4``,
    ``XXXX-05-09`` (year unknown), ``PRESENT_REF``, ``P3D`` (a duration), ``201X`` (a decade).
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    type: TimexType = Field(TimexType.DATE, strict=False, description="TIMEX3 type.")
    value: str = Field(min_length=1, max_length=64, description="TIMEX3 value.")
    mod: TimexMod | None = Field(None, strict=False, description="TIMEX3 mod, e.g. APPROX or START.")
    anchor: Literal["dct", "text", "none"] = Field(
        "dct", description="What the value was resolved against: the document creation time, "
        "another time in the text, or nothing (absolute)."
    )


class MoneyValue(BaseModel):
    """An amount of money: an exact ``amount`` or bounds ``min``/``max``, in an ISO 4217 currency."""

    model_config = ConfigDict(extra="forbid", strict=True)

    currency: str = Field(min_length=1, max_length=8, description="ISO 4217 code, e.g. USD, EUR, RUB.")
    amount: Amount | None = Field(None, description="The amount in units of the currency.")
    min: Amount | None = Field(None, description="Lower bound, for 'over $260 million'.")
    max: Amount | None = Field(None, description="Upper bound, for 'up to 50 million'.")
    approximate: bool = Field(False, description="True for 'about', 'nearly', 'billions of'.")


# -- well-formedness ----------------------------------------------------------------------------

_DATE = (r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-WE|-[1-7X])?|-Q[1-4X]"
         r"|-H[12X]|-(?:SP|SU|FA|WI))?")
_TIME = r"T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|MI|AF|EV|NI|DT)"
_DURATION = r"P(?:(?:\d+(?:\.\d+)?|X)[YMWDEC]|(?:\d+|X)(?:CE|DE|ML))+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+"
# re.ASCII: ``\d`` is 0-9 only (not ２ or ٥), and fullmatch: a trailing newline is not part of a value.
_TIMEX_VALUE = re.compile(
    rf"(?:{_DATE}(?:{_TIME})?|{_TIME}|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF|\d{{2}}|\d{{2}}X?)", re.ASCII
)
_DURATION_RE = re.compile(_DURATION, re.ASCII)
_CALENDAR_DATE = re.compile(r"(\d{4}|\d{3}X|\d{2}XX|XXXX)-(\d{2}|XX)(?:-(\d{2}|XX))?", re.ASCII)
_WEEK = re.compile(r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)-W(\d{2})", re.ASCII)


def timex_problem(time: TimeValue) -> str | None:
    """Say why a TIMEX3 normalization is malformed, or return None.

    Month and day are checked whatever the year: ``XXXX-13-45`` is refused, ``XXXX-02-29`` is allowed
    (some year has it); ``XXXX-WXX-1`` (a Monday) and ``2019-W40-3`` are well formed.
    """
    value = time.value
    if not _TIMEX_VALUE.fullmatch(value):
        return (f"TIMEX3 value {value!r} is not well formed (expected e.g. 2018-11-02, 2018-11, 2019, "
                "2018-W45, XXXX-05-09, P3D or PRESENT_REF)")
    is_duration = bool(_DURATION_RE.fullmatch(value))
    if (time.type == TimexType.DURATION) != is_duration:
        return f"TIMEX3 type {time.type.value} does not fit value {value!r}"
    date = _CALENDAR_DATE.match(value)
    if date:
        year, month, day = date.groups()
        if month != "XX" and not 1 <= int(month) <= 12:
            return f"TIMEX3 value {value!r} has month {month}, which does not exist"
        if day is not None and day != "XX":
            import calendar

            # An unknown year or month allows the most days any year or month has (2000 is a leap year).
            last = calendar.monthrange(int(year) if year.isdigit() else 2000, int(month) if month != "XX" else 1)[1]
            if not 1 <= int(day) <= last:
                which = "its month does not have" if month != "XX" else "no month has"
                return f"TIMEX3 value {value!r} has day {day}, which {which}"
    week = _WEEK.match(value)
    if week and not 1 <= int(week.group(1)) <= 53:
        return f"TIMEX3 value {value!r} has week {week.group(1)}, which does not exist"
    return None


#: Active ISO 4217 alphabetic codes (list of 2024), plus XAU/XAG-style units.
ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF
    KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR
    MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG
    SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD
    UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL XAU XAG XDR""".split()
)


def money_problem(money: MoneyValue) -> str | None:
    """Say why a money normalization is malformed, or return None."""
    if money.currency not in ISO_4217:
        return f"currency {money.currency!r} is not an ISO 4217 code (expected e.g. USD, EUR, RUB)"
    if money.amount is None and money.min is None and money.max is None:
        return "a money value needs an amount, a min or a max"
    if money.amount is not None and (money.min is not None or money.max is not None):
        return "give either an exact amount or bounds (min/max), not both"
    if money.min is not None and money.max is not None and money.min > money.max:
        return f"min ({money.min:g}) is greater than max ({money.max:g})"
    for name in ("amount", "min", "max"):
        number = getattr(money, name)
        if number is not None and not math.isfinite(number):
            return f"{name} must be a finite number"
    return None
