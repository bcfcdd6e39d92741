"""Findings, corrective actions, their evidence and the remedy delivered.

The rules (severity, involvement, lifecycle, raising) live in ``findings.domain``;
these tables only store their results. Every table carries ``organisation``: the
buyer that owns the finding. A supplier organisation reaches the actions it owns
through the register supplier it is linked to, never through this column.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruggie.core.human_rights import issues
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.lifecycle import LABELS, Party, Status
from ruggie.findings.domain.raising import SOURCE_LABELS, Source
from ruggie.findings.domain.severity import Severity

ISSUE_CHOICES = [(i.code, i.name) for i in issues()]
STATUS_CHOICES = [(s.value, LABELS[s]) for s in Status]
SEVERITY_CHOICES = [(s.value, s.value.capitalize()) for s in Severity]
SOURCE_CHOICES = [(s.value, SOURCE_LABELS[s]) for s in Source]
INVOLVEMENT_CHOICES = [
    (Involvement.CAUSED.value, _("Caused")),
    (Involvement.CONTRIBUTED.value, _("Contributed to")),
    (Involvement.DIRECTLY_LINKED.value, _("Directly linked")),
]
PARTY_CHOICES = [(Party.BUYER.value, _("Buyer")), (Party.SUPPLIER.value, _("Supplier"))]
DIMENSION = [MinValueValidator(1), MaxValueValidator(4)]


class VerificationMethod(models.TextChoices):
    DESK_REVIEW = "desk_review", _("Desk review of evidence")
    FOLLOW_UP_AUDIT = "follow_up_audit", _("Follow-up audit")


class SiteAudit(models.Model):
    """A social audit of a site, known from its imported results. Kept even when the audit
    found nothing on an issue: that silence is what triangulation compares."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    site = models.ForeignKey(
        "register.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey("register.Supplier", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=200)
    scheme = models.CharField(max_length=100, blank=True)
    audit_type = models.CharField(max_length=100, blank=True)
    audit_date = models.DateField()
    auditor = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-audit_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference", "supplier"], name="unique_site_audit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme or 'Audit'} {self.reference} ({self.audit_date.isoformat()})"


class Finding(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    # PROTECT: a supplier or site with findings cannot vanish with its history.
    supplier = models.ForeignKey("register.Supplier", on_delete=models.PROTECT, related_name="findings")
    site = models.ForeignKey(
        "register.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="The site's (else the supplier's) country."
    )
    issue = models.CharField(max_length=40, choices=ISSUE_CHOICES)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="What was seen, heard or read, and where.")
    severity = models.CharField(max_length=10, choices=SEVERITY_CHOICES)
    severity_rank = models.PositiveSmallIntegerField(default=1, help_text="1 low .. 4 critical, for sorting.")
    scale = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    scope = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    irremediability = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    involvement = models.CharField(
        max_length=20, choices=INVOLVEMENT_CHOICES, default=Involvement.DIRECTLY_LINKED.value
    )
    source = models.CharField(max_length=20, choices=SOURCE_CHOICES)
    source_ref = models.CharField(
        max_length=200, blank=True, help_text="The source's own reference: raising it again updates."
    )
    source_label = models.CharField(max_length=255, blank=True, help_text="e.g. 'SMETA audit 2026-03-14'.")
    details = models.JSONField(
        default=dict, blank=True, help_text="Source-specific facts (clause, scheme...)."
    )
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=Status.OPEN.value)
    found_on = models.DateField(null=True, blank=True)
    internal_note = models.TextField(
        blank=True, help_text="The buyer's own note; never shown to the supplier."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was last resolved.")
    days_to_close = models.PositiveIntegerField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-severity_rank", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="unique_finding_source_ref",
            ),
        ]
        # The board's facet counts (status x severity of the filtered findings) and the
        # manager's open-by-issue table read only indexes: "status, severity, id" after the
        # filtered column makes them covering (id because they COUNT("id"): PostgreSQL needs
        # it in the index for an index-only scan, SQLite has it anyway). The board order
        # ends in id so that neither database sorts, then status so that "status=open" is
        # checked in the index while it is walked. Measured in benchmarks/findings.py.
        indexes = [
            models.Index(fields=["organisation", "status", "severity_rank"]),
            models.Index(fields=["organisation", "status", "severity", "issue", "id"]),
            models.Index(fields=["organisation", "issue", "status", "severity", "id"]),
            models.Index(fields=["organisation", "-severity_rank", "-created_at", "-id", "status"]),
            models.Index(fields=["organisation", "country", "status", "severity", "id"]),
            models.Index(fields=["organisation", "source", "status", "severity", "id"]),
            models.Index(fields=["organisation", "severity", "days_to_close"]),
        ]

    def __str__(self) -> str:
        return f"F-{self.pk}: {self.title}"


class CorrectiveAction(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("what will be done"))
    root_cause = models.TextField(blank=True)
    owner_party = models.CharField(max_length=10, choices=PARTY_CHOICES, default=Party.SUPPLIER.value)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_method = models.CharField(max_length=20, choices=VerificationMethod.choices, blank=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="Last overdue reminder sent.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Overdue actions, counted and listed in due order. Partial, because PostgreSQL
            # cannot use "completed_at IS NULL" in an index's leading column for the order.
            models.Index(
                fields=["organisation", "due_on", "id"],
                condition=models.Q(completed_at__isnull=True),
                name="findings_action_open_due_idx",
            ),
            # "Critical findings with a verified remedy": the EXISTS per finding reads this only.
            models.Index(fields=["finding", "verified_at"]),
        ]

    def __str__(self) -> str:
        return f"A-{self.pk}: {self.description[:60]}"


class Evidence(models.Model):
    """A file or note showing an action was carried out."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    filename = models.CharField(
        max_length=255, blank=True, help_text="As uploaded (the stored name is random)."
    )
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename or self.note[:60]


class RemedyType(models.TextChoices):
    COMPENSATION = "compensation", _("Compensation")
    BACK_PAY = "back_pay", _("Back pay of wages owed")
    FEE_REPAYMENT = "fee_repayment", _("Repayment of recruitment fees")
    REINSTATEMENT = "reinstatement", _("Reinstatement")
    DOCUMENTS_RETURNED = "documents_returned", _("Identity documents returned")
    HEALTH_CARE = "health_care", _("Medical care or rehabilitation")
    SCHOOLING = "schooling", _("Schooling and support for a child")
    APOLOGY = "apology", _("Apology")
    NON_REPETITION = "non_repetition", _("Guarantee of non-repetition")
    OTHER = "other", _("Other")


class Remedy(models.Model):
    """What was delivered to the people harmed, separate from fixing the system."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="remedies")
    remedy_type = models.CharField(max_length=30, choices=RemedyType.choices)
    beneficiaries = models.PositiveIntegerField(help_text="How many people received it.")
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    delivered_on = models.DateField()
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_remedy_type_display()} for {self.beneficiaries}"
