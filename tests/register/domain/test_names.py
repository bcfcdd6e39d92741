"""Company-name normalisation: legal forms, punctuation, case, spacing, scripts."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.register.domain import names
from ruggie.register.domain.names import (
    drop_own_country,
    fold_tokens,
    legal_form,
    legal_forms_table,
    name_key,
    name_parts,
    normalise_name,
    parse_name,
)

ABC_VARIANTS = ["ABC Co., Ltd.", "ABC Company Limited", "abc co ltd", " ABC  CO. LTD. ", "ABC Ltd"]


@pytest.mark.parametrize("name", ABC_VARIANTS)
def test_company_limited_variants_normalise_alike(name: str) -> None:
    assert normalise_name(name) == "abc ltd"
    assert name_key(name) == "abc"
    assert legal_form(name) == "ltd"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Müller GmbH", "llc"),
        ("Textiles Won S.A.", "sa"),
        ("Société Générale Société Anonyme", "sa"),
        ("Neotex S.A.R.L.", "srl"),
        ("Ika Textil S.A. de C.V.", "sa"),
        ("Soorty Enterprises (Pvt.) Ltd.", "ltd"),
        ("Gelal Corap Sanayi ve Ticaret A.Ş.", "as"),
        ("Akcen Tekstil San. Tic. Ltd. Şti.", "ltd"),
        ("Acme Inc.", "inc"),
        ("Acme Incorporated", "inc"),
        ("Acme Corporation", "corp"),
        ("Acme Limited Liability Company", "llc"),
        ("Acme PLC", "plc"),
        ("PT Indofood Sukses Makmur Tbk", "plc"),
        ("Acme Sdn. Bhd.", "ltd"),
        ("Toyota Kabushiki Kaisha", "kk"),
        ("Nora Serbia d.o.o.", "llc"),
        ("ООО Ромашка", "llc"),
        ("北京纺织有限公司", "youxian"),
        ("株式会社トヨタ", "kk"),
        ("Volkswagen Gesellschaft mit beschränkter Haftung", "llc"),
        ("Sunrise Garments", None),
    ],
)
def test_legal_form_detected(name: str, form: str | None) -> None:
    assert legal_form(name) == form


def test_legal_forms_removed_from_key_but_kept_canonically() -> None:
    assert name_key("Sunrise Garments Co., Ltd.") == name_key("SUNRISE GARMENT COMPANY LIMITED")
    assert normalise_name("Sunrise Garments Co., Ltd.").endswith("ltd")


def test_accents_stripped_but_other_scripts_kept() -> None:
    assert normalise_name("Société Générale") == "societe generale"
    assert normalise_name("Çukurova Örme") == "cukurova orme"
    assert "ромашка" in normalise_name("ООО Ромашка")
    assert name_key("บริษัท ไทยการ์เมนต์ จำกัด") != ""
    assert name_key("北京纺织有限公司") == "北京纺织"
    assert name_key("شركة الأمل للنسيج") == "الأمل للنسيج"


def test_punctuation_and_glued_numbers_split() -> None:
    assert normalise_name("Artistic Milliners Pvt Ltd-Unit14") == "artistic milliners ltd unit 14"
    assert normalise_name("AT&T Inc.") == "at and t inc"


def test_key_sorted_and_plural_synonyms_folded() -> None:
    assert name_key("Garments Sunrise") == name_key("Sunrise Garment")
    assert name_key("M&V Intl Mfg") == name_key("M and V International Manufacturing")


def test_name_made_only_of_a_legal_form_keeps_it() -> None:
    assert name_key("Company Limited") == "ltd"


def test_rigour_only_used_at_the_end_of_a_name() -> None:
    # rigour knows "at" and "ii" as legal forms; inside a name they are words.
    assert name_key("AT and T") == "and at t"
    assert "ii" in parse_name("Artistic Apparels Pvt Ltd II").core


def test_data_file_loads() -> None:
    aliases, cjk, longest = legal_forms_table()
    assert aliases[("co", "ltd")] == "ltd"
    assert cjk["有限公司"] == "youxian"
    assert longest >= 3


@given(st.text())
def test_never_crashes_and_is_idempotent_on_key_input(text: str) -> None:
    normalised = normalise_name(text)
    assert "  " not in normalised
    assert normalised == normalised.strip()
    name_key(text)
    legal_form(text)


@pytest.mark.parametrize(
    "name",
    [
        *ABC_VARIANTS,
        "Sang Woo (Cambodia) Co Ltd",
        "北京纺织有限公司",
        "ООО Ромашка",
        "Acme Holding AG",
        "",
        "---",
    ],
)
def test_name_parts_is_parse_name_without_the_derived_strings(name: str) -> None:
    parsed = parse_name(name)
    assert name_parts(name) == (parsed.tokens, parsed.core, parsed.forms)


@given(st.text(max_size=30))
def test_name_parts_agrees_with_parse_name(text: str) -> None:
    parsed = parse_name(text)
    assert name_parts(text) == (parsed.tokens, parsed.core, parsed.forms)


def test_own_country_dropped_never_all_of_the_name() -> None:
    assert drop_own_country(("sang", "woo", "cambodia"), "KH") == ("sang", "woo")
    assert drop_own_country(("sang", "woo", "cambodia"), "TH") == ("sang", "woo", "cambodia")
    assert drop_own_country(("cambodia",), "KH") == ("cambodia",)


def _fold_whole_text(text: str) -> list[str]:
    """fold_tokens' Unicode pipeline applied to the whole text at once."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = names._LATIN_MARKS.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(names._SPECIAL_LETTERS).replace("&", " and ")
    return names._LETTER_DIGIT.sub(" ", names._punctuation().sub(" ", text)).split()


tricky = "aZ9 \t\n\u00a0\u2003\u3000\x1c\x85&.-_éİıßσς¨\u0301\u0308ﬁ①²\uf900\uff76東ไทยจำ"


@given(st.text(alphabet=tricky, max_size=30) | st.text(max_size=30))
def test_folding_word_by_word_and_ascii_fast_path_equal_folding_the_whole_text(text: str) -> None:
    assert fold_tokens(text) == _fold_whole_text(text)
