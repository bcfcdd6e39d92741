"""Statements and reports drafted from the evidence, edited in versions, approved by a person."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ruggie.accounts.models import Organisation


class Report(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20)  # an outline code: uk_msa, au_msa, ca_s211, ungp_rf, esrs_s2
    title = models.CharField(max_length=255)
    period = models.CharField(
        max_length=120, help_text="The period it covers, e.g. 'Financial year to 31 Jan 2026'."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_version = models.ForeignKey(
        "ReportVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_name = models.CharField(max_length=255, blank=True, help_text="Name and role, as printed.")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField()  # [{id, heading, asks, text, figures: [...], gaps: [...]}]
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"
