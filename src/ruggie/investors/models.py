"""An investor's portfolio: the companies it holds, as of its last holdings file."""

from __future__ import annotations

from django.db import models

from ruggie.accounts.models import Organisation


class Holding(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="holdings")
    company_name = models.CharField(max_length=255)
    isin = models.CharField(max_length=12, blank=True)
    lei = models.CharField(max_length=20, blank=True)
    sector = models.CharField(max_length=8, blank=True, help_text="ISIC Rev.4 code or section letter.")
    country = models.CharField(max_length=2, blank=True)
    weight = models.DecimalField(max_digits=9, decimal_places=8, null=True, blank=True, help_text="0 to 1.")
    as_of = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-weight", "company_name"]
        indexes = [
            models.Index(fields=["organisation", "sector"]),
            models.Index(fields=["organisation", "country"]),
        ]

    def __str__(self) -> str:
        return self.company_name
