"""Resolve the many ways people write a country into an ISO 3166-1 alpha-2 code.

Supplier lists come from buyers' ERPs, auditors and suppliers themselves, so the
same country appears as "VN", "VNM", "Viet Nam", "Vietnam ", "Viêt Nam" or
"Vietnã". We try, in order:

1. a small table of colloquial names that neither library knows well,
2. ``rigour`` (codes, English and many local names, UK nations, "PRC"...),
3. an index built once from ``pycountry``: codes, official and common names, and
   their French/Spanish/Portuguese/German/Italian/Dutch translations.

Results are memoised because an import calls this once per row, and a file
usually repeats a handful of countries tens of thousands of times.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process
from rigour.territories import Territory, lookup_by_identifier, lookup_territory

# Translations of pycountry names used to build the local-language index.
_LANGUAGES = ("fr", "es", "pt", "pt_BR", "de", "it", "nl")

# Names that people type in supplier lists but that the libraries miss or
# would map to a sub-national territory. Keys are normalised (see _normalise).
_COLLOQUIAL = {
    "mainland china": "CN",
    "china mainland": "CN",
    "p r china": "CN",
    "pr china": "CN",
    "peoples republic of china": "CN",
    "people s republic of china": "CN",
    "hong kong sar": "HK",
    "hong kong sar china": "HK",
    "macau sar": "MO",
    "macao sar": "MO",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "burma": "MM",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "u k": "GB",
    "uk": "GB",
    "uae": "AE",
    "u a e": "AE",
    "south korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "ivory coast": "CI",
    "czechia": "CZ",
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "russia": "RU",
    "vietnam": "VN",
    "kosovo": "XK",
}

_PUNCT = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _PUNCT.sub(" ", no_accents.replace("_", " "))).strip()


@lru_cache(maxsize=1)
def _valid_codes() -> frozenset[str]:
    """Every real ISO 3166-1 alpha-2 code, plus XK (Kosovo, widely used)."""
    return frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Normalised name or code -> alpha-2, built once from pycountry."""
    index: dict[str, str] = {}
    translators = []
    for lang in _LANGUAGES:
        try:
            translators.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # a locale missing from this pycountry build
            continue
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.name, code, country.alpha_3]
        names += [getattr(country, a, "") for a in ("official_name", "common_name")]
        for name in [n for n in names if n]:
            index.setdefault(_normalise(name), code)
            # "Korea, Republic of" is also written "Republic of Korea".
            if ", " in name:
                head, _, tail = name.partition(", ")
                index.setdefault(_normalise(f"{tail} {head}"), code)
        for translator in translators:
            for name in (country.name, getattr(country, "official_name", "")):
                if name:
                    index.setdefault(_normalise(translator.gettext(name)), code)
    for key, code in _COLLOQUIAL.items():
        index[key] = code
    return index


@lru_cache(maxsize=1)
def _territory_names() -> dict[str, Territory] | None:
    """rigour's territory names (strong names, then weak ones, then places), keyed by this
    module's normalisation.

    rigour's own lookup first transliterates its 29,000 names, which costs 1.6 s the first
    time a file holds a country ruggie's own index does not know (every import of a messy
    file); under this module's normalisation the same names index in 0.1 s and resolve the
    same (all but one of the 29,000, a Tibetan name). None if rigour's data loader moved.
    """
    try:
        from rigour.territories.lookup import _load_territory_names
    except ImportError:  # a rigour release that reorganised its internals
        return None
    loaded = [
        (territory, (strong, weak, places)) for territory, strong, weak, places in _load_territory_names()
    ]
    names: dict[str, Territory] = {}
    for layer in range(3):
        found: dict[str, Territory] = {}
        for territory, groups in loaded:
            for name in groups[layer]:
                key = _normalise(name)
                if key and key not in names:
                    found.setdefault(key, territory)
        names.update(found)
    return names


def _lookup_territory(text: str) -> Territory | None:
    names = _territory_names()
    if names is None:
        return lookup_territory(text)
    return lookup_by_identifier(text) or names.get(_normalise(text))


def _from_territory(text: str) -> str | None:
    territory = _lookup_territory(text)
    valid = _valid_codes()
    while territory is not None:
        code = territory.code.upper()
        if code in valid:
            return code
        territory = territory.parent
    return None


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code (upper-case) for ``text``, or None.

    None means empty or not recognised; callers turn that into a row error that
    lists ``suggest_countries``.
    """
    cleaned = text.strip().strip(".").strip()
    if not cleaned:
        return None
    key = _normalise(cleaned)
    if not key:
        return None
    if key in _COLLOQUIAL:
        return _COLLOQUIAL[key]
    # Two-letter input is a code: check it against ISO directly so that rigour's
    # wider set of codes (historical, sub-national) cannot leak through.
    if len(key) == 2 and key.isalpha():
        return key.upper() if key.upper() in _valid_codes() else None
    found = _name_index().get(key)
    if found:
        return found
    return _from_territory(cleaned) or _from_territory(key)


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """English short name for display ("Viet Nam"); the code itself if unknown."""
    upper = code.strip().upper()
    if upper == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=upper) if len(upper) == 2 else None
    if country is None:
        return code
    # "Tanzania, United Republic of" reads badly in a sentence; use the common name.
    if ", " in country.name:
        return str(getattr(country, "common_name", country.name))
    return str(country.name)


@lru_cache(maxsize=1)
def _suggestion_choices() -> list[tuple[str, str]]:
    return [(name, code) for name, code in _name_index().items() if len(name) > 3]


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """ISO codes of the names closest to ``text``, best first, for "did you mean"."""
    key = _normalise(text)
    if not key or limit <= 0:
        return []
    choices = _suggestion_choices()
    names = [name for name, _ in choices]
    matches = process.extract(key, names, scorer=fuzz.WRatio, limit=limit * 8, score_cutoff=50)
    codes: list[str] = []
    for _name, _score, position in matches:
        code = choices[position][1]
        if code not in codes:
            codes.append(code)
        if len(codes) == limit:
            break
    return codes
