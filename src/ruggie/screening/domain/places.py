"""Place words in a listed entity's names: words that a supplier's spelling of the
same company often leaves out or adds ("Zhongtai Chemical" for "Xinjiang Zhongtai
Chemical Co., Ltd.").

The matcher weighs a place word 0.4 instead of 1 when only one name has it (and 1
when the two names name different places). The places of an entry are:

* the words of its ``location`` ("Zhuhai, Guangdong, China"), less country names
  and words such as "city" or "province";
* the first words of its country's provinces and regions (ISO 3166-2, as in
  pycountry: "Xinjiang Uygur Zizhiqu" -> "xinjiang");
* for an entity in China, the first word of a name of three or more words:
  Chinese enterprise names are by rule "place + trade name + business + form"
  (行政区划 + 字号 + 行业 + 组织形式), so "Hetian" in "Hetian Taida Apparel" is
  a place even where no gazetteer says so.
"""

from __future__ import annotations

from functools import cache

import pycountry

from ruggie.reference.domain.entity_lists import ListedEntity
from ruggie.register.domain.name_matching import BUSINESS_WORDS, ORGANISATION_WORDS, STOP_WORDS
from ruggie.register.domain.names import country_names, fold_tokens, parse_name

__all__ = ["entity_places"]

# Administrative words that locations carry around place names.
_ADMINISTRATIVE = frozenset(
    """city province county district prefecture region autonomous uygur uyghur zizhiqu sheng shi
    municipality town village area zone new""".split()
)
# Countries whose enterprise names start with the place of registration.
_PLACE_FIRST = frozenset({"CN", "HK", "MO", "TW"})


def entity_places(entity: ListedEntity) -> frozenset[str]:
    """The place words of a listed entity (see the module doc)."""
    words = set(_location_words(entity.location)) | _subdivision_words(entity.country)
    if entity.country in _PLACE_FIRST:
        for name in entity.names:
            core = parse_name(name).core
            if len(core) >= 3 and len(core[0]) > 2:
                words.add(core[0])
    return frozenset(words - _NOT_PLACES)


_NOT_PLACES = BUSINESS_WORDS | ORGANISATION_WORDS | STOP_WORDS | _ADMINISTRATIVE


def _location_words(location: str) -> list[str]:
    countries = _country_words()
    return [w for w in fold_tokens(location) if w not in countries and not w.isdigit()]


@cache
def _country_words() -> frozenset[str]:
    return frozenset(w for name in country_names() for w in name)


@cache
def _subdivision_words(country: str) -> frozenset[str]:
    if not country:
        return frozenset()
    try:
        subdivisions = pycountry.subdivisions.get(country_code=country) or []
    except (KeyError, LookupError):
        return frozenset()
    firsts = set()
    for sub in subdivisions:
        tokens = fold_tokens(sub.name)
        if tokens and len(tokens[0]) > 2:
            firsts.add(tokens[0])
    return frozenset(firsts)
