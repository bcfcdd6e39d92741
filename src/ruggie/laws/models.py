"""The organisation's legal profile: the facts the law rule files test (one per organisation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ruggie.accounts.models import Organisation


class LegalProfile(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="legal_profile")
    facts = models.JSONField(default=dict)  # as read by laws.domain.profile.read_profile
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"legal profile of {self.organisation_id}"
