"""Time expressions to TIMEX3 values, resolved against the document creation time (DCT).

:func:`normalize_time` normalizes one expression; :func:`find_times` locates them in a text with exact
code-point offsets (the time recognizer of ``annotate suggest``). The conventions are described in
:mod:`annotate.normalize`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from schema.values import TimeValue, TimexMod, TimexType

from .numbers import NUMBER, _WORD_NUMBER, _plain, _scan_texts, _squeeze, parse_number

# -- time ----------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_UNITS = {
    "day": "D", "week": "W", "fortnight": "2W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
    "centurie": "CE", "millennium": "ML", "millennia": "ML", "hour": "H", "minute": "MIN", "second": "S",
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
             "last": 4}
_VAGUE = r"(?:several|many|a\s+few|few|some|a\s+couple\s+of|a\s+number\s+of|numerous|recent)"

_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d|21\d\d)"
_UNIT = r"(?:day|week|fortnight|month|year|decade|centur(?:y|ies)|millenni(?:um|a)|hour|minute)s?"

_REFS: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "present": "PRESENT_REF", "presently": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at this time": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "in the past": "PAST_REF", "the past": "PAST_REF", "once": "PAST_REF", "earlier": "PAST_REF",
    "in recent years": "PAST_REF", "recent years": "PAST_REF", "historically": "PAST_REF",
    "soon": "FUTURE_REF", "in the future": "FUTURE_REF", "the future": "FUTURE_REF", "later": "FUTURE_REF",
    "eventually": "FUTURE_REF", "in the coming years": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "in the near future": "FUTURE_REF", "the near future": "FUTURE_REF", "shortly": "FUTURE_REF",
    "in the long term": "FUTURE_REF", "in the long run": "FUTURE_REF",
}
_PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}

#: Leading signals: (pattern, mod). A signal is consumed and its mod kept (the first one wins).
_LEADS: tuple[tuple[re.Pattern[str], TimexMod | None], ...] = tuple(
    (re.compile(pattern + r"\s*"), mod) for pattern, mod in (
        (r"(?:ever\s+)?since\b", TimexMod.ON_OR_AFTER),
        (r"(?:starting|beginning)\s+(?:in|on|from)?\b", TimexMod.ON_OR_AFTER),
        (r"(?:until|till|through|up\s+to|no\s+later\s+than|by)\b", TimexMod.ON_OR_BEFORE),
        (r"(?:before|prior\s+to|ahead\s+of)\b", TimexMod.BEFORE),
        (r"(?:after|following)\b", TimexMod.AFTER),
        (r"(?:more\s+than|over|upwards\s+of)\b(?=\s*(?:\d|a\b|an\b|" + _WORD_NUMBER + r"|" + _VAGUE + r"))",
         TimexMod.MORE_THAN),
        (r"(?:less\s+than|fewer\s+than|under)\b", TimexMod.LESS_THAN),
        (r"(?:nearly|almost|no\s+more\s+than|at\s+most)\b", TimexMod.EQUAL_OR_LESS),
        (r"(?:at\s+least|no\s+less\s+than)\b", TimexMod.EQUAL_OR_MORE),
        (r"(?:about|around|approximately|roughly|some|circa|ca\.|approx\.)(?=\s)", TimexMod.APPROX),
        (r"(?:the\s+)?(?:beginning|start|outset|first\s+days)\s+of\b(?:\s+the\b)?", TimexMod.START),
        (r"(?:the\s+)?early(?:\s+part\s+of)?\b|early-", TimexMod.START),
        (r"(?:the\s+)?(?:middle|mid-?point)\s+of\b(?:\s+the\b)?|mid-|mid\b", TimexMod.MID),
        (r"(?:the\s+)?(?:end|close|last\s+days)\s+of\b(?:\s+the\b)?", TimexMod.END),
        (r"(?:the\s+)?late(?:\s+part\s+of)?\b|late-", TimexMod.END),
        (r"(?:earlier|later)\s+(?:in\s+)?(?=(?:this|that|the|last|next)\b)", None),
        (r"(?:a|an)\b(?=\s*(?:\d|" + _WORD_NUMBER + r"\b))", None),  # "a 3-day visit"
        (r"(?:from|on|in|at|during|of|for|throughout|as\s+of|within|over|across|dated|just|only|"
         r"the\s+week\s+of|the\s+weekend\s+of|sometime\s+in|some\s+time\s+in)\b", None),
    )
)


@dataclass(frozen=True)
class Dct:
    """A document creation time: a year, and a month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


def parse_dct(dct: str | None) -> Dct | None:
    """Read a DCT value (``2018-11-05``, ``2018-11``, ``2018``, or a timestamp); None if unusable."""
    if not dct or not isinstance(dct, str):
        return None
    match = re.match(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", dct)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return Dct(year, month, day)


_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|'ll|plans?|planning|intends?|intending|scheduled|upcoming|next|going\s+to|"
    r"is\s+to|are\s+to|to\s+be\s+held|set\s+to|aims?\s+to|hopes?\s+to|expects?\s+to|due\s+to\s+(?:visit|"
    r"sign|meet|arrive|travel|begin|start))\b")
_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|ago|last|earlier|previously|said|says\s+that|told|announced|held|signed|met|"
    r"visited|arrived|began|took|made|paid|extended|reported|\w{3,}ed)\b")


def _tense_hint(context: str | None) -> str | None:
    """"future", "past" or None (no cue, or both) from the words around an expression."""
    if not context:
        return None
    low = _plain(context).lower()
    future = bool(_FUTURE_CUES.search(low))
    past = bool(_PAST_CUES.search(_FUTURE_CUES.sub(" ", low)))
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    return None


def _week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _choose(candidates: list[tuple[date, str]], anchor: date, hint: str | None) -> str:
    """Pick among dates a year apart: the future one, the past one, or the nearest to ``anchor``."""
    if hint == "future":
        later = [c for c in candidates if c[0] >= anchor]
        if later:
            return min(later)[1]
    elif hint == "past":
        earlier = [c for c in candidates if c[0] <= anchor]
        if earlier:
            return max(earlier)[1]
    return min(candidates, key=lambda c: (abs((c[0] - anchor).days), c[0] > anchor))[1]


class _Time:
    """The result of parsing the core of an expression."""

    def __init__(self, value: str, *, type: TimexType = TimexType.DATE, anchor: str = "dct",
                 mod: TimexMod | None = None) -> None:
        self.value, self.type, self.anchor, self.mod = value, type, anchor, mod


def _duration(amount: str, unit_word: str) -> _Time | None:
    unit = _UNITS.get(unit_word.lower().rstrip("s"), _UNITS.get(unit_word.lower()))
    if unit is None:
        return None
    if re.fullmatch(_VAGUE, amount) or amount in ("", "the"):
        number = "X" if amount not in ("", "the") else "1"
    else:
        parsed = parse_number(amount)
        if parsed is None:
            return None
        number = format(parsed.normalize(), "f")
    if unit == "2W":  # a fortnight
        unit, number = "W", ("X" if number == "X" else format(Decimal(number) * 2, "f"))
    if unit in ("H", "MIN", "S"):
        return _Time(f"PT{number}{unit[0]}", type=TimexType.DURATION, anchor="none")
    if unit in ("DE", "CE", "ML") and "." in number:
        return None
    return _Time(f"P{number}{unit}", type=TimexType.DURATION, anchor="none")


class _HintNeeded(Exception):
    """Raised by :attr:`_TimeParser.hint` when the parse needs the tense of the context and was not given it."""


#: The hint of a parse run without its context's tense: reading it raises :class:`_HintNeeded`.
_UNASKED = object()


class _TimeParser:
    def __init__(self, dct: Dct | None, hint: str | None | object, ranges: str = "first") -> None:
        self.dct, self._hint, self.ranges = dct, hint, ranges

    @property
    def hint(self) -> str | None:
        if self._hint is _UNASKED:
            raise _HintNeeded
        return self._hint  # type: ignore[return-value]

    # Each handler takes the cleaned, lowercased core and returns a _Time or None.
    def parse(self, core: str, mod: TimexMod | None) -> _Time | None:
        core = re.sub(r"^the\s+", "", core).strip(" ,;:")
        if not core:
            return None
        for handler in (self._ref, self._iso, self._year, self._decade, self._century, self._month_day,
                        self._day_month, self._month_year, self._relative_month, self._month,
                        self._weekday, self._deictic, self._relative_unit, self._ago, self._duration,
                        self._part, self._season, self._clock):
            found = handler(core, mod)
            if found is not None:
                return found
        return self._range(core, mod)

    def _ref(self, core: str, mod: TimexMod | None) -> _Time | None:
        value = _REFS.get(core)
        return _Time(value, anchor="dct" if self.dct else "none") if value else None

    def _iso(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", core)
        if match:
            return _Time(core, anchor="none")
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", core)  # US order: month/day/year
        if match:
            month, day, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            return _Time(f"{year}-{month:02d}-{day:02d}", anchor="none")
        return None

    def _year(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"(?:the\s+)?(?:year\s+|fiscal\s+(?:year\s+)?|fy\s*)?({_YEAR})"
                             rf"(?:\s*(?:-|to|and|through|/)\s*(?:{_YEAR}|\d\d))?", core)
        return _Time(match.group(1), anchor="none") if match else None

    def _decade(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(r"(?:the\s+)?(1[0-9]\d|20\d)0'?s", core)
        if match:
            return _Time(f"{match.group(1)}X", anchor="none")
        match = re.fullmatch(r"(?:the\s+)?'?([0-9])0'?s", core)
        if match:
            return _Time(f"19{match.group(1)}X", anchor="none")
        return None

    def _century(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+century", core)
        if match and 1 <= int(match.group(1)) <= 30:
            return _Time(f"{int(match.group(1)) - 1:02d}", anchor="none")
        return None

    def _date(self, month: int, day: int, year: str | None, relative_year: str | None) -> _Time | None:
        if year:
            y = int(year)
            if not 1 <= day <= calendar.monthrange(y, month)[1]:
                return None
            return _Time(f"{y}-{month:02d}-{day:02d}", anchor="none")
        if relative_year and self.dct:
            y = self.dct.year + {"this": 0, "last": -1, "next": 1}[relative_year]
            if not 1 <= day <= calendar.monthrange(y, month)[1]:
                return None
            return _Time(f"{y}-{month:02d}-{day:02d}")
        if not 1 <= day <= 31 or (month == 2 and day > 29) or day > calendar.monthrange(2001, month)[1] + (month == 2):
            return None
        if self.dct is None:
            return _Time(f"XXXX-{month:02d}-{day:02d}", anchor="none")
        anchor = self.dct.date or date(self.dct.year, self.dct.month or 7, 15 if self.dct.month else 1)
        candidates = []
        for y in (self.dct.year - 1, self.dct.year, self.dct.year + 1):
            if day <= calendar.monthrange(y, month)[1]:
                candidates.append((date(y, month, day), f"{y}-{month:02d}-{day:02d}"))
        if self.dct.month is None:  # only the year is known: take it
            return _Time(f"{self.dct.year}-{month:02d}-{day:02d}") if day <= calendar.monthrange(
                self.dct.year, month)[1] else None
        return _Time(_choose(candidates, anchor, self.hint))

    _REL_YEAR = r"(?:\s*,?\s*(?:of\s+)?(this|last|next)\s+year)?"

    def _month_day(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(
            rf"(?:{_WEEKDAY}\s*,?\s*)?({_MONTH})\s*({_DAY})"
            rf"(?:\s*(-|to|and|through|until)\s*(?:({_MONTH})\s*)?({_DAY}))?(?:\s*,?\s*({_YEAR}))?{self._REL_YEAR}",
            core)
        if not match:
            return None
        month = _MONTHS[match.group(1).rstrip(".")]
        first = self._date(month, int(re.sub(r"\D", "", match.group(2))), match.group(6), match.group(7))
        if first is None or self.ranges != "enclosing" or not match.group(5) or match.group(3) == "and":
            return first
        # "October 3-5": the smallest calendar unit that contains the whole range
        start = _as_date(first.value)
        if start is None:
            return first
        last_month = _MONTHS[match.group(4).rstrip(".")] if match.group(4) else month
        year = start.year + (1 if last_month < month else 0)
        try:
            end = date(year, last_month, int(re.sub(r"\D", "", match.group(5))))
        except ValueError:
            return None
        return _Time(_enclosing(start, end), anchor=first.anchor) if end >= start else first

    def _day_month(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(
            rf"(?:{_WEEKDAY}\s*,?\s*)?(?:the\s+)?({_DAY})(?:\s*(?:-|to|and)\s*{_DAY})?\s+(?:of\s+)?({_MONTH})"
            rf"(?:\s*,?\s*({_YEAR}))?{self._REL_YEAR}", core)
        if not match:
            return None
        month = _MONTHS[match.group(2).rstrip(".")]
        return self._date(month, int(re.sub(r"\D", "", match.group(1))), match.group(3), match.group(4))

    def _month_year(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"({_MONTH})\s*,?\s*(?:of\s+)?({_YEAR})", core)
        if match:
            return _Time(f"{match.group(2)}-{_MONTHS[match.group(1).rstrip('.')]:02d}", anchor="none")
        match = re.fullmatch(rf"({_MONTH})\s*,?\s*(?:of\s+)?(this|last|next)\s+year", core)
        if match and self.dct:
            year = self.dct.year + {"this": 0, "last": -1, "next": 1}[match.group(2)]
            return _Time(f"{year}-{_MONTHS[match.group(1).rstrip('.')]:02d}")
        return None

    def _relative_month(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"(this|last|next|this\s+past|this\s+coming|past|coming)\s+({_MONTH})", core)
        if not match or self.dct is None or self.dct.month is None:
            return None
        month, which, now = _MONTHS[match.group(2).rstrip(".")], match.group(1).split()[-1], self.dct.month
        if which == "this":
            year = self.dct.year
        elif which in ("last", "past"):  # the most recent such month before the DCT's month
            year = self.dct.year if month < now else self.dct.year - 1
        else:  # next, coming: the first such month after the DCT's month
            year = self.dct.year if month > now else self.dct.year + 1
        return _Time(f"{year}-{month:02d}")

    def _month(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"({_MONTH})", core)
        if not match:
            return None
        month = _MONTHS[match.group(1).rstrip(".")]
        if self.dct is None:
            return _Time(f"XXXX-{month:02d}", anchor="none")
        if self.dct.month is None:
            return _Time(f"{self.dct.year}-{month:02d}")
        anchor = date(self.dct.year, self.dct.month, 1)
        candidates = [(date(y, month, 1), f"{y}-{month:02d}") for y in (self.dct.year - 1, self.dct.year,
                                                                          self.dct.year + 1)]
        return _Time(_choose(candidates, anchor, self.hint))

    def _weekday(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"(?:(this|last|next|this\s+past|this\s+coming|past|coming)\s+)?({_WEEKDAY})"
                             r"(?:\s+(morning|afternoon|evening|night))?", core)
        if not match:
            return None
        target = _WEEKDAYS[match.group(2).rstrip(".")]
        part = _PARTS_OF_DAY.get(match.group(3) or "", "")
        if self.dct is None or self.dct.date is None:
            return None
        today = self.dct.date
        which = (match.group(1) or "").split()[-1] if match.group(1) else ""
        back = (today.weekday() - target) % 7
        ahead = (target - today.weekday()) % 7
        if which == "this":
            day = today + timedelta(days=target - today.weekday())
        elif which in ("last", "past"):
            day = today - timedelta(days=back or 7)
        elif which in ("next", "coming"):
            day = today + timedelta(days=ahead or 7)
        elif self.hint == "future":
            day = today + timedelta(days=ahead)
        else:  # news convention: the most recent such day, on or before the DCT
            day = today - timedelta(days=back)
        return _Time(day.isoformat() + part)

    def _deictic(self, core: str, mod: TimexMod | None) -> _Time | None:
        if self.dct is None:
            return None
        today = self.dct.date
        days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                "day before yesterday": -2, "the day after tomorrow": 2, "day after tomorrow": 2,
                "this morning": 0, "this afternoon": 0, "this evening": 0, "last night": -1,
                "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
                "tomorrow morning": 1, "tomorrow afternoon": 1, "tomorrow evening": 1, "earlier today": 0,
                "later today": 0}
        if core in days:
            if today is None:
                return None
            part = next((code for word, code in _PARTS_OF_DAY.items() if word in core), "")
            if core == "tonight":
                part = "TNI"
            return _Time((today + timedelta(days=days[core])).isoformat() + part)
        if core in ("year", "month", "week") and mod in (TimexMod.START, TimexMod.MID, TimexMod.END):
            core = "this " + core  # "the end of the year"
        match = re.fullmatch(r"(this|last|next|previous|current|same|coming|following|present)\s+"
                             r"(week|weekend|month|year|quarter|decade|century)", core)
        if not match:
            return None
        which, unit = match.group(1), match.group(2)
        if which in ("following", "same"):
            return None  # "the following day", "the same week": relative to another time in the text
        delta = {"this": 0, "current": 0, "same": 0, "present": 0, "last": -1, "previous": -1, "next": 1,
                 "coming": 1, "following": 1}[which]
        year, month = self.dct.year, self.dct.month
        if unit == "year":
            return _Time(str(year + delta))
        if unit == "decade":
            return _Time(f"{str(year + 10 * delta)[:3]}X")
        if unit == "century":
            return _Time(f"{(year - 1) // 100 + delta:02d}")
        if month is None:
            return None
        if unit == "month":
            y, m = _add_months(year, month, delta)
            return _Time(f"{y}-{m:02d}")
        if unit == "quarter":
            y, m = _add_months(year, month, 3 * delta)
            return _Time(f"{y}-Q{(m - 1) // 3 + 1}")
        if today is None:
            return None
        day = today + timedelta(weeks=delta)
        return _Time(_week_value(day) + ("-WE" if unit == "weekend" else ""))

    def _relative_unit(self, core: str, mod: TimexMod | None) -> _Time | None:
        """"the past week", "the last two years", "the next five years": durations."""
        match = re.fullmatch(rf"(?:the\s+)?(past|last|previous|next|coming|following|recent)\s+"
                             rf"(?:({NUMBER}|{_VAGUE})\s+)?({_UNIT})", core)
        if not match:
            return None
        amount, unit = match.group(2), match.group(3)
        if amount is None:
            if match.group(1) in ("last", "next", "previous", "coming", "following") and not unit.endswith("s"):
                return None  # "last year" is a point, handled by _deictic
            amount = "several" if unit.endswith("s") else "1"  # "the past decades", "the past week"
        return _duration(amount, unit)

    def _ago(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"({NUMBER}|a|an|{_VAGUE})\s+({_UNIT})\s+ago", core)
        if not match or self.dct is None:
            return None
        amount = parse_number(match.group(1))
        unit = _UNITS.get(match.group(2).rstrip("s"), _UNITS.get(match.group(2)))
        if amount is None:  # "several years ago"
            return _Time("PAST_REF")
        n = int(amount)
        if unit == "Y":
            return _Time(str(self.dct.year - n))
        if unit == "DE":
            return _Time(f"{str(self.dct.year - 10 * n)[:3]}X")
        if unit == "M" and self.dct.month:
            y, m = _add_months(self.dct.year, self.dct.month, -n)
            return _Time(f"{y}-{m:02d}")
        if unit in ("W", "D", "2W") and self.dct.date:
            day = self.dct.date - timedelta(days=n * {"W": 7, "2W": 14, "D": 1}[unit])
            return _Time(_week_value(day) if unit != "D" else day.isoformat())
        return None

    def _duration(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"({NUMBER}|a|an|{_VAGUE})?\s*-?\s*({_UNIT})(?:\s*-?\s*long|\s+old|\s+later|"
                             rf"\s+earlier|\s+after|\s+before)?", core)
        if not match:
            return None
        amount, unit = (match.group(1) or "").strip(), match.group(2)
        if not amount:
            if not unit.endswith("s"):
                return None  # a bare "year" is not a time expression
            amount = "several"  # "decades", "days"
        return _duration(amount, unit)

    def _part(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"(first|second|third|fourth|1st|2nd|3rd|4th|last|q[1-4])\s*(quarter|half)?"
                             rf"(?:\s+(?:of\s+)?(?:({_YEAR})|(this|last|next)\s+year|the\s+year))?", core)
        if not match or (match.group(2) is None and not match.group(1).startswith("q")):
            return None
        if match.group(1).startswith("q"):
            number, kind = int(match.group(1)[1]), "Q"
        else:
            number, kind = _ORDINALS[match.group(1)], "Q" if match.group(2) == "quarter" else "H"
        if kind == "H":
            number = 2 if match.group(1) == "last" else number
            if number > 2:
                return None
        if match.group(3):
            return _Time(f"{match.group(3)}-{kind}{number}", anchor="none")
        if self.dct is None:
            return None
        year = self.dct.year + {"this": 0, "last": -1, "next": 1, None: 0}[match.group(4)]
        return _Time(f"{year}-{kind}{number}")

    def _season(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(rf"(?:(this|last|next|past|coming)\s+)?(spring|summer|fall|autumn|winter)"
                             rf"(?:\s+(?:of\s+)?({_YEAR}))?", core)
        if not match:
            return None
        season = _SEASONS[match.group(2)]
        if match.group(3):
            return _Time(f"{match.group(3)}-{season}", anchor="none")
        if self.dct is None:
            return None
        delta = {"this": 0, None: 0, "last": -1, "past": -1, "next": 1, "coming": 1}[match.group(1)]
        return _Time(f"{self.dct.year + delta}-{season}")

    def _clock(self, core: str, mod: TimexMod | None) -> _Time | None:
        match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|(noon|midday|midnight)", core)
        if not match or self.dct is None or self.dct.date is None:
            return None
        if match.group(4):
            hour, minute = (0 if match.group(4) == "midnight" else 12), 0
        else:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if not 1 <= hour <= 12 or minute > 59:
                return None
            hour = hour % 12 + (12 if match.group(3).startswith("p") else 0)
        return _Time(f"{self.dct.date.isoformat()}T{hour:02d}:{minute:02d}")

    def _range(self, core: str, mod: TimexMod | None) -> _Time | None:
        """"Sunday to Wednesday", "2000 and 2014": the first point; with ``ranges="enclosing"`` a range
        ("to", "until", "through", a dash) is the smallest calendar unit that contains it."""
        match = re.match(r"(.+?)\s*(\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b|-|/)\s*(.+)", core)
        if not match:
            return None
        first = match.group(1).strip()
        if not first or first == core:
            return None
        found = self.parse(first, mod)
        if found is None or self.ranges != "enclosing" or match.group(2) in ("and", "/"):
            return found
        second = self.parse(match.group(3).strip(), mod)
        start = _as_date(found.value)
        end = _as_date(second.value) if second is not None else None
        if start is None or end is None:
            return found
        if end < start and re.fullmatch(rf"{_WEEKDAY}", match.group(3).strip()):
            end += timedelta(days=7 * ((start - end).days // 7 + 1))  # "Sunday to Wednesday": the next one
        if end < start:
            return found
        return _Time(_enclosing(start, end), anchor=found.anchor)


def _as_date(value: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _enclosing(start: date, end: date) -> str:
    """The smallest calendar unit (day, ISO week, month, year, decade) that holds ``start``..``end``."""
    if start == end:
        return start.isoformat()
    if start.isocalendar()[:2] == end.isocalendar()[:2]:
        return _week_value(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year}-{start.month:02d}"
    if start.year == end.year:
        return str(start.year)
    if start.year // 10 == end.year // 10:
        return f"{str(start.year)[:3]}X"
    return start.isoformat()


def normalize_time(text: str, *, dct: str | None, context: str | Callable[[], str | None] | None = None,
                   ranges: str = "first") -> TimeValue | None:
    """The TIMEX3 normalization of a time expression, resolved against the DCT, or None.

    ``dct`` is the document creation time (``2018-11-05``, ``2018-11`` or ``2018``; None when unknown:
    then only absolute expressions normalize, and "November 2" becomes ``XXXX-11-02``). ``context``
    is the sentence around the expression; its tense places dates without a year, bare months and
    weekdays ("will visit in November"). Examples, DCT 2018-11-05 unless said::

        "November 2"              -> 2018-11-02            "last October" (DCT 2018-07-04) -> 2017-10
        "on Tuesday"              -> 2018-10-30            "next year"    -> 2019
        "Early this month"        -> 2018-11, mod START    "in 2019"      -> 2019
        "over the past 5 decades" -> P5DE (DURATION)       "within two weeks" -> P2W
        "since 2014"              -> 2014, ON_OR_AFTER     "from October 3-5" -> 2018-10-03

    ``ranges`` says how a range ("October 3-5", "Sunday to Wednesday") is normalized: ``"first"`` (the
    default) gives its first point; ``"enclosing"`` gives the smallest calendar unit that contains it,
    as the annotation guidelines (7.1) do: "October 3-5" -> ``2019-W40``, "Sunday to Wednesday" in the
    week of 2019-10-30 -> ``2019-10`` (it crosses two ISO weeks). A list ("in 2000 and 2014") is
    always its first point.

    ``context`` may also be a function of no argument that returns the sentence: it is called only when
    the expression needs its tense (most do not: "September 4, 1998", "three weeks"). Results are
    remembered (see :func:`_normalized`), so a repeated expression costs a dictionary look-up; each call
    returns its own copy of the value.
    """
    if not isinstance(text, str):
        return None
    if ranges not in ("first", "enclosing"):
        raise ValueError(f"ranges must be 'first' or 'enclosing', not {ranges!r}")
    if not isinstance(dct, (str, type(None))):
        dct = None  # parse_dct reads anything that is not a string as no DCT
    value = _normalized(text, dct, ranges, _UNASKED)
    if value is _HINT_NEEDED:  # the expression needs the tense of its context
        sentence = context() if callable(context) else context
        value = _normalized(text, dct, ranges, _tense_hint(sentence))
    return value.model_copy() if value is not None else None  # type: ignore[union-attr]


def normalize_time_json(text: str, *, dct: str | None, context: str | Callable[[], str | None] | None = None,
                        ranges: str = "first") -> dict | None:
    """:func:`normalize_time` as the JSON fields of its value (``model_dump(mode="json",
    exclude_none=True)``, a new dict each call): what an importer stores, without copying the model."""
    if not isinstance(text, str):
        return None
    if ranges not in ("first", "enclosing"):
        raise ValueError(f"ranges must be 'first' or 'enclosing', not {ranges!r}")
    if not isinstance(dct, (str, type(None))):
        dct = None
    fields = _normalized_json(text, dct, ranges, _UNASKED)
    if fields is _HINT_NEEDED:
        sentence = context() if callable(context) else context
        fields = _normalized_json(text, dct, ranges, _tense_hint(sentence))
    return dict(fields) if fields is not None else None  # type: ignore[call-overload]


@lru_cache(maxsize=8192)
def _normalized_json(text: str, dct: str | None, ranges: str, hint: str | None | object) -> dict | None | object:
    value = _normalized(text, dct, ranges, hint)
    if value is None or value is _HINT_NEEDED:
        return value
    return value.model_dump(mode="json", exclude_none=True)  # type: ignore[union-attr]


#: What :func:`_normalized` returns when the parse needs the tense hint it was not given.
_HINT_NEEDED = object()


@lru_cache(maxsize=8192)
def _normalized(text: str, dct: str | None, ranges: str, hint: str | None | object) -> TimeValue | None | object:
    """The value of ``text`` (shared: callers copy it), or :data:`_HINT_NEEDED` when ``hint`` is
    :data:`_UNASKED` and the parse reads the tense of the context. The whole of :func:`normalize_time`
    but the context's tense, remembered by its arguments (all hashable)."""
    s = _squeeze(text).lower().strip(" ,.;:()[]\"'")
    parsed_dct = parse_dct(dct)
    if re.search(r"\bnext\b", s):
        hint = "future"
    mod: TimexMod | None = None
    for _ in range(6):  # strip leading signals ("since", "early", "the end of", "on", ...)
        for pattern, lead_mod in _LEADS:
            match = pattern.match(s)
            if match and match.end() > 0 and match.end() < len(s):
                s = s[match.end():]
                if mod is None:
                    mod = lead_mod
                break
        else:
            break
    try:
        found = _TimeParser(parsed_dct, hint, ranges).parse(s, mod)
    except _HintNeeded:
        return _HINT_NEEDED
    if found is None:
        return None
    final_mod = found.mod or mod
    if found.type is TimexType.DURATION and final_mod in (TimexMod.ON_OR_AFTER, TimexMod.ON_OR_BEFORE,
                                                           TimexMod.BEFORE, TimexMod.AFTER,
                                                           TimexMod.START, TimexMod.MID, TimexMod.END):
        final_mod = None  # "after two weeks": the signal relates the duration to something else
    if found.value.endswith("_REF") and final_mod is not None:
        final_mod = None
    value = TimeValue(type=found.type, value=found.value, mod=final_mod, anchor=found.anchor)
    from schema.values import timex_problem

    return None if timex_problem(value) else value


# -- finding time expressions ----------------------------------------------------------------------

_NUMBER_OR_VAGUE = rf"(?:{NUMBER}|a|an|{_VAGUE})"
_TIME_CANDIDATES = [
    # dates with a month name, optionally a weekday before, a day range, a year, "next year" after
    rf"(?:{_WEEKDAY}\s*,?\s*)?{_MONTH}\s*{_DAY}(?:\s*-\s*{_DAY})?(?:\s*,?\s*{_YEAR})?"
    rf"(?:\s+(?:of\s+)?(?:this|last|next)\s+year)?(?![\w])",
    rf"(?:{_WEEKDAY}\s*,?\s*)?(?:the\s+)?{_DAY}(?:\s*-\s*{_DAY})?\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?(?![\w])",
    rf"{_MONTH}\s*,?\s*(?:of\s+)?{_YEAR}(?!\w)",
    rf"(?:(?:early|mid|late)[- ]|(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+)?{_YEAR}s?(?!\w)",
    rf"(?:(?:early|earlier|later|late)\s+(?:in\s+)?)?(?:this|last|next)\s+(?:{_MONTH}|{_WEEKDAY}|week|weekend|month|year|"
    rf"quarter|decade|century|spring|summer|fall|autumn|winter)(?!\w)",
    rf"(?:the\s+)?(?:past|last|previous|next|coming)\s+(?:{_NUMBER_OR_VAGUE}\s+)?{_UNIT}(?!\w)",
    rf"{_NUMBER_OR_VAGUE}\s+{_UNIT}\s+ago(?!\w)",
    rf"(?:\b(?:within|for|over|more\s+than|less\s+than|nearly|almost|about)\s+)?{_NUMBER_OR_VAGUE}\s*-?\s*{_UNIT}(?!\w)",
    rf"(?<![\w-]){_WEEKDAY}\s*(?:to|until|through|-)\s*{_WEEKDAY}(?!\w)",  # "Sunday to Wednesday"
    rf"(?<![\w-])(?:{_WEEKDAY}|today|tonight|yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?(?!\w)",
    rf"(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the|this|last|next)\s+(?:year|month|week)(?!\w)",
    rf"(?:(?:the\s+)?(?:early|mid-|late)\s*)?(?:the\s+)?(?:1[0-9]\d|20\d)0s(?!\w)",
    rf"(?<![\w-]){_MONTH}(?!\w)",
]
# Every candidate starts a word: the look-behind lets the engine skip the inside of words cheaply.
_TIME_FINDER = re.compile(r"(?<![\w])(?=[\w$])(?:" + "|".join(f"(?:{p})" for p in _TIME_CANDIDATES) + ")",
                          re.IGNORECASE)
#: The same pattern, case-sensitive, for the lower case of a text (``numbers._scan_texts``): the same
#: matches at the same offsets, found several times faster (every literal in it is lower case).
_TIME_FINDER_LOWER = re.compile(_TIME_FINDER.pattern)
_MONTH_CAPITALIZED = re.compile(rf"^(?:{_MONTH})$", re.IGNORECASE)
_MONTH_AT_END = re.compile(rf"{_MONTH}$", re.IGNORECASE)
_FILLER_WORD = re.compile(r"(?i)an?|the|some")
_LETTERS = re.compile(r"[A-Za-z]+")
_WEEKDAY_ONLY = re.compile(rf"(?i){_WEEKDAY}")
_DATE_CUE_BEFORE = re.compile(r"\b(?:in|since|until|by|last|next|this|early|late|mid|during|of)\s+$", re.I)
_FOUR_DIGITS = re.compile(r"\d{4}")
_YEAR_CUE_BEFORE = re.compile(r"\b(?:in|since|until|by|of|from|to|and|before|after|during|early|late|mid|"
                              r"year|fiscal|through|till|as\s+of|between|around|spring|summer|fall|autumn|"
                              r"winter|end|beginning|start|middle)\s*-?\s*$", re.I)
_AMBIGUOUS_NAMES = frozenset(("may", "mar", "march", "jan", "sat", "sun", "wed", "dec", "oct", "aug", "sept",
                              "sep", "nov", "feb", "jun", "jul", "apr", "mon", "tue", "thu", "fri"))


def _time_matches(text: str) -> tuple[str, Iterator[re.Match[str]]]:
    """``_plain(text)`` and the matches of :data:`_TIME_FINDER` in it, found in its lower case with
    :data:`_TIME_FINDER_LOWER` when that is safe (same spans; only the spans are read)."""
    plain, low = _scan_texts(text)
    if low is None:
        return plain, _TIME_FINDER.finditer(plain)
    return plain, _TIME_FINDER_LOWER.finditer(low)


def find_times(text: str, *, dct: str | None,
               context: "callable | None" = None,  # type: ignore[valid-type]
               ranges: str = "first") -> Iterator[tuple[int, int, TimeValue]]:
    """Yield ``(start, end, value)`` for each time expression in ``text`` that normalizes.

    ``context(start, end)`` may return the sentence around a match (its tense places dates without a
    year); it is called only for the expressions whose value needs the tense. Without it the whole
    text is no context. Bare month names count only when capitalized and not "May" or "March" used as
    a verb or a noun (they must be followed or preceded by a date cue).
    """
    plain, matches = _time_matches(text)
    for match in matches:
        start, end = match.start(), match.end()
        while end > start and plain[end - 1] in " ,-.":
            if plain[end - 1] == "." and _MONTH_AT_END.search(plain[start:end]):
                break
            end -= 1
        while start < end and plain[start] == " ":
            start += 1
        surface = plain[start:end]
        if not surface or _FILLER_WORD.fullmatch(surface):
            continue
        if any(not word[0].isupper() for word in _LETTERS.findall(surface)
               if word.lower() in _MONTHS or word.lower() in _WEEKDAYS):
            continue  # month and day names are capitalized in English: "this may lead to" is no date
        if _MONTH_CAPITALIZED.match(surface) or _WEEKDAY_ONLY.fullmatch(surface):
            if not surface[0].isupper():
                continue
            if surface.lower().rstrip(".") in _AMBIGUOUS_NAMES and not _DATE_CUE_BEFORE.search(
                    plain[max(0, start - 12):start]):
                continue
        if _FOUR_DIGITS.fullmatch(surface):
            # a bare four-digit number is a year only after a time preposition or in a date frame
            if not _YEAR_CUE_BEFORE.search(plain[max(0, start - 16):start]):
                continue
        sentence = (lambda start=start, end=end: context(start, end)) if context else None
        value = normalize_time(surface, dct=dct, context=sentence, ranges=ranges)
        if value is not None:
            yield start, end, value
