"""Stored results of risk scoring; the rules live in ``risk.domain``.

Scores are derived data: they can always be recomputed from the register, the reference
data and the methodology. So the score tables carry no database foreign-key constraints
(a million rows would otherwise be checked one by one when the run commits, see
docs/decisions/0011-risk-scores-storage.md); Django still deletes a site's scores with
the site. What is not derived - methodology adjustments and salience judgements - is
kept with who made it and why, and audit-logged.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ruggie.core.human_rights import issues

ISSUE_CHOICES = [(i.code, i.name) for i in issues()]
DIMENSION = [MinValueValidator(1), MaxValueValidator(4)]


class RiskRun(models.Model):
    """One scoring of an organisation's register: what triggered it and what it used."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    trigger = models.CharField(max_length=32)  # import, reference, methodology, manual, site
    methodology_version = models.CharField(max_length=64)
    reference_editions = models.JSONField(default=dict)  # dataset code -> edition
    started_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    sites = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)  # site x issue scores that moved
    # Country x issue summary of the whole register after this run (the heat map reads
    # it instead of aggregating a million rows on every page view).
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-started_at"])]

    def __str__(self) -> str:
        return f"Risk run {self.pk} ({self.trigger})"


class SiteRisk(models.Model):
    """A site's current inherent risk for one issue, 0-100.

    Every column is nullable although none is ever null, and the score has no CHECK: with a
    NOT NULL or CHECK constraint on the table, SQLite stored 1.3 million scores in 9 s
    instead of 3.4 s (measured, decision 0011). Only ``score_organisation`` writes here,
    always with every value in range.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.CASCADE, db_constraint=False, db_index=False
    )
    site = models.ForeignKey(
        "register.Site",
        null=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="risks",
    )
    issue = models.CharField(max_length=32, choices=ISSUE_CHOICES, null=True)  # noqa: DJ001 - see above
    score = models.SmallIntegerField(null=True)  # no CHECK constraint either: see above
    country = models.CharField(max_length=2, null=True)  # noqa: DJ001 - the site's, for the heat map
    run = models.ForeignKey(
        RiskRun, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False
    )

    class Meta:
        # One row per site and issue is kept by score_organisation (it replaces a site's rows
        # under a per-organisation lock), not by a unique index: with one, storing 1.3 million
        # scores took three times as long (docs/decisions/0011-risk-scores-storage.md).
        indexes = [
            # Top-risk sites for an issue (and overall), highest first.
            models.Index(fields=["organisation", "issue", "-score", "site"], name="risk_top_sites_idx"),
            models.Index(fields=["site"], name="risk_site_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.score} at site {self.site_id}"


class SiteRiskHistory(models.Model):
    """A score as it was before a run changed it: how risk moved, and the audit trail of scores."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, db_constraint=False, db_index=False
    )
    site = models.ForeignKey(
        "register.Site", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    issue = models.CharField(max_length=32, choices=ISSUE_CHOICES)
    score = models.PositiveSmallIntegerField()
    new_score = models.PositiveSmallIntegerField()
    run = models.ForeignKey(RiskRun, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    valid_from_run = models.PositiveIntegerField()  # the run that set the old score

    class Meta:
        ordering = ["-run_id"]
        indexes = [models.Index(fields=["site", "issue", "-run"], name="risk_history_site_idx")]

    def __str__(self) -> str:
        return f"{self.issue} {self.score} -> {self.new_score} at site {self.site_id}"


class MethodologyAdjustment(models.Model):
    """An organisation's changes to the default methodology (YAML, only what changes)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    text = models.TextField()
    version = models.CharField(max_length=64)
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"Methodology {self.version}"


class SalienceJudgement(models.Model):
    """A person's override of an issue's salience rating, with the reason."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    issue = models.CharField(max_length=32, choices=ISSUE_CHOICES)
    scale = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    scope = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    irremediability = models.PositiveSmallIntegerField(null=True, blank=True, validators=DIMENSION)
    likelihood = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "issue", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"Judgement on {self.issue}"
