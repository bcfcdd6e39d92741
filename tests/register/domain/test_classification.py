"""Reference data integrity and resolvers for ISIC Rev.4 sectors and commodities."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - our own shipped U.S. Government file
from collections import Counter
from pathlib import Path

import pytest

from ruggie.register.domain.classification import (
    Commodity,
    commodities,
    load_commodities_file,
    resolve_commodity,
    resolve_sector,
    sector_label,
    sectors,
)

# CI clones the repo with shared/ beside it: <root>/../shared/data/ilab.
REPO_ROOT = Path(__file__).resolve().parents[3]
ILAB_XML = REPO_ROOT.parent / "shared" / "data" / "ilab" / "tvpra_goods_2022_edition.xml"

# Goods on the DOL list that the commodity list leaves out on purpose (see SOURCE.md).
DELIBERATELY_UNLISTED = {"Pornography"}


# --------------------------------------------------------------------------- ISIC data


def test_isic_structure_matches_the_un_publication():
    counts = Counter(s.level for s in sectors().values())
    assert counts == {"section": 21, "division": 88, "group": 238, "class": 419}


def test_isic_codes_have_the_shape_of_their_level_and_a_real_parent():
    table = sectors()
    shapes = {
        "section": r"[A-U]",
        "division": r"\d{2}",
        "group": r"\d{3}",
        "class": r"\d{4}",
    }
    parent_level = {"division": "section", "group": "division", "class": "group"}
    for code, sector in table.items():
        assert re.fullmatch(shapes[sector.level], code), code
        assert sector.title.strip() == sector.title and sector.title, code
        if sector.level == "section":
            assert sector.parent == ""
            continue
        parent = table[sector.parent]
        assert parent.level == parent_level[sector.level], code
        if sector.level != "division":
            assert code.startswith(sector.parent), code


def test_isic_codes_are_unique_in_the_file():
    from importlib.resources import files

    rows = files("ruggie.data").joinpath("isic_rev4.csv").read_text("utf-8").splitlines()[1:]
    codes = [row.split(",", 1)[0] for row in rows]
    assert len(codes) == len(set(codes)) == len(sectors())


def test_every_section_and_division_has_classes():
    table = sectors()
    children = Counter(s.parent for s in table.values())
    for code, sector in table.items():
        if sector.level != "class":
            assert children[code] > 0, f"{code} has no children"


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("0111", "Growing of cereals (except rice), leguminous crops and oil seeds"),
        ("0127", "Growing of beverage crops"),
        ("1410", "Manufacture of wearing apparel, except fur apparel"),
        ("1520", "Manufacture of footwear"),
        ("4923", "Freight transport by road"),
        ("7830", "Other human resources provision"),
        ("8121", "General cleaning of buildings"),
        ("C", "Manufacturing"),
    ],
)
def test_well_known_isic_titles(code, title):
    assert sectors()[code].title == title


# --------------------------------------------------------------------------- sector resolver


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1410", "1410"),
        (" 14.10 ", "1410"),
        ("ISIC 1410", "1410"),
        ("ISIC Rev.4 14.10", "1410"),
        ("isic rev 4: 1410", "1410"),
        ("C1410", "1410"),
        ("C 14.10", "1410"),
        ("14", "14"),
        ("141", "141"),
        ("14.1", "141"),
        ("C", "C"),
        ("c", "C"),
        ("01.11", "0111"),
        ("111", "0111"),  # Excel dropped the leading zero of 0111
        ("Manufacture of wearing apparel, except fur apparel", "1410"),
        ("MANUFACTURE OF FOOTWEAR", "1520"),
        ("Manufacturing", "C"),
        ("1410 — Manufacture of wearing apparel, except fur apparel", "1410"),
    ],
)
def test_resolve_sector(text, expected):
    assert resolve_sector(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "9999", "A1410", "garments", "ISIC", "14100", "V"])
def test_resolve_sector_rejects_unknown_or_contradictory(text):
    assert resolve_sector(text) is None


def test_sector_label():
    assert sector_label("1410") == "1410 — Manufacture of wearing apparel, except fur apparel"
    assert sector_label("not-a-code") == "not-a-code"


def test_every_label_resolves_back_to_its_code():
    for code in sectors():
        assert resolve_sector(sector_label(code)) == code


# --------------------------------------------------------------------------- commodity data


def test_there_are_enough_commodities_with_names_and_valid_hs_codes():
    items = commodities()
    assert len(items) >= 60
    for code, commodity in items.items():
        assert commodity.code == code and commodity.name.strip(), code
        for hs in commodity.hs:
            assert hs.isdigit() and len(hs) in (2, 4, 6), (code, hs)
        if commodity.isic:
            assert sectors()[commodity.isic].level == "class", (code, commodity.isic)


def test_hs_codes_belong_to_one_commodity():
    owners = Counter(hs for c in commodities().values() for hs in c.hs)
    assert [hs for hs, n in owners.items() if n > 1] == []


def test_no_name_or_alias_maps_to_two_commodities():
    from ruggie.register.domain.classification import _commodity_keys, _fold

    owner: dict[str, str] = {}
    clashes = []
    for commodity in commodities().values():
        for key in {_fold(k) for k in _commodity_keys(commodity)}:
            if key in owner and owner[key] != commodity.code:
                clashes.append((key, owner[key], commodity.code))
            owner[key] = commodity.code
    assert clashes == []


def test_every_name_alias_and_good_resolves_to_its_own_commodity():
    for commodity in commodities().values():
        for key in (commodity.code, commodity.name, *commodity.aliases, *commodity.ilab_goods):
            assert resolve_commodity(key) == commodity.code, key
        for hs in commodity.hs:
            assert resolve_commodity(hs) == commodity.code, hs


def _dol_goods() -> set[str]:
    if not ILAB_XML.exists():
        pytest.skip(f"DOL data not found at {ILAB_XML}")
    root = ET.parse(ILAB_XML).getroot()  # noqa: S314 - trusted file shipped with the project
    return {(el.text or "").strip() for el in root.iter("Good_Name")}


def test_ilab_goods_are_spelled_exactly_as_in_the_dol_list():
    goods = _dol_goods()
    used = {g for c in commodities().values() for g in c.ilab_goods}
    assert sorted(used - goods) == []


def test_every_dol_good_is_covered_once():
    goods = _dol_goods()
    used = Counter(g for c in commodities().values() for g in c.ilab_goods)
    assert sorted(goods - set(used) - DELIBERATELY_UNLISTED) == []
    assert [g for g, n in used.items() if n > 1] == []


# --------------------------------------------------------------------------- commodity resolver


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cocoa", "cocoa"),
        ("Cocoa beans", "cocoa"),
        ("CACAO", "cocoa"),
        ("cacau", "cocoa"),
        ("Kakao", "cocoa"),
        ("Tomatoes", "tomatoes"),
        ("tomato", "tomatoes"),
        ("strawberry", "strawberries"),
        ("Maïs", "corn"),
        ("mais", "corn"),
        ("café", "coffee"),
        ("Palm Fruit", "palm_oil"),
        ("huile de palme", "palm_oil"),
        ("Cobalt ore (heterogenite)", "cobalt"),
        ("cobalt (DRC)", "cobalt"),
        ("Rubber Gloves", "rubber_gloves"),
        ("apparel", "garments"),
        ("Bekleidung", "garments"),
        ("1801", "cocoa"),
        ("HS 1801.00", "cocoa"),
        ("18069000", "cocoa"),  # national tariff line -> its heading
        ("854143", "solar_panels"),
        ("030617", "shrimp"),
        ("0701", "potatoes"),
        # DOL distinguishes "Pepper" (Vietnam, black pepper) from "Peppers" (capsicum).
        ("Pepper", "black_pepper"),
        ("Peppers", "peppers"),
        ("peppercorns", "black_pepper"),
    ],
)
def test_resolve_commodity(text, expected):
    assert resolve_commodity(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "unobtainium", "0306", "99", "widgets"])
def test_resolve_commodity_unknown_is_none(text):
    assert resolve_commodity(text) is None


# --------------------------------------------------------------------------- extension files


def test_organisation_file_extends_and_overrides(tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text(
        "commodities:\n"
        "  - code: quinoa\n"
        "    name: Quinoa\n"
        '    hs: ["100850"]\n'
        "    aliases: [quinua]\n"
        '    isic: "0111"\n'
        "  - code: cocoa\n"
        "    name: Cocoa\n"
        '    hs: ["1801"]\n'
        "    aliases: [criollo]\n",
        encoding="utf-8",
    )
    extra = load_commodities_file(path)
    assert extra[0] == Commodity("quinoa", "Quinoa", ("100850",), ("quinua",), (), "0111")
    merged = commodities(extra)
    assert merged["cocoa"].aliases == ("criollo",)
    assert len(merged) == len(commodities()) + 1
    assert resolve_commodity("Quinua", extra) == "quinoa"
    assert resolve_commodity("100850", extra) == "quinoa"
    assert resolve_commodity("criollo", extra) == "cocoa"
    # 1008 alone is not listed by the organisation, so only the 6-digit code resolves.
    assert resolve_commodity("Quinoa") is None


def test_a_bare_list_is_accepted(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- code: kapok\n  name: Kapok\n", encoding="utf-8")
    assert [c.code for c in load_commodities_file(path)] == ["kapok"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- name: No code\n", r"commodity #1: field 'code'"),
        ("- code: Bad Slug\n  name: X\n", r"field 'code' must be a lowercase slug"),
        ("- code: x\n", r"\('x'\): field 'name' is required"),
        ("- code: x\n  name: X\n  hs: [0701]\n", r"\('x'\): field 'hs' must contain .*quoted"),
        ("- code: x\n  name: X\n  hs: ['18011']\n", r"field 'hs' has '18011'"),
        ("- code: x\n  name: X\n  hs: '1801'\n", r"field 'hs' must be a list"),
        ("- code: x\n  name: X\n  isic: '9999'\n", r"field 'isic' is not an ISIC"),
        ("- code: x\n  name: X\n  alias: [y]\n", r"unknown field\(s\) alias"),
        ("- code: x\n  name: X\n- code: x\n  name: Y\n", r"commodity #2 \('x'\).*duplicates"),
        ("just text\n", r"expected a list"),
        ("- [unclosed\n", r"not valid YAML"),
    ],
)
def test_bad_organisation_files_name_the_entry_and_field(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_commodities_file(path)
