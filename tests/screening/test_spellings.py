"""Latin spellings of other scripts, and the place words of a listed entity."""

from __future__ import annotations

import pytest

from ruggie.reference.domain.entity_lists import ListedEntity, entry_id
from ruggie.screening.domain.places import entity_places
from ruggie.screening.domain.transliteration import has_han, latin_spelling, needs_spelling


@pytest.mark.parametrize(
    ("name", "spelled"),
    [
        (
            "新疆中泰化学股份有限公司",
            "xin jiang zhong tai chemical",
        ),  # business word translated, form dropped
        ("東莞市綠洲鞋業有限公司", "dong guan lu zhou shoes"),  # traditional characters, "city" dropped
        ("阿克苏华孚纺织有限公司", "a ke su hua fu textile"),
        ("ООО «Ромашка»", "romashka"),  # the legal form is left out, rigour's spelling
        ("김정은", "gimjeongeun"),
    ],
)
def test_other_scripts_are_spelled_in_latin_letters(name: str, spelled: str) -> None:
    assert latin_spelling(name) == spelled


@pytest.mark.parametrize("name", ["Camel Group Co., Ltd.", "Công ty TNHH May Việt Tiến", "Müller GmbH", ""])
def test_latin_names_need_no_spelling(name: str) -> None:
    assert not needs_spelling(name)
    assert latin_spelling(name) is None


def test_han_is_recognised() -> None:
    assert has_han("宁波华美") and not has_han("Ромашка") and not has_han("Ningbo")


def listed(name: str, location: str, country: str) -> ListedEntity:
    return ListedEntity(
        list_code="t", entry_id=entry_id(name), name=name, aliases=(), country=country, location=location,
        section="", listed_on=None, source_url="", notes="", verified=True,
    )  # fmt: skip


def test_places_come_from_the_location_the_provinces_and_chinese_name_order() -> None:
    places = entity_places(
        listed("Hetian Taida Apparel Co., Ltd", "Zhuhai City, Guangdong Province, China", "CN")
    )
    assert {"zhuhai", "guangdong", "xinjiang", "hetian"} <= places  # location, ISO 3166-2, first word
    assert not {"china", "city", "province", "taida", "apparel"} & places
    # Outside China the first word is a name like any other.
    assert "hetian" not in entity_places(listed("Hetian Taida Apparel", "", "VN"))
