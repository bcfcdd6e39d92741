"""Engagements, alone and as a group: asks and progress, the log, escalations, and what one
investor's private notes, votes and draft letters never show another (pages, API, exports)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.audit.models import AuditEvent, EventType
from ruggie.investors import engagements as svc
from ruggie.investors.domain.engagement import Stage, can_see
from ruggie.investors.models import Engagement
from tests.conftest import signed_in
from tests.risk.conftest import Api

TODAY = date(2026, 11, 30)
LEAD_NOTE = "LEAD-PRIVATE: CFO hinted at a supplier audit failure"
LEAD_VOTE = "LEAD-VOTE: against the chair"
DRAFT = "SUPPORT-DRAFT: letter to the board, second version"


def _api(membership: Membership) -> Api:
    _token, raw = api_token_create(membership=membership, name="t")
    return Api(raw)


@pytest.fixture
def group(make_org: Callable[..., Organisation], make_member: Callable[..., Membership]) -> dict[str, Any]:
    lead, support, outsider = (
        make_org(s, kind="investor") for s in ("north-fund", "south-fund", "east-fund")
    )
    people = {
        s: make_member(o, "analyst") for s, o in (("lead_m", lead), ("support_m", support), ("out", outsider))
    }
    e = svc.engagement_create(
        lead=lead, actor=people["lead_m"].user, title="Apparel HRDD 2026", company_name="Fast Fashion plc",
        asks=["Publish salient issues", "Grievance mechanism for supply-chain workers"], today=TODAY,
    )  # fmt: skip
    svc.member_add(engagement=e, by=lead, actor=None, slug="south-fund", today=TODAY)
    ask = e.asks.first()
    assert ask is not None
    svc.progress_record(ask=ask, by=lead, actor=None, stage="committed", on=TODAY, evidence="AGM answer")
    svc.interaction_add(
        engagement=e, by=lead, actor=None, kind="meeting", on=TODAY, summary="Group meeting with IR"
    )
    svc.interaction_add(engagement=e, by=lead, actor=None, kind="note", on=TODAY, summary=LEAD_NOTE)
    svc.interaction_add(engagement=e, by=lead, actor=None, kind="vote", on=TODAY, summary=LEAD_VOTE,
                        escalation="vote_against_director")  # fmt: skip
    svc.interaction_add(engagement=e, by=support, actor=None, kind="draft_letter", on=TODAY, summary=DRAFT)
    return {"e": e, "lead": lead, "support": support, "outsider": outsider, **people}


def test_the_visibility_rule() -> None:
    assert can_see(author_org=1, shared=True, viewer_org=2)
    assert can_see(author_org=1, shared=False, viewer_org=1)
    assert not can_see(author_org=1, shared=False, viewer_org=2)


def test_progress_shows_the_latest_stage_and_defaults_to_no_response(group: dict[str, Any]) -> None:
    view = svc.engagement_view(group["e"], group["lead"])
    assert [a.stage for a in view.asks] == [Stage.COMMITTED, Stage.NO_RESPONSE]
    with pytest.raises(svc.EngagementRefused):
        svc.progress_record(ask=view.asks[1].ask, by=group["lead"], actor=None, stage="done", on=TODAY)
    assert AuditEvent.objects.filter(
        organisation=group["lead"], event_type=EventType.ENGAGEMENT_PROGRESS
    ).exists()


def test_private_entries_never_reach_another_investor_on_pages(group: dict[str, Any]) -> None:
    e = group["e"]
    lead_page = signed_in(group["lead_m"]).get(f"/investors/engagements/{e.pk}/").content.decode()
    support_page = signed_in(group["support_m"]).get(f"/investors/engagements/{e.pk}/").content.decode()
    assert LEAD_NOTE in lead_page and LEAD_VOTE in lead_page and DRAFT not in lead_page
    assert DRAFT in support_page and LEAD_NOTE not in support_page and LEAD_VOTE not in support_page
    assert "Group meeting with IR" in support_page and "Committed" in support_page
    outsider = signed_in(group["out"])
    assert outsider.get(f"/investors/engagements/{e.pk}/").status_code == 404
    assert "Apparel HRDD 2026" not in outsider.get("/investors/engagements/").content.decode()


def test_private_entries_never_reach_another_investor_through_the_api(group: dict[str, Any]) -> None:
    e = group["e"]
    support = _api(group["support_m"]).get(f"/engagements/{e.pk}").content.decode()
    assert DRAFT in support and LEAD_NOTE not in support and LEAD_VOTE not in support
    listing = _api(group["support_m"]).get("/engagements").content.decode()
    assert LEAD_NOTE not in listing and LEAD_VOTE not in listing
    assert _api(group["out"]).get(f"/engagements/{e.pk}").status_code == 404
    assert _api(group["out"]).get("/engagements").json() == []


def test_private_entries_never_reach_another_investor_in_exports(group: dict[str, Any]) -> None:
    e = group["e"]
    for who, mine, theirs in (("support_m", DRAFT, LEAD_NOTE), ("lead_m", LEAD_NOTE, DRAFT)):
        data = signed_in(group[who]).get(f"/investors/engagements/{e.pk}/export.xlsx").content
        book = load_workbook(io.BytesIO(data))
        text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c)
        assert mine in text and theirs not in text
    assert signed_in(group["out"]).get(f"/investors/engagements/{e.pk}/export.xlsx").status_code == 404


def test_only_the_lead_adds_investors_and_only_members_act(group: dict[str, Any]) -> None:
    e = group["e"]
    with pytest.raises(svc.EngagementRefused, match="Only the lead"):
        svc.member_add(engagement=e, by=group["support"], actor=None, slug="east-fund", today=TODAY)
    outsider = signed_in(group["out"])
    response = outsider.post(f"/investors/engagements/{e.pk}/act/", {"action": "ask", "text": "Hijack"})
    assert response.status_code == 404 and not e.asks.filter(text="Hijack").exists()


def test_an_investor_starts_an_engagement_and_records_progress_through_the_pages(
    make_org: Callable[..., Organisation], make_member: Callable[..., Membership]
) -> None:
    fund = make_org("west-fund", kind="investor")
    client = signed_in(make_member(fund, "analyst"))
    response = client.post("/investors/engagements/", {
        "title": "Cocoa due diligence", "company_name": "Choco SA",
        "asks": ["Publish the company's salient human rights issues and how they were identified"],
        "more_asks": "Disclose child labour remediation cases\n",
    }, follow=True)  # fmt: skip
    e = Engagement.objects.get(title="Cocoa due diligence")
    assert e.asks.count() == 2 and "Choco SA" in response.content.decode()
    ask = e.asks.first()
    assert ask is not None
    progress = {"action": "progress", "ask": ask.pk, "stage": "implemented", "on": "2026-11-01"}
    client.post(f"/investors/engagements/{e.pk}/act/", progress)
    letter = {"action": "interaction", "kind": "letter", "on": "2026-11-02", "summary": "Joint letter sent",
              "shared": "on", "escalation": "joint_letter"}  # fmt: skip
    client.post(f"/investors/engagements/{e.pk}/act/", letter)
    page = client.get(f"/investors/engagements/{e.pk}/").content.decode()
    assert "Implemented" in page and "Joint letter sent" in page and "Joint letter" in page
    viewer = signed_in(make_member(fund, "viewer", email="v@west.example"))
    assert (
        viewer.post(f"/investors/engagements/{e.pk}/act/", {"action": "ask", "text": "x"}).status_code == 403
    )
    assert Client().get(f"/investors/engagements/{e.pk}/").status_code == 302


def test_the_portfolio_shows_each_holdings_engagement_progress(group: dict[str, Any]) -> None:
    from ruggie.investors.models import Holding

    Holding.objects.create(organisation=group["lead"], company_name="Fast Fashion PLC")
    Holding.objects.create(organisation=group["lead"], company_name="Quiet Co")
    page = signed_in(group["lead_m"]).get("/investors/").content.decode()
    assert "Apparel HRDD 2026" in page and "1 of 2 asks committed or further" in page


def test_the_printable_summary_shows_the_group_what_is_shared_and_nothing_private(
    group: dict[str, Any],
) -> None:
    e = group["e"]
    for who in ("lead_m", "support_m"):
        page = signed_in(group[who]).get(f"/investors/engagements/{e.pk}/summary/").content.decode()
        assert "Group meeting with IR" in page and "Committed" in page and "AGM answer" in page
        assert LEAD_NOTE not in page and LEAD_VOTE not in page and DRAFT not in page
    assert signed_in(group["out"]).get(f"/investors/engagements/{e.pk}/summary/").status_code == 404


def test_progress_links_a_sentence_of_the_recording_investors_own_documents_only(
    group: dict[str, Any],
) -> None:
    from ruggie.investors import disclosures
    from tests.investors.statements import STATEMENT_2025, statement_pdf

    def filed(org: Organisation) -> Any:
        return disclosures.disclosure_add(
            organisation=org, actor=None, company_name="Fast Fashion plc", title="MSA 2025",
            kind="msa_statement", year=2025, filename="s.pdf", data=statement_pdf(STATEMENT_2025),
            framework="uk_msa",
        )  # fmt: skip

    mine, theirs = filed(group["lead"]), filed(group["outsider"])
    e = group["e"]
    ask = e.asks.last()
    offered = disclosures.evidence_sentences(group["lead"], "Fast Fashion plc")
    assert offered and all(s.disclosure_id == mine.pk for _where, s in offered)
    sentence = offered[0][1]
    svc.progress_record(
        ask=ask, by=group["lead"], actor=None, stage="implemented", on=TODAY, sentence_id=sentence.pk
    )
    other = theirs.sentences.first()
    with pytest.raises(svc.EngagementRefused, match="not in one of your"):
        svc.progress_record(
            ask=ask, by=group["lead"], actor=None, stage="verified", on=TODAY, sentence_id=other.pk
        )
    # The group sees the quoted sentence with its document and page, on the page and in the export.
    page = signed_in(group["support_m"]).get(f"/investors/engagements/{e.pk}/").content.decode()
    assert sentence.text in page and "MSA 2025, p." in page
    data = signed_in(group["support_m"]).get(f"/investors/engagements/{e.pk}/export.xlsx").content
    cells = [c.value for row in load_workbook(io.BytesIO(data))["Asks"].iter_rows() for c in row]
    assert any(isinstance(v, str) and sentence.text in v for v in cells)
