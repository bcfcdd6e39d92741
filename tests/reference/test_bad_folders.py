"""Bad dataset folders are refused with the file, row, field and fix: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruggie.core.errors import FileRefused
from ruggie.reference.domain.datasets import read_dataset
from tests.reference.conftest import GOODS_HEADER, MakeFolder, write_folder


def refused(folder: Path) -> str:
    with pytest.raises(FileRefused) as caught:
        read_dataset(folder)
    message = caught.value.message
    assert "Traceback" not in message and "Error" not in message
    return message


def test_the_examples_load(make_folder: MakeFolder) -> None:
    assert len(read_dataset(make_folder()).indicators) == 5
    assert len(read_dataset(make_folder("gsi_example", name="gsi")).indicators) == 5


def test_a_folder_without_a_manifest_says_what_a_dataset_is(tmp_path: Path) -> None:
    (tmp_path / "ratings.csv").write_text("country,indicator,value\n", encoding="utf-8")
    message = refused(tmp_path)
    assert "no dataset.yaml" in message and "docs/reference-data.md" in message


@pytest.mark.parametrize("field", ["edition_date", "licence", "attribution", "kind", "files", "edition"])
def test_a_missing_manifest_field_is_named(make_folder: MakeFolder, field: str) -> None:
    message = refused(make_folder(drop=(field,)))
    assert message.startswith(f"dataset.yaml: '{field}' is missing")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"edtion": "2026"}, "unknown field 'edtion'"),
        ({"kind": "index"}, "kind 'index' is unknown"),
        ({"edition_date": "June 2026"}, "not a date. Write it as YYYY-MM-DD"),
        ({"code": "ITUC rating"}, "not a slug"),
        ({"files": ["../secret.csv"]}, "not in the dataset's folder"),
        ({"country_names": {"Korea, Rep.": "Korea"}}, "ISO 3166-1 alpha-2"),
        (
            {"indicators": [{"code": "rating", "name": "r", "scale": "ordinal", "direction": "up"}]},
            "direction",
        ),
        (
            {"indicators": [{"code": "x", "name": "x", "scale": "interval", "direction": "higher_is_worse"}]},
            "range",
        ),
        (
            {"indicators": [{"code": "x", "name": "x", "scale": "ordinal", "direction": "higher_is_worse"}]},
            "levels",
        ),
    ],
)
def test_a_wrong_manifest_field_says_how_to_fix_it(
    make_folder: MakeFolder, fields: dict, expected: str
) -> None:
    assert expected in refused(make_folder(**fields))


def test_invalid_yaml_names_the_line(make_folder: MakeFolder) -> None:
    folder = make_folder()
    (folder / "dataset.yaml").write_text("code: ituc\ntitle: [unclosed\n", encoding="utf-8")
    assert "not valid YAML near line" in refused(folder)


def test_a_listed_file_that_is_missing(make_folder: MakeFolder) -> None:
    message = refused(make_folder(files=["ratings.csv", "more.csv"]))
    assert "'more.csv'" in message and "no such file" in message


def test_a_bad_number_names_file_row_and_column(make_folder: MakeFolder) -> None:
    folder = make_folder(
        "gsi_example",
        data={"gsi.csv": 'Country,Prevalence per 1000,Vulnerability\nNorway,0.5,10\nViet Nam,"4,1",48\n'},
    )
    message = refused(folder)
    assert message.startswith("gsi.csv, row 3, Prevalence per 1000: '4,1' is not a number")
    assert "dot for decimals" in message


def test_an_unknown_country_names_the_row_and_suggests(make_folder: MakeFolder) -> None:
    text = "country,indicator,value,year\nNorway,rating,1,2026\nBangaldesh,rating,5,2026\n"
    message = refused(make_folder(data={"ratings.csv": text}))
    assert message.startswith("ratings.csv, row 3, country: 'Bangaldesh' is not a country ruggie knows")
    assert "country_names" in message and "skip_countries" in message and "BD (Bangladesh)" in message


def test_an_empty_country(make_folder: MakeFolder) -> None:
    message = refused(make_folder(data={"ratings.csv": "country,indicator,value\n,rating,1\n"}))
    assert message.startswith("ratings.csv, row 2, country: the country is empty")


def test_a_country_the_manifest_skips_is_kept_as_a_skipped_row(make_folder: MakeFolder) -> None:
    text = "country,indicator,value,year\nNorway,rating,1,2026\nAtlantis,rating,5,2026\n"
    loaded = read_dataset(make_folder(data={"ratings.csv": text}, skip_countries={"Atlantis": "a legend"}))
    assert [(s.row, s.country, s.reason) for s in loaded.skipped] == [(3, "Atlantis", "a legend")]


def test_an_unknown_level_lists_the_levels(make_folder: MakeFolder) -> None:
    text = "country,indicator,value\nNorway,rating,6\n"
    message = refused(make_folder(data={"ratings.csv": text}))
    assert message.startswith("ratings.csv, row 2, value: '6' is not a level of rating")
    assert "1; 2; 3; 4; 5; 5+" in message


def test_an_undeclared_indicator(make_folder: MakeFolder) -> None:
    message = refused(make_folder(data={"ratings.csv": "country,indicator,value\nNorway,ratng,1\n"}))
    assert message.startswith("ratings.csv, row 2, indicator: 'ratng' is not an indicator of this dataset")


def test_two_names_for_one_country_are_refused(make_folder: MakeFolder) -> None:
    text = "country,indicator,value\nViet Nam,rating,4\nNorway,rating,1\nVietnam,rating,3\n"
    message = refused(make_folder(data={"ratings.csv": text}))
    assert message.startswith("ratings.csv, row 4, country: Vietnam (rating) is given twice")
    assert "'Viet Nam' in row 2 is also VN" in message


def test_several_years_need_the_manifest_to_choose(make_folder: MakeFolder) -> None:
    text = "country,indicator,value,year\nNorway,rating,1,2025\nNorway,rating,2,2026\n"
    message = refused(make_folder(data={"ratings.csv": text}))
    assert "has values for 2025 (row 2) and 2026" in message and "(year: 2026)" in message
    loaded = read_dataset(make_folder(name="chosen", data={"ratings.csv": text}, year=2026))
    assert [(r.country, r.label) for r in loaded.indicators] == [("NO", "2")]
    assert [s.reason for s in loaded.skipped] == ["rating: data year 2025; dataset.yaml reads 2026"]


def test_a_missing_column_says_how_to_map_it(make_folder: MakeFolder) -> None:
    message = refused(make_folder(data={"ratings.csv": "nation,indicator,value\nNorway,rating,1\n"}))
    assert message.startswith("ratings.csv: no column 'country'") and "columns:" in message


def test_a_percentile_rank_out_of_range(make_folder: MakeFolder) -> None:
    folder = make_folder(
        "gsi_example",
        data={"gsi.csv": "Country,Prevalence per 1000,Vulnerability\n"},
        indicators=[
            {"code": "p", "name": "p", "scale": "interval", "direction": "higher_is_worse", "range": [0, 9]}
        ],
        columns={"country": "Country"},
    )
    (folder / "gsi.csv").write_text(
        "Country,indicator,value,percentile_rank\nNorway,p,1,140\n", encoding="utf-8"
    )
    assert refused(folder).startswith("gsi.csv, row 2, percentile_rank: 140.0 is not a percentile rank")


def test_a_file_that_is_not_utf8(make_folder: MakeFolder) -> None:
    folder = make_folder()
    (folder / "ratings.csv").write_bytes("country,indicator,value\nCôte d'Ivoire,rating,3\n".encode("cp1252"))
    assert "not UTF-8" in refused(folder)


# ---------------------------------------------------------------- goods and entity lists


def test_goods_read_flags_and_link_commodities(tmp_path: Path) -> None:
    loaded = read_dataset(write_folder(tmp_path, "goods", "g.csv", GOODS_HEADER + "Cocoa,Ghana,Yes,No,No\n"))
    (flag,) = loaded.goods
    assert (flag.country, flag.commodity, flag.flags) == ("GH", "cocoa", frozenset({"child_labour"}))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Cocoa,Ghana,Maybe,No,No", "g.csv, row 2, child_labour: 'maybe' is not Yes or No"),
        ("Cocoa,Ghana,No,No,No", "g.csv, row 2, child_labour: no flag is Yes for 'Cocoa' in GH"),
        (",Ghana,Yes,No,No", "g.csv, row 2, good: the good is empty"),
    ],
)
def test_bad_goods_rows(tmp_path: Path, row: str, expected: str) -> None:
    assert refused(write_folder(tmp_path, "goods", "g.csv", GOODS_HEADER + row + "\n")).startswith(expected)


def test_a_good_listed_twice_for_one_country(tmp_path: Path) -> None:
    text = GOODS_HEADER + "Cocoa,Ghana,Yes,No,No\nCocoa,GH,No,Yes,No\n"
    message = refused(write_folder(tmp_path, "goods", "g.csv", text))
    assert message.startswith("g.csv, row 3, good: 'Cocoa' in GH is listed twice (also row 2)")


def test_a_duplicate_entity_names_file_and_row(tmp_path: Path) -> None:
    text = "name,location\nAcme Cotton Co.,China\nACME  cotton co.,China\n"
    message = refused(write_folder(tmp_path, "entity_list", "list.csv", text))
    assert message.startswith("list.csv: Row 3, name: 'ACME  cotton co.' is listed twice")


def test_an_entity_list_with_a_bad_date(tmp_path: Path) -> None:
    text = "name,effective_date\nAcme Cotton Co.,15/01/2025\n"
    message = refused(write_folder(tmp_path, "entity_list", "list.csv", text))
    assert message.startswith("list.csv: Row 2, effective_date: '15/01/2025' is not a date")
