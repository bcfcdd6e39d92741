"""Supplier self-assessments: answered once by the supplier, shared with many buyers.

The supplier's organisation owns its ``SelfAssessment`` (answers, evidence files) and
decides which buyers see it (``AssessmentShare``, granted and withdrawn by the supplier).
A buyer asks for one with an ``AssessmentRequest``: a due date and a personal link for the
supplier's contact, who needs no account. A supplier with ten customers answers once and
shares ten times.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being answered")
    SUBMITTED = "submitted", _("Submitted")


class SelfAssessment(models.Model):
    owner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="self_assessments",
        help_text="The supplier organisation whose answers these are.",
    )  # fmt: skip
    questionnaire = models.ForeignKey("questionnaires.QuestionnaireVersion", on_delete=models.PROTECT)
    answers = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    indices = models.JSONField(default=dict, help_text="dimension -> 0-100, null: too few answers.")
    raised = models.JSONField(default=list, help_text="The rules the answers raised.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.CharField(max_length=255, blank=True, help_text="Who submitted (name or e-mail).")
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"{self.questionnaire.title} · {self.owner}"


class AssessmentShare(models.Model):
    """The supplier lets one buyer see a submitted assessment (until withdrawn)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="shares")
    buyer = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.CharField(max_length=255, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["buyer", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.buyer}"


class AssessmentRequest(models.Model):
    """A buyer asks a supplier in its register for a self-assessment by a date."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    supplier = models.ForeignKey(
        "register.Supplier", on_delete=models.CASCADE, related_name="assessment_requests"
    )
    questionnaire = models.ForeignKey("questionnaires.QuestionnaireVersion", on_delete=models.PROTECT)
    contact_email = models.EmailField()
    due_on = models.DateField()
    assessment = models.ForeignKey(
        SelfAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self) -> str:
        return f"{self.supplier} · due {self.due_on}"


class AssessmentFile(models.Model):
    """Evidence the supplier attached to an answer (a policy, a payslip, a contract)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="files")
    question = models.CharField(max_length=40)
    file = models.FileField(upload_to="assessments/%Y/%m/")
    filename = models.CharField(max_length=255, help_text="As uploaded (the stored name is random).")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename
