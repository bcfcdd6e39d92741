"""A report from first words to remedy the reporter confirms, through the public pages and
the handler's pages."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.models import Finding
from ruggie.grievance.models import Case
from tests.grievance.conftest import World

STORY = "The supervisor keeps our passports in his office and says we cannot leave before the contract ends."


def _report(channel_token: str, **extra: str) -> tuple[Any, str]:
    response = Client().post(f"/g/{channel_token}/", {"kind": "forced", "text": STORY, **extra})
    body = response.content.decode()
    match = re.search(r'<strong class="link">([0-9A-Z ]+)</strong>', body)
    return response, (match.group(1) if match else "")


def _follow(token: str, receipt: str, **data: str) -> str:
    return Client().post(f"/g/{token}/case/", {"receipt": receipt, **data}).content.decode()


def test_report_come_back_talk_remedy_and_confirm(world: World) -> None:
    response, receipt = _report(world.channel.token)
    assert response.status_code == 200 and len(receipt.replace(" ", "")) == 28
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    case = Case.objects.get(organisation=world.org)
    assert case.category == "forced_labour" and case.anonymous and case.site_id == world.site.pk
    assert STORY.encode() not in bytes(case.sealed_text)  # sealed at rest
    assert receipt.replace(" ", "") not in (case.receipt_digest or "")

    # The handler sees the list, opens the case (logged), asks a question.
    listing = world.handler_client.get("/grievance/").content.decode()
    assert case.reference in listing
    page = world.handler_client.get(f"/grievance/cases/{case.reference}/").content.decode()
    assert "passports" in page
    assert AuditEvent.objects.filter(event_type=EventType.CASE_READ, target_id=str(case.pk)).count() == 1
    url = f"/grievance/cases/{case.reference}/act/"
    world.handler_client.post(url, {"action": "move", "to": "acknowledged"})
    world.handler_client.post(
        url, {"action": "message", "text": "Which office, and since when?", "asks": "on"}
    )

    # The reporter comes back with the code as written down, in lower case with dashes.
    page = _follow(world.channel.token, receipt.lower().replace(" ", "-"))
    assert "Which office, and since when?" in page and "We asked you a question" in page
    assert "Received and read by the complaints team" in page
    _follow(world.channel.token, receipt, action="reply", text="Office B, since March.")
    page = world.handler_client.get(f"/grievance/cases/{case.reference}/").content.decode()
    assert "Office B, since March." in page

    # Investigation, remedy, closure: a finding on the site, the reporter confirms.
    world.handler_client.post(url, {"action": "triage", "category": "forced_labour", "severity": "critical"})
    world.handler_client.post(url, {"action": "move", "to": "investigating"})
    world.handler_client.post(url, {"action": "move", "to": "remedy_proposed"})
    case.refresh_from_db()
    assert case.finding_id is not None  # substantiated: a finding on the site, raising likelihood there
    world.handler_client.post(
        url,
        {
            "action": "remedy",
            "kind": "documents returned",
            "to_whom": "12 workers",
            "verified_by": "NGO partner",
        },
    )
    for to in ("remedy_agreed", "remedy_delivered"):
        world.handler_client.post(url, {"action": "move", "to": to})
    world.handler_client.post(url, {"action": "move", "to": "closed", "reason": "Passports returned to all."})
    case.refresh_from_db()
    assert case.state == "closed" and case.acknowledged_on and case.first_response_on and case.closed_on
    finding = Finding.objects.get(pk=case.finding_id)
    assert (finding.issue, finding.severity, finding.site_id) == ("forced_labour", "critical", world.site.pk)
    assert STORY not in finding.description  # the reporter's words stay in the sealed case

    page = _follow(world.channel.token, receipt)
    assert "Passports returned to all." in page and "Did you receive the remedy?" in page
    _follow(world.channel.token, receipt, action="feedback", remedy_received="yes", satisfied="no")
    case.refresh_from_db()
    assert case.remedy_received is True and case.reporter_satisfied is False and case.reporter_saw_outcome

    _follow(world.channel.token, receipt, action="appeal", text="Two of us still have no passport.")
    case.refresh_from_db()
    assert case.state == "appealed" and case.appealed and case.closed_on is None
    moves = AuditEvent.objects.filter(event_type=EventType.CASE_MOVED, target_id=str(case.pk)).count()
    assert moves == 6  # staff moves only: the reporter's appeal leaves no audit row


def test_a_missing_kind_or_text_is_said_and_nothing_is_stored(world: World) -> None:
    response = Client().post(f"/g/{world.channel.token}/", {"text": "  "})
    assert response.status_code == 400 and "Please fill this in." in response.content.decode()
    assert not Case.objects.exists()


def test_confidential_reports_keep_contact_sealed(world: World) -> None:
    _report(world.channel.token, who="confidential", contact="Rahima, +880 1711 000000")
    case = Case.objects.get()
    assert not case.anonymous and b"1711" not in bytes(case.sealed_contact)
    page = world.handler_client.get(f"/grievance/cases/{case.reference}/").content.decode()
    assert "+880 1711 000000" in page


def test_a_report_in_arabic_reads_right_to_left(world: World) -> None:
    page = Client().get(f"/g/{world.channel.token}/?lang=ar").content.decode()
    assert 'dir="rtl"' in page and "أخبرنا عن مشكلة" in page
    response = Client().post(f"/g/{world.channel.token}/?lang=ar", {"kind": "pay", "text": "لم يُدفع أجري"})
    assert "احتفظ بهذا الرمز" in response.content.decode()
    assert Case.objects.get().language == "ar"


def test_the_public_page_is_light(world: World) -> None:
    body = Client().get(f"/g/{world.channel.token}/?lang=ar").content
    from pathlib import Path

    css = Path("src/ruggie/static/ruggie/survey.css").read_bytes()
    assert len(body) + len(css) < 50_000 and b"<script" not in body


def test_the_effectiveness_page_measures_without_opening_cases(world: World) -> None:
    _report(world.channel.token)
    case = Case.objects.get()
    url = f"/grievance/cases/{case.reference}/act/"
    world.handler_client.post(url, {"action": "move", "to": "acknowledged"})
    page = world.handler_client.get("/grievance/effectiveness/").content.decode()
    assert "Acknowledged within 7 days" in page and "Rights-compatible" in page
    assert "Dhaka Knit, Gazipur" in page
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_READ).exists()
    assert "Grievance cases" in world.handler_client.get("/steps/remedy/").content.decode()


def test_a_substantiated_case_feeds_the_issues_likelihood(world: World) -> None:
    from ruggie.risk.selectors import evidence_for

    _report(world.channel.token)
    case = Case.objects.get()
    url = f"/grievance/cases/{case.reference}/act/"
    world.handler_client.post(url, {"action": "triage", "category": "forced_labour", "severity": "high"})
    for to in ("acknowledged", "investigating"):
        world.handler_client.post(url, {"action": "move", "to": to})
    assert not [e for e in evidence_for(world.org) if e.issue == "forced_labour"]  # not yet substantiated
    world.handler_client.post(url, {"action": "move", "to": "remedy_proposed"})
    evidence = [e for e in evidence_for(world.org) if e.issue == "forced_labour"]
    assert evidence and "Grievance" in evidence[0].label and STORY not in evidence[0].label
