"""The worker survey on a small, cheap phone: a worker opens the link, answers in English
or in Arabic (right to left), sends, and sees the thank-you page; nothing is kept in the
browser, and the page stays under 50 KB. An analyst then reads the results.

Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.register.services import site_create, supplier_create
from ruggie.surveys.models import SurveyResponse, SurveyRound
from ruggie.surveys.services import round_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}  # fmt: skip
SCALE_ITEMS = [f"{d}{i}" for d in "SRI" for i in range(1, 6)]


@pytest.fixture
def survey_round() -> SurveyRound:
    org = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    membership_set(email="analyst@acme.example", organisation=org, role="analyst", password=PASSWORD)
    supplier = supplier_create(organisation=org, actor=None, name="Dhaka Knit Ltd.", country="BD")
    site = site_create(supplier=supplier, actor=None, name="Dhaka Knit Unit 1", country="BD", headcount=250)
    return round_create(organisation=org, actor=None, site=site, name="Spring", opens_on=timezone.localdate())


def _answer_all(page: Any, choice: int) -> None:
    """Tick the n-th answer of every scale question, as a thumb would."""
    for qid in SCALE_ITEMS:
        page.locator(f"#q-{qid} label").nth(choice).click()


def test_a_worker_answers_on_a_phone_in_two_languages(
    new_page: Fixture, axe_check: Fixture, shot: Fixture, survey_round: SurveyRound
) -> None:
    page = new_page(**PHONE)
    weights: dict[str, int] = {}
    page.on("response", lambda r: weights.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(f"/s/{survey_round.token}/?lang=en")
    page.get_by_role("heading", level=1, name="How is work here?").wait_for()
    assert sum(weights.values()) < 50_000, weights  # HTML + CSS (+ no JavaScript at all)
    assert not any(url.endswith(".js") for url in weights)
    axe_check(page, "survey, English, phone")
    page.screenshot(path=str(shot(page, "89-survey-phone-en-full").with_name("89-survey-phone-en-top.png")))
    # A wrong submit (nothing ticked is fine: no question is required) would pass; answer.
    _answer_all(page, 3)
    page.locator("#q-C1 label").first.click()
    page.get_by_label("What one thing would make this a better place to work?").fill("Shade in the yard")
    shot(page, "90-survey-phone-en")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", level=1, name="Thank you").wait_for()
    shot(page, "91-survey-phone-thanks")
    assert page.context.cookies() == []

    arabic = new_page(**PHONE)
    arabic.goto(f"/s/{survey_round.token}/?lang=ar")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.locator("html").get_attribute("lang") == "ar"
    title = arabic.locator("h1").inner_text()
    assert title and title != "How is work here?"  # the Arabic text, not the English
    axe_check(arabic, "survey, Arabic, phone")
    arabic.screenshot(path=str(shot(arabic, "92-survey-phone-ar").with_name("92-survey-phone-ar-top.png")))
    _answer_all(arabic, 0)
    shot(arabic, "92-survey-phone-ar")
    arabic.locator("button[type=submit]").click()
    arabic.wait_for_url(f"**/s/{survey_round.token}/thanks/?lang=ar")
    assert arabic.context.cookies() == []

    stored = SurveyResponse.objects.filter(round=survey_round).order_by("pk")
    assert [r.language for r in stored] == ["en", "ar"]
    assert stored[0].indices["safety"] == 80.0 and stored[0].answers["O1"] == "Shade in the yard"
    assert stored[1].answers["S1"] == "no"


def test_the_analyst_reads_results_and_prints_the_poster(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, survey_round: SurveyRound
) -> None:
    from ruggie.surveys.services import response_submit  # noqa: PLC0415

    for i in range(24):
        raw = {q: ["yes" if i % 3 else "no"] for q in ("S1", "S2", "S3", "S5", "R3", "R4", "I1", "I2", "I5")}
        gender = "woman" if i < 14 else "man" if i < 21 else "skip"  # 14 women, 7 men, 3 did not say
        raw.update({"C1": [gender], "F1": ["yes" if i == 0 else "no"]})
        response_submit(round_=survey_round, raw=raw, language="en")
    page = new_page()
    sign_in(page, "analyst@acme.example", PASSWORD)
    page.goto(f"/surveys/{survey_round.pk}/")
    page.get_by_role("heading", name="What workers said").wait_for()
    main = page.locator("main").inner_text()
    # 7 men and 3 who did not say are shown only together: 10 answers.
    assert "24 answers" in main and "A woman" in main and "Other groups, together" in main
    assert "A man" not in main
    assert "1 of 24" in main  # the red flag, counted apart
    axe_check(page, "survey results")
    shot(page, "93-survey-results")
    page.get_by_role("button", name="Raise findings from the results").click()
    page.get_by_text("findings from this round are on the findings board").wait_for()
    page.get_by_role("link", name="Poster with QR code, to print").click()
    page.locator(".qr svg").wait_for()
    axe_check(page, "survey poster")
    shot(page, "94-survey-poster")
