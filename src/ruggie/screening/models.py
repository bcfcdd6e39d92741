"""Screening hits: a supplier whose name matches an entry of a restricted-entity list.

A hit is kept once found, whatever later runs say, until a person decides it: confirmed
(a finding is raised) or dismissed (with the reason). A later run that no longer matches
marks it ``stale`` rather than deleting it, so a decision is never lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HitStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ScreeningHit(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    supplier = models.ForeignKey("register.Supplier", on_delete=models.CASCADE, related_name="screening_hits")
    list_code = models.SlugField(max_length=64)
    list_edition = models.CharField(max_length=64)
    entry_id = models.CharField(max_length=255)
    entry_name = models.CharField(max_length=500)
    entry_aliases = models.JSONField(default=list)
    entry_details = models.JSONField(
        default=dict, help_text="Section, location, listed on, source, verified."
    )
    supplier_name = models.CharField(max_length=500, help_text="The supplier's name that matched.")
    matched_name = models.CharField(max_length=500, help_text="The entry's name or alias that matched.")
    score = models.FloatField()
    band = models.CharField(max_length=16)  # confident | candidate
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=HitStatus.choices, default=HitStatus.OPEN)
    stale = models.BooleanField(default=False, help_text="The latest run no longer matched.")
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    finding = models.ForeignKey("findings.Finding", null=True, blank=True, on_delete=models.SET_NULL)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "supplier", "list_code", "entry_id"],
                name="one_hit_per_supplier_entry",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "-score"])]

    def __str__(self) -> str:
        return f"{self.supplier_name} ~ {self.entry_name}"
