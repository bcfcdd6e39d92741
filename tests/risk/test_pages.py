"""The risk pages as users reach them: the overview, a site's scores and reasons, salience
judgements, re-scoring, the methodology and the Excel export."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.core.human_rights import issue
from ruggie.register.services import site_create
from ruggie.risk.domain.methodology import default_methodology
from ruggie.risk.models import MethodologyAdjustment, RiskRun, SalienceJudgement
from ruggie.risk.services import salience_judge, score_organisation
from tests.conftest import signed_in
from tests.risk.conftest import RiskRegister


@pytest.fixture
def scored(org: Organisation, risk_register: RiskRegister) -> RiskRegister:
    score_organisation(organisation=org, actor=None, trigger="import")
    return risk_register


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def test_overview_before_scoring(analyst_client: Client, risk_register: RiskRegister) -> None:
    response = analyst_client.get("/risk/")
    assert response.status_code == 200
    body = text(response)
    assert "Nothing scored yet" in body and "No scores yet." in body
    assert "Dhaka Knit Ltd" not in body
    assert "Worldwide Governance Indicators" in body  # the data used is named with its edition


def test_overview_after_scoring(analyst_client: Client, scored: RiskRegister) -> None:
    body = text(analyst_client.get("/risk/"))
    assert "Nothing scored yet" not in body and "Last scored" in body
    # Heat map: one row per country, one column per issue.
    heat = body[body.index('class="heat"') :]
    heat = heat[: heat.index("</table>")]
    assert re.findall(r'<th scope="row">([A-Z]{2})</th>', heat) and set(
        re.findall(r'<th scope="row">([A-Z]{2})</th>', heat)
    ) == {"BD", "DE", "VN"}
    assert issue("forced_labour").name in heat and 'href="?issue=forced_labour#top"' in heat
    # Salient issues, ranked, with the sites that drive them.
    assert "<svg" in body and f'href="/risk/sites/{scored.dhaka.pk}/"' in body
    assert "/risk/salience/forced_labour/" in body
    # Top sites: every site, highest first, linked to its page.
    top = body[body.index('id="top"') :]
    assert top.index("Dhaka Knit Ltd") < top.index("Berlin Boards GmbH")
    assert "Mekong Coffee Farm" in top and "Delta Apparel Group" in top


def test_overview_filters_by_issue(analyst_client: Client, scored: RiskRegister) -> None:
    body = text(analyst_client.get("/risk/", {"issue": "child_labour"}))
    assert "Highest-risk sites for" in body and '<option value="child_labour" selected>' in body
    for hostile in ("nope", "<script>", "' OR 1=1 --", "\x00"):
        response = analyst_client.get("/risk/", {"issue": hostile})
        assert response.status_code == 200 and "Highest-risk sites for" not in text(response)


def test_viewer_sees_the_overview_without_the_buttons(viewer_client: Client, scored: RiskRegister) -> None:
    body = text(viewer_client.get("/risk/"))
    assert "Dhaka Knit Ltd" in body
    assert "/risk/rescore/" not in body and "/risk/salience/" not in body


def test_site_page_explains_each_factor_with_its_source(analyst_client: Client, scored: RiskRegister) -> None:
    response = analyst_client.get(f"/risk/sites/{scored.dhaka.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "Dhaka Knit Ltd" in body and "Delta Apparel Group" in body and "800 workers" in body
    assert "Rule of law (country)" in body and "Worldwide Governance Indicators, 2024 update" in body
    assert "garments listed for BD" in body and "List of Goods" in body
    assert "Share of migrant workers" in body and "5% of the workforce" in body and "site record" in body
    assert issue("forced_labour").name in body
    assert "re-score to update" not in body  # stored and explained agree
    assert "No change since the site was first scored" in body


def test_site_page_marks_unknown_data(analyst_client: Client, scored: RiskRegister) -> None:
    body = text(analyst_client.get(f"/risk/sites/{scored.mekong.pk}/"))
    assert 'class="badge unsure"' in body and "not recorded" in body
    known = text(analyst_client.get(f"/risk/sites/{scored.dhaka.pk}/"))
    # Dhaka's shares, sector and goods are all recorded; only indexes not loaded are left out.
    assert 'class="badge unsure"' not in known


def test_site_page_of_an_unscored_or_missing_site(
    analyst_client: Client, risk_register: RiskRegister
) -> None:
    assert analyst_client.get(f"/risk/sites/{risk_register.berlin.pk}/").status_code == 200
    assert analyst_client.get("/risk/sites/999999/").status_code == 404


def test_judgement_form(
    analyst_client: Client, viewer_client: Client, org: Organisation, scored: RiskRegister
) -> None:
    assert viewer_client.get("/risk/salience/wages/").status_code == 403
    assert viewer_client.post("/risk/salience/wages/", {"scale": "4", "reason": "x"}).status_code == 403
    assert analyst_client.get("/risk/salience/not-an-issue/").status_code == 404
    page = analyst_client.get("/risk/salience/wages/")
    assert page.status_code == 200 and "Computed: scale" in text(page)

    empty = analyst_client.post("/risk/salience/wages/", {"scale": "4", "reason": ""})
    assert empty.status_code == 200 and 'class="error"' in text(empty)
    nothing = analyst_client.post("/risk/salience/wages/", {"reason": "No change at all"})
    assert nothing.status_code == 200 and "Change at least one rating" in text(nothing)
    out_of_range = analyst_client.post("/risk/salience/wages/", {"likelihood": "140", "reason": "Too sure"})
    assert out_of_range.status_code == 200 and 'class="error"' in text(out_of_range)
    assert not SalienceJudgement.objects.exists()

    done = analyst_client.post(
        "/risk/salience/wages/", {"scale": "4", "likelihood": "90", "reason": "Audits found unpaid overtime"}
    )
    assert done.status_code == 302 and done["Location"] == "/risk/"
    judgement = SalienceJudgement.objects.get()
    assert (judgement.issue, judgement.scale, judgement.scope, judgement.likelihood) == (
        "wages",
        4,
        None,
        0.9,
    )
    overview = text(analyst_client.get("/risk/"))
    assert "Overridden" in overview and "Audits found unpaid overtime" in overview
    assert "/risk/salience/wages/withdraw/" in overview


def test_withdraw_is_post_only(
    analyst_client: Client,
    viewer_client: Client,
    org: Organisation,
    analyst: Membership,
    scored: RiskRegister,
) -> None:
    salience_judge(organisation=org, actor=analyst.user, issue="wages", reason="Known problem", scale=4)
    assert analyst_client.get("/risk/salience/wages/withdraw/").status_code == 405
    assert viewer_client.post("/risk/salience/wages/withdraw/").status_code == 403
    assert SalienceJudgement.objects.get().withdrawn_at is None
    response = analyst_client.post("/risk/salience/wages/withdraw/", follow=True)
    assert response.status_code == 200 and "computed rating applies again" in text(response)
    assert SalienceJudgement.objects.get().withdrawn_at is not None


def test_rescore_is_post_only_with_csrf(
    analyst: Membership, analyst_client: Client, risk_register: RiskRegister
) -> None:
    assert analyst_client.get("/risk/rescore/").status_code == 405
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(analyst.user, backend="django.contrib.auth.backends.ModelBackend")
    assert forged.post("/risk/rescore/").status_code == 403
    assert not RiskRun.objects.exists()
    response = analyst_client.post("/risk/rescore/", follow=True)
    assert response.status_code == 200 and "Scored 3 sites" in text(response)
    run = RiskRun.objects.get()
    assert run.trigger == "manual" and run.sites == 3


def test_viewer_cannot_rescore(viewer_client: Client, risk_register: RiskRegister) -> None:
    assert viewer_client.post("/risk/rescore/").status_code == 403
    assert not RiskRun.objects.exists()


def test_large_registers_are_scored_in_the_background(
    analyst_client: Client,
    risk_register: RiskRegister,
    settings,
    org: Organisation,  # type: ignore[no-untyped-def]
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.RUGGIE_BACKGROUND_IMPORT_ROWS = 2
    response = analyst_client.post("/risk/rescore/", follow=True)
    assert "runs in the background" in text(response)
    assert not RiskRun.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("score_organisation_task")
    assert task.args_kwargs["args"] == [org.pk, "manual"]


def test_methodology_page(
    analyst_client: Client, admin_client: Client, org: Organisation, scored: RiskRegister
) -> None:
    page = text(analyst_client.get("/risk/methodology/"))
    assert "Rule of law (country)" in page and "Weights per issue" in page
    assert "An administrator of your organisation can adjust" in page and "Adjust and re-score" not in page
    good = {"text": "weights:\n  wages:\n    sector: 200\n", "reason": "Apparel wages first"}
    refused = analyst_client.post("/risk/methodology/", good, follow=True)
    assert "Only an administrator" in text(refused)
    assert not MethodologyAdjustment.objects.exists()

    assert "Adjust and re-score" in text(admin_client.get("/risk/methodology/"))
    bad = admin_client.post(
        "/risk/methodology/", {"text": "weights:\n  wages:\n    sector: lots\n", "reason": "x"}
    )
    assert bad.status_code == 200
    assert "weights.wages.sector" in text(bad) and "is not a number" in text(bad)
    assert not MethodologyAdjustment.objects.exists()
    broken = admin_client.post("/risk/methodology/", {"text": "weights: [", "reason": "x"})
    assert broken.status_code == 200 and "not valid YAML" in text(broken)

    done = admin_client.post("/risk/methodology/", good, follow=True)
    assert "every site re-scored" in text(done)
    adjustment = MethodologyAdjustment.objects.get()
    assert adjustment.version in text(done) and "Apparel wages first" in text(done)
    assert RiskRun.objects.filter(organisation=org).first().trigger == "methodology"  # type: ignore[union-attr]


def test_export_before_scoring_says_so(analyst_client: Client, risk_register: RiskRegister) -> None:
    response = analyst_client.get("/risk/export.xlsx", follow=True)
    assert "Nothing to export yet" in text(response)


def test_export_opens_and_neutralises_formulas(
    analyst_client: Client,
    viewer_client: Client,
    org: Organisation,
    analyst: Membership,
    risk_register: RiskRegister,
) -> None:
    hostile = '=HYPERLINK("http://evil.example","click")'
    # The register's API takes a sector as text: the export must not trust it either.
    site_create(
        supplier=risk_register.supplier, actor=analyst.user, name=hostile, country="BD", sector="=1+1"
    )
    score_organisation(organisation=org, actor=None, trigger="manual")
    salience_judge(organisation=org, actor=analyst.user, issue="wages", reason="=1+1", scale=4)
    response = analyst_client.get("/risk/export.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert viewer_client.get("/risk/export.xlsx").status_code == 403  # viewers do not export
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Salient issues", "Site scores"]
    salient = list(wb["Salient issues"].iter_rows(values_only=True))
    assert salient[0][0] == "Rank" and len(salient) == 1 + len(default_methodology().issues)
    wages = next(r for r in salient[1:] if r[1] == issue("wages").name)
    assert wages[9] == "'=1+1"
    rows = list(wb["Site scores"].iter_rows())
    header = [c.value for c in rows[0]]
    assert header[:5] == ["Site id", "Site", "Supplier", "Country", "Sector"]
    assert issue("forced_labour").name in header
    assert len(rows) == 1 + 4
    names = {row[1].value: row for row in rows[1:]}
    row = names["'" + hostile]
    assert row[1].data_type == "s" and not str(row[1].value).startswith("=")
    assert row[4].value == "'=1+1" and row[4].data_type == "s"
    dhaka = names["Dhaka Knit Ltd"]
    assert all(isinstance(c.value, int) for c in dhaka[5:])


def test_pages_have_no_inline_script(analyst_client: Client, scored: RiskRegister) -> None:
    for url in ["/risk/", f"/risk/sites/{scored.dhaka.pk}/", "/risk/salience/wages/", "/risk/methodology/"]:
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        for tag in re.findall(r"<script\b[^>]*>", text(response), re.IGNORECASE):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text(response), re.IGNORECASE), url


def test_strangers_are_sent_to_sign_in(risk_register: RiskRegister) -> None:
    anonymous = Client()
    for url in [
        "/risk/",
        f"/risk/sites/{risk_register.dhaka.pk}/",
        "/risk/methodology/",
        "/risk/export.xlsx",
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_another_members_view_is_their_own(
    make_member, other_org: Organisation, scored: RiskRegister
) -> None:  # type: ignore[no-untyped-def]
    rival = signed_in(make_member(other_org, "admin"))
    body = text(rival.get("/risk/"))
    assert "Nothing scored yet" in body and "Dhaka Knit Ltd" not in body


def test_pages_show_each_datasets_attribution(
    analyst_client: Client, org: Organisation, analyst: Membership, scored: RiskRegister
) -> None:
    from ruggie.reference.services import edition_load
    from tests.reference.conftest import EXAMPLES

    wgi = "World Bank (www.govindicators.org)"  # CC BY 4.0 asks for it wherever the data is used
    for url in ("/risk/", f"/risk/sites/{scored.dhaka.pk}/", "/risk/methodology/"):
        assert wgi in text(analyst_client.get(url)), url
    edition_load(folder=EXAMPLES / "ituc_example", organisation=org, actor=analyst.user)
    assert "EXAMPLE: invented ratings" in text(analyst_client.get("/risk/"))


def test_the_adjustment_in_force_is_filled_in(
    admin_client: Client, org: Organisation, scored: RiskRegister
) -> None:
    page = text(admin_client.get("/risk/methodology/"))
    assert "The adjustment in force is filled in" not in page
    admin_client.post("/risk/methodology/", {"text": "levels:\n  high: 60\n", "reason": "Stricter bands"})
    page = text(admin_client.get("/risk/methodology/"))
    assert "The adjustment in force is filled in" in page
    textarea = page[page.index('name="text"') :]
    assert textarea[: textarea.index("</textarea>")].endswith("levels:\n  high: 60")
