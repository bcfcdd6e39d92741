from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ruggie.accounts.models import Organisation
from ruggie.register.domain import classification
from ruggie.register.domain.columns import FIELDS, FieldSpec
from ruggie.register.domain.countries import resolve_country
from ruggie.register.models import Relationship, Site, Supplier
from ruggie.register.selectors import commodity_choices


class CountryField(forms.CharField):
    """Accepts a country the way people write it and stores the ISO code."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        code = resolve_country(text)
        if code is None:
            raise forms.ValidationError(
                _("Unknown country '%(v)s'. Use a name or ISO code, e.g. VN."), params={"v": text}
            )
        return code


class SupplierForm(forms.ModelForm):
    country = CountryField(max_length=100, help_text=_("Name or ISO code, e.g. Viet Nam or VN."))
    other_names_text = forms.CharField(
        label=_("Other names"), required=False, help_text=_("Separate names with ';'.")
    )
    tags_text = forms.CharField(label=_("Tags"), required=False, help_text=_("Separate tags with ','."))
    website = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Supplier
        fields = ["name", "registration_id", "country", "website", "external_id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["other_names_text"] = "; ".join(self.instance.other_names)
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())

    def service_kwargs(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["other_names"] = [
            n.strip() for n in self.cleaned_data["other_names_text"].split(";") if n.strip()
        ]
        return data

    def tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags_text"].split(",") if t.strip()]


class SiteForm(forms.ModelForm):
    country = CountryField(max_length=100)
    sector = forms.CharField(
        required=False,
        max_length=100,
        label=_("Sector (ISIC Rev.4)"),
        help_text=_("An ISIC Rev.4 code, e.g. 1410 for wearing apparel."),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "address",
            "country",
            "region",
            "latitude",
            "longitude",
            "sector",
            "commodities",
            "headcount",
            "women_share",
            "migrant_share",
            "temporary_share",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "commodities": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = commodity_choices(organisation=organisation)
        self.fields["commodities"].queryset = visible  # type: ignore[attr-defined]
        for name in ("women_share", "migrant_share", "temporary_share"):
            self.fields[name].help_text = _("A fraction between 0 and 1, e.g. 0.45 for 45%.")

    def clean_sector(self) -> str:
        text = self.cleaned_data.get("sector", "")
        if not text:
            return ""
        code = classification.resolve_sector(text)
        if code is None:
            raise forms.ValidationError(_("Unknown ISIC Rev.4 code '%(v)s'."), params={"v": text})
        return code


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["supplier", "buyer_supplier", "tier", "spend", "currency", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = Supplier.objects.filter(organisation=organisation)
        self.fields["supplier"].queryset = own  # type: ignore[attr-defined]
        self.fields["buyer_supplier"].queryset = own  # type: ignore[attr-defined]
        self.fields["buyer_supplier"].label = _("Sells to (empty: sells to us directly)")

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Supplier list (CSV, TSV or Excel .xlsx)"))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > settings.RUGGIE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s. Split it into smaller files."),
                params={"size": filesizeformat(settings.RUGGIE_MAX_UPLOAD_BYTES)},
            )
        return f


def mapping_form(
    header: list[str], initial: dict[str, int], specs: dict[str, FieldSpec] | None = None
) -> type[forms.Form]:
    """One select per column of the file: which ruggie field it holds (of ``specs``, the
    supplier list's fields unless another import gives its own)."""
    specs = FIELDS if specs is None else specs
    choices = [("", _("— ignore this column —"))] + [(f.name, f.label) for f in specs.values()]
    by_column = {i: f for f, i in initial.items()}
    fields: dict[str, forms.Field] = {}
    for i, title in enumerate(header):
        fields[f"col_{i}"] = forms.ChoiceField(
            label=title or _("(column %(n)s, no title)") % {"n": i + 1},
            choices=choices,
            required=False,
            initial=by_column.get(i, ""),
        )

    def clean(self: forms.Form) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        used: dict[str, str] = {}
        for key, value in data.items():
            if value and value in used:
                raise forms.ValidationError(
                    _("Two columns are mapped to '%(f)s'. Map each field once."),
                    params={"f": specs[value].label},
                )
            if value:
                used[value] = key
        missing = [f.label for f in specs.values() if f.required and f.name not in used]
        if missing:
            raise forms.ValidationError(_("Map a column to: %(f)s."), params={"f": ", ".join(missing)})
        return data

    return type("MappingForm", (forms.Form,), {**fields, "clean": clean})
