"""Working a finding: status changes, corrective actions, evidence and remedy.

The same handlers serve the buyer (from the finding page) and the supplier (from its
own action list). ``_action`` decides who is asking: a member of the buyer that owns
the finding, or a member of the supplier organisation the action is assigned to.
Anyone else gets a 404, exactly as for a missing action.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.core.errors import UserFacingError
from ruggie.findings import selectors, services
from ruggie.findings.domain.lifecycle import LABELS, Party, Status, allowed_targets
from ruggie.findings.forms import (
    ActionForm,
    CompleteForm,
    EvidenceForm,
    RemedyForm,
    TransitionForm,
    VerifyForm,
)
from ruggie.findings.models import CorrectiveAction, Finding


def _action(request: OrgRequest, pk: int) -> tuple[CorrectiveAction, Party]:
    action = CorrectiveAction.objects.select_related("finding__supplier").filter(pk=pk).first()
    if action is not None:
        if action.organisation_id == request.organisation.pk:
            return action, Party.BUYER
        if action.finding.supplier.account_id == request.organisation.pk and action.owner_party == "supplier":
            return action, Party.SUPPLIER
    raise Http404


def _back(action: CorrectiveAction, party: Party) -> HttpResponse:
    if party == Party.BUYER:
        return redirect("findings:detail", pk=action.finding_id)
    return redirect("findings:supplier_action", pk=action.pk)


def _errors(request: OrgRequest, form: object) -> None:
    for errors in getattr(form, "errors", {}).values():
        for error in errors:
            messages.error(request, error)


@require_POST
@requires("edit")
def transition(request: OrgRequest, pk: int) -> HttpResponse:
    try:
        finding = Finding.objects.get(organisation=request.organisation, pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.finding_transition(
                finding=finding,
                actor=request.user,
                party=Party.BUYER,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Status changed."))
        except (UserFacingError, ValueError) as refused:
            messages.error(request, getattr(refused, "message", _("That status does not exist.")))
    return redirect("findings:detail", pk=pk)


@require_POST
@requires("edit")
def action_add(request: OrgRequest, pk: int) -> HttpResponse:
    try:
        finding = Finding.objects.get(organisation=request.organisation, pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None
    form = ActionForm(request.POST)
    if form.is_valid():
        services.action_create(finding=finding, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Corrective action added."))
    else:
        _errors(request, form)
    return redirect("findings:detail", pk=pk)


@require_POST
@requires("edit")
def action_complete(request: OrgRequest, pk: int) -> HttpResponse:
    action, party = _action(request, pk)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                if form.cleaned_data["file"] is not None:
                    services.evidence_add(action=action, actor=request.user, upload=form.cleaned_data["file"])
                services.action_complete(action=action, actor=request.user, note=form.cleaned_data["note"])
        except UserFacingError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Marked as done. The buyer will verify it."))
    else:
        _errors(request, form)
    return _back(action, party)


@require_POST
@requires("edit")
def action_verify(request: OrgRequest, pk: int) -> HttpResponse:
    action, party = _action(request, pk)
    if party != Party.BUYER:
        raise Http404  # verification is the buyer's
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.action_verify(action=action, actor=request.user, method=form.cleaned_data["method"])
            messages.success(request, _("Action verified."))
        except UserFacingError as refused:
            messages.error(request, refused.message)
    return _back(action, party)


@require_POST
@requires("edit")
def evidence_add(request: OrgRequest, pk: int) -> HttpResponse:
    action, party = _action(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, _("Evidence added."))
        except UserFacingError as refused:
            messages.error(request, refused.message)
    else:
        _errors(request, form)
    return _back(action, party)


@require_POST
@requires("edit")
def remedy_add(request: OrgRequest, pk: int) -> HttpResponse:
    action, party = _action(request, pk)
    form = RemedyForm(request.POST)
    if form.is_valid():
        services.remedy_record(action=action, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Remedy recorded."))
    else:
        _errors(request, form)
    return _back(action, party)


# --- the supplier's side ---------------------------------------------------------------


@requires("view")
def supplier_actions(request: OrgRequest) -> HttpResponse:
    actions = selectors.supplier_actions(account=request.organisation)
    return render(
        request, "findings/supplier_actions.html", {"actions": actions, "today": timezone.localdate()}
    )


@requires("view")
def supplier_action(request: OrgRequest, pk: int) -> HttpResponse:
    try:
        action = selectors.supplier_action_get(account=request.organisation, pk=pk)
    except CorrectiveAction.DoesNotExist:
        raise Http404 from None
    finding = action.finding
    return render(
        request,
        "findings/supplier_action.html",
        {
            "action": action,
            "finding": finding,
            "status_label": LABELS[Status(finding.status)],
            "targets": [(s.value, LABELS[s]) for s in allowed_targets(finding.status, Party.SUPPLIER)],
            "complete_form": CompleteForm(),
            "evidence_form": EvidenceForm(),
            "remedy_form": RemedyForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@requires("edit")
def supplier_transition(request: OrgRequest, pk: int) -> HttpResponse:
    """The supplier moves the finding behind its action (e.g. disputes it, or says it is resolved)."""
    action, party = _action(request, pk)
    if party != Party.SUPPLIER:
        raise Http404
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.finding_transition(
                finding=action.finding,
                actor=request.user,
                party=Party.SUPPLIER,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Status changed."))
        except (UserFacingError, ValueError) as refused:
            messages.error(request, getattr(refused, "message", _("That status does not exist.")))
    return _back(action, party)
