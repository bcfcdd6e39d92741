"""Grievance cases. What a reporter wrote is stored only sealed (``sealed_*`` fields, see
``domain.sealing``); the workflow fields stay readable so deadlines and counts work.

Nothing here records who a reporter is: no user, IP address, user agent or time of day
(days only). Staff actions are audit-logged; a reporter's own actions are not (an audit
row with a timestamp is exactly the trace this mechanism must not leave).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from ruggie.accounts.models import Organisation
from ruggie.grievance.domain.workflow import LABELS, State


def _token() -> str:
    return secrets.token_urlsafe(12)  # 96 bits: links and case references cannot be enumerated


class OrganisationKey(models.Model):
    """The organisation's Curve25519 key pair; the private half only sealed under the case key."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="case_key")
    public = models.BinaryField()
    sealed_private = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Case key of {self.organisation_id}"


class Channel(models.Model):
    """A public way in: the organisation's page, or one site's (link and QR poster)."""

    class Kind(models.TextChoices):
        WEB = "web", "Web page"
        SMS = "sms", "SMS"
        WHATSAPP = "whatsapp", "WhatsApp"
        HOTLINE = "hotline", "Hotline"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="grievance_channels"
    )
    site = models.ForeignKey(
        "register.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.WEB)
    name = models.CharField(max_length=255)
    token = models.CharField(max_length=32, unique=True, default=_token)
    active = models.BooleanField(default=True)
    # The messaging provider's signing secret (a Twilio auth token, or ours for the JSON
    # webhook), sealed under the case key: the signature check needs it in clear.
    sealed_secret = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=32, unique=True, default=_token)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    channel_kind = models.CharField(max_length=16, choices=Channel.Kind.choices, default=Channel.Kind.WEB)
    site = models.ForeignKey(
        "register.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    supplier = models.ForeignKey(
        "register.Supplier", null=True, blank=True, on_delete=models.SET_NULL, db_constraint=False,
        related_name="+",
    )  # fmt: skip
    receipt_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=12, default="en")
    anonymous = models.BooleanField(default=True)
    category = models.CharField(max_length=40, help_text="An issue code of the human rights taxonomy.")
    # Sealed to the organisation's public key: the report, and contact details if given.
    sealed_text = models.BinaryField()
    sealed_contact = models.BinaryField(default=b"", blank=True)
    sealed_phone = models.BinaryField(default=b"", blank=True)
    # Triage, in clear: what deadlines, boards and the effectiveness page need.
    severity = models.CharField(max_length=16, blank=True)
    urgent = models.BooleanField(default=False)
    reporter_gender = models.CharField(max_length=16, blank=True)
    state = models.CharField(
        max_length=20, choices=[(s.value, LABELS[s]) for s in State], default=State.RECEIVED
    )
    state_since = models.DateField()
    received_on = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    first_response_on = models.DateField(null=True, blank=True)  # remedy proposed or reasoned closure
    closed_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflict_of_interest = models.TextField(
        blank=True,
        help_text="Why someone must not handle this case (e.g. the complaint is about their company).",
    )
    appealed = models.BooleanField(default=False)
    # Remedy as recorded by the company, and as confirmed by the reporter.
    remedy_type = models.CharField(max_length=40, blank=True)
    remedy_to_whom = models.CharField(max_length=255, blank=True)
    remedy_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    remedy_currency = models.CharField(max_length=3, blank=True)
    remedy_verified_by = models.CharField(max_length=255, blank=True)
    remedy_received = models.BooleanField(null=True, blank=True)
    reporter_satisfied = models.BooleanField(null=True, blank=True)
    reporter_saw_outcome = models.BooleanField(default=False)
    finding = models.ForeignKey(
        "findings.Finding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "state", "received_on"])]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    @property
    def state_label(self) -> str:
        return LABELS[State(self.state)]


class CaseMessage(models.Model):
    class Author(models.TextChoices):
        REPORTER = "reporter", "Reporter"
        HANDLER = "handler", "Handler"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    sealed_body = models.BinaryField()
    asks_reporter = models.BooleanField(default=False, help_text="A question waiting for the reporter.")
    sent_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Message on case {self.case_id}"


class CaseAttachment(models.Model):
    """A cleaned file (no EXIF, no author), sealed like the text; kept in the database."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(CaseMessage, null=True, blank=True, on_delete=models.CASCADE)
    content_type = models.CharField(max_length=120)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sealed_data = models.BinaryField()
    sealed_name = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return f"File {self.pk} of case {self.case_id}"


class ReceiptFailure(models.Model):
    """One wrong receipt typed on a channel's page: counted to lock guessing out. Nothing
    about who typed it is kept."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Wrong receipt on channel {self.channel_id}"
