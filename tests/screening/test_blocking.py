"""The blocking index and the score bound keep the comparisons few without losing hits."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from ruggie.reference.domain.entity_lists import ListedEntity, packaged_uflpa
from ruggie.register.domain.name_matching import words_of
from ruggie.register.domain.names import parse_name
from ruggie.screening.domain import SCREENING_BANDS, Band, SupplierName, screen
from ruggie.screening.domain import run as screening_run
from ruggie.screening.domain.list_index import ListIndex
from ruggie.screening.domain.places import entity_places

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "screening" / "uflpa_variants.csv"


def words(name: str) -> tuple[str, ...]:
    return words_of(parse_name(name).core)


def test_index_finds_typos_sounds_glued_words_and_acronyms() -> None:
    listed = ["Xinjiang Zhongtai Chemical", "Trafigura Group", "Hetian Taida Apparel", "Al Qa'ida"]
    listed += ["Xinjiang Production and Construction Corps", "XPCC Holding"]
    index = ListIndex((i, words(n), frozenset({"xinjiang", "hetian"})) for i, n in enumerate(listed))
    assert 0 in index.candidates(words("Zhongtia Chemical"))  # swapped letters
    assert 0 in index.candidates(words("Zhongtaai"))  # a letter more
    assert 0 in index.candidates(words("Zhong Tai"))  # written apart
    assert 1 in index.candidates(words("Trafalgura"))  # two letters in a long word
    assert 2 in index.candidates(words("Hotan Taida"))
    assert 3 in index.candidates(words("Al Qaeda"))  # apart and a typo
    assert 4 in index.candidates(words("XPCC"))  # initials of a listed name
    assert 5 in index.candidates(words("Xin Ping Cheng Chang"))  # initials of a supplier's name
    assert index.candidates(words("Sunrise Garments")) == {}
    # Business words and places do not pull in names whose distinctive words differ.
    assert 0 not in index.candidates(words("Xinjiang Textile Chemical"))


def test_masks_say_which_words_met() -> None:
    index = ListIndex([(0, words("Xinjiang Zhongtai Chemical"), frozenset({"xinjiang"}))])
    [[mine, theirs]] = index.candidates(words("Hubei Zhongtai Paper")).values()
    assert mine == 0b010 and theirs == 0b010  # "zhongtai" is the key word; places are not keys


def _exhaustive(names: list[SupplierName], lists: list[ListedEntity]) -> set[tuple[object, str, Band]]:
    """Every supplier spelling against every listed spelling, no index, no bound."""
    places = [entity_places(e) for e in lists]
    listed = [
        screening_run._Listed.of(k, s, n > 0, places[k])
        for k, e in enumerate(lists)
        for n, written in enumerate(e.names)
        for s in screening_run._spellings(written)
    ]
    best: dict[tuple[object, str], tuple[float, Band]] = {}
    for supplier in names:
        for rank, written in enumerate(supplier.names):
            for spelling in screening_run._spellings(written, branches=True):
                for target in listed:
                    e = lists[target.entity]
                    m = screening_run._match(
                        spelling, rank > 0, target, e, supplier.country, target.places, SCREENING_BANDS
                    )
                    key = (supplier.key, e.entry_id)
                    if m.band != Band.NONE and m.score > best.get(key, (-1.0, Band.NONE))[0]:
                        best[key] = (m.score, m.band)
    return {(k[0], k[1], band) for k, (_, band) in best.items()}


def test_screen_finds_what_comparing_everything_finds() -> None:
    lists = packaged_uflpa()
    with VARIANTS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rng = random.Random(5)
    names = [
        SupplierName(i, r["supplier_name"], (), r["supplier_country"])
        for i, r in enumerate(rng.sample(rows, 300))
    ]
    names += [
        SupplierName("x1", "Xinjiang Trading Co", (), "CN"),
        SupplierName("x2", "Group Holdings Ltd", (), ""),
    ]
    fast = {(h.supplier, h.entry.entry_id, h.band) for h in screen(names, lists)}
    assert len(fast) > 150
    assert fast == _exhaustive(names, lists)
