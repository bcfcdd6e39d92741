"""The laws pages: profile saved (all or nothing, audit-logged), answers with reasons, one law's
page, the iCalendar file, and what viewers and other organisations can do."""

from __future__ import annotations

from datetime import date

from django.test import Client
from icalendar import Calendar

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.laws import services
from ruggie.laws.models import LegalProfile
from tests.conftest import signed_in

PROFILE = {
    "incorporated_in": "United Kingdom", "listed_in": "none", "business_in": "UK, Germany, USA",
    "employees": "total 5200, DE 1200", "fte": "5000", "turnover": "GBP 480,000,000",
    "turnover_eu": "EUR 200,000,000", "balance_sheet": "GBP 300m", "financial_year_end": "31-12",
    "sells_goods_or_services": "yes", "sells_goods": "yes", "imports_into": ["US", "EU"],
    "retail_or_manufacturer": "yes", "business_in_california": "no", "imports_3tg": "no",
    "child_labour_suspicion": "no",
}  # fmt: skip


def test_an_analyst_saves_the_profile_and_sees_which_laws_apply_and_why(
    analyst_client: Client, org: Organisation
) -> None:
    response = analyst_client.post("/laws/", PROFILE)
    assert response.status_code == 302
    assert LegalProfile.objects.get(organisation=org).facts["employees"] == {"total": 5200, "DE": 1200}
    assert (
        AuditEvent.objects.filter(organisation=org, event_type=EventType.LEGAL_PROFILE_CHANGED).count() == 1
    )
    page = analyst_client.get("/laws/").content.decode()
    assert "UK Modern Slavery Act" in page and "German Supply Chain Act" in page
    answers = {a.law.code: a.answer for a in services.answers(org, date(2026, 12, 4))}
    assert answers["uk_msa"] == "applies" and answers["de_lksg"] == "applies"
    assert answers["fr_vigilance"] == "does_not_apply" and answers["us_uflpa"] == "applies"
    assert answers["eu_csddd"] == "does_not_apply"  # non-EU, EU turnover below EUR 1.5bn
    assert answers["ca_s211"] == "does_not_apply"  # no business in Canada, not listed there
    law = analyst_client.get("/laws/uk_msa/").content.decode()
    assert "SI 2015/1833 regs 2-3" in law and "GBP 480,000,000" in law and "What good looks like" in law
    # Saving the same again logs nothing new; a change logs what changed.
    analyst_client.post("/laws/", PROFILE)
    analyst_client.post("/laws/", {**PROFILE, "fte": "5100"})
    changes = AuditEvent.objects.filter(event_type=EventType.LEGAL_PROFILE_CHANGED).order_by("pk").last()
    assert changes is not None and changes.changes == {"fte": [5000, 5100]}


def test_a_bad_field_saves_nothing_and_names_the_field(analyst_client: Client, org: Organisation) -> None:
    analyst_client.post("/laws/", PROFILE)
    response = analyst_client.post("/laws/", {**PROFILE, "turnover": "a lot", "incorporated_in": "Atlantis"})
    page = response.content.decode()
    assert response.status_code == 400 and "Atlantis" in page and "write an amount and its currency" in page
    assert LegalProfile.objects.get(organisation=org).facts["turnover"]["amount"] == "480000000"


def test_unverified_facts_show_as_unverified(analyst_client: Client) -> None:
    page = analyst_client.get("/laws/eu_csddd/").content.decode()
    assert "unverified" in page and "Directive (EU) 2026/470" in page


def test_the_calendar_lists_the_deadlines_of_the_laws_that_apply(analyst_client: Client) -> None:
    analyst_client.post("/laws/", PROFILE)
    response = analyst_client.get("/laws/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert any("UK Modern Slavery Act" in s for s in summaries)
    assert any("EU Forced Labour Regulation" in s for s in summaries)
    assert not any("Norwegian" in s for s in summaries)
    again = Calendar.from_ical(analyst_client.get("/laws/calendar.ics").content)
    assert [str(e.get("uid")) for e in again.walk("VEVENT")] == [
        str(e.get("uid")) for e in cal.walk("VEVENT")
    ]


def test_a_viewer_reads_but_cannot_change_the_profile(viewer_client: Client, org: Organisation) -> None:
    assert viewer_client.get("/laws/").status_code == 200
    assert viewer_client.post("/laws/", PROFILE).status_code == 403
    assert not LegalProfile.objects.filter(organisation=org).exists()


def test_each_organisation_sees_only_its_own_profile(
    analyst_client: Client, other_org: Organisation, make_member: object
) -> None:
    analyst_client.post("/laws/", {**PROFILE, "turnover": "GBP 481,234,567"})
    from tests.conftest import signed_in

    other = signed_in(make_member(other_org, "analyst"))  # type: ignore[operator]
    page = other.get("/laws/").content.decode()
    assert "481,234,567" not in page and "Nothing entered yet" in page
    assert "Cannot tell" in page


def test_an_unknown_law_is_404_and_the_profile_form_needs_csrf(analyst: Membership) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/laws/nonsense/").status_code == 404
    assert client.post("/laws/", PROFILE).status_code == 403


def test_the_api_gives_answers_with_reasons_and_obligations_to_the_tokens_organisation(
    analyst_client: Client, analyst: Membership, other_org: Organisation, make_member: object
) -> None:
    from ruggie.accounts.services import api_token_create
    from tests.risk.conftest import Api

    analyst_client.post("/laws/", PROFILE)
    _token, raw = api_token_create(membership=analyst, name="t")
    answers = {a["code"]: a for a in Api(raw).get("/laws").json()}
    assert answers["uk_msa"]["answer"] == "applies"
    turnover = next(s for s in answers["uk_msa"]["steps"] if s["fact"] == "turnover")
    assert turnover["used"] == "GBP 480,000,000" and turnover["article"] == "SI 2015/1833 regs 2-3"
    assert any(o["law"] == "uk_msa" for o in Api(raw).get("/obligations").json())
    _token, other = api_token_create(membership=make_member(other_org, "analyst"), name="t")  # type: ignore[operator]
    theirs = {a["code"]: a["answer"] for a in Api(other).get("/laws").json()}
    assert theirs["uk_msa"] == "cannot_tell"  # their own (empty) profile, never Acme's


def test_the_command_line_prints_the_answers_as_json(
    org: Organisation, analyst_client: Client, capsys: object
) -> None:
    import json

    from ruggie.cli.main import main

    analyst_client.post("/laws/", PROFILE)
    assert main(["laws", "check", "--org", org.slug, "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])  # type: ignore[attr-defined]
    answers = {law["code"]: law for law in out["laws"]}
    assert answers["uk_msa"]["answer"] == "applies" and answers["uk_msa"]["tests"][0]["article"]
    assert main(["laws", "check", "--org", org.slug]) == 0


def test_a_law_page_says_what_ruggies_own_data_shows(db: None) -> None:
    from ruggie.demo import load_demo
    from ruggie.risk.models import SiteRisk
    from ruggie.risk.services import methodology_for
    from ruggie.screening.models import ScreeningHit

    load_demo()
    acme = Organisation.objects.get(slug="acme-apparel")
    hints = [h.text for h in services.evidence_hints(acme, "us_uflpa")]
    hits = ScreeningHit.objects.filter(organisation=acme, list_code="uflpa", stale=False)
    assert f"{hits.filter(status='confirmed').count()} confirmed" in hints[0]
    high = methodology_for(acme).levels["high"]
    forced = SiteRisk.objects.filter(organisation=acme, issue="forced_labour", score__gte=high).count()
    assert hints[1].startswith(f"{forced} of your sites")
    swiss = [h.text for h in services.evidence_hints(acme, "ch_ddtro")]
    assert len(swiss) == 1 and "child labour" in swiss[0]
    assert services.evidence_hints(acme, "fr_vigilance") == []
    page = (
        signed_in(Membership.objects.get(organisation=acme, role="analyst"))
        .get("/laws/us_uflpa/")
        .content.decode()
    )
    assert "data says" in page and "UFLPA Entity List" in page
