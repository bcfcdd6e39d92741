"""Screening supplier names against a restricted-entity list: hits, bands, reasons."""

from __future__ import annotations

import pytest

from ruggie.reference.domain.entity_lists import ListedEntity, entry_id, packaged_uflpa
from ruggie.screening.domain import (
    SCREENING_BANDS,
    Band,
    Hit,
    SupplierName,
    screen,
    screen_pair,
)


def entity(name: str, *aliases: str, country: str = "CN", location: str = "China") -> ListedEntity:
    return ListedEntity(
        list_code="test", entry_id=entry_id(name), name=name, aliases=aliases, country=country,
        location=location, section="", listed_on=None, source_url="", notes="", verified=True,
    )  # fmt: skip


ZHONGTAI = entity("Xinjiang Zhongtai Chemical Co., Ltd.", location="Xinjiang, China")
ASHELE = entity("Xinjiang Habahe Ashele Copper Co., Ltd.", "Ashele Copper")
CAMEL = entity("Camel Group Co., Ltd.", location="Xiangyang City, Hubei Province, China")
CENTER = entity("No. 4 Vocational Skills Education Training Center (VSETC)")
LIST = [ZHONGTAI, ASHELE, CAMEL, CENTER]


def one(name: str, country: str = "CN", *others: str) -> list[Hit]:
    return screen([SupplierName("s1", name, tuple(others), country)], LIST)


def test_legal_form_written_otherwise_is_a_confident_hit_that_says_so() -> None:
    [hit] = one("Xinjiang Zhongtai Chemical Company Limited")
    assert hit.supplier == "s1" and hit.entry is ZHONGTAI and hit.matched_name == ZHONGTAI.name
    assert hit.band == Band.CONFIDENT and hit.score == 1.0
    assert "same name after removing legal forms ('Company Limited' vs 'Co., Ltd.')" in hit.reason
    assert "same country (CN)" in hit.reason


def test_alias_match_names_the_alias() -> None:
    [hit] = one("ASHELE COPPER CO LTD")
    assert hit.matched_name == "Ashele Copper" and hit.by_alias
    assert hit.reason.startswith("Alias 'Ashele Copper' matched")
    assert hit.entry.aliases == ("Ashele Copper",)


def test_the_suppliers_other_names_are_screened() -> None:
    [hit] = one("Northwind Trading", "CN", "Zhongtai Chemical Xinjiang Co Ltd")
    assert hit.supplier_name == "Zhongtai Chemical Xinjiang Co Ltd"
    assert "the supplier's other name" in hit.reason


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Zhongtai Chemical (Xinjiang) Co., Ltd.", "same words in a different order"),
        ("Xinjiang Zhongtia Chemical Co Ltd", "one-letter typo ('zhongtia' vs 'zhongtai')"),
        ("Xinjiang Zhong Tai Chemical", "written together or apart"),
        ("新疆中泰化学股份有限公司", "transliteration: '新疆中泰化学股份有限公司' reads"),
        ("Xinjiang Zhongtai Chemical Co., Ltd. Urumqi Branch", "as a branch: 'Urumqi Branch' left out"),
    ],
)
def test_spellings_of_a_listed_name_are_caught_and_explained(name: str, words: str) -> None:
    [hit] = one(name)
    assert hit.entry is ZHONGTAI
    assert hit.band != Band.NONE
    assert words in hit.reason


def test_leaving_out_the_place_is_a_candidate() -> None:
    [hit] = one("Zhongtai Chemical Co Ltd")
    assert hit.band == Band.CANDIDATE
    assert "extra words on one side ('xinjiang')" in hit.reason


@pytest.mark.parametrize(
    "name",
    [
        "Xinjiang Zhongtai Textile Co., Ltd.",  # same place and trade name, another business
        "Xinjiang Weiguang Chemical Co., Ltd.",  # another trade name
        "Hubei Zhongtai Paper Co., Ltd.",  # another place and business
        "Camel Power Trading Co., Ltd.",
        "Sunrise Garments Ltd",
    ],
)
def test_look_alikes_are_not_hits(name: str) -> None:
    assert one(name) == []


def test_another_country_is_never_confident_and_says_why() -> None:
    [hit] = one("Camel Group Co., Ltd.", country="VN")
    assert hit.band == Band.CANDIDATE
    assert hit.score < SCREENING_BANDS.confident
    assert "the supplier is in VN and the listed entity in CN" in hit.reason
    [unknown] = one("Camel Group Co., Ltd.", country="")
    assert unknown.band == Band.CONFIDENT and "country is unknown" in unknown.reason


def test_different_numbers_are_never_confident() -> None:
    [hit] = one("No. 3 Vocational Skills Education Training Center")
    assert hit.entry is CENTER and hit.band == Band.CANDIDATE
    assert "numbers in the names differ" in hit.reason


def test_one_hit_per_supplier_and_entry_the_best_of_their_names() -> None:
    hits = screen(
        [
            SupplierName(1, "Ashele Copper", ("Xinjiang Habahe Ashele Copper Company Limited",), "CN"),
            SupplierName(2, "Camel Group", (), "CN"),
        ],
        LIST,
    )
    assert [(h.supplier, h.entry.name) for h in hits] == [(1, ASHELE.name), (2, CAMEL.name)]
    assert hits[0].matched_name == "Ashele Copper"  # ties go to the supplier's own name


def test_nothing_to_screen() -> None:
    assert screen([], LIST) == []
    assert screen([SupplierName(1, "Camel Group")], []) == []
    assert screen([SupplierName(1, "   ")], LIST) == []


def test_screen_pair_explains_a_non_hit() -> None:
    pair = screen_pair(SupplierName(1, "Xinjiang Zhongtai Textile"), ZHONGTAI)
    assert pair is not None and pair.band == Band.NONE
    assert "words differ ('textile' vs 'chemical')" in pair.reason
    assert screen_pair(SupplierName(1, "Sunrise Garments"), ZHONGTAI) is None  # never compared


def test_packaged_list_screens_its_own_names_and_aliases() -> None:
    entries = packaged_uflpa()
    names = [SupplierName(f"{e.entry_id}|{n}", n, (), e.country) for e in entries for n in e.names]
    found = {(h.supplier, h.entry.entry_id) for h in screen(names, entries) if h.band == Band.CONFIDENT}
    for e in entries:
        for n in e.names:
            assert (f"{e.entry_id}|{n}", e.entry_id) in found, n
