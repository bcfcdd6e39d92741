"""Editions side by side: the current one, and what changed between two."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruggie.reference.domain.datasets import read_dataset
from ruggie.reference.domain.editions import current_editions, diff_editions
from ruggie.reference.domain.records import CountryIndicator
from tests.reference.conftest import GOODS_HEADER, MakeFolder, write_folder

OLD = "country,indicator,value,year\nNorway,rating,1,2026\nGermany,rating,2,2026\nViet Nam,rating,4,2026\n"
NEW = "country,indicator,value,year\nNorway,rating,1,2026\nGermany,rating,3,2026\nYemen,rating,5+,2026\n"


def test_a_diff_lists_added_removed_and_changed_records(make_folder: MakeFolder) -> None:
    old = read_dataset(make_folder(name="old", data={"ratings.csv": OLD}))
    new = read_dataset(make_folder(name="new", data={"ratings.csv": NEW}, edition="example-2027"))
    diff = diff_editions(old, new)
    assert (diff.old_edition, diff.new_edition) == ("example-2026", "example-2027")
    assert [r.country for r in diff.added] == ["YE"]
    assert [r.country for r in diff.removed] == ["VN"]
    ((before, after),) = diff.changed
    assert isinstance(before, CountryIndicator) and isinstance(after, CountryIndicator)
    assert (before.country, before.label, after.label) == ("DE", "2", "3")
    assert diff.countries == {"YE", "VN", "DE"}  # Norway did not move: its sites keep their scores
    assert not diff.scale_changed and not diff.is_empty


def test_the_same_data_twice_is_an_empty_diff(make_folder: MakeFolder) -> None:
    old = read_dataset(make_folder(name="old"))
    new = read_dataset(make_folder(name="new", edition="example-2027", title="Renamed"))
    assert diff_editions(old, new).is_empty


def test_a_changed_scale_rescores_everything(make_folder: MakeFolder) -> None:
    old = read_dataset(make_folder(name="old"))
    indicator = {
        "code": "rating",
        "name": "rating",
        "scale": "ordinal",
        "direction": "higher_is_worse",
        "levels": [
            {"label": x, "value": v} for x, v in [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("5+", 7)]
        ],
    }
    new = read_dataset(make_folder(name="new", edition="example-2027", indicators=[indicator]))
    diff = diff_editions(old, new)
    ((before, after),) = diff.changed  # Yemen's 5+ moved from 6 to 7
    assert isinstance(before, CountryIndicator) and isinstance(after, CountryIndicator)
    assert diff.scale_changed and (before.value, after.value) == (6.0, 7.0)


def test_goods_and_entities_say_what_to_rescore_and_rescreen(tmp_path: Path) -> None:
    coffee = "Coffee,Kenya,Yes,No,No\n"
    g1 = read_dataset(
        write_folder(tmp_path / "g1", "goods", "g.csv", GOODS_HEADER + "Cocoa,Ghana,Yes,No,No\n" + coffee)
    )
    g2 = read_dataset(
        write_folder(tmp_path / "g2", "goods", "g.csv", GOODS_HEADER + "Cocoa,Ghana,Yes,Yes,No\n" + coffee)
    )
    diff = diff_editions(g1, g2)
    assert diff.countries == {"GH"} and diff.commodities == {"cocoa"} and not diff.entities
    e1 = read_dataset(
        write_folder(tmp_path / "e1", "entity_list", "l.csv", "name,aliases\nAcme Co.,\nBeta Ltd.,\n")
    )
    e2 = read_dataset(
        write_folder(
            tmp_path / "e2", "entity_list", "l.csv", "name,aliases\nAcme Co.,Acme Group\nGamma Ltd.,\n"
        )
    )
    assert diff_editions(e1, e2).entities == {"acme co.", "beta ltd.", "gamma ltd."}


def test_the_current_edition_is_the_newest(make_folder: MakeFolder) -> None:
    old = read_dataset(make_folder(name="old"))
    new = read_dataset(make_folder(name="new", edition="example-2027", edition_date="2027-06-01"))
    gsi = read_dataset(make_folder("gsi_example", name="gsi"))
    assert [d.key for d in current_editions([new, gsi, old])] == [
        ("gsi", "example-2026"),
        ("ituc", "example-2027"),
    ]


def test_two_datasets_are_not_two_editions(make_folder: MakeFolder) -> None:
    ituc = read_dataset(make_folder(name="a"))
    gsi = read_dataset(make_folder("gsi_example", name="b"))
    with pytest.raises(ValueError, match="different datasets"):
        diff_editions(ituc, gsi)
