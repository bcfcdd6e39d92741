"""Questionnaire versions, stored as the exact text people answered.

A response points at the version it was answered in, and the version holds the file's
text itself: a later version (or an edit of the packaged file) never changes how an old
answer reads. The packaged files are stored on first use (``services.version_for``).
"""

from __future__ import annotations

from django.db import models


class QuestionnaireVersion(models.Model):
    code = models.SlugField(max_length=40)
    version = models.CharField(max_length=40)
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=255)
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the text.")
    text = models.TextField(help_text="The questionnaire file, as answered.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-created_at"]
        indexes = [models.Index(fields=["code", "version"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.code} {self.version})"
