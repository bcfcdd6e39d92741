"""The name comparison shared by duplicate detection and screening, and the bands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggie.register.domain.matching import DUPLICATE_BANDS, Record, compare
from ruggie.register.domain.name_matching import (
    Band,
    Bands,
    compare_names,
    numbers_differ,
    numbers_of,
    string_similarity,
    word_similarity,
    words_of,
)
from ruggie.register.domain.names import parse_name


def score(a: str, b: str, places: frozenset[str] = frozenset()) -> float:
    return compare_names(parse_name(a), parse_name(b), places).score


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Xinjiang Zhongtai Chemical Co., Ltd.", "XINJIANG ZHONGTAI CHEMICAL COMPANY LIMITED"),
        ("Siemens AG", "Siemens Aktiengesellschaft"),
        ("A.B.C. Company", "ABC Co."),
        ("Good Will Company", "Goodwill Company"),
        ("Procter & Gamble Co.", "Procter and Gamble Co."),
        ("Zhongtai Chemical Xinjiang", "Xinjiang Zhongtai Chemical"),
        ("TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "JSC Tactical Missiles Corp."),
    ],
)
def test_same_organisation_written_otherwise_scores_one(a: str, b: str) -> None:
    assert score(a, b) == 1.0


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Samsong Electronics", "Samsung Electronics", "one_letter"),
        ("Hotan Taida Apparel", "Hetian Taida Apparel", "sounds_alike"),
        ("Trafalgura Group", "Trafigura Group", "two_letters"),
        ("Al Qa'ida", "Al Qaeda", "one_letter"),
        ("People's Liberation Army", "PLA", "acronym"),
        ("Xin Jiang Zhong Tai", "Xinjiang Zhongtai", "joined"),
    ],
)
def test_word_level_differences_are_named(a: str, b: str, kind: str) -> None:
    result = compare_names(parse_name(a), parse_name(b))
    assert kind in {p.kind for p in result.pairs}
    assert result.observations()


def test_typo_costs_by_density() -> None:
    five, ten = word_similarity("chima", "china")[0], word_similarity("trafigurax", "trafigurao")[0]
    assert five == pytest.approx(0.9)
    assert ten > five
    assert word_similarity("bd", "bp") == (0.0, "")  # no typo allowed in short acronyms
    assert word_similarity("estonia", "ethiopia") == (0.0, "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Government of Estonia", "Government of Ethiopia"),
        ("Xinjiang Zhongtai Chemical", "Xinjiang Zhongtai Textile"),
        ("Banco Santander Chile", "Banco Santander Mexico"),
        ("BD plc", "BP plc"),
        ("Starline Konfeksiyon", "Ipekyolu Konfeksiyon"),
    ],
)
def test_look_alikes_stay_below_a_candidate(a: str, b: str) -> None:
    assert score(a, b) < 0.8
    assert score(a, b) < string_similarity(parse_name(a), parse_name(b))


def test_different_business_words_weigh_as_distinctive_words() -> None:
    # A business word left out costs little; one replaced by another says "two companies".
    shorter = score("Zhongtai Chemical", "Zhongtai")
    other = score("Zhongtai Chemical", "Zhongtai Textile")
    assert shorter > 0.8 > other


def test_places_named_by_the_caller_weigh_less_when_left_out() -> None:
    plain = score("Xinjiang Zhongtai Chemical", "Zhongtai Chemical")
    placed = score("Xinjiang Zhongtai Chemical", "Zhongtai Chemical", frozenset({"xinjiang"}))
    assert placed > plain
    # ... but two different places are two organisations.
    assert (
        score("Xinjiang Zhongtai Chemical", "Hubei Zhongtai Chemical", frozenset({"xinjiang", "hubei"})) < 0.7
    )


def test_legal_forms_of_different_kinds_cost_a_penalty() -> None:
    result = compare_names(parse_name("Deutsche Bank AG"), parse_name("Deutsche Bank GmbH"))
    assert result.form_conflict == ("limited liability company", "stock company") or result.form_conflict
    assert result.score < 1.0
    assert (
        compare_names(parse_name("Camel Group Co., Ltd."), parse_name("Camel Group Corp.")).form_conflict
        is None
    )


def test_numbers_are_read_however_written_and_left_to_the_caller() -> None:
    assert numbers_of(parse_name("Brigade Forty-Four")) == numbers_of(parse_name("Brigade 44")) == {44}
    assert numbers_of(parse_name("KKR Fund XI")) == {11}
    assert numbers_of(parse_name("1st International Bank")) == {1}
    assert numbers_differ(parse_name("Fund III"), parse_name("Fund IV")) == 1.0
    assert numbers_differ(parse_name("Unit 2"), parse_name("Unit")) == 0.5
    assert words_of(parse_name("No. 4 Vocational Center").core) == ("no", "vocational", "center")


def test_broken_spacing_falls_back_to_the_string() -> None:
    assert score("m e r c u r y apparel", "Mercury Apparel") == 1.0  # the same letters
    # From Open Supply Hub: the words cannot all be paired, the string still says "alike".
    a, b = parse_name("hirdaramani mercury seethawaka"), parse_name("m e r c u r y appar e l se e th awaka")
    result = compare_names(a, b)
    assert result.score == pytest.approx(string_similarity(a, b), abs=1e-4)
    assert result.score > result.word_similarity and result.score > 0.6


names = st.text(alphabet=st.sampled_from(list("abcdefgh .,&-")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(names, names)
def test_score_is_symmetric_and_bounded(x: str, y: str) -> None:
    a, b = parse_name(x), parse_name(y)
    ab, ba = compare_names(a, b).score, compare_names(b, a).score
    assert 0.0 <= ab <= 1.0
    assert ab == pytest.approx(ba, abs=1e-9)


def test_bands_cut_a_score_in_three() -> None:
    bands = Bands(candidate=0.7, confident=0.85)
    assert [bands.band(s) for s in (0.69, 0.7, 0.849, 0.85, 1.0)] == [
        Band.NONE, Band.CANDIDATE, Band.CANDIDATE, Band.CONFIDENT, Band.CONFIDENT,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="candidate"):
        Bands(candidate=0.9, confident=0.8)


def test_register_matches_carry_a_band() -> None:
    same_site = compare(
        Record("1", "Sunrise Garments Co., Ltd.", "TH", "12 Moo 4 Bangna Trad Rd"),
        Record("2", "Sunrise Garment Company Limited", "TH", "12 Moo 4 Bangna-Trad Road"),
    )
    name_only = compare(Record("1", "Sunrise Garments", "TH"), Record("2", "Sunrise Garments Ltd", "TH"))
    vetoed = compare(Record("1", "Sunrise Garments", "TH"), Record("2", "Sunrise Garments", "VN"))
    assert same_site.band == Band.CONFIDENT and "likely the same" in same_site.reason
    # A name alone never makes a confident duplicate: one name, several factories.
    assert name_only.band == Band.CANDIDATE and name_only.score < DUPLICATE_BANDS.confident
    assert "for a person to decide" in name_only.reason
    assert vetoed.band == Band.NONE and not vetoed.is_match
