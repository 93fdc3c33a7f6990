"""Money expressions to an amount in an ISO 4217 currency (:class:`schema.MoneyValue`).

:func:`normalize_money` reads "$50 million", "38-million-euro", "over $260 million" (a lower bound),
"billions of dollars" (an approximate lower bound); :func:`find_money` locates such expressions in a
text with exact code-point offsets (the money recognizer of ``annotate suggest``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from schema.values import ISO_4217, MoneyValue

from .numbers import _WORD_NUMBER, _scan_texts, _squeeze, parse_number

# -- money ---------------------------------------------------------------------------------------

_CURRENCY_WORDS: dict[str, str] = {}


def _words(code: str, *forms: str) -> None:
    for form in forms:
        _CURRENCY_WORDS[form] = code


_words("USD", "dollars", "dollar", "us dollars", "us dollar", "u.s. dollars", "u.s. dollar", "american dollars",
       "usd", "greenbacks")
_words("EUR", "euros", "euro", "eur")
_words("GBP", "pounds sterling", "pound sterling", "sterling", "british pounds", "british pound", "pounds",
       "pound", "gbp")
_words("RUB", "rubles", "ruble", "roubles", "rouble", "russian rubles", "russian roubles", "rub")
_words("CNY", "yuan", "renminbi", "chinese yuan", "rmb", "cny")
_words("JPY", "yen", "japanese yen", "jpy")
_words("INR", "rupees", "rupee", "indian rupees", "inr")
_words("PKR", "pakistani rupees")
_words("AUD", "australian dollars", "australian dollar", "aud")
_words("CAD", "canadian dollars", "canadian dollar", "cad")
_words("HKD", "hong kong dollars")
_words("SGD", "singapore dollars")
_words("NZD", "new zealand dollars")
_words("TWD", "taiwan dollars", "new taiwan dollars")
_words("CUP", "cuban pesos", "cuban peso")
_words("CUC", "convertible pesos", "cuban convertible pesos")
_words("MXN", "mexican pesos", "mexican peso")
_words("ARS", "argentine pesos", "argentinian pesos")
_words("CLP", "chilean pesos")
_words("COP", "colombian pesos")
_words("PHP", "philippine pesos")
_words("VES", "bolivars", "bolívars", "bolivares", "bolívares", "venezuelan bolivars")
_words("CHF", "swiss francs", "swiss franc")
_words("UAH", "hryvnias", "hryvnia", "hryvnas", "hryvna")
_words("TRY", "turkish lira", "turkish liras", "liras")
_words("BRL", "reais", "brazilian reais", "brazilian real")
_words("ZAR", "rand", "south african rand")
_words("SAR", "riyals", "saudi riyals")
_words("AED", "dirhams", "uae dirhams")
_words("ILS", "shekels", "new shekels")
_words("PLN", "zlotys", "zloty")
_words("KRW", "won", "south korean won")
_words("KZT", "tenge")
_words("BYN", "belarusian rubles")
_words("IRR", "rials", "iranian rials")
_words("SEK", "swedish kronor", "swedish krona")
_words("NOK", "norwegian kroner", "norwegian krone")
_words("DKK", "danish kroner", "danish krone")
_words("XDR", "special drawing rights", "sdrs", "sdr")

_SYMBOLS = {
    "us$": "USD", "u.s.$": "USD", "u.s. $": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "r$": "BRL", "nt$": "TWD", "mex$": "MXN", "$": "USD", "€": "EUR",
    "£": "GBP", "₽": "RUB", "₹": "INR", "₩": "KRW", "₺": "TRY", "₴": "UAH", "₪": "ILS", "₫": "VND", "₦": "NGN",
    "¥": "JPY", "rs.": "INR", "rs": "INR",
}
_SCALES = {
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3, "million": Decimal(10) ** 6, "mln": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6, "m": Decimal(10) ** 6, "mil": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "b": Decimal(10) ** 9, "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12, "trn": Decimal(10) ** 12, "lakh": Decimal(10) ** 5, "lakhs": Decimal(10) ** 5,
    "crore": Decimal(10) ** 7, "crores": Decimal(10) ** 7,
}


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_SYMBOL = rf"(?:{_alternation(k for k in _SYMBOLS if not k[0].isalpha() or '$' in k)}|\b(?:rs\.?)(?=\s*\d))"
_CODE = r"\b[A-Z]{3}\b"
_CURWORD = rf"\b(?:{_alternation(_CURRENCY_WORDS)})\b"
_SCALE = rf"(?:{_alternation(_SCALES)})\b"
_AMOUNT_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b{_WORD_NUMBER}\b|\ban?\b(?=\s+(?:thousand|million|billion|trillion)))"
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("more than", "min"), ("over", "min"), ("above", "min"), ("at least", "min"), ("upwards of", "min"),
    ("in excess of", "min"), ("exceeding", "min"), ("no less than", "min"), ("greater than", "min"),
    ("more than about", "min"),
    ("up to", "max"), ("less than", "max"), ("under", "max"), ("below", "max"), ("at most", "max"),
    ("no more than", "max"), ("as much as", "max"), ("not exceeding", "max"), ("as many as", "max"),
    ("about", "approx"), ("around", "approx"), ("approximately", "approx"), ("nearly", "approx"),
    ("almost", "approx"), ("roughly", "approx"), ("some", "approx"), ("close to", "approx"),
    ("an estimated", "approx"), ("estimated", "approx"), ("circa", "approx"), ("approx.", "approx"),
    ("~", "approx"), ("just over", "min"), ("just under", "max"), ("well over", "min"),
)
_QUALIFIER = rf"(?P<qual>(?:{_alternation(q for q, _ in _QUALIFIERS)})(?:\s+|(?<=~)))"

_ONE_AMOUNT = (
    rf"(?:(?P<pre@N@>{_SYMBOL}|{_CODE})\s*)?(?P<num@N@>{_AMOUNT_NUMBER})"
    rf"(?:\s*-?\s*(?P<scale@N@>{_SCALE}))?"
)


def _money_pattern(code: str) -> str:
    return (rf"(?<![\w.,])(?:{_QUALIFIER})?(?:between\s+)?"
            + _ONE_AMOUNT.replace("@N@", "1").replace(_CODE, code)
            + rf"(?:\s*(?:-|to|and)\s*" + _ONE_AMOUNT.replace("@N@", "2").replace(_CODE, code) + r")?"
            + rf"(?:\s*-?\s*(?P<post>(?i:{_CURWORD})|{code}))?"
            + r"(?![\w$€£])")


_MONEY = re.compile(_money_pattern(_CODE), re.IGNORECASE)
_VAGUE_MONEY = re.compile(
    rf"(?:(?P<mult>hundreds|tens|dozens)\s+of\s+)?(?P<scale>thousands|millions|billions|trillions)\s+of\s+"
    rf"(?:(?:\w+\s+)?(?P<cur>{_CURWORD}))",
    re.IGNORECASE,
)
#: The same two patterns, case-sensitive, for the lower case of a text (``numbers._scan_texts``): the
#: same matches at the same offsets, found several times faster. ISO codes are ``[a-z]{3}`` there.
_MONEY_LOWER = re.compile(_money_pattern(r"\b[a-z]{3}\b"))
_VAGUE_MONEY_LOWER = re.compile(_VAGUE_MONEY.pattern)
#: Words one of which every match of :data:`_VAGUE_MONEY` holds (in lower case).
_VAGUE_SCALES = ("thousands", "millions", "billions", "trillions")


def _currency_of(symbol: str | None, word: str | None) -> str | None:
    """The ISO code from a symbol or a currency word/code; None when neither or when they disagree."""
    codes = set()
    if symbol:
        s = _squeeze(symbol).lower().replace(" ", "")
        code = _SYMBOLS.get(s) or _SYMBOLS.get(s.rstrip("."))
        if code is None and symbol.isupper() and symbol in ISO_4217:
            code = symbol
        if code is None:
            return None
        codes.add(code)
    if word:
        w = _squeeze(word).lower()
        code = _CURRENCY_WORDS.get(w)
        if code is None and word.isupper() and word in ISO_4217:
            code = word
        if code is None:
            return None
        codes.add(code)
    if len(codes) != 1:
        if {"USD"} < codes and len(codes) == 2:  # "$5 million Australian dollars": trust the word
            return (codes - {"USD"}).pop() if word else None
        return None
    return codes.pop()


def _value(match: re.Match[str], n: int) -> Decimal | None:
    number = match.group(f"num{n}")
    if number is None:
        return None
    parsed = parse_number(number)
    if parsed is None:
        return None
    scale = match.group(f"scale{n}")
    if scale:
        parsed *= _SCALES[_folded(scale)]
    return parsed


def _folded(word: str) -> str:
    """A word the patterns matched ignoring case, as the lower-case key of a table: ``re.IGNORECASE`` also
    matches "İ" and "ı" as "i" and "ſ" as "s", which ``str.lower`` keeps apart ("thouſands")."""
    return word.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")


def _money_from_match(match: re.Match[str]) -> MoneyValue | None:
    pre1, pre2, post = match.group("pre1"), match.group("pre2"), match.group("post")
    for code in (pre1, pre2, post):  # three capital letters count only as an ISO code in capitals
        if code and re.fullmatch(r"[A-Za-z]{3}", code) and code.lower() not in _CURRENCY_WORDS and (
                not code.isupper() or code not in ISO_4217):
            return None
    if pre1 and re.fullmatch(r"[A-Za-z]{3}", pre1) and not pre1.isupper():
        return None
    currency = _currency_of(pre1 or pre2, post)
    if currency is None:
        return None
    first = _value(match, 1)
    second = _value(match, 2)
    if first is None:
        return None
    if second is not None and not match.group("scale1") and match.group("scale2"):
        first *= _SCALES[_folded(match.group("scale2"))]  # "$2-3 billion"
    if not match.group("scale1") and not match.group("scale2") and re.fullmatch(r"an?", match.group("num1"), re.I):
        return None
    qualifier = dict(_QUALIFIERS).get(re.sub(r"\s+", " ", (match.group("qual") or "").strip().lower()))
    limit = Decimal(10) ** 18
    if first > limit or (second is not None and second > limit):
        return None
    if second is not None:
        low, high = sorted((first, second))
        return MoneyValue(currency=currency, min=float(low), max=float(high), approximate=qualifier == "approx")
    if qualifier == "min":
        return MoneyValue(currency=currency, min=float(first))
    if qualifier == "max":
        return MoneyValue(currency=currency, max=float(first))
    return MoneyValue(currency=currency, amount=float(first), approximate=qualifier == "approx")


def _vague_money(match: re.Match[str]) -> MoneyValue | None:
    currency = _currency_of(None, match.group("cur"))
    if currency is None:
        return None
    low = _SCALES[_folded(match.group("scale")).rstrip("s")]
    if match.group("mult"):
        low *= {"hundreds": 100, "tens": 10, "dozens": 12}[_folded(match.group("mult"))]
    return MoneyValue(currency=currency, min=float(low), approximate=True)


def find_money(text: str) -> Iterator[tuple[int, int, MoneyValue]]:
    """Yield ``(start, end, value)`` for each money expression in ``text`` (code-point offsets).

    Only expressions whose currency the text states are found: "about 3 billion tons" is not money.
    """
    plain, low = _scan_texts(text)
    taken: list[tuple[int, int]] = []
    for match in _vague_matches(plain, low):
        value = _vague_money(match)
        if value is not None:
            taken.append((match.start(), match.end()))
            yield match.start(), match.end(), value
    for match in _money_matches(plain, low):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        value = _money_from_match(match)
        if value is None:
            continue
        start, end = match.start(), match.end()
        while end > start and plain[end - 1] in " -":
            end -= 1
        yield start, end, value


def _vague_matches(plain: str, low: str | None) -> Iterator[re.Match[str]]:
    """``_VAGUE_MONEY.finditer(plain)``: none without a scale word in the lower-case text, else found in
    it with the case-sensitive pattern and each match read again from ``plain`` (its groups' case)."""
    if low is None:
        yield from _VAGUE_MONEY.finditer(plain)
        return
    if not any(word in low for word in _VAGUE_SCALES):
        return
    for found in _VAGUE_MONEY_LOWER.finditer(low):
        yield _VAGUE_MONEY.match(plain, found.start())  # type: ignore[misc]


class _InPlain:
    """A match found in the lower-case text, read in ``plain``: the same spans, each group's text with
    its case (what :func:`_money_from_match` reads of a match)."""

    __slots__ = ("_match", "_plain")

    def __init__(self, match: re.Match[str], plain: str) -> None:
        self._match, self._plain = match, plain

    def group(self, name: str) -> str | None:
        start, end = self._match.span(name)
        return None if start < 0 else self._plain[start:end]

    def start(self) -> int:
        return self._match.start()

    def end(self) -> int:
        return self._match.end()


def _money_matches(plain: str, low: str | None) -> Iterator[re.Match[str] | _InPlain]:
    """``_MONEY.finditer(plain)``, found in the lower-case text with the case-sensitive pattern when that
    is safe, each match read in ``plain`` (the same spans; an ISO code counts only in capitals)."""
    if low is None:
        yield from _MONEY.finditer(plain)
        return
    for found in _MONEY_LOWER.finditer(low):
        yield _InPlain(found, plain)


def normalize_money(text: str) -> MoneyValue | None:
    """The amount and ISO 4217 currency of a money expression, or None when there is none.

    ``"$50 million"`` -> USD 50000000; ``"38-million-euro"`` -> EUR 38000000; ``"over $260 million"``
    -> USD min 2.6e8; ``"billions of dollars"`` -> USD min 1e9, approximate; ``"about 3 billion"``
    (no currency) -> None. Non-breaking spaces count as spaces. When the text holds several amounts,
    the first is taken.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    value = _normalized_money(text)
    return value.model_copy() if value is not None else None


def normalize_money_json(text: str) -> dict | None:
    """:func:`normalize_money` as the JSON fields of its value (``model_dump(mode="json",
    exclude_none=True)``, a new dict each call): what an importer stores, without copying the model."""
    if not isinstance(text, str) or not text.strip():
        return None
    fields = _normalized_money_json(text)
    return dict(fields) if fields is not None else None


@lru_cache(maxsize=8192)
def _normalized_money_json(text: str) -> dict | None:
    value = _normalized_money(text)
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None


@lru_cache(maxsize=8192)
def _normalized_money(text: str) -> MoneyValue | None:
    """:func:`normalize_money` of a non-blank string, remembered (the value is shared: callers copy it)."""
    for _start, _end, value in sorted(find_money(text), key=lambda found: found[0]):
        return value
    return None
