from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggie.register.models import Site
from ruggie.surveys.domain.privacy import DEFAULT_MIN_GROUP


class RoundForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    name = forms.CharField(
        max_length=120, label=_("Name of the round"), help_text=_("For example: Spring 2027")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        required=False, label=_("Closes on (optional)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    min_group_size = forms.IntegerField(
        min_value=DEFAULT_MIN_GROUP,
        initial=DEFAULT_MIN_GROUP,
        label=_("Minimum group size"),
        help_text=_(
            "No result is shown for fewer workers than this. It can be raised, never lowered below 10."
        ),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Site.objects.filter(organisation=organisation).order_by("name")
