"""The findings pages under attack: forged POSTs, hostile filters, inline scripts, another tenant."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Finding
from ruggie.findings.services import action_create, finding_raise
from ruggie.register.services import site_create, supplier_create


@pytest.fixture
def finding(org: Organisation, analyst: Membership) -> Finding:
    supplier = supplier_create(organisation=org, actor=analyst.user, name="Saigon Stitch", country="VN")
    site = site_create(supplier=supplier, actor=analyst.user, name="Factory 1", country="VN")
    draft = FindingDraft(
        issue="wages", title="Overtime unpaid", source=Source.MANUAL, severity=Severity.HIGH, site_id=site.pk
    )
    return finding_raise(organisation=org, actor=analyst.user, draft=draft)[0]


def _csrf_client(membership: Membership) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_forged_posts_are_refused(analyst: Membership, finding: Finding) -> None:
    client = _csrf_client(analyst)
    action = action_create(finding=finding, actor=analyst.user, description="Pay back")
    posts = [
        (f"/findings/{finding.pk}/status/", {"target": "in_progress"}),
        (f"/findings/{finding.pk}/actions/", {"description": "x", "owner_party": "supplier"}),
        (f"/findings/actions/{action.pk}/complete/", {"note": "done"}),
        (
            f"/findings/actions/{action.pk}/remedy/",
            {"remedy_type": "back_pay", "beneficiaries": "3", "delivered_on": "2026-01-01"},
        ),
        ("/findings/new/", {"issue": "wages"}),
        ("/findings/import/", {}),
        ("/findings/import/commit/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    finding.refresh_from_db()
    assert finding.status == "action_planned"  # as action_create left it
    assert CorrectiveAction.objects.get().completed_at is None


def test_status_and_actions_need_post(analyst_client: Client, finding: Finding) -> None:
    assert analyst_client.get(f"/findings/{finding.pk}/status/", {"target": "in_progress"}).status_code == 405


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "²", "1\x00", "' OR 1=1 --", "%", "_"])
def test_hostile_filter_values_on_the_board(analyst_client: Client, finding: Finding, value: str) -> None:
    for name in ["issue", "severity", "status", "country", "source", "supplier", "site", "page"]:
        response = analyst_client.get("/findings/", {name: value})
        assert response.status_code == 200, (name, value)
        assert analyst_client.get("/findings/export.xlsx", {name: value}).status_code == 200


def test_unknown_status_is_refused_cleanly(analyst_client: Client, finding: Finding) -> None:
    response = analyst_client.post(f"/findings/{finding.pk}/status/", {"target": "closed'; --"}, follow=True)
    assert response.status_code == 200 and "does not exist" in response.content.decode()


def test_findings_pages_have_no_inline_script(analyst_client: Client, finding: Finding) -> None:
    site = finding.site_id
    for url in [
        "/findings/",
        f"/findings/{finding.pk}/",
        f"/findings/sites/{site}/",
        "/findings/metrics/",
        "/findings/new/",
        "/findings/import/",
        "/findings/supplier/",
    ]:
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body, re.IGNORECASE):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", body, re.IGNORECASE), f"inline handler on {url}"
        assert "'unsafe-inline'" not in response.get("Content-Security-Policy", "")


def test_ids_of_another_tenant_are_404_everywhere(
    other_org: Organisation,
    make_member,
    analyst: Membership,
    finding: Finding,  # type: ignore[no-untyped-def]
) -> None:
    action = action_create(finding=finding, actor=analyst.user, description="Pay back")
    rival = Client()
    rival.force_login(
        make_member(other_org, "admin").user, backend="django.contrib.auth.backends.ModelBackend"
    )
    for url in [
        f"/findings/{finding.pk}/",
        f"/findings/sites/{finding.site_id}/",
        f"/findings/supplier/actions/{action.pk}/",
    ]:
        assert rival.get(url).status_code == 404, url
    for url in [
        f"/findings/{finding.pk}/status/",
        f"/findings/{finding.pk}/actions/",
        f"/findings/actions/{action.pk}/complete/",
        f"/findings/actions/{action.pk}/verify/",
        f"/findings/actions/{action.pk}/evidence/",
        f"/findings/actions/{action.pk}/remedy/",
    ]:
        assert (
            rival.post(url, {"note": "x", "target": "in_progress", "description": "x"}).status_code == 404
        ), url
    assert rival.get("/findings/export.xlsx").status_code == 200
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(rival.get("/findings/export.xlsx").content))["Findings"].iter_rows())
    assert len(rows) == 1  # header only: none of the other tenant's findings
