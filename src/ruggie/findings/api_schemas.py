"""Request and response schemas of the findings API: bad input is refused at the edge (422)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator, model_validator

from ruggie.audit.models import AuditEvent
from ruggie.core.human_rights import issue_codes
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.lifecycle import Party, allowed_targets
from ruggie.findings.domain.lifecycle import Status as FindingStatus
from ruggie.findings.domain.raising import Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Finding, RemedyType, VerificationMethod

_DIMENSIONS = ("scale", "scope", "irremediability")
_MAX_ID = 2**63 - 1  # the largest id a database column holds (SQLite overflows beyond it)


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
