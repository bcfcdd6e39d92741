"""Editions of reference data loaded after installation (the shipped ones live in the package).

An edition is kept whole - its manifest and files as loaded - so that an older edition
stays readable after a newer one arrives, and a score can always be traced to the data
behind it. ``organisation`` empty: an edition for everyone on this installation (a newer
WGI); set: one organisation's own licensed copy (the Global Slavery Index, ITUC), which
no other organisation sees.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReferenceEdition(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE)
    code = models.SlugField(max_length=64)
    edition = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=32)
    licence = models.CharField(max_length=64)
    files = models.JSONField(help_text="File name -> text, the manifest included.")
    digest = models.CharField(max_length=64)
    records = models.PositiveIntegerField(default=0)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code", "edition"], name="one_edition_per_owner"),
            models.UniqueConstraint(
                fields=["code", "edition"], condition=models.Q(organisation=None), name="one_shared_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.edition}"
