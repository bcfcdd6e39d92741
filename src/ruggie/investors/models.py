"""An investor's portfolio: the companies it holds, as of its last holdings file."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from ruggie.accounts.models import Organisation
from ruggie.investors.domain.engagement import (
    ESCALATION_LABELS,
    KIND_LABELS,
    STAGE_LABELS,
    Escalation,
    Kind,
    Stage,
)


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

    @property
    def weight_percent(self) -> Decimal | None:
        return None if self.weight is None else self.weight * 100


class Engagement(models.Model):
    """Engagement with one company on human rights due diligence, alone or as a group."""

    title = models.CharField(max_length=255)
    company_name = models.CharField(max_length=255)
    isin = models.CharField(max_length=12, blank=True)
    lead = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="led_engagements")
    members = models.ManyToManyField(Organisation, through="EngagementMember", related_name="engagements")
    started_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "title"]

    def __str__(self) -> str:
        return self.title


class EngagementMember(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["engagement", "organisation"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.engagement_id}"


class Ask(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="asks")
    text = models.CharField(max_length=500)
    created_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class AskProgress(models.Model):
    """The company's stage on an ask from a date, with its evidence (shared with the group)."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="progress")
    stage = models.CharField(max_length=20)
    on = models.DateField()
    evidence = models.TextField(blank=True)
    # A sentence of the company's published document, as the recording investor filed it.
    evidence_sentence = models.ForeignKey(
        "DisclosureSentence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} on {self.on}"

    @property
    def stage_label(self) -> str:
        return (
            STAGE_LABELS.get(Stage(self.stage), self.stage)
            if self.stage in Stage._value2member_map_
            else self.stage
        )


class Interaction(models.Model):
    """A meeting, letter, vote, note... Private to its organisation unless shared."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="interactions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    on = models.DateField()
    summary = models.TextField()
    shared = models.BooleanField(default=False)
    escalation = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on}"

    @property
    def kind_label(self) -> str:
        return (
            KIND_LABELS.get(Kind(self.kind), self.kind) if self.kind in Kind._value2member_map_ else self.kind
        )

    @property
    def escalation_label(self) -> str:
        known = self.escalation in Escalation._value2member_map_
        return ESCALATION_LABELS[Escalation(self.escalation)] if known else self.escalation


class Reading(models.TextChoices):
    """Whether the classifier has read a document's sentences. Long documents are read by the
    background worker, so an upload never waits (or times out) on a 200-page report."""

    QUEUED = "queued", "Being read"
    READY = "ready", "Read"
    FAILED = "failed", "Could not be read"


class Disclosure(models.Model):
    """A document a company published (statement, policy, report), as an investor filed it.

    Kept per investor: the document is public, but which documents an investor reads and
    what it concludes from them are its own work."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="disclosures")
    company_name = models.CharField(max_length=255)
    isin = models.CharField(max_length=12, blank=True)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(help_text="The reporting year the document covers.")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    document_kind = models.CharField(max_length=10)  # pdf, html, text
    pages = models.PositiveIntegerField(default=0)
    needs_ocr = models.BooleanField(default=False)
    model_version = models.CharField(max_length=64, blank=True)
    reading = models.CharField(max_length=10, choices=Reading.choices, default=Reading.READY)
    assess_after_reading = models.CharField(
        max_length=20, blank=True, help_text="The framework to assess against once the sentences are read."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company_name", "-year", "-pk"]
        indexes = [models.Index(fields=["organisation", "company_name", "year"])]

    def __str__(self) -> str:
        return f"{self.company_name} {self.year}: {self.title}"


class DisclosureSentence(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="sentences")
    index = models.PositiveIntegerField()
    page = models.PositiveIntegerField()
    text = models.TextField()
    probabilities = models.JSONField(default=list)  # one per AIMS label, in AIMS_LABELS order

    class Meta:
        ordering = ["disclosure", "index"]
        constraints = [models.UniqueConstraint(fields=["disclosure", "index"], name="one_sentence_per_index")]

    def __str__(self) -> str:
        return self.text[:80]


class DisclosureAssessment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="assessments")
    framework = models.CharField(max_length=30)
    model_version = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.disclosure_id} against {self.framework}"


class CriterionJudgement(models.Model):
    """The classifier's judgement of one criterion, and the analyst's review of it."""

    assessment = models.ForeignKey(DisclosureAssessment, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    machine_status = models.CharField(max_length=20)
    status = models.CharField(max_length=20)  # the machine's, or the analyst's once corrected
    confidence = models.FloatField()
    evidence = models.ManyToManyField(DisclosureSentence, related_name="judgements", blank=True)
    evidence_count = models.PositiveIntegerField(default=0)
    review = models.CharField(max_length=10, blank=True)  # "", accepted, corrected
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "position"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.status}"


class LabelCorrection(models.Model):
    """An analyst's word on one sentence and one label: training data for the classifier."""

    sentence = models.ForeignKey(DisclosureSentence, on_delete=models.CASCADE, related_name="corrections")
    label = models.CharField(max_length=40)
    value = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.label}={int(self.value)}"
