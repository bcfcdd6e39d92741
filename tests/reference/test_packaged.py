"""The reference datasets ruggie ships: each loads, counts match the sources, nothing is lost."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ruggie.reference.domain.datasets import LoadedDataset, packaged_datasets, packaged_root, read_packaged
from ruggie.reference.domain.manifest import KINDS
from ruggie.register.domain.countries import resolve_country

# CI clones the repo with shared/ beside it: <root>/../shared/data (see test_classification).
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _loaded(code: str) -> LoadedDataset:
    return next(d for d in read_packaged() if d.code == code)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_packaged_dataset_has_a_complete_manifest_and_a_source_note() -> None:
    datasets = packaged_datasets()
    assert [d.code for d in datasets] == ["ilab_child_labour_assessments", "ilab_goods", "uflpa", "wgi"]
    for d in datasets:
        assert d.path.name == d.code  # one folder per dataset, named by its code
        assert d.kind in KINDS and d.attribution and d.licence and d.source_url.startswith("https://")
        assert (d.path / "SOURCE.md").is_file()
        assert d.retrieved is not None and d.retrieved >= d.edition_date
    assert {d.licence for d in datasets} == {"US-PD", "CC-BY-4.0"}  # nothing non-open is shipped


def test_every_packaged_dataset_loads_with_the_expected_counts() -> None:
    counts = {
        d.code: (len(d.goods), len(d.indicators), len(d.entities), len(d.skipped)) for d in read_packaged()
    }
    assert counts == {
        "ilab_goods": (467, 0, 0, 0),
        "ilab_child_labour_assessments": (0, 128, 0, 15),  # 143 rows, 15 without a level
        "uflpa": (0, 0, 91, 0),
        "wgi": (0, 1269, 0, 15),  # 214 economies x 6 = 1,284 rows, 15 without a value
    }


def test_the_wgi_file_is_exactly_the_latest_year_of_the_world_bank_file() -> None:
    shipped = _csv_rows(packaged_root() / "wgi" / "wgi_2024_update_2023.csv")
    assert {r["year"] for r in shipped} == {"2023"}
    assert Counter(r["indicator"] for r in shipped) == {k: 214 for k in ("va", "pv", "ge", "rq", "rl", "cc")}
    source = SHARED / "wgi" / "wgi_2024_update_long.csv"
    if not source.exists():
        pytest.skip(f"WGI source not found at {source}")
    full = _csv_rows(source)
    assert max(int(r["year"]) for r in full) == 2023
    assert shipped == [r for r in full if r["year"] == "2023"]


@pytest.mark.parametrize(
    ("folder", "file"),
    [
        ("ilab_goods", "tvpra_goods_2022_edition.csv"),
        ("ilab_child_labour_assessments", "child_labor_findings_2022_assessments.csv"),
        ("uflpa", "uflpa_entity_list.csv"),
    ],
)
def test_shipped_files_are_the_sources_unchanged(folder: str, file: str) -> None:
    source = SHARED / ("ilab" if folder.startswith("ilab") else folder) / file
    if not source.exists():
        pytest.skip(f"source not found at {source}")
    assert (packaged_root() / folder / file).read_bytes() == source.read_bytes()


def test_every_row_of_the_files_is_a_record_or_a_skipped_row_with_a_reason() -> None:
    # Each shipped file holds one value per row (long layout, or a single wide column).
    for loaded in read_packaged():
        rows = sum(len(_csv_rows(loaded.dataset.path / f)) for f in loaded.dataset.files)
        assert len(loaded.records) + len(loaded.skipped) == rows, loaded.code
        assert all(s.reason for s in loaded.skipped)


# Every country name the shipped files use that ruggie's resolver cannot read alone, and
# what the manifest does with it. Mapped names are real countries or territories with an
# ISO code, written the publisher's way. The only skip is a territory that no longer exists.
NEEDS_A_MAPPING = {
    "ilab_goods": {"Turkey (Türkiye)": "TR"},
    "ilab_child_labour_assessments": {
        "Turkey (Türkiye)": "TR",
        "Falkland Islands (Islas Malvinas)": "FK",
        "West Bank and the Gaza Strip": "PS",
    },
    "wgi": {
        "Congo, Dem. Rep.": "CD",
        "Egypt, Arab Rep.": "EG",
        "Iran, Islamic Rep.": "IR",
        "Jersey, Channel Islands": "JE",
        "Korea, Dem. Rep.": "KP",
        "Korea, Rep.": "KR",
        "Lao PDR": "LA",
        "Micronesia, Fed. Sts.": "FM",
        "Venezuela, RB": "VE",
        "Yemen, Rep.": "YE",
    },
}
# Netherlands Antilles: dissolved in 2010, no ISO 3166-1 code, and no 2023 value in WGI,
# so skipping it loses nothing. The WGI has no regional or income aggregates to skip.
SKIPPED_COUNTRIES = {"wgi": {"Netherlands Antilles (former)"}}


def test_unresolved_country_names_are_listed_explicitly() -> None:
    for d in packaged_datasets():
        if d.kind == "entity_list":
            continue
        header = d.columns.get("country", "country")
        names = {r[header] for f in d.files for r in _csv_rows(d.path / f)}
        unresolved = {n for n in names if resolve_country(n) is None}
        assert unresolved == set(NEEDS_A_MAPPING.get(d.code, {})) | SKIPPED_COUNTRIES.get(d.code, set()), (
            d.code
        )
        assert dict(d.country_names) == NEEDS_A_MAPPING.get(d.code, {})
        assert set(d.skip_countries) == SKIPPED_COUNTRIES.get(d.code, set())


def test_no_two_names_of_one_file_become_the_same_country() -> None:
    # read_dataset refuses duplicates per country and indicator; this checks the goods too.
    goods = _loaded("ilab_goods").goods
    assert len({(g.good, g.country) for g in goods}) == len(goods)
    wgi = _loaded("wgi").indicators
    assert len({r.country for r in wgi}) == 213  # 214 economies less the Netherlands Antilles


def test_goods_link_to_commodities_and_keep_their_flags() -> None:
    goods = _loaded("ilab_goods").goods
    assert {g.good for g in goods if not g.commodity} == {"Pornography"}  # see commodities.yaml
    cocoa = {g.country: g for g in goods if g.good == "Cocoa"}
    assert cocoa["CI"].child_labour and cocoa["CI"].forced_labour and cocoa["CI"].commodity == "cocoa"
    assert sum(g.child_labour for g in goods) == 414
    assert sum(g.forced_labour for g in goods) == 121
    assert sum(g.forced_child_labour for g in goods) == 54
    derived = [g for g in goods if g.derived]
    assert len(derived) == 10 and not any(g.child_labour or g.forced_labour for g in derived)
    batteries = next(g for g in derived if g.good == "Lithium-Ion Batteries")
    assert (batteries.country, batteries.input_country) == ("CN", "CD")


def test_child_labour_assessments_keep_the_qualifier_and_score_the_level() -> None:
    loaded = _loaded("ilab_child_labour_assessments")
    by_country = {r.country: r for r in loaded.indicators}
    levels = Counter(r.value for r in loaded.indicators)
    assert levels == {2.0: 69, 1.0: 46, 0.0: 9, 3.0: 4}
    assert by_country["BD"].label.startswith("Minimal Advancement – Efforts Made")
    assert by_country["BD"].url.startswith("https://www.dol.gov/")
    assert by_country["BD"].year == 2022
    assert {s.country for s in loaded.skipped if "No Assessment" in s.reason} == {
        "Christmas Island",
        "Cocos (Keeling) Islands",
        "Wallis and Futuna",
    }
    assert "CN" not in by_country  # on the TVPRA List, but no Findings report: unknown


def test_uflpa_is_read_through_the_entity_list_parser() -> None:
    entities = _loaded("uflpa").entities
    assert {e.list_code for e in entities} == {"uflpa"}
    assert sum(not e.verified for e in entities) == 22
