"""Who took which learning module, and how it went (one row per attempt)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ruggie.accounts.models import Organisation


class ModuleAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_attempts"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="module_attempts")
    module = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "module", "passed"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.module} {self.score}/{self.total}"
