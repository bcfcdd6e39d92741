"""Header recognition in several languages and column mapping rules."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.register.domain.columns import FIELDS, guess_mapping, header_score, normalise_header

CANONICAL = [
    "supplier_name", "other_names", "registration_id", "country", "website", "site_name", "address",
    "region", "latitude", "longitude", "sector", "commodities", "headcount", "women_share",
    "migrant_share", "temporary_share", "tier", "sells_to", "spend", "currency", "start_date",
    "end_date", "tags", "external_id",
]  # fmt: skip


def test_fields_are_the_canonical_set() -> None:
    assert list(FIELDS) == CANONICAL
    assert {n for n, s in FIELDS.items() if s.required} == {"supplier_name", "country"}
    for spec in FIELDS.values():
        assert spec.label and spec.help and spec.aliases


def test_normalise_header() -> None:
    assert normalise_header("  Nombre d'EMPLOYÉS (#) ") == "nombre d employes"
    assert normalise_header("Women (%)") == "women %"
    assert normalise_header("Supplier_Name") == "supplier name"
    assert normalise_header("Percentage women") == "% women"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Supplier name", "supplier_name"),
        ("Vendor", "supplier_name"),
        ("Raison sociale", "supplier_name"),
        ("Nombre del proveedor", "supplier_name"),
        ("Razão Social", "supplier_name"),
        ("Lieferantenname", "supplier_name"),
        ("Factory name", "site_name"),
        ("Pays", "country"),
        ("País", "country"),
        ("Land", "country"),
        ("Country code", "country"),
        ("Nombre d'employés", "headcount"),
        ("Número de trabajadores", "headcount"),
        ("Funcionários", "headcount"),
        ("Anzahl Mitarbeiter", "headcount"),
        ("Beschäftigte", "headcount"),
        ("% women", "women_share"),
        ("Women (%)", "women_share"),
        ("% Femmes", "women_share"),
        ("% mujeres", "women_share"),
        ("Frauenanteil", "women_share"),
        ("% migrant workers", "migrant_share"),
        ("Travailleurs migrants %", "migrant_share"),
        ("ISIC Rev.4", "sector"),
        ("Supplier ID", "external_id"),
        ("Vendor No.", "external_id"),
        ("Annual spend (EUR)", "spend"),
        ("Währung", "currency"),
        ("Date de début", "start_date"),
        ("Sells to", "sells_to"),
    ],
)
def test_exact_aliases(header: str, field: str) -> None:
    mapping = guess_mapping([header])
    assert mapping.columns == {field: 0}


def test_fuzzy_matches_are_unsure() -> None:
    mapping = guess_mapping(["Suplier Name", "Countrey", "Notes"])
    assert mapping.columns == {}
    assert mapping.unsure == {"supplier_name": 0, "country": 1}
    assert mapping.unmapped == [2]
    assert mapping.missing_required() == []


def test_two_columns_never_map_to_one_field() -> None:
    mapping = guess_mapping(["Supplier", "Country", "Pays", "Vendor name"])
    assert mapping.columns == {"supplier_name": 0, "country": 1}
    assert mapping.unmapped == [2, 3]


def test_exact_beats_fuzzy_for_the_same_field() -> None:
    mapping = guess_mapping(["Countrey", "Country"])
    assert mapping.columns == {"country": 1}
    assert "country" not in mapping.unsure


def test_missing_required() -> None:
    assert guess_mapping(["Employees", "Website"]).missing_required() == ["supplier_name", "country"]
    assert guess_mapping([]).missing_required() == ["supplier_name", "country"]


def test_header_score_prefers_headers_over_titles_and_data() -> None:
    header = ["Supplier name", "Country", "Employees", "Tier"]
    assert header_score(header) == 8
    assert header_score(["Supplier list 2024", "", ""]) == 0
    assert header_score(["Omega Leather", "Pakistan", "220", "1"]) == 0
    assert header_score(["Country", "Country", "Pays"]) == 2  # one field counted once


@given(st.lists(st.text(max_size=30), max_size=12))
def test_mapping_invariants(header: list[str]) -> None:
    mapping = guess_mapping(header)
    used = list(mapping.columns.values()) + list(mapping.unsure.values())
    assert len(used) == len(set(used))
    assert not set(mapping.columns) & set(mapping.unsure)
    assert sorted(used + mapping.unmapped) == list(range(len(header)))
    assert set(mapping.columns) | set(mapping.unsure) <= set(FIELDS)
