"""Self-assessments end to end: a buyer requests, the supplier answers by link (drafts,
evidence, submission), shares once with many buyers, withdraws; risky answers become
findings in each buyer's register. Written against whatever the packaged questionnaire
asks, read from its file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import membership_set
from ruggie.assessments import services
from ruggie.assessments.models import AssessmentFile, AssessmentRequest, SelfAssessment
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.models import Finding
from ruggie.questionnaires.domain.answers import visible
from ruggie.questionnaires.domain.format import CHOICE_TYPES, QuestionnaireFile, QuestionType
from ruggie.questionnaires.services import spec_of, version_for
from ruggie.register.models import Supplier
from ruggie.register.services import supplier_create

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _spec() -> QuestionnaireFile:
    return spec_of(version_for(services.SAQ))


def best_answers(spec: QuestionnaireFile) -> dict[str, list[str]]:
    """For every shown question, the best-scored option (or a plain value), settled through
    skip logic."""
    answers: dict[str, Any] = {}
    for _ in range(6):
        for q in visible(spec, answers):
            if q.id in answers:
                continue
            if q.type in CHOICE_TYPES:
                options = [o for o in spec.options_of(q) if not o.not_scored]
                best = max(options, key=lambda o: o.score if o.score is not None else -1)
                if q.type == QuestionType.SCALE and best.score is None:
                    best = options[0] if q.reverse else options[-1]
                answers[q.id] = [best.value] if q.type == QuestionType.MULTIPLE else best.value
            elif q.type == QuestionType.NUMBER:
                answers[q.id] = q.min if q.min is not None else 1
            elif q.type == QuestionType.DATE:
                answers[q.id] = "2026-01-15"
            elif q.type == QuestionType.TEXT:
                answers[q.id] = "Our HR manager"
    return {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in answers.items()}


def risky(spec: QuestionnaireFile) -> tuple[str, str, str]:
    """A question with a rule raised by one option: (question id, value, rule issue)."""
    for q in spec.all_questions():
        for rule in q.rules:
            w = rule.when
            if w.question == q.id and isinstance(w.equals, str) and q.show_if is None:
                return q.id, w.equals, rule.issue
    raise AssertionError("the questionnaire has no simple rule to trigger")


@pytest.fixture
def supplier(org: Organisation) -> Supplier:
    return supplier_create(organisation=org, actor=None, name="Saigon Stitch Co.", country="VN")


def _request(org: Organisation, supplier: Supplier, analyst: Membership, email: str = "hr@stitch.example"):
    return services.request_create(
        organisation=org, actor=analyst.user, supplier=supplier, contact_email=email,
        due_on=TODAY + timedelta(days=30), base_url="http://testserver/",
    )  # fmt: skip


def test_request_sends_a_signed_link(org: Organisation, supplier: Supplier, analyst: Membership) -> None:
    req = _request(org, supplier, analyst)
    [message] = mail.outbox
    assert message.to == ["hr@stitch.example"] and "/a/" in message.body
    token = message.body.split("/a/")[1].split("/")[0]
    assert services.request_from_token(token) == req
    assert services.request_from_token(token[:-2] + "xx") is None  # altered: refused
    services.request_cancel(request=req, actor=analyst.user)
    assert services.request_from_token(token) is None  # cancelled: refused
    with pytest.raises(services.AssessmentRefused, match="in the past"):
        services.request_create(organisation=org, actor=None, supplier=supplier, contact_email="a@b.example",
                                 due_on=date(2020, 1, 1), base_url="http://x/")  # fmt: skip
    with pytest.raises(services.AssessmentRefused, match="not an e-mail"):
        services.request_create(organisation=org, actor=None, supplier=supplier, contact_email="nobody",
                                due_on=TODAY, base_url="http://x/")  # fmt: skip


def test_answer_save_submit_share_and_findings(
    org: Organisation, supplier: Supplier, analyst: Membership, analyst_client: Client
) -> None:
    spec = _spec()
    req = _request(org, supplier, analyst)
    link = f"/a/{services.link_token(req)}/"
    contact = Client()
    page = contact.get(link)
    assert page.status_code == 200
    supplier.refresh_from_db()
    owner = supplier.account
    assert (
        owner is not None and owner.kind == "supplier"
    )  # the supplier's own organisation, made on first use

    answers = best_answers(spec)
    qid, value, issue = risky(spec)
    answers[qid] = [value]
    first = spec.all_questions()[0]
    # Save part of it: kept, nothing submitted, no finding.
    contact.post(link, {first.id: answers[first.id], "action": "save", "by": "Lan, HR manager"})
    draft = SelfAssessment.objects.get(owner=owner)
    assert draft.status == "draft" and draft.answers.get(first.id) is not None
    assert not Finding.objects.filter(organisation=org).exists()

    uploads = {
        q.id: SimpleUploadedFile("policy.pdf", PDF) for q in visible(spec, answers) if q.type == "file"
    }
    response = contact.post(link, {**answers, **uploads, "action": "submit", "by": "Lan, HR manager"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_by == "Lan, HR manager"
    assert AssessmentFile.objects.filter(assessment=draft).count() == len(uploads)
    finding = Finding.objects.get(organisation=org, source="self_assessment")
    assert finding.issue == issue and finding.supplier_id == supplier.pk
    # The buyer sees the answers, and the status board says so.
    page = analyst_client.get(f"/assessments/requests/{req.pk}/").content.decode()
    assert "Answers" in page and "Scores" in page
    assert "Answered and shared" in analyst_client.get("/assessments/").content.decode()
    # Submitted answers no longer change.
    contact.post(link, {first.id: answers[first.id], "action": "save"})
    with pytest.raises(services.AssessmentRefused):
        services.assessment_save(assessment=draft, raw={}, uploads={}, by="x", submit=False)


def test_answer_once_share_with_many_then_withdraw(
    org: Organisation, other_org: Organisation, supplier: Supplier, analyst: Membership
) -> None:
    spec = _spec()
    req = _request(org, supplier, analyst)
    contact = Client()
    link = f"/a/{services.link_token(req)}/"
    contact.get(link)
    contact.post(link, {**best_answers(spec), "action": "submit"})
    supplier.refresh_from_db()
    owner = supplier.account
    assert owner is not None
    # A second buyer has the same supplier in its register, linked to the same organisation.
    rival_analyst = membership_set(email="buyer2@example.org", organisation=other_org, role="analyst")
    theirs = supplier_create(organisation=other_org, actor=None, name="Saigon Stitch", country="VN")
    theirs.account = owner
    theirs.save()
    second = _request(other_org, theirs, rival_analyst, email="hr@stitch.example")
    second_link = f"/a/{services.link_token(second)}/"
    page = contact.get(second_link).content.decode()
    assert "You already submitted this self-assessment" in page
    contact.post(second_link, {"action": "share_earlier"})
    [assessment] = SelfAssessment.objects.filter(owner=owner)  # answered once
    assert services.visible_to_buyer(other_org, assessment.pk) == assessment
    second.refresh_from_db()
    assert second.assessment == assessment and services.status_of(second, TODAY) == "shared"
    # The supplier withdraws the second buyer's access: the answers look missing to it.
    member = membership_set(email="admin@stitch.example", organisation=owner, role="admin")
    supplier_client = Client()
    supplier_client.force_login(member.user)
    share = assessment.shares.get(buyer=other_org)
    assert "Withdraw" in supplier_client.get("/assessments/mine/").content.decode()
    supplier_client.post(f"/assessments/shares/{share.pk}/withdraw/")
    assert services.visible_to_buyer(other_org, assessment.pk) is None
    assert services.visible_to_buyer(org, assessment.pk) == assessment
    assert AuditEvent.objects.filter(
        organisation=other_org, event_type=EventType.ASSESSMENT_WITHDRAWN
    ).exists()
    buyer2 = Client()
    buyer2.force_login(rival_analyst.user)
    assert "appear here once" in buyer2.get(f"/assessments/requests/{second.pk}/").content.decode()


def test_reminders_for_overdue_requests_only(
    org: Organisation, supplier: Supplier, analyst: Membership
) -> None:
    req = _request(org, supplier, analyst)
    mail.outbox.clear()
    assert services.remind_overdue(base_url="http://testserver/", today=TODAY) == 0
    later = req.due_on + timedelta(days=1)
    assert services.remind_overdue(base_url="http://testserver/", today=later) == 1
    assert mail.outbox[0].subject.startswith("Reminder:") and "/a/" in mail.outbox[0].body
    assert services.remind_overdue(base_url="http://testserver/", today=later) == 0  # at most weekly


def test_an_analyst_sends_a_reminder_from_the_request_page(
    org: Organisation, supplier: Supplier, analyst: Membership, viewer: Membership
) -> None:
    req = _request(org, supplier, analyst)
    mail.outbox.clear()
    viewer_client = Client()
    viewer_client.force_login(viewer.user)
    assert viewer_client.post(f"/assessments/requests/{req.pk}/remind/").status_code == 403
    client = Client()
    client.force_login(analyst.user)
    page = client.post(f"/assessments/requests/{req.pk}/remind/", follow=True).content.decode()
    assert "Reminder sent to" in page and "last reminded" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder:")
    assert AuditEvent.objects.filter(
        organisation=org, event_type=EventType.ASSESSMENT_REMINDED, target_id=str(req.pk)
    ).exists()
    services.request_cancel(request=req, actor=analyst.user)
    refused = client.post(f"/assessments/requests/{req.pk}/remind/", follow=True).content.decode()
    assert "cancelled" in refused and len(mail.outbox) == 1


def test_another_buyer_cannot_reach_a_request(other_org: Organisation, org: Organisation, supplier: Supplier,
                                               analyst: Membership) -> None:  # fmt: skip
    req = _request(org, supplier, analyst)
    rival = membership_set(email="rival@example.org", organisation=other_org, role="admin")
    client = Client()
    client.force_login(rival.user)
    assert client.get(f"/assessments/requests/{req.pk}/").status_code == 404
    assert client.post(f"/assessments/requests/{req.pk}/cancel/").status_code == 404
    assert client.post(f"/assessments/requests/{req.pk}/remind/").status_code == 404
    assert "Saigon" not in client.get("/assessments/").content.decode()
    assert Client().get("/a/not-a-token/").status_code == 404
    assert AssessmentRequest.objects.get(pk=req.pk).cancelled_at is None
