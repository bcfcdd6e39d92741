"""Pairwise scoring, explanations and blocking for supplier/facility duplicates."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from ruggie.register.domain import matching
from ruggie.register.domain.addresses import NumberIndex, address_may_reach, parse_address
from ruggie.register.domain.matching import (
    DEFAULT_THRESHOLD,
    MatchResult,
    Record,
    compare,
    find_duplicates,
)
from ruggie.register.domain.names import parse_name

REPO = Path(__file__).resolve().parents[3]


def rec(key: str, name: str, country: str = "TH", **kw: object) -> Record:
    return Record(key=key, name=name, country=country, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("other", ["ABC Company Limited", "abc co ltd", " ABC  CO. LTD. "])
def test_legal_form_variants_match(other: str) -> None:
    result = compare(rec("1", "ABC Co., Ltd."), rec("2", other))
    assert result.is_match
    assert result.score == pytest.approx(0.8)  # the unknown address counts as neutral
    assert "Same name after removing legal forms" in result.reason


def test_same_name_different_countries_is_vetoed() -> None:
    result = compare(rec("1", "ABC Co., Ltd.", "TH"), rec("2", "ABC Company Limited", "VN"))
    assert not result.is_match
    assert "countries differ" in result.reason.lower() or "Different countries" in result.reason


def test_same_name_both_countries_unknown_matches() -> None:
    assert compare(rec("1", "ABC Co., Ltd.", ""), rec("2", "ABC Ltd", "")).is_match


def test_equal_registration_id_is_a_strong_match() -> None:
    a = rec("1", "Sunrise Apparel", registration_id="0105-5555-1234")
    b = rec("2", "Golden Sunrise Holdings", registration_id="010555551234")
    result = compare(a, b)
    assert result.is_match
    assert result.reason.startswith("Same registration id")


def test_different_registration_ids_are_evidence_against() -> None:
    a = rec("1", "Sunrise Garment Co Ltd", registration_id="111")
    b = rec("2", "Sunrise Garments Company Limited", registration_id="222")
    result = compare(a, b)
    assert not result.is_match
    assert any(f.name == "registration_id" and f.value < 0 for f in result.features)


def test_address_lifts_similar_names_at_the_same_address() -> None:
    a = rec("1", "Sunrise Garments Factory", address="No. 12 Moo 4, Bangna-Trad Road, Samut Prakan")
    b = rec("2", "Sunrise Garment Mfg", address="12 moo 4 bangna trad rd samut prakan")
    far = rec("3", "Sunrise Garment Mfg", address="88 Sukhumvit Soi 3, Chonburi")
    assert compare(a, b).is_match
    assert compare(a, b).score > compare(a, far).score


def test_different_building_numbers_are_evidence_against() -> None:
    a = rec("1", "Starline Konfeksiyon", "TR", address="Serbest Bolge Bulvari No 35 Mersin")
    b = rec("2", "Starline Konfeksiyon", "TR", address="Serbest Bolge Bulvari No 10 Mersin")
    result = compare(a, b)
    assert any(f.name == "address_numbers" for f in result.features)


def test_different_unit_numbers_in_names_are_evidence_against() -> None:
    a = rec("1", "Soorty Enterprises (Pvt) Ltd Unit 10")
    b = rec("2", "Soorty Enterprises (Pvt.) Ltd. Unit 6")
    assert not compare(a, b).is_match


def test_different_products_do_not_match() -> None:
    assert not compare(rec("1", "ABC Textiles"), rec("2", "ABC Plastics")).is_match


def test_country_in_name_is_ignored_for_its_own_country() -> None:
    a = rec("1", "Sang Woo (Cambodia) Co Ltd", "KH")
    b = rec("2", "Sangwoo Cambodia Co Ltd", "KH")
    assert compare(a, b).is_match


def test_other_countries_in_names_distinguish() -> None:
    a = rec("1", "Banco Santander Mexico S.A.", "")
    b = rec("2", "Banco Santander Chile S.A.", "")
    assert not compare(a, b).is_match


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("北京纺织有限公司", "CN"),
        ("ООО Ромашка", "RU"),
        ("شركة الأمل للنسيج", "EG"),
        ("บริษัท ไทยการ์เมนต์ จำกัด", "TH"),
    ],
)
def test_other_scripts_exact_equal_matches(name: str, country: str) -> None:
    assert compare(rec("1", name, country), rec("2", name, country)).is_match


def test_other_names_are_compared() -> None:
    a = rec("1", "Golden Thread Ltd", other_names=("Sunrise Garments Co Ltd",))
    assert compare(a, rec("2", "Sunrise Garment Company Limited")).is_match


def test_explanation_adds_up() -> None:
    a = rec("1", "Sunrise Garments", address="12 Main Road Bangkok")
    b = rec("2", "Sunrise Garment Mfg", address="12 Main Rd Bangkok")
    result = compare(a, b)
    total = sum(f.value * f.weight for f in result.features)
    assert result.score == pytest.approx(min(1.0, max(0.0, total)), abs=1e-3)
    assert {f.name for f in result.features} >= {"name", "address", "country"}
    assert all(f.detail for f in result.features)
    assert result.reason.endswith(".")


def test_find_duplicates_within_and_against() -> None:
    records = [
        rec("n1", "ABC Co., Ltd."),
        rec("n2", "ABC Company Limited"),
        rec("n3", "Sunrise Garments"),
        rec("n4", "ABC Co Ltd", "VN"),
    ]
    against = [rec("e1", "SUNRISE GARMENT"), rec("e2", "Sunrise Garments"), rec("e3", "XYZ")]
    found = find_duplicates(records, against=against)
    pairs = {frozenset((r.left, r.right)) for r in found}
    assert frozenset(("n1", "n2")) in pairs
    assert frozenset(("n3", "e1")) in pairs
    assert frozenset(("n3", "e2")) in pairs
    assert frozenset(("e1", "e2")) not in pairs  # the register is not re-checked
    assert not any("n4" in p for p in pairs)  # other country
    assert len(pairs) == len(found)  # each pair once
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_find_duplicates_matches_unknown_country_with_known() -> None:
    found = find_duplicates([rec("a", "Sunrise Garments", "")], against=[rec("b", "Sunrise Garment")])
    assert len(found) == 1


def test_find_duplicates_survives_a_very_common_word() -> None:
    records = [rec(str(i), f"Garment Factory {chr(65 + i % 26)}{i}") for i in range(2000)]
    records.append(rec("dup", "Garment Factory A0"))
    found = find_duplicates(records)
    assert any({r.left, r.right} == {"0", "dup"} for r in found)


def _generated(n: int, seed: int) -> list[Record]:
    """Records with shared words, near-duplicate spellings, other names, ids and
    unknown countries, so that blocks of every kind and size occur."""
    rng = random.Random(seed)
    brands = ["sunrise", "golden", "thread", "sang woo", "sangwoo", "mercury", "star", "starline", "ab"]
    tails = ["garments", "garment mfg", "textile", "apparel", "knitting", "", "unit 2", "unit 3"]
    forms = ["co ltd", "company limited", "ltd", "(pvt) ltd", "s.a.", "", "gmbh"]
    out = []
    for i in range(n):
        name = " ".join([rng.choice(brands), rng.choice(brands), rng.choice(tails), rng.choice(forms)])
        if rng.random() < 0.2:
            name = name.upper().replace(" ", "", 1)
        out.append(
            Record(
                key=f"r{i}",
                name=name,
                country=rng.choice(["TH", "KH", "", "VN"]),
                address=rng.choice(
                    ["", f"{rng.randint(1, 4)} Main Road", "12 Moo 4 Bangna Trad Rd", "Kampong Cham"]
                ),
                registration_id=rng.choice(["", "", "", "111", "0105-555"]),
                other_names=(rng.choice(brands) + " holdings",) if rng.random() < 0.1 else (),
            )
        )
    return out


def _eager(everyone: list[Record], n_new: int, threshold: float = DEFAULT_THRESHOLD) -> list[MatchResult]:
    """The matches among all pairs that share a block, each compared in full."""
    countries, variants, blocks, _ = matching._blocks(everyone)
    candidates = set()
    # Prefix blocks pair only names with broken spacing ("m e r c u r y").
    spaced = [matching._spaced_out(v) for v in variants]
    for key, members in blocks.items():
        for group in matching._country_groups(members, countries):
            if len(group) <= matching.BLOCK_CAP:
                candidates.update(
                    (i, j) if i < j else (j, i)
                    for i in group
                    for j in group
                    if i != j and min(i, j) < n_new and (key[0] != "p" or spaced[i] or spaced[j])
                )
    assert any(len(g) > matching.SMALL_BLOCK for g in blocks.values())  # both paths ran
    eager = [compare(everyone[i], everyone[j], threshold=threshold) for i, j in sorted(candidates)]
    return sorted((r for r in eager if r.is_match), key=lambda r: (-r.score, r.left, r.right))


@pytest.mark.parametrize("seed", [1, 2])
def test_lazy_preparation_equals_eager_comparison_of_all_candidate_pairs(seed: int) -> None:
    """find_duplicates prepares records lazily and skips pairs by a score bound;
    comparing every pair that shares a block eagerly must give the same matches."""
    everyone = _generated(300, seed)
    expected = _eager(everyone, 200)
    assert len(expected) > 50
    assert find_duplicates(everyone[:200], against=everyone[200:]) == expected


def _generated_addresses(n: int, seed: int) -> list[Record]:
    """Large blocks of alike names whose addresses differ in the ways the bound in
    ``_prefiltered_pairs`` distinguishes: shared, glued or clashing building numbers,
    postcodes, no numbers, no address, typos; plus ids and other names."""
    rng = random.Random(seed)
    brands = ["sunrise", "sunrize", "golden", "star", "starline", "mercury", "asia", "ab"]
    words = ["garments", "textile", "knit", "apparel", "unit 2", "unit 3", "", "fashion", "tex"]
    forms = ["co ltd", "ltd", "", "gmbh", "company limited"]
    numbers = ["", "12", "12", "1", "123", "12/3", "5 7", "10110", "10120", "99101", "99", "12a", "7"]
    streets = ["main road", "main rd", "mian road", "sukhumvit soi", "bangna trad", "export zone"]
    cities = ["bangkok", "samut prakan", "", "phnom penh", "dhaka export processing zone"]
    out = []
    for i in range(n):
        name = " ".join([rng.choice(brands), rng.choice(brands[:3]), rng.choice(words), rng.choice(forms)])
        parts = [rng.choice(numbers), rng.choice(streets), rng.choice(numbers), rng.choice(cities)]
        address = " ".join(parts)
        address = rng.choice([address, address, address, "", rng.choice(numbers), "thailand"])
        out.append(
            Record(
                key=f"a{i}",
                name=name.upper() if rng.random() < 0.2 else name,
                country=rng.choice(["TH", "TH", "KH", ""]),
                address=address,
                registration_id=rng.choice(["", "", "", "", "111", "222"]),
                other_names=(rng.choice(brands) + " " + rng.choice(words),) if rng.random() < 0.1 else (),
            )
        )
    return out


@pytest.mark.parametrize(("seed", "threshold"), [(3, 0.7), (4, 0.6), (5, 0.8), (6, 0.4), (7, 0.95)])
def test_prefilter_misses_no_pair_that_matches(seed: int, threshold: float) -> None:
    """The joint name + address bound of large blocks is exact: same matches as
    comparing every candidate pair, at thresholds where every part of it decides."""
    everyone = _generated_addresses(300, seed)
    expected = _eager(everyone, 220, threshold)
    assert len(expected) > 20
    assert find_duplicates(everyone[:220], against=everyone[220:], threshold=threshold) == expected


names = st.text(min_size=0, max_size=40)
countries = st.sampled_from(["", "TH", "CN", "VN"])
records = st.builds(
    Record,
    key=st.just("x"),
    name=names,
    country=countries,
    address=st.text(max_size=40),
    registration_id=st.sampled_from(["", "123", "456"]),
    other_names=st.lists(names, max_size=2).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(records, records)
def test_compare_is_symmetric(a: Record, b: Record) -> None:
    b = Record("y", b.name, b.country, b.address, b.registration_id, b.other_names)
    ab, ba = compare(a, b), compare(b, a)
    assert ab.score == pytest.approx(ba.score, abs=1e-9)
    assert ab.is_match == ba.is_match
    assert 0.0 <= ab.score <= 1.0


@settings(max_examples=200, deadline=None)
@given(records)
def test_record_matches_itself(a: Record) -> None:
    if a.name.strip() and any(ch.isalnum() for ch in a.name):
        assert compare(a, a).is_match


@settings(max_examples=300, deadline=None)
@given(names, names)
def test_ratio_of_word_sorted_names_is_their_token_sort_ratio(x: str, y: str) -> None:
    a, b = parse_name(x), parse_name(y)
    for left, right in ((a.spaced, b.spaced), (a.distinct_spaced, b.distinct_spaced)):
        sorted_ratio = fuzz.ratio(matching._word_sorted(left), matching._word_sorted(right))
        assert sorted_ratio == fuzz.token_sort_ratio(left, right)


address_words = ["12", "1", "123", "0012", "10110", "99101", "99", "7", "main", "mian", "road", "rd"]
address_words += ["st", "soi", "bangkok", "zone", "no", "thailand"]
addresses = st.lists(st.sampled_from(address_words), max_size=6).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(addresses, addresses)
def test_address_cap_bounds_every_partner_that_is_not_listed(x: str, y: str) -> None:
    """``_prefiltered_pairs`` lists partners with a related number or an alike glued
    address; with any other, ``_may_match``'s address check cannot pass above the cap."""
    a, b = parse_address(x), parse_address(y)
    if not a.tokens or not b.tokens:  # an unknown address counts as a fixed 0.5
        return
    if NumberIndex([b]).related(a) or fuzz.ratio(a.glued, b.glued) >= 50 * (1 + a.unshared) - 1e-6:
        return
    open_best, clash_best = (None, b.unshared) if b.clashable else (b.unshared, None)
    cap = matching._address_cap(a, False, open_best, clash_best)
    penalty = -matching.W_ADDRESS_NUMBERS / matching.W_ADDRESS
    assert not address_may_reach(a, b, cap + 1e-9, penalty)


def _load_benchmark():  # type: ignore[no-untyped-def]
    path = REPO / "benchmarks" / "dedupe_quality.py"
    spec = importlib.util.spec_from_file_location("dedupe_quality", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dedupe_quality"] = module
    spec.loader.exec_module(module)
    return module


def test_quality_gate_on_open_supply_hub_pairs() -> None:
    """F1 >= 0.85 at DEFAULT_THRESHOLD on OS Hub's 112 labelled facility pairs."""
    bench = _load_benchmark()
    pairs = bench.load_osh_pairs()
    scored = [(compare(a, b), label) for a, b, label in pairs]
    precision, recall, f1 = bench.prf(scored, DEFAULT_THRESHOLD)
    assert f1 >= 0.85, (precision, recall, f1)
    assert precision >= 0.85, (precision, recall, f1)
