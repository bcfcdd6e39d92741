"""Address parsing and similarity (ruggie.register.domain.addresses)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.register.domain.addresses import (
    NumberIndex,
    address_detail,
    address_score,
    address_similarity,
    parse_address,
)


def test_spelling_variants_collapse_and_country_and_stop_words_drop() -> None:
    parsed = parse_address("No. 012 Main Street, Industrial Zone, Thailand")
    assert parsed.words == ("main", "st", "ind", "zone")
    assert parsed.numbers == frozenset({"12"})  # leading zeros stripped
    assert parsed.tokens == ("12", "main", "st", "ind", "zone")
    assert parsed.glued == "12mainstindzone"


def test_same_address_written_differently_is_similar() -> None:
    a = parse_address("No. 12 Moo 4, Bangna-Trad Road, Samut Prakan")
    b = parse_address("12 moo 4 bangna trad rd samut prakan")
    sim, clash, detail = address_similarity(a, b)
    assert sim == pytest.approx(1.0)
    assert not clash
    assert detail.startswith("address similarity 1.00")


def test_typos_in_words_match_fuzzily() -> None:
    a = parse_address("Soi Watthana, Bangkok")
    b = parse_address("Soi Wattana, Bangkok")
    assert address_score(a, b)[0] > 0.9


def test_different_building_numbers_clash_but_postcodes_do_not() -> None:
    street = "Serbest Bolge Bulvari No {} Mersin"
    assert address_score(parse_address(street.format(35)), parse_address(street.format(10)))[1]
    assert not address_score(parse_address("Main Rd 33100"), parse_address("Main Rd 33200"))[1]
    assert not address_score(parse_address("Plot 99"), parse_address("Plot 99101"))[1]  # glued


def test_unrelated_addresses_score_low() -> None:
    assert (
        address_score(parse_address("88 Sukhumvit Soi 3, Chonburi"), parse_address("12 Main Rd, Dhaka"))[0]
        < 0.4
    )


def test_no_comparable_words() -> None:
    empty = parse_address("Thailand")
    assert empty.tokens == ()
    assert address_score(empty, parse_address("12 Main Rd")) == (0.0, False)
    assert address_detail(empty, parse_address("12 Main Rd"), 0.0) == "address has no comparable words"


@given(st.text(max_size=40), st.text(max_size=40))
def test_score_is_symmetric_and_bounded(x: str, y: str) -> None:
    a, b = parse_address(x), parse_address(y)
    ab, ba = address_score(a, b), address_score(b, a)
    assert ab[0] == pytest.approx(ba[0]) and ab[1] == ba[1]
    assert 0.0 <= ab[0] <= 1.0


building_numbers = ["1", "12", "123", "0012", "10110", "99101", "99", "7", "rd"]
numbered = st.lists(st.sampled_from(building_numbers), max_size=4)


@given(numbered.map(" ".join), numbered.map(" ".join))
def test_numbers_are_related_or_clash_exactly_when_both_clashable(x: str, y: str) -> None:
    """What find_duplicates' bound relies on: ``NumberIndex.related`` finds shared and
    glued numbers, and any other pair of ``clashable`` addresses clashes."""
    a, b = parse_address(x), parse_address(y)
    related = bool(NumberIndex([None, b]).related(a))
    assert related == any(m.startswith(n) or n.startswith(m) for m in a.numbers for n in b.numbers)
    if not related:
        assert address_score(a, b)[1] == (a.clashable and b.clashable)
        assert not a.numbers & b.numbers
