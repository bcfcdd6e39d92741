"""Who changed what, and when: one row per change, written in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventType(models.IntegerChoices):
    """Event numbers are never reused: a retired type keeps its number forever."""

    ORGANISATION_CREATED = 100, "organisation created"
    MEMBERSHIP_CREATED = 110, "member added"
    MEMBERSHIP_CHANGED = 111, "member role changed"
    API_TOKEN_CREATED = 120, "API token created"
    API_TOKEN_REVOKED = 121, "API token revoked"
    SUPPLIER_CREATED = 200, "supplier created"
    SUPPLIER_UPDATED = 201, "supplier updated"
    SUPPLIER_DELETED = 202, "supplier deleted"
    SUPPLIER_MERGED = 203, "suppliers merged"
    SITE_CREATED = 210, "site created"
    SITE_UPDATED = 211, "site updated"
    SITE_DELETED = 212, "site deleted"
    RELATIONSHIP_CREATED = 220, "relationship created"
    RELATIONSHIP_UPDATED = 221, "relationship updated"
    RELATIONSHIP_DELETED = 222, "relationship deleted"
    COMMODITY_CREATED = 230, "commodity added"
    COMMODITY_UPDATED = 231, "commodity updated"
    IMPORT_COMMITTED = 300, "import committed"
    EXPORT_DOWNLOADED = 310, "register exported"
    FINDING_RAISED = 400, "finding raised"
    FINDING_UPDATED = 401, "finding updated"
    FINDING_STATUS_CHANGED = 402, "finding status changed"
    ACTION_CREATED = 410, "corrective action added"
    ACTION_UPDATED = 411, "corrective action updated"
    ACTION_COMPLETED = 412, "corrective action completed"
    ACTION_VERIFIED = 413, "corrective action verified"
    EVIDENCE_ADDED = 414, "evidence added"
    ACTION_REMINDED = 415, "overdue reminder sent"
    REMEDY_RECORDED = 420, "remedy recorded"
    AUDIT_IMPORTED = 430, "audit results imported"
    RISK_SCORED = 500, "risk scores computed"
    METHODOLOGY_ADJUSTED = 501, "risk methodology adjusted"
    SALIENCE_JUDGED = 510, "salience rating overridden"
    SALIENCE_JUDGEMENT_WITHDRAWN = 511, "salience override withdrawn"
    REFERENCE_LOADED = 520, "reference data edition loaded"
    SCREENING_RUN = 530, "suppliers screened"
    SCREENING_HIT_CONFIRMED = 531, "screening hit confirmed"
    SCREENING_HIT_DISMISSED = 532, "screening hit dismissed"
    SURVEY_ROUND_CREATED = 600, "worker survey round opened"
    SURVEY_ROUND_CHANGED = 601, "worker survey round changed"
    SURVEY_FINDINGS_RAISED = 602, "findings raised from a worker survey"
    ASSESSMENT_REQUESTED = 610, "self-assessment requested"
    ASSESSMENT_SAVED = 611, "self-assessment answers saved"
    ASSESSMENT_SUBMITTED = 612, "self-assessment submitted"
    ASSESSMENT_SHARED = 613, "self-assessment shared with a buyer"
    ASSESSMENT_WITHDRAWN = 614, "self-assessment sharing withdrawn"
    ASSESSMENT_REMINDED = 615, "self-assessment reminder sent"
    ASSESSMENT_CANCELLED = 616, "self-assessment request cancelled"
    CASE_READ = 700, "grievance case read"
    CASE_MOVED = 701, "grievance case moved"
    CASE_MESSAGE_SENT = 702, "message sent to a reporter"
    CASE_TRIAGED = 703, "grievance case triaged"
    CASE_ASSIGNED = 704, "grievance case assigned"
    CASE_REMEDY_RECORDED = 705, "remedy recorded for a grievance case"
    CASE_PURGED = 706, "closed grievance case deleted (retention)"
    CHANNEL_CREATED = 707, "grievance channel opened"
    HOLDINGS_IMPORTED = 800, "portfolio holdings imported"
    ENGAGEMENT_CHANGED = 810, "engagement changed"
    ENGAGEMENT_PROGRESS = 811, "engagement progress recorded"
    DISCLOSURE_ADDED = 820, "company disclosure added"
    DISCLOSURE_ASSESSED = 821, "disclosure assessed"
    DISCLOSURE_REVIEWED = 822, "disclosure judgement accepted or corrected"
    LEGAL_PROFILE_CHANGED = 900, "legal profile changed"
    REPORT_DRAFTED = 910, "report drafted from the evidence"
    REPORT_EDITED = 911, "report edited"
    REPORT_APPROVED = 912, "report approved"


class AuditEvent(models.Model):
    # db_index=False: both indexes below start with organisation. db_constraint=False (both
    # keys): the log is written with every change, often 100,000 events at once; the ORM
    # still cascades and nulls (decision 0012).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="audit_events",
        db_index=False,
        db_constraint=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        help_text="Who did it; empty for system actions (command line without a user).",
    )
    actor_label = models.CharField(max_length=255, blank=True, help_text="Kept if the user is deleted.")
    event_type = models.PositiveSmallIntegerField(choices=EventType.choices)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]} or a summary.")
    # Read per organisation only: the (organisation, -created_at) index serves it.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            # A finding's timeline: every event about it, whoever acted.
            models.Index(fields=["organisation", "target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.target_repr}"
