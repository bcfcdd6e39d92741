from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("confirm", _("Confirm: this supplier is the listed entity")),
            ("dismiss", _("Dismiss: a different company")),
        ],  # fmt: skip
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label=_("Why (what you checked: registration number, address, the official list)"),
    )
