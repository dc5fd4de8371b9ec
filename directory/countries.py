"""A country's ISO 3166 code from however a staff list or a directory spells it."""

import functools

from django_countries import countries

# What exports write that is neither a code nor the name django-countries knows, compared
# after `_plain` (lower case, no dots, no leading "the").
ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "grossbritannien": "GB",
    "großbritannien": "GB",
    "vereinigtes königreich": "GB",
    "us": "US",
    "usa": "US",
    "united states": "US",
    "america": "US",
    "vereinigte staaten": "US",
    "holland": "NL",
    "netherlands": "NL",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "uae": "AE",
    "vae": "AE",
    "czech republic": "CZ",
    "russia": "RU",
    "ivory coast": "CI",
    "brd": "DE",
    "bundesrepublik deutschland": "DE",
    "federal republic of germany": "DE",
    "schweizerische eidgenossenschaft": "CH",
}


def _plain(value: str) -> str:
    value = " ".join(value.replace(".", " ").replace("_", " ").lower().split())
    return value.removeprefix("the ")


@functools.lru_cache(maxsize=2048)
def code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code for a code (DE, de, DEU, 276), an English or German
    name in any case ("Germany", "DEUTSCHLAND"), or a common abbreviation ("UK",
    "U.S.A."); "" for anything else. Remembered: a staff list names the same few
    countries 100,000 times."""
    value = value.strip()
    if not value:
        return ""
    if len(value) == 2 and value.upper() in _codes():
        return value.upper()
    plain = _plain(value)
    if plain in ALIASES:
        return ALIASES[plain]
    if plain.replace(" ", "") in ALIASES:  # "U. S. A."
        return ALIASES[plain.replace(" ", "")]
    for candidate in dict.fromkeys([value, plain]):
        found = countries.by_name(candidate, language="en") or countries.by_name(
            candidate, language="de"
        )
        if found:
            return found
    if len(plain) == 3 or plain.isdigit():
        return countries.alpha2(plain) or ""
    return ""


@functools.cache
def _codes() -> frozenset:
    return frozenset(code for code, _name in countries)
