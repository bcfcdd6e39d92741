"""Country resolution from the many ways supplier lists write a country."""

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggie.register.domain.countries import country_name, resolve_country, suggest_countries

VALID = {c.alpha_2 for c in pycountry.countries} | {"XK"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("VN", "VN"),
        ("vn", "VN"),
        ("VNM", "VN"),
        ("DEU", "DE"),
        ("  viet   nam. ", "VN"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Republic of Korea", "KR"),
        ("PRC", "CN"),
        ("P.R. China", "CN"),
        ("Mainland China", "CN"),
        ("Hong Kong SAR", "HK"),
        ("Holland", "NL"),
        ("Burma", "MM"),
        ("Kosovo", "XK"),
        # French, Spanish, Portuguese, German, Italian, Dutch names
        ("Allemagne", "DE"),
        ("Alemania", "DE"),
        ("Alemanha", "DE"),
        ("Deutschland", "DE"),
        ("Germania", "DE"),
        ("Duitsland", "DE"),
        ("Royaume-Uni", "GB"),
        ("Estados Unidos", "US"),
        ("Brasil", "BR"),
        ("Maroc", "MA"),
        ("Marruecos", "MA"),
        ("Bénin", "BJ"),
        ("Suisse", "CH"),
        ("México", "MX"),
    ],
)
def test_resolves(text: str, code: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Narnia", "XX", "ZZ", "EU", "...", "1234"])
def test_unknown_is_none(text: str) -> None:
    assert resolve_country(text) is None


def test_country_name() -> None:
    assert country_name("VN") == "Viet Nam"
    assert country_name("vn") == "Viet Nam"
    assert country_name("XK") == "Kosovo"
    assert country_name("TZ") == "Tanzania"  # not "Tanzania, United Republic of"
    assert country_name("QQ") == "QQ"


def test_suggestions_for_typos() -> None:
    assert suggest_countries("Bangldesh")[0] == "BD"
    assert suggest_countries("Vietnm")[0] == "VN"
    assert len(suggest_countries("Narnia", limit=2)) <= 2
    assert suggest_countries("") == []


@settings(max_examples=200)
@given(st.sampled_from(sorted(c.alpha_2 for c in pycountry.countries)))
def test_every_iso_code_and_name_resolves_to_itself(code: str) -> None:
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None
    assert resolve_country(code) == code
    assert resolve_country(code.lower()) == code
    assert resolve_country(country.alpha_3) == code
    assert resolve_country(country.name) == code
    assert resolve_country(f"  {country.name.upper()}. ") == code


@given(st.text(max_size=40))
def test_result_is_always_a_real_code_or_none(text: str) -> None:
    result = resolve_country(text)
    assert result is None or result in VALID
    assert all(code in VALID for code in suggest_countries(text))
