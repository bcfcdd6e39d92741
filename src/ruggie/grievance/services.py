"""Grievance cases: reporting, the reporter's return by receipt, and handling to remedy.

Two kinds of caller. The **reporter** reaches these functions through a channel's public
page (or a messaging webhook) and is never identified: what they write is sealed to the
organisation's public key at once, the case keeps days not times, and no audit event is
written for their actions. **Staff** (grievance handlers and admins) act through the
handler pages: every read of a case and every change is audit-logged, with the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggie.accounts.models import Membership, Organisation, Role
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import RefusedWithProblems, UserFacingError
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.services import finding_raise
from ruggie.grievance.domain import messaging
from ruggie.grievance.domain import receipt as receipts
from ruggie.grievance.domain.attachments import AttachmentRefused, clean
from ruggie.grievance.domain.sealing import seal, seal_text, unseal, unseal_text
from ruggie.grievance.domain.workflow import MoveRefused, State, move
from ruggie.grievance.keys import keyring, organisation_keys
from ruggie.grievance.models import Case, CaseAttachment, CaseMessage, Channel, ReceiptFailure
from ruggie.grievance.page_words import categories

MAX_TEXT = 20_000
MAX_FILES = 5
LOCK_AFTER = 20  # wrong receipts on one channel within LOCK_WINDOW lock it for the window
LOCK_WINDOW = timedelta(minutes=15)
GENDERS = ("woman", "man", "other")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class ReportRefused(RefusedWithProblems):
    pass


class CaseRefused(UserFacingError):
    pass


class Locked(UserFacingError):
    pass


def _today() -> date:
    return timezone.localdate()


# --- the reporter ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    kind: str  # a word key of grievance-page.yaml's categories
    text: str
    language: str = "en"
    contact: str = ""  # empty: anonymous
    gender: str = ""
    files: tuple[tuple[str, bytes], ...] = ()  # (name, content)


@transaction.atomic
def report_submit(*, channel: Channel, report: Report) -> tuple[Case, str]:
    """Open a case; returns it and the receipt, which is never stored and never shown again."""
    kinds = categories()
    problems = []
    if report.kind not in kinds:
        problems.append(Problem("kind", "needed"))
    if not report.text.strip():
        problems.append(Problem("text", "needed"))
    if len(report.text) > MAX_TEXT:
        problems.append(Problem("text", f"Shorter, please: at most {MAX_TEXT:,} characters."))
    if len(report.files) > MAX_FILES:
        problems.append(Problem("files", f"At most {MAX_FILES} files."))
    cleaned: list[tuple[str, bytes, str, str]] = []
    for name, data in report.files[:MAX_FILES]:
        try:
            body, content_type, extension = clean(data, name)
        except AttachmentRefused as exc:
            problems.append(Problem("files", exc.message))
        else:
            cleaned.append((name, body, content_type, extension))
    if problems:
        raise ReportRefused("Some fields need a look.", problems)
    keys = organisation_keys(channel.organisation)
    case, code = _open_case(
        channel,
        keys.public,
        text=report.text.strip(),
        language=report.language,
        anonymous=not report.contact.strip(),
        category=kinds[report.kind],
        sealed_contact=seal_text(keys.public, report.contact.strip()),
        reporter_gender=report.gender if report.gender in GENDERS else "",
    )
    for name, body, content_type, extension in cleaned:
        CaseAttachment.objects.create(
            case=case,
            content_type=content_type,
            extension=extension,
            size=len(body),
            sealed_data=seal(keys.public, body),
            sealed_name=seal_text(keys.public, name[:255]),
        )
    return case, code


def _open_case(
    channel: Channel, public: bytes, *, text: str, language: str, **fields: Any
) -> tuple[Case, str]:
    """A new case on this channel with a fresh receipt: the one way a case is opened, by web
    page or by phone. Returns the case and the receipt (stored only as its keyed hash)."""
    code = receipts.new_receipt()
    today = _today()
    case = Case.objects.create(
        organisation=channel.organisation,
        channel=channel,
        channel_kind=channel.kind,
        site_id=channel.site_id,
        supplier_id=_supplier_of(channel),
        receipt_digest=_receipt_digest(code),
        language=language[:12],
        sealed_text=seal_text(public, text[:MAX_TEXT]),
        state=State.RECEIVED,
        state_since=today,
        received_on=today,
        **fields,
    )
    return case, code


def _receipt_digest(code: str) -> str:
    return receipts.digest(code, keyring().receipt_key)


def _case_by_receipt(organisation: Organisation, code: str) -> Case | None:
    return Case.objects.filter(organisation=organisation, receipt_digest=_receipt_digest(code)).first()


def _supplier_of(channel: Channel) -> int | None:
    if channel.site_id is None:
        return None
    from ruggie.register.models import Site

    return Site.objects.filter(pk=channel.site_id).values_list("supplier_id", flat=True).first()


def receipt_open(*, channel: Channel, typed: str) -> Case | None:
    """The case this receipt opens on this channel's organisation, or None. Wrong codes are
    counted per channel; past LOCK_AFTER in LOCK_WINDOW, every try is refused (Locked)."""
    since = timezone.now() - LOCK_WINDOW
    if ReceiptFailure.objects.filter(channel=channel, at__gte=since).count() >= LOCK_AFTER:
        raise Locked("locked")
    code = receipts.canonical(typed)
    case = _case_by_receipt(channel.organisation, code) if code is not None else None
    if case is None:
        ReceiptFailure.objects.create(channel=channel)
    return case


@dataclass(frozen=True)
class MessageView:
    author: str
    body: str
    sent_on: date
    asks_reporter: bool


@dataclass(frozen=True)
class CaseView:
    """A case opened in memory: what the reporter wrote and the conversation."""

    case: Case
    text: str
    contact: str
    messages: list[MessageView]
    attachments: list[tuple[int, str, str, int]]  # id, name, content type, size


def _open(case: Case) -> CaseView:
    private = keyring().private_key(organisation_keys(case.organisation))
    return CaseView(
        case=case,
        text=unseal_text(private, bytes(case.sealed_text)),
        contact=unseal_text(private, bytes(case.sealed_contact)),
        messages=[
            MessageView(m.author, unseal_text(private, bytes(m.sealed_body)), m.sent_on, m.asks_reporter)
            for m in case.messages.all()
        ],
        attachments=[
            (a.pk, unseal_text(private, bytes(a.sealed_name)), a.content_type, a.size)
            for a in case.attachments.all()
        ],
    )


def reporter_view(case: Case) -> CaseView:
    """The reporter's own case, opened with their receipt. Marks the outcome as seen."""
    if case.state == State.CLOSED and not case.reporter_saw_outcome:
        Case.objects.filter(pk=case.pk).update(reporter_saw_outcome=True)
        case.reporter_saw_outcome = True
    return _open(case)


@transaction.atomic
def reporter_reply(*, case: Case, text: str) -> None:
    if not text.strip():
        raise CaseRefused("needed")
    keys = organisation_keys(case.organisation)
    CaseMessage.objects.create(
        case=case,
        author=CaseMessage.Author.REPORTER,
        sealed_body=seal_text(keys.public, text.strip()[:MAX_TEXT]),
        sent_on=_today(),
    )
    CaseMessage.objects.filter(case=case, asks_reporter=True).update(asks_reporter=False)


@transaction.atomic
def reporter_feedback(*, case: Case, remedy_received: bool | None, satisfied: bool | None) -> None:
    """The reporter says whether the remedy arrived and whether they are satisfied: remedy
    that the worker confirms, kept with the case."""
    if remedy_received is not None:
        case.remedy_received = remedy_received
    if satisfied is not None:
        case.reporter_satisfied = satisfied
    case.save(update_fields=["remedy_received", "reporter_satisfied"])


@transaction.atomic
def reporter_appeal(*, case: Case, reason: str) -> None:
    if case.state != State.CLOSED:
        raise CaseRefused("An appeal is possible once the case is closed.")
    _move(case, State.APPEALED, reason)
    case.appealed = True
    case.save()
    reporter_reply(case=case, text=reason)


# --- staff ------------------------------------------------------------------------------------


def can_handle(membership: Membership) -> bool:
    return membership.role in (Role.ADMIN, Role.HANDLER)


def staff_view(*, case: Case, actor: Any) -> CaseView:
    """Open a case for a handler or admin; the read itself is audit-logged."""
    record(organisation=case.organisation, actor=actor, event_type=EventType.CASE_READ, target=case)
    return _open(case)


def attachment_data(*, case: Case, attachment_id: int, actor: Any) -> tuple[bytes, str, str]:
    found = case.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise CaseRefused("No such file.")
    private = keyring().private_key(organisation_keys(case.organisation))
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_READ,
        target=case,
        changes={"file": attachment_id},
    )
    return unseal(private, bytes(found.sealed_data)), found.content_type, found.extension


def _move(case: Case, to: State, reason: str) -> None:
    old = State(case.state)
    case.state = move(old, to, reason)
    today = _today()
    case.state_since = today
    if to == State.ACKNOWLEDGED and case.acknowledged_on is None:
        case.acknowledged_on = today
    if to in (State.REMEDY_PROPOSED, State.CLOSED) and case.first_response_on is None:
        case.first_response_on = today
    if to == State.CLOSED:
        case.closed_on = today
        case.reporter_saw_outcome = False
        case.outcome_reason = reason.strip() or case.outcome_reason
    if to in (State.INVESTIGATING, State.APPEALED):
        case.closed_on = None


@transaction.atomic
def case_move(*, case: Case, actor: Any, to: str, reason: str = "", tell_reporter: bool = True) -> Case:
    try:
        target = State(to)
    except ValueError:
        raise CaseRefused("Pick a stage of the case.") from None
    old = case.state
    try:
        _move(case, target, reason)
    except MoveRefused as exc:
        raise CaseRefused(exc.message) from None
    case.save()
    if reason.strip() and tell_reporter:
        _handler_message(case, reason.strip(), asks=False)
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_MOVED,
        target=case,
        changes={"state": [old, case.state], "reason": reason.strip()},
    )
    # A remedy proposed means the complaint was found to have substance: it becomes a finding
    # on the site (and so raises the issue's likelihood there), without the reporter's words.
    substantiated = target == State.REMEDY_PROPOSED and case.category != "other"
    if substantiated and case.site_id is not None and case.finding_id is None:
        _raise_finding(case, actor)
    return case


def _handler_message(case: Case, text: str, *, asks: bool) -> None:
    keys = organisation_keys(case.organisation)
    CaseMessage.objects.create(
        case=case,
        author=CaseMessage.Author.HANDLER,
        sealed_body=seal_text(keys.public, text[:MAX_TEXT]),
        asks_reporter=asks,
        sent_on=_today(),
    )


@transaction.atomic
def case_message(*, case: Case, actor: Any, text: str, asks: bool = False) -> None:
    """Write to the reporter through their receipt (a question when ``asks``)."""
    if not text.strip():
        raise CaseRefused("Write the message.")
    _handler_message(case, text.strip(), asks=asks)
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_MESSAGE_SENT,
        target=case,
        changes={"question": asks},
    )


@transaction.atomic
def case_triage(
    *,
    case: Case,
    actor: Any,
    category: str,
    severity: str,
    urgent: bool,
    site_id: int | None = None,
) -> Case:
    if category not in set(categories().values()):
        raise CaseRefused("Pick a category.")
    if severity and severity not in {s.value for s in Severity}:
        raise CaseRefused("Pick a severity: low, medium, high or critical.")
    before = {
        "category": case.category,
        "severity": case.severity,
        "urgent": case.urgent,
        "site": case.site_id,
    }
    if site_id is not None:
        from ruggie.register.models import Site

        site = Site.objects.filter(organisation=case.organisation, pk=site_id).first()
        if site is None:
            raise CaseRefused("That site is not in your register.")
        case.site_id, case.supplier_id = site.pk, site.supplier_id
    case.category, case.severity, case.urgent = category, severity, urgent
    case.save()
    after = {
        "category": case.category,
        "severity": case.severity,
        "urgent": case.urgent,
        "site": case.site_id,
    }
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_TRIAGED,
        target=case,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return case


@transaction.atomic
def case_assign(*, case: Case, actor: Any, handler: Membership) -> Case:
    """Give the case to a handler of the same organisation, never to someone named in its
    conflict of interest (a supplier never handles a complaint against itself)."""
    if handler.organisation_id != case.organisation_id or not can_handle(handler):
        raise CaseRefused("Only grievance handlers and admins of this organisation can handle cases.")
    if case.conflict_of_interest and handler.user.get_username().lower() in case.conflict_of_interest.lower():
        raise CaseRefused("This person is named in the case's conflict of interest.")
    if _works_for_the_supplier(case, handler):
        raise CaseRefused(
            "This person belongs to the supplier the case is about: a supplier never handles a "
            "complaint against itself."
        )
    old = case.handler_id
    case.handler = handler.user
    case.save(update_fields=["handler"])
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_ASSIGNED,
        target=case,
        changes={"handler": [old, handler.user_id]},
    )
    return case


def _works_for_the_supplier(case: Case, handler: Membership) -> bool:
    """A member of the case's supplier's own organisation (linked in the register)."""
    if case.supplier_id is None:
        return False
    from ruggie.register.models import Supplier

    account = Supplier.objects.filter(pk=case.supplier_id).values_list("account_id", flat=True).first()
    return (
        account is not None
        and Membership.objects.filter(organisation_id=account, user_id=handler.user_id).exists()
    )


@transaction.atomic
def case_conflict(*, case: Case, actor: Any, note: str) -> Case:
    """Record who must not handle the case; if the current handler is named, they lose it."""
    case.conflict_of_interest = note.strip()
    if case.handler is not None and case.handler.get_username().lower() in note.lower():
        case.handler = None
    case.save(update_fields=["conflict_of_interest", "handler"])
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_TRIAGED,
        target=case,
        changes={"conflict_of_interest": note.strip()},
    )
    return case


@transaction.atomic
def remedy_record(
    *,
    case: Case,
    actor: Any,
    kind: str,
    to_whom: str,
    value: Any = None,
    currency: str = "",
    verified_by: str = "",
) -> Case:
    if not kind.strip() or not to_whom.strip():
        raise CaseRefused("Say what the remedy is and to whom it goes.")
    case.remedy_type, case.remedy_to_whom = kind.strip()[:40], to_whom.strip()[:255]
    case.remedy_value, case.remedy_currency = value, currency.strip().upper()[:3]
    case.remedy_verified_by = verified_by.strip()[:255]
    case.save()
    record(
        organisation=case.organisation,
        actor=actor,
        event_type=EventType.CASE_REMEDY_RECORDED,
        target=case,
        changes={
            "type": case.remedy_type,
            "to": case.remedy_to_whom,
            "value": str(value or ""),
            "currency": case.remedy_currency,
            "verified_by": case.remedy_verified_by,
        },
    )
    return case


def _raise_finding(case: Case, actor: Any) -> None:
    """A substantiated case about a site becomes a finding there (the issue, not the words)."""
    severity = Severity(case.severity) if case.severity else Severity.MEDIUM
    draft = FindingDraft(
        issue=case.category,
        title=f"Grievance {case.reference}: {case.category.replace('_', ' ')}",
        source=Source.GRIEVANCE,
        severity=severity,
        site_id=case.site_id,
        supplier_id=case.supplier_id,
        source_ref=f"case:{case.reference}",
        source_label="Grievance mechanism",
        description="Raised from a grievance case (its content stays in the case, sealed).",
        found_on=case.received_on,
    )
    finding, _ = finding_raise(organisation=case.organisation, actor=actor, draft=draft)
    case.finding = finding
    Case.objects.filter(pk=case.pk).update(finding=finding)


# --- retention --------------------------------------------------------------------------------


@transaction.atomic
def purge_closed(
    *, organisation: Organisation | None = None, older_than_days: int, today: date | None = None
) -> int:
    """Delete cases closed more than ``older_than_days`` ago, with their messages and files
    (the findings they raised stay; they hold no reporter content)."""
    cutoff = (today or _today()) - timedelta(days=older_than_days)
    qs = Case.objects.filter(state=State.CLOSED, closed_on__lt=cutoff)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    count = 0
    for case in qs.select_related("organisation"):
        record(
            organisation=case.organisation,
            actor=None,
            event_type=EventType.CASE_PURGED,
            target=case,
            changes={
                "closed_on": case.closed_on.isoformat() if case.closed_on else "",
                "days": older_than_days,
            },
        )
        case.delete()
        count += 1
    return count


# --- messaging channels -----------------------------------------------------------------------


def channel_secret_set(*, channel: Channel, actor: Any, secret: str) -> None:
    """The provider's signing secret (e.g. the Twilio auth token), sealed under the case key."""
    channel.sealed_secret = keyring().seal_secret(secret.strip()) if secret.strip() else b""
    channel.save(update_fields=["sealed_secret"])
    record(
        organisation=channel.organisation,
        actor=actor,
        event_type=EventType.CHANNEL_CREATED,
        target=channel,
        changes={"secret": "changed" if secret.strip() else "removed"},
    )


def channel_secret(channel: Channel) -> str:
    return keyring().open_secret(bytes(channel.sealed_secret)) if channel.sealed_secret else ""


@dataclass(frozen=True)
class Inbound:
    case: Case
    new: bool
    receipt: str  # a new case's receipt ("" when a message continued a case)


@transaction.atomic
def message_inbound(
    *, channel: Channel, number: str, text: str, consent: bool, language: str = "en"
) -> Inbound:
    """A message from a phone: it continues the open case this number agreed to be known
    by, or the case whose receipt it quotes, else it opens a case (category to triage).
    The number is kept, sealed and as a keyed hash, only when ``consent``."""
    text = text.strip()
    if not text:
        raise CaseRefused("The message is empty.")
    digest = messaging.number_digest(number, keyring().phone_key) if number.strip() else ""
    case = None
    if digest:
        case = (
            Case.objects.filter(organisation=channel.organisation, phone_digest=digest)
            .exclude(state=State.CLOSED)
            .order_by("-pk")
            .first()
        )
    if case is None:
        code = receipts.canonical(text.split()[0]) if text.split() else None
        if code is not None:
            case = _case_by_receipt(channel.organisation, code)
            text = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
    if case is not None:
        if text:
            reporter_reply(case=case, text=text)
        return Inbound(case=case, new=False, receipt="")
    keys = organisation_keys(channel.organisation)
    case, code = _open_case(
        channel,
        keys.public,
        text=text,
        language=language,
        anonymous=not consent,
        category="other",
        phone_digest=digest if consent else "",
        sealed_phone=seal_text(keys.public, messaging.normalise_number(number))
        if consent and number
        else b"",
    )
    return Inbound(case=case, new=True, receipt=code)
