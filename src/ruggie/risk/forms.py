"""Forms of the risk pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggie.findings.domain.severity import IRREMEDIABILITY, SCALE, SCOPE


def _dimension(label: Any, meanings: dict[int, str]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("— keep the computed rating"))] + [(k, f"{k} · {v}") for k, v in meanings.items()],
    )


class JudgementForm(forms.Form):
    scale = _dimension(_("Scale: how grave"), SCALE)
    scope = _dimension(_("Scope: how many people"), SCOPE)
    irremediability = _dimension(_("Irremediability: can it be undone"), IRREMEDIABILITY)
    likelihood = forms.IntegerField(
        label=_("Likelihood, 0-100 (empty: keep the computed likelihood)"),
        required=False,
        min_value=0,
        max_value=100,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label=_("Why (kept with the judgement and in the audit log)"),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if all(data.get(k) is None for k in ("scale", "scope", "irremediability", "likelihood")):
            raise forms.ValidationError(_("Change at least one rating, or go back."))
        return data


class MethodologyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=20000,
        label=_("Adjustment (YAML, only what changes)"),
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, label=_("Why"))
