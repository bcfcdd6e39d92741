"""REST routes for findings, corrective actions and remedies. Same services as the pages.

A buyer's token reaches its own organisation's findings and actions. A supplier
organisation's token reaches only the actions a buyer assigned to it (GET
/supplier/actions) and may mark them done; every other route answers it 404, as for
something that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_type_hints

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from ruggie.accounts.access import OrgRequest
from ruggie.accounts.models import Membership, Organisation, OrganisationKind
from ruggie.core.errors import UserFacingError
from ruggie.findings import selectors, services
from ruggie.findings.api_schemas import (  # noqa: E402
    _DIMENSIONS,
    ActionIn,
    ActionOut,
    ActionPatch,
    CompleteIn,
    EventOut,
    FindingDetail,
    FindingFilters,
    FindingIn,
    FindingOut,
    FindingPatch,
    FindingRaised,
    MetricsOut,
    RemedyIn,
    RemedyOut,
    SupplierActionOut,
    TransitionIn,
    VerifyIn,
    _all_or_no_dimensions,
    _no_nul,
)
from ruggie.findings.domain.lifecycle import Party
from ruggie.findings.domain.raising import FindingDraft
from ruggie.findings.domain.severity import SeverityDimensions
from ruggie.findings.models import CorrectiveAction, Finding

router = Router(tags=["findings"])


# --- access ----------------------------------------------------------------------------------


def _need(request: OrgRequest, permission: str) -> None:
    if not request.membership.can(permission):
        raise HttpError(403, f"Your role does not allow '{permission}'.")


def _is_supplier(request: OrgRequest) -> bool:
    return bool(request.organisation.kind == OrganisationKind.SUPPLIER)


def _buyer(request: OrgRequest, permission: str) -> Organisation:
    """The caller's organisation, as the owner of findings. A supplier organisation owns
    none: to it these routes do not exist."""
    if _is_supplier(request):
        raise HttpError(404, "Not found.")
    _need(request, permission)
    return request.organisation


def _fail(exc: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))


def _refused(exc: UserFacingError, status: int = 400) -> HttpError:
    return HttpError(status, exc.message)


def _finding(request: OrgRequest, pk: int, permission: str) -> Finding:
    organisation = _buyer(request, permission)
    try:
        return selectors.finding_get(organisation=organisation, pk=pk)
    except Finding.DoesNotExist:
        raise HttpError(404, "Not found.") from None


def _action(request: OrgRequest, pk: int, permission: str) -> CorrectiveAction:
    """One of the buyer's own actions (another organisation's is a 404)."""
    organisation = _buyer(request, permission)
    action = (
        CorrectiveAction.objects.select_related("finding").filter(organisation=organisation, pk=pk).first()
    )
    if action is None:
        raise HttpError(404, "Not found.")
    return action


def _owner(organisation: Organisation, user_id: int | None) -> Any:
    if user_id is None:
        return None
    membership = (
        Membership.objects.select_related("user").filter(organisation=organisation, user_id=user_id).first()
    )
    if membership is None:
        raise HttpError(422, f"owner_id: no member of this organisation has the id {user_id}.")
    return membership.user


def _typed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Resolve the view's postponed annotations here: ``paginate`` wraps it in ninja's own
    module, where the names this module imports (schemas, enums) are unknown."""
    view.__annotations__ = get_type_hints(view, include_extras=True)
    return view


@router.get("/findings", response=list[FindingOut])
@paginate(LimitOffsetPagination)
@_typed
def list_findings(request: OrgRequest, filters: Query[FindingFilters]) -> Any:
    organisation = _buyer(request, "view")
    values = {
        "issue": filters.issue,
        "severity": filters.severity.value if filters.severity else "",
        "status": filters.status.value if filters.status else "",
        "country": _no_nul(filters.country).strip().upper(),
        "source": filters.source.value if filters.source else "",
        "supplier": str(filters.supplier) if filters.supplier is not None else "",
        "site": str(filters.site) if filters.site is not None else "",
    }
    return selectors.finding_list(organisation=organisation, filters=values).select_related(
        "supplier", "site"
    )


@router.post("/findings", response={200: FindingRaised, 201: FindingRaised})
def raise_finding(request: OrgRequest, payload: FindingIn) -> Any:
    """Raise a finding. With a source_ref, raising again with the same source and reference
    updates that finding (200, outcome update or unchanged) instead of creating another."""
    organisation = _buyer(request, "edit")
    dims = (
        SeverityDimensions(payload.scale, payload.scope, payload.irremediability)
        if payload.scale is not None and payload.scope is not None and payload.irremediability is not None
        else None
    )
    draft = FindingDraft(
        issue=payload.issue,
        title=payload.title,
        source=payload.source,
        severity=payload.severity,
        site_id=payload.site_id,
        supplier_id=payload.supplier_id,
        source_ref=payload.source_ref.strip(),
        source_label=payload.source_label,
        description=payload.description,
        evidence=payload.evidence,
        found_on=payload.found_on,
        dimensions=dims,
        involvement=payload.involvement,
    )
    try:
        finding, outcome = services.finding_raise(
            organisation=organisation, actor=request.membership.user, draft=draft
        )
    except UserFacingError as refused:
        raise _refused(refused) from None
    finding.outcome = outcome  # type: ignore[attr-defined]
    return Status(201 if outcome == "create" else 200, finding)


@router.get("/findings/metrics", response=MetricsOut)
def finding_metrics(request: OrgRequest) -> Any:
    """The manager's numbers: open findings by issue and severity, overdue actions, median
    days to close by severity, and the share of critical findings with a verified remedy."""
    organisation = _buyer(request, "view")
    today = timezone.localdate()
    numbers = selectors.manager_numbers(organisation=organisation, today=today)
    return {
        "today": today,
        "open_total": numbers.open_total,
        "open_by_issue": numbers.open_by_issue,
        "overdue_actions": numbers.overdue_actions,
        "median_days_to_close": numbers.median_days_to_close,
        "critical_total": numbers.critical_total,
        "critical_with_verified_remedy": numbers.critical_with_verified_remedy,
        "critical_remedy_share": numbers.critical_remedy_share,
        "issue_names": numbers.issue_names,
    }


@router.get("/findings/{pk}", response=FindingDetail)
def get_finding(request: OrgRequest, pk: int) -> Any:
    finding = _finding(request, pk, "view")
    prefetch_related_objects([finding], "actions__remedies")
    return finding


@router.patch("/findings/{pk}", response=FindingOut)
def update_finding(request: OrgRequest, pk: int, payload: FindingPatch) -> Any:
    finding = _finding(request, pk, "edit")
    fields = payload.dict(exclude_unset=True)
    if any(k in fields for k in _DIMENSIONS):
        merged = {k: fields.get(k, getattr(finding, k)) for k in _DIMENSIONS}
        try:
            _all_or_no_dimensions(merged)
        except ValueError as exc:
            raise HttpError(422, str(exc)) from None
    for key in ("severity", "involvement"):
        if fields.get(key) is not None:
            fields[key] = fields[key].value
    try:
        return services.finding_update(finding=finding, actor=request.membership.user, **fields)
    except ValidationError as exc:
        raise _fail(exc) from None


@router.post("/findings/{pk}/transition", response=FindingOut)
def transition_finding(request: OrgRequest, pk: int, payload: TransitionIn) -> Any:
    """Move the finding along its lifecycle, as the buyer. 409 says why a move is refused."""
    finding = _finding(request, pk, "edit")
    try:
        return services.finding_transition(
            finding=finding,
            actor=request.membership.user,
            party=Party.BUYER,
            target=payload.target,
            note=payload.note,
        )
    except UserFacingError as refused:
        raise _refused(refused, 409) from None


@router.get("/findings/{pk}/timeline", response=list[EventOut])
def finding_timeline(request: OrgRequest, pk: int) -> Any:
    return list(selectors.finding_timeline(_finding(request, pk, "view")))


# --- corrective actions ----------------------------------------------------------------------


@router.get("/findings/{pk}/actions", response=list[ActionOut])
def list_actions(request: OrgRequest, pk: int) -> Any:
    finding = _finding(request, pk, "view")
    return list(finding.actions.prefetch_related("remedies").order_by("due_on", "id"))


@router.post("/findings/{pk}/actions", response={201: ActionOut})
def create_action(request: OrgRequest, pk: int, payload: ActionIn) -> Any:
    finding = _finding(request, pk, "edit")
    data = payload.dict()
    owner = _owner(finding.organisation, data.pop("owner_id"))
    action = services.action_create(finding=finding, actor=request.membership.user, owner=owner, **data)
    return Status(201, action)


@router.patch("/actions/{pk}", response=ActionOut)
def update_action(request: OrgRequest, pk: int, payload: ActionPatch) -> Any:
    action = _action(request, pk, "edit")
    fields = payload.dict(exclude_unset=True)
    if "owner_id" in fields:
        fields["owner"] = _owner(action.organisation, fields.pop("owner_id"))
    if "owner_party" in fields:
        fields["owner_party"] = fields["owner_party"].value
    return services.action_update(action=action, actor=request.membership.user, **fields)


@router.post("/actions/{pk}/complete", response=ActionOut)
def complete_action(request: OrgRequest, pk: int, payload: CompleteIn) -> Any:
    """Mark an action done (the buyer's own, or, for a supplier's token, one assigned to it)."""
    if _is_supplier(request):
        try:
            action = selectors.supplier_action_get(account=request.organisation, pk=pk)
        except CorrectiveAction.DoesNotExist:
            raise HttpError(404, "Not found.") from None
        _need(request, "edit")
    else:
        action = _action(request, pk, "edit")
    try:
        return services.action_complete(action=action, actor=request.membership.user, note=payload.note)
    except UserFacingError as refused:
        raise _refused(refused) from None


@router.post("/actions/{pk}/verify", response=ActionOut)
def verify_action(request: OrgRequest, pk: int, payload: VerifyIn) -> Any:
    action = _action(request, pk, "edit")
    try:
        return services.action_verify(
            action=action, actor=request.membership.user, method=payload.method.value
        )
    except UserFacingError as refused:
        raise _refused(refused) from None
    except ValidationError as exc:
        raise _fail(exc) from None


@router.post("/actions/{pk}/remedies", response={201: RemedyOut})
def record_remedy(request: OrgRequest, pk: int, payload: RemedyIn) -> Any:
    action = _action(request, pk, "edit")
    data = payload.dict()
    data["remedy_type"] = payload.remedy_type.value
    try:
        return Status(201, services.remedy_record(action=action, actor=request.membership.user, **data))
    except ValidationError as exc:
        raise _fail(exc) from None


# --- the supplier's side ---------------------------------------------------------------------


@router.get("/supplier/actions", response=list[SupplierActionOut])
@paginate(LimitOffsetPagination)
def list_supplier_actions(request: OrgRequest) -> Any:
    """For a supplier organisation's token: the corrective actions its buyers assigned to it."""
    if not _is_supplier(request):
        raise HttpError(404, "Not found.")
    _need(request, "view")
    return selectors.supplier_actions(account=request.organisation)
