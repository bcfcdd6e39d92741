"""Survey pages: the organisation's rounds and results, and the public worker page, which
keeps no cookie and stays light."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.test import Client
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.surveys.models import SurveyResponse, SurveyRound
from ruggie.surveys.services import response_submit
from tests.surveys.test_services import BAD, GOOD

CSS = Path(__file__).resolve().parents[2] / "src" / "ruggie" / "static" / "ruggie" / "survey.css"


def fill(round_: SurveyRound, n: int, raw: dict[str, list[str]], **context: str) -> None:
    for _ in range(n):
        response_submit(round_=round_, raw={**raw, **{k: [v] for k, v in context.items()}}, language="en")


def test_analyst_opens_a_round(analyst_client: Client, org: Organisation, round_: SurveyRound) -> None:
    page = analyst_client.get("/surveys/")
    assert page.status_code == 200 and "Spring" in page.content.decode()
    response = analyst_client.post(
        "/surveys/",
        {"site": round_.site.pk, "name": "Autumn", "opens_on": "2026-12-01", "min_group_size": "12"},
    )
    created = SurveyRound.objects.get(name="Autumn")
    assert response.status_code == 302 and response["Location"] == f"/surveys/{created.pk}/"
    assert created.min_group_size == 12 and created.organisation == org
    low = analyst_client.post(
        "/surveys/", {"site": round_.site.pk, "name": "Low", "opens_on": "2026-12-01", "min_group_size": "5"}
    )
    assert low.status_code == 200 and not SurveyRound.objects.filter(name="Low").exists()


def test_the_public_page_keeps_no_cookie_and_stays_light(round_: SurveyRound) -> None:
    worker = Client(enforce_csrf_checks=True)
    page = worker.get(f"/s/{round_.token}/")
    assert page.status_code == 200 and not page.cookies
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html and "<script" not in html
    assert len(page.content) + CSS.stat().st_size < 50_000
    assert 'name="S1"' in html and "I feel safe doing my job." in html
    answered = worker.post(f"/s/{round_.token}/?lang=en", {**GOOD, "C1": "woman"})
    assert answered.status_code == 302 and answered["Location"] == f"/s/{round_.token}/thanks/?lang=en"
    assert not answered.cookies and SurveyResponse.objects.filter(round=round_).count() == 1
    thanks = worker.get(answered["Location"])
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode() and not thanks.cookies


def test_a_wrong_answer_comes_back_with_the_answers_kept(round_: SurveyRound) -> None:
    page = Client().post(f"/s/{round_.token}/", {"S1": "maybe", "S2": "yes"})
    html = page.content.decode()
    assert page.status_code == 400 and "is not one of the answers" in html
    assert 'value="yes" checked' in html  # S2's answer is still ticked
    assert not SurveyResponse.objects.exists()


def test_closed_and_unknown_links(round_: SurveyRound) -> None:
    assert Client().get("/s/not-a-round/").status_code == 404
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.opens_on = round_.closes_on - timedelta(days=5)
    round_.save()
    closed = Client().post(f"/s/{round_.token}/", GOOD)
    assert closed.status_code == 410 and not SurveyResponse.objects.exists()


def test_results_page(analyst_client: Client, viewer_client: Client, round_: SurveyRound) -> None:
    fill(round_, 12, {**BAD, "O1": ["The <script>boss</script> shouts"]}, C1="woman")
    fill(round_, 11, GOOD, C1="man")
    html = analyst_client.get(f"/surveys/{round_.pk}/").content.decode()
    assert "23 answers" in html and "A woman" in html and "A man" in html
    assert "&lt;b&gt;Knit&lt;/b&gt;" in html and "<b>Knit</b>" not in html
    assert "The &lt;script&gt;boss&lt;/script&gt; shouts" in html
    # Viewers read the figures, not the workers' own words.
    viewer_html = viewer_client.get(f"/surveys/{round_.pk}/").content.decode()
    assert "A woman" in viewer_html and "boss" not in viewer_html


def test_findings_and_closing_from_the_page(
    analyst_client: Client, viewer_client: Client, round_: SurveyRound
) -> None:
    fill(round_, 10, BAD)
    assert viewer_client.post(f"/surveys/{round_.pk}/findings/").status_code == 403
    assert viewer_client.post(f"/surveys/{round_.pk}/close/").status_code == 403
    response = analyst_client.post(f"/surveys/{round_.pk}/findings/", follow=True)
    assert "3 findings from this round" in response.content.decode()
    analyst_client.post(f"/surveys/{round_.pk}/close/")
    round_.refresh_from_db()
    assert not round_.is_open()


def test_another_organisations_round_is_404(other_org: Organisation, round_: SurveyRound) -> None:
    from ruggie.accounts.services import membership_set  # noqa: PLC0415

    rival = membership_set(email="rival@example.org", organisation=other_org, role="admin")
    client = Client()
    client.force_login(rival.user)
    for url in (f"/surveys/{round_.pk}/",):
        assert client.get(url).status_code == 404
    assert client.post(f"/surveys/{round_.pk}/close/").status_code == 404
    listing = client.get("/surveys/").content.decode()
    assert f"/surveys/{round_.pk}/" not in listing and "Knit" not in listing


def test_the_poster_carries_a_qr_code_of_the_link(analyst_client: Client, round_: SurveyRound) -> None:
    page = analyst_client.get(f"/surveys/{round_.pk}/poster/?lang=en")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<script" not in html
    assert f"/s/{round_.token}/?lang=en" in html and "Scan this code" in html
    assert "&lt;b&gt;Knit&lt;/b&gt;" in html
    assert Client().get(f"/surveys/{round_.pk}/poster/").status_code == 302  # sign-in first


def test_back_to_the_workers(analyst_client: Client, viewer_client: Client, round_: SurveyRound) -> None:
    worker = Client()
    waiting = worker.get(f"/s/{round_.token}/results/").content.decode()
    assert "at least 10 workers" in waiting and "<meter" not in waiting
    fill(round_, 10, GOOD)
    text = "New fans in hall 2 by March. Supervisors trained on respect."
    assert viewer_client.post(f"/surveys/{round_.pk}/feedback/", {"feedback": "x"}).status_code == 403
    analyst_client.post(f"/surveys/{round_.pk}/feedback/", {"feedback": text})
    page = worker.get(f"/s/{round_.token}/results/?lang=en")
    html = page.content.decode()
    assert page.status_code == 200 and not page.cookies and "10 workers answered" in html
    assert html.count("<meter") == 3 and text in html
    assert "Prefer not to say" not in html and "FL07" not in html  # no red flags or answers in public


def test_sites_compared_on_their_latest_rounds(analyst_client: Client, round_: SurveyRound) -> None:
    from ruggie.register.services import site_create  # noqa: PLC0415
    from ruggie.surveys.services import round_create  # noqa: PLC0415

    other = site_create(supplier=round_.site.supplier, actor=None, name="Unit 2", country="BD")
    second = round_create(organisation=round_.organisation, actor=None, site=other, name="Spring",
                          opens_on=timezone.localdate())  # fmt: skip
    fill(round_, 10, GOOD)
    fill(second, 10, BAD)
    html = analyst_client.get("/surveys/").content.decode()
    compared = html.split("Sites compared")[1]
    assert compared.index("Unit 2") < compared.index("Knit")  # the lowest first
    assert "<svg" in compared and 'aria-label="0.0 / 100' in compared
