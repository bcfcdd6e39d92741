"""REST routes for findings, corrective actions and remedies. Same services as the pages.

A buyer's token reaches its own organisation's findings and actions. A supplier
organisation's token reaches only the actions a buyer assigned to it (GET
/supplier/actions) and may mark them done; every other route answers it 404, as for
something that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, get_type_hints

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ValidationInfo, field_validator, model_validator

from ruggie.accounts.access import OrgRequest
from ruggie.accounts.models import Membership, Organisation, OrganisationKind
from ruggie.audit.models import AuditEvent
from ruggie.core.errors import UserFacingError
from ruggie.core.human_rights import issue_codes
from ruggie.findings import selectors, services
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.lifecycle import Party, allowed_targets
from ruggie.findings.domain.lifecycle import Status as FindingStatus
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity, SeverityDimensions
from ruggie.findings.models import CorrectiveAction, Finding, RemedyType, VerificationMethod

router = Router(tags=["findings"])

_DIMENSIONS = ("scale", "scope", "irremediability")
_MAX_ID = 2**63 - 1  # the largest id a database column holds (SQLite overflows beyond it)


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


def _no_nul(text: str) -> str:
    # PostgreSQL refuses NUL in a text parameter (a 500); for a filter it can never match anyway.
    return text.replace("\x00", "")


# --- schemas ---------------------------------------------------------------------------------


def _known_issue(value: str) -> str:
    if value not in issue_codes():
        raise ValueError(
            f"'{value}' is not a human rights issue ruggie knows; use one of: {', '.join(issue_codes())}"
        )
    return value


class _In(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise ValueError("must not contain NUL characters")
        return value


class _Patch(_In):
    """A partial update: only the fields sent change. ``null`` only where a field may be empty."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("must not be null: leave the field out to keep its value")
        return value


def _all_or_no_dimensions(values: dict[str, Any]) -> None:
    given = [values.get(k) is not None for k in _DIMENSIONS]
    if any(given) and not all(given):
        raise ValueError("give all three severity dimensions (scale, scope, irremediability), or none")


class FindingFilters(Schema):
    issue: str = Field("", description="A human rights issue code.")
    severity: Severity | None = None
    status: FindingStatus | None = Field(None, description="'open' means any open status.")
    country: str = Field("", description="ISO 3166-1 alpha-2 code.")
    source: Source | None = None
    supplier: int | None = Field(None, ge=1, le=_MAX_ID, description="A supplier id.")
    site: int | None = Field(None, ge=1, le=_MAX_ID, description="A site id.")

    @field_validator("issue")
    @classmethod
    def _issue(cls, value: str) -> str:
        value = _no_nul(value)
        return _known_issue(value) if value else value


class FindingIn(_In):
    site_id: int | None = Field(
        None, ge=1, le=_MAX_ID, description="The site where it was found (or give supplier_id)."
    )
    supplier_id: int | None = Field(
        None, ge=1, le=_MAX_ID, description="The supplier, when no site is known."
    )
    issue: str = Field(..., description="A human rights issue code, e.g. forced_labour.")
    title: str
    severity: Severity
    description: str = ""
    evidence: str = ""
    found_on: date | None = None
    scale: int | None = Field(None, ge=1, le=4)
    scope: int | None = Field(None, ge=1, le=4)
    irremediability: int | None = Field(None, ge=1, le=4)
    involvement: Involvement = Involvement.DIRECTLY_LINKED
    source: Source = Source.MANUAL
    source_ref: str = Field(
        "",
        description="The source's own reference: raising again with the same source and reference updates.",
    )
    source_label: str = Field("", max_length=255, description="e.g. 'SMETA audit 2026-03-14'.")

    @field_validator("issue")
    @classmethod
    def _issue(cls, value: str) -> str:
        return _known_issue(value)

    @model_validator(mode="after")
    def _dimensions(self) -> FindingIn:
        _all_or_no_dimensions({k: getattr(self, k) for k in _DIMENSIONS})
        return self


class FindingPatch(_Patch):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"found_on", *_DIMENSIONS})

    issue: str | None = None
    title: str | None = Field(None, max_length=255)
    description: str | None = None
    evidence: str | None = None
    severity: Severity | None = None
    involvement: Involvement | None = None
    internal_note: str | None = None
    found_on: date | None = None
    scale: int | None = Field(None, ge=1, le=4)
    scope: int | None = Field(None, ge=1, le=4)
    irremediability: int | None = Field(None, ge=1, le=4)

    @field_validator("issue")
    @classmethod
    def _issue(cls, value: str | None) -> str | None:
        return None if value is None else _known_issue(value)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a finding needs a title: say in a few words what was found")
        return None if value is None else value.strip()

    @field_validator("found_on")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > timezone.localdate():
            raise ValueError(f"the date found ({value.isoformat()}) is in the future: check the date")
        return value


class TransitionIn(_In):
    target: FindingStatus
    note: str = Field("", max_length=4000)


class RemedyOut(Schema):
    id: int
    remedy_type: str
    beneficiaries: int
    amount: Decimal | None
    currency: str
    delivered_on: date
    description: str
    created_at: datetime


class ActionOut(Schema):
    id: int
    finding_id: int
    description: str
    root_cause: str
    owner_party: str
    owner_id: int | None
    due_on: date | None
    completed_at: datetime | None
    completion_note: str
    verified_at: datetime | None
    verification_method: str
    created_at: datetime
    updated_at: datetime
    remedies: list[RemedyOut]


class FindingOut(Schema):
    id: int
    supplier_id: int
    supplier_name: str
    site_id: int | None
    site_name: str | None
    country: str
    issue: str
    title: str
    description: str
    evidence: str
    severity: str
    scale: int | None
    scope: int | None
    irremediability: int | None
    involvement: str
    source: str
    source_ref: str
    source_label: str
    details: dict[str, Any]
    status: str
    found_on: date | None
    internal_note: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    days_to_close: int | None
    verified_at: datetime | None

    @staticmethod
    def resolve_supplier_name(obj: Finding) -> str:
        return obj.supplier.name

    @staticmethod
    def resolve_site_name(obj: Finding) -> str | None:
        return obj.site.name if obj.site else None


class FindingRaised(FindingOut):
    outcome: str = Field(..., description="create, update or unchanged")


class FindingDetail(FindingOut):
    targets: list[str] = Field(..., description="The statuses the buyer may move this finding to.")
    actions: list[ActionOut]

    @staticmethod
    def resolve_targets(obj: Finding) -> list[str]:
        return [s.value for s in allowed_targets(obj.status, Party.BUYER)]


class EventOut(Schema):
    id: int
    created_at: datetime
    event_type: int
    event: str
    actor: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_event(obj: AuditEvent) -> str:
        return str(obj.get_event_type_display())

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        return obj.actor_label


class MetricsOut(Schema):
    today: date
    open_total: int
    open_by_issue: dict[str, dict[str, int]]
    overdue_actions: int
    median_days_to_close: dict[str, int | None]
    critical_total: int
    critical_with_verified_remedy: int
    critical_remedy_share: float | None
    issue_names: dict[str, str]


class ActionIn(_In):
    description: str = Field(..., description="What will be done.")
    root_cause: str = ""
    owner_party: Party = Party.SUPPLIER
    owner_id: int | None = Field(
        None, ge=1, le=_MAX_ID, description="A user of this organisation who follows it up."
    )
    due_on: date | None = None

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say what will be done")
        return value.strip()


class ActionPatch(_Patch):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"owner_id", "due_on"})

    description: str | None = None
    root_cause: str | None = None
    owner_party: Party | None = None
    owner_id: int | None = Field(None, ge=1, le=_MAX_ID)
    due_on: date | None = None

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("say what will be done")
        return None if value is None else value.strip()


class CompleteIn(_In):
    note: str = Field(..., max_length=4000, description="What was done.")


class VerifyIn(_In):
    method: VerificationMethod


class RemedyIn(_In):
    remedy_type: RemedyType
    beneficiaries: int = Field(..., ge=1, le=2_147_483_647, description="How many people received it.")
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str = Field("", max_length=3)
    delivered_on: date
    description: str = ""

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return value.strip().upper()


class SupplierFindingOut(Schema):
    """What a supplier sees of the finding behind its action: never the buyer's internal note."""

    id: int
    title: str
    issue: str
    severity: str
    status: str
    description: str
    supplier_name: str
    site_name: str | None

    @staticmethod
    def resolve_supplier_name(obj: Finding) -> str:
        return obj.supplier.name

    @staticmethod
    def resolve_site_name(obj: Finding) -> str | None:
        return obj.site.name if obj.site else None


class SupplierActionOut(Schema):
    id: int
    buyer: str
    description: str
    root_cause: str
    due_on: date | None
    completed_at: datetime | None
    completion_note: str
    verified_at: datetime | None
    finding: SupplierFindingOut

    @staticmethod
    def resolve_buyer(obj: CorrectiveAction) -> str:
        return obj.organisation.name


# --- findings --------------------------------------------------------------------------------


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
