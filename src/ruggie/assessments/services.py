"""Self-assessments: a buyer requests one, the supplier answers once (drafts, evidence,
submission) and shares it with each buyer it chooses; shared answers raise findings in
the buyer's register.

The link a supplier's contact receives is signed (``django.core.signing``) with the
request's id: it needs no account, cannot be guessed or altered, and stops working when
the buyer cancels the request. The first time a link is used for a supplier that has no
organisation in ruggie yet, one is created for it and linked to the buyer's register entry,
so the answers belong to the supplier from the start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ruggie.accounts.models import Organisation
from ruggie.assessments.models import (
    AssessmentFile,
    AssessmentRequest,
    AssessmentShare,
    AssessmentStatus,
    SelfAssessment,
)
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import RefusedWithProblems, UserFacingError
from ruggie.findings.domain.evidence import sniff
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.services import finding_raise
from ruggie.questionnaires.domain.answers import Problem, check
from ruggie.questionnaires.domain.format import QuestionType
from ruggie.questionnaires.domain.scoring import localise, rule_ref, score_response
from ruggie.questionnaires.services import spec_of, version_for
from ruggie.register.models import Supplier
from ruggie.register.services import supplier_link_account

SAQ = "supplier_self_assessment"
SALT = "ruggie.assessment-link"
REMIND_EVERY = timedelta(days=7)
MAX_FILE = 10 * 1024 * 1024


class AssessmentRefused(RefusedWithProblems):
    pass


# --- the buyer's request ------------------------------------------------------------------


def link_token(request: AssessmentRequest) -> str:
    return signing.dumps(request.pk, salt=SALT)


def request_from_token(token: str) -> AssessmentRequest | None:
    """The request a link names, or None (altered, unknown or cancelled)."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        AssessmentRequest.objects.filter(pk=pk, cancelled_at__isnull=True)
        .select_related("organisation", "supplier", "questionnaire", "assessment")
        .first()
    )


@transaction.atomic
def request_create(
    *,
    organisation: Organisation,
    actor: Any,
    supplier: Supplier,
    contact_email: str,
    due_on: date,
    base_url: str,
    today: date | None = None,
) -> AssessmentRequest:
    if supplier.organisation_id != organisation.pk:
        raise AssessmentRefused("That supplier is not in your register.")
    try:
        validate_email(contact_email)
    except Exception:  # noqa: BLE001 - Django's ValidationError; the message is ours
        raise AssessmentRefused(f"'{contact_email}' is not an e-mail address.") from None
    if due_on < (today or timezone.localdate()):
        raise AssessmentRefused("The due date is in the past: give the supplier time to answer.")
    request = AssessmentRequest.objects.create(
        organisation=organisation,
        supplier=supplier,
        questionnaire=version_for(SAQ),
        contact_email=contact_email,
        due_on=due_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.ASSESSMENT_REQUESTED,
        target=request,
        changes={"supplier": supplier.pk, "contact": contact_email, "due_on": due_on.isoformat()},
    )
    _mail(request, base_url, reminder=False)
    return request


def _mail(request: AssessmentRequest, base_url: str, *, reminder: bool) -> None:
    link = f"{base_url.rstrip('/')}/a/{link_token(request)}/"
    first = "Reminder: " if reminder else ""
    send_mail(
        subject=f"{first}{request.organisation.name}: your self-assessment, due {request.due_on:%d %B %Y}",
        message=(
            f"{request.organisation.name} asks {request.supplier.name} to answer a human rights "
            f"self-assessment by {request.due_on:%d %B %Y}.\n\nOpen it here (no account needed; you can "
            f"save and come back): {link}\n\nIf you already answered it for another customer, you can "
            "share those answers instead of answering again.\n"
        ),
        from_email=None,
        recipient_list=[request.contact_email],
    )


@transaction.atomic
def request_cancel(*, request: AssessmentRequest, actor: Any) -> None:
    request.cancelled_at = timezone.now()
    request.save(update_fields=["cancelled_at"])
    record(
        organisation=request.organisation,
        actor=actor,
        event_type=EventType.ASSESSMENT_CANCELLED,
        target=request,
    )


def status_of(request: AssessmentRequest, today: date) -> str:
    a = request.assessment
    if request.cancelled_at:
        return "cancelled"
    if a is not None and a.status == AssessmentStatus.SUBMITTED and _shared(a, request.organisation):
        return "shared"
    if a is not None and a.answers:
        return "overdue" if request.due_on < today else "in_progress"
    return "overdue" if request.due_on < today else "not_started"


@transaction.atomic
def request_remind(*, request: AssessmentRequest, actor: Any, base_url: str) -> None:
    """E-mail the contact the link again, now (an analyst's click, or the daily run)."""
    if request.cancelled_at:
        raise AssessmentRefused("This request is cancelled: its link no longer works.")
    _mail(request, base_url, reminder=True)
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    record(
        organisation=request.organisation,
        actor=actor,
        event_type=EventType.ASSESSMENT_REMINDED,
        target=request,
        changes={"contact": request.contact_email},
    )


def remind_overdue(*, base_url: str, today: date | None = None) -> int:
    """E-mail the contacts of overdue requests not yet answered (at most weekly)."""
    day = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    for request in AssessmentRequest.objects.filter(cancelled_at__isnull=True, due_on__lt=day).select_related(
        "organisation", "supplier", "assessment"
    ):
        if status_of(request, day) != "overdue":
            continue
        if request.reminded_at and now - request.reminded_at < REMIND_EVERY:
            continue
        request_remind(request=request, actor=None, base_url=base_url)
        sent += 1
    return sent


# --- the supplier's side ------------------------------------------------------------------


@transaction.atomic
def owner_for(request: AssessmentRequest) -> Organisation:
    """The supplier's own organisation, created and linked on first use of a link."""
    supplier = request.supplier
    if supplier.account is not None:
        return supplier.account
    base = slugify(supplier.name)[:50] or "supplier"
    owner = Organisation.objects.create(
        slug=f"{base}-{uuid4().hex[:6]}", name=supplier.name[:255], kind="supplier"
    )
    supplier_link_account(supplier=supplier, actor=None, account=owner)
    return owner


def earlier_submitted(owner: Organisation, request: AssessmentRequest) -> SelfAssessment | None:
    """A submitted assessment of the same questionnaire the supplier could share instead."""
    return (
        SelfAssessment.objects.filter(
            owner=owner, status=AssessmentStatus.SUBMITTED, questionnaire__code=request.questionnaire.code
        )
        .order_by("-submitted_at")
        .first()
    )


def current_for(request: AssessmentRequest) -> SelfAssessment | None:
    """The assessment this request is answered with, or the supplier's draft of it."""
    if request.assessment is not None:
        return request.assessment
    return SelfAssessment.objects.filter(
        owner=owner_for(request), status=AssessmentStatus.DRAFT, questionnaire=request.questionnaire
    ).first()


@transaction.atomic
def draft_for(request: AssessmentRequest) -> SelfAssessment:
    """The assessment to write answers into: created when the supplier first saves."""
    draft = current_for(request) or SelfAssessment.objects.create(
        owner=owner_for(request), questionnaire=request.questionnaire
    )
    if request.assessment_id != draft.pk:
        request.assessment = draft
        request.save(update_fields=["assessment"])
    return draft


@transaction.atomic
def assessment_save(
    *,
    assessment: SelfAssessment,
    raw: Mapping[str, Sequence[str]],
    uploads: Mapping[str, Any],
    by: str,
    submit: bool,
) -> list[Problem]:
    """Keep the valid answers (a draft may be incomplete); on submit, every shown required
    question must be answered. Returns the problems; nothing is submitted while any remain."""
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise AssessmentRefused("These answers are submitted and can no longer change.")
    spec = spec_of(assessment.questionnaire)
    answers: dict[str, Any] = dict(assessment.answers)
    for q in spec.all_questions():
        if q.type == QuestionType.FILE:
            upload = uploads.get(q.id)
            if upload is not None:
                answers[q.id] = _store_file(assessment, q.id, upload)
            continue
        given = [v for v in raw.get(q.id, ()) if v.strip()]
        if q.id in raw or given:
            answers[q.id] = given if q.type == QuestionType.MULTIPLE else (given[0] if given else None)
    kept, problems = check(spec, {k: v for k, v in answers.items() if v not in (None, "", [])}, final=submit)
    # A draft keeps what is sound, and also what needs fixing, so nothing typed is lost.
    assessment.answers = {**{k: v for k, v in answers.items() if v not in (None, "", [])}, **kept}
    if submit and not problems:
        result = score_response(spec, kept)
        assessment.answers = kept
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.indices = {code: d.index for code, d in result.dimensions.items()}
        assessment.raised = sorted({r.ref for r in result.raised})
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by[:255]
    assessment.save()
    submitted = assessment.status == AssessmentStatus.SUBMITTED
    record(
        organisation=assessment.owner,
        actor=None,
        event_type=EventType.ASSESSMENT_SUBMITTED if submitted else EventType.ASSESSMENT_SAVED,
        target=assessment,
        changes={"by": by, "answers": len(assessment.answers)},
    )
    return problems


def _store_file(assessment: SelfAssessment, question: str, upload: Any) -> str:
    if upload.size and upload.size > MAX_FILE:
        raise AssessmentRefused(f"{upload.name}: larger than 10 MB. Send a smaller file or a summary.")
    data = upload.read()
    try:
        content_type, extension = sniff(data)
    except UserFacingError as exc:
        raise AssessmentRefused(f"{upload.name}: {exc.message}") from None
    stored = AssessmentFile(
        assessment=assessment,
        question=question,
        content_type=content_type,
        size=len(data),
        filename=os.path.basename(str(upload.name or "evidence"))[:255],
    )
    stored.file.save(f"{uuid4().hex}{extension}", ContentFile(data), save=False)
    stored.save()
    return f"file:{stored.pk}"


def _shared(assessment: SelfAssessment, buyer: Organisation) -> bool:
    return assessment.shares.filter(buyer=buyer, withdrawn_at__isnull=True).exists()


@transaction.atomic
def share_grant(*, assessment: SelfAssessment, buyer: Organisation, by: str) -> AssessmentShare:
    """Let a buyer see submitted answers; its findings are raised in the buyer's register."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise AssessmentRefused("Submit the answers before sharing them.")
    share = assessment.shares.filter(buyer=buyer, withdrawn_at__isnull=True).first()
    if share is None:
        share = AssessmentShare.objects.create(assessment=assessment, buyer=buyer, granted_by=by[:255])
        for org in (assessment.owner, buyer):
            record(
                organisation=org,
                actor=None,
                event_type=EventType.ASSESSMENT_SHARED,
                target=assessment,
                changes={"buyer": buyer.slug, "by": by},
            )
    AssessmentRequest.objects.filter(
        organisation=buyer,
        supplier__account=assessment.owner,
        questionnaire__code=assessment.questionnaire.code,
        cancelled_at__isnull=True,
    ).update(assessment=assessment)
    raise_findings(assessment=assessment, buyer=buyer)
    return share


@transaction.atomic
def share_withdraw(*, share: AssessmentShare, by: str) -> None:
    """The buyer no longer sees the answers; findings already raised stay in its register."""
    share.withdrawn_at = timezone.now()
    share.save(update_fields=["withdrawn_at"])
    for org in (share.assessment.owner, share.buyer):
        record(
            organisation=org,
            actor=None,
            event_type=EventType.ASSESSMENT_WITHDRAWN,
            target=share.assessment,
            changes={"buyer": share.buyer.slug, "by": by},
        )


def raise_findings(*, assessment: SelfAssessment, buyer: Organisation) -> list[tuple[str, str]]:
    """Each rule the answers raised becomes a finding on the buyer's register supplier."""
    spec = spec_of(assessment.questionnaire)
    rules = {rule_ref(q.id, r): r for q in spec.all_questions() for r in q.rules}
    suppliers = list(Supplier.objects.filter(organisation=buyer, account=assessment.owner))
    done = []
    for supplier in suppliers:
        for ref in assessment.raised:
            rule = rules.get(ref)
            if rule is None:
                continue
            draft = FindingDraft(
                issue=rule.issue,
                title=localise(rule.title, spec.source_language)[:255],
                source=Source.SELF_ASSESSMENT,
                severity=Severity(rule.severity.value),
                supplier_id=supplier.pk,
                source_ref=f"saq:{assessment.pk}:{ref}",
                source_label=f"Self-assessment, submitted {assessment.submitted_at:%d %b %Y}",
                description=f"The supplier's own answer to question {ref.split(':')[0]}.",
                details={"indicator": rule.indicator} if rule.indicator else {},
            )
            finding, action = finding_raise(organisation=buyer, actor=None, draft=draft)
            done.append((finding.title, action))
    return done


def visible_to_buyer(buyer: Organisation, pk: int) -> SelfAssessment | None:
    """A submitted assessment the supplier shares with this buyer, else None (looks missing)."""
    return (
        SelfAssessment.objects.filter(pk=pk, shares__buyer=buyer, shares__withdrawn_at__isnull=True)
        .select_related("questionnaire", "owner")
        .first()
    )
