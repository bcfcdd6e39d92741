"""Forms of the findings pages. Choices come from the domain enums and the taxonomy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ruggie.findings.domain.severity import IRREMEDIABILITY, SCALE, SCOPE
from ruggie.findings.models import (
    INVOLVEMENT_CHOICES,
    ISSUE_CHOICES,
    PARTY_CHOICES,
    SEVERITY_CHOICES,
    RemedyType,
    VerificationMethod,
)
from ruggie.register.models import Site


def _dimension(label: Any, meanings: dict[int, str]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(k, f"{k} · {v}") for k, v in meanings.items()],
    )


class FindingForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    issue = forms.ChoiceField(choices=ISSUE_CHOICES, label=_("Human rights issue"))
    title = forms.CharField(max_length=255, label=_("What was found, in a few words"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Evidence (what was seen, heard or read)"),
    )
    severity = forms.ChoiceField(choices=SEVERITY_CHOICES)
    scale = _dimension(_("Scale: how grave"), SCALE)
    scope = _dimension(_("Scope: how many people"), SCOPE)
    irremediability = _dimension(_("Irremediability: can it be undone"), IRREMEDIABILITY)
    involvement = forms.ChoiceField(choices=INVOLVEMENT_CHOICES, label=_("Our involvement"))
    source = forms.ChoiceField(
        choices=[("manual", _("Entered by hand")), ("desk_research", _("Desk research"))], label=_("Source")
    )
    found_on = forms.DateField(
        required=False, label=_("Date found"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = Site.objects.filter(organisation=organisation).select_related("supplier")
        site_field.label_from_instance = lambda s: f"{s.name} ({s.supplier.name}, {s.country})"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dims = [data.get(k) for k in ("scale", "scope", "irremediability")]
        if any(d is not None for d in dims) and not all(d is not None for d in dims):
            raise forms.ValidationError(_("Give all three severity dimensions, or none."))
        return data


class FindingEditForm(forms.Form):
    """The buyer's own judgement on a finding: wording, severity, involvement, internal note."""

    issue = forms.ChoiceField(choices=ISSUE_CHOICES, label=_("Human rights issue"))
    title = forms.CharField(max_length=255)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    severity = forms.ChoiceField(choices=SEVERITY_CHOICES)
    scale = _dimension(_("Scale: how grave"), SCALE)
    scope = _dimension(_("Scope: how many people"), SCOPE)
    irremediability = _dimension(_("Irremediability: can it be undone"), IRREMEDIABILITY)
    involvement = forms.ChoiceField(choices=INVOLVEMENT_CHOICES, label=_("Our involvement"))
    internal_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Internal note (never shown to the supplier)"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dims = [data.get(k) for k in ("scale", "scope", "irremediability")]
        if any(d is not None for d in dims) and not all(d is not None for d in dims):
            raise forms.ValidationError(_("Give all three severity dimensions, or none."))
        return data


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=20)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)


class ActionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("What will be done"))
    root_cause = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Root cause")
    )
    owner_party = forms.ChoiceField(choices=PARTY_CHOICES, label=_("Who does it"))
    due_on = forms.DateField(required=False, label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class CompleteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("What was done"), max_length=4000
    )
    # Evidence can come with the completion, so a file picked here is never lost.
    file = forms.FileField(required=False, label=_("Evidence file (optional)"))

    def clean_file(self) -> Any:
        f = self.cleaned_data.get("file")
        if f is not None and f.size > settings.RUGGIE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s."),
                params={"size": filesizeformat(settings.RUGGIE_MAX_UPLOAD_BYTES)},
            )
        return f


class VerifyForm(forms.Form):
    method = forms.ChoiceField(choices=VerificationMethod.choices, label=_("Verified by"))


class EvidenceForm(forms.Form):
    file = forms.FileField(required=False, label=_("File (photo, PDF, document)"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        f = data.get("file")
        if f is None and not (data.get("note") or "").strip():
            raise forms.ValidationError(_("Upload a file or write a note."))
        if f is not None and f.size > settings.RUGGIE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s."),
                params={"size": filesizeformat(settings.RUGGIE_MAX_UPLOAD_BYTES)},
            )
        return data


class RemedyForm(forms.Form):
    remedy_type = forms.ChoiceField(choices=RemedyType.choices, label=_("Remedy"))
    beneficiaries = forms.IntegerField(min_value=1, label=_("People who received it"))
    amount = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2)
    currency = forms.CharField(required=False, max_length=3)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


class AuditUploadForm(forms.Form):
    file = forms.FileField(label=_("Audit results (CSV, TSV or Excel .xlsx)"))
    mode = forms.ChoiceField(
        choices=[
            ("all_or_nothing", _("All or nothing: import only if every row is valid")),
            ("valid_only", _("Import the valid rows and list the rejected ones")),
        ],
        initial="all_or_nothing",
        widget=forms.RadioSelect,
        label=_("If some rows have problems"),
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > settings.RUGGIE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s."),
                params={"size": filesizeformat(settings.RUGGIE_MAX_UPLOAD_BYTES)},
            )
        return f
