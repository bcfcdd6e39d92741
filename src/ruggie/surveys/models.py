"""Worker survey rounds and their anonymous responses.

A round is one site's survey over a period, reached by an unguessable link (and the QR
code on its poster). A response holds answers and nothing about the person or device:
no account, no IP address, no cookie, no time of day (the day only: a time can point at
the worker who answered on their break).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggie.surveys.domain.privacy import DEFAULT_MIN_GROUP


class Channel(models.TextChoices):
    WEB = "web", _("Phone or computer (survey link)")
    PAPER = "paper", _("Paper form, entered later")
    INTERVIEW = "interview", _("Phone or face-to-face interview")


class SurveyRound(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    site = models.ForeignKey("register.Site", on_delete=models.CASCADE, related_name="survey_rounds")
    questionnaire = models.ForeignKey("questionnaires.QuestionnaireVersion", on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    token = models.CharField(max_length=32, unique=True, help_text="The public link's key.")
    opens_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="Closed by hand before its end date.")
    min_group_size = models.PositiveSmallIntegerField(default=DEFAULT_MIN_GROUP)
    headcount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Workers at the site when the round ran (for the interval)."
    )
    feedback = models.TextField(
        blank=True,
        help_text="What will be done, for the workers: shown with their results at the survey link.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["organisation", "site", "-opens_on"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.site}"

    def is_open(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        if self.closed_on is not None:
            return False
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)  # type: ignore[operator]


class SurveyResponse(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(help_text="question id -> answer, as checked against the questionnaire.")
    language = models.CharField(max_length=8)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    received_on = models.DateField(default=timezone.localdate)
    indices = models.JSONField(
        default=dict, help_text="dimension -> 0-100 index, or null when too few answers."
    )
    flags = models.JSONField(default=list, help_text="The rules this response raised (red flags).")

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.round_id}"
