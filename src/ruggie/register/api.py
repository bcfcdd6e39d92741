"""REST routes for suppliers, sites and relationships. Same services as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from ruggie.accounts.access import OrgRequest
from ruggie.register import selectors, services
from ruggie.register.domain.countries import resolve_country
from ruggie.register.models import Relationship, Site, Supplier

router = Router(tags=["register"])


def _org(request: OrgRequest) -> Any:
    return request.organisation


def _need(request: OrgRequest, permission: str) -> None:
    if not request.membership.can(permission):
        raise HttpError(403, f"Your role does not allow '{permission}'.")


def _fail(exc: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))


def _country(text: str) -> str:
    code = resolve_country(text)
    if code is None:
        raise HttpError(422, f"country: unknown country '{text}'. Use an ISO 3166-1 code such as VN.")
    return code


def _no_nul(text: str) -> str:
    # PostgreSQL refuses NUL in a text parameter (a 500); for a filter it can never match anyway.
    return text.replace("\x00", "")


class _In(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise ValueError("must not contain NUL characters")
        return value


class SupplierIn(_In):
    name: str = Field(..., max_length=255)
    country: str = Field(..., description="ISO 3166-1 alpha-2 code or a country name")
    other_names: list[str] = []
    registration_id: str = ""
    website: str = ""
    external_id: str = ""
    tags: list[str] = []


class SupplierOut(Schema):
    id: int
    name: str
    country: str
    other_names: list[str]
    registration_id: str
    website: str
    external_id: str


class SiteIn(_In):
    name: str = Field(..., max_length=255)
    country: str
    address: str = ""
    region: str = ""
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    sector: str = ""
    headcount: int | None = Field(None, ge=0)
    women_share: Decimal | None = Field(None, ge=0, le=1)
    migrant_share: Decimal | None = Field(None, ge=0, le=1)
    temporary_share: Decimal | None = Field(None, ge=0, le=1)


class SiteOut(Schema):
    id: int
    supplier_id: int
    name: str
    country: str
    address: str
    region: str
    latitude: float | None
    longitude: float | None
    sector: str
    headcount: int | None
    women_share: Decimal | None
    migrant_share: Decimal | None
    temporary_share: Decimal | None


class RelationshipIn(_In):
    supplier_id: int
    buyer_supplier_id: int | None = None
    tier: int = Field(1, ge=1, le=10)
    spend: Decimal | None = None
    currency: str = ""
    start_date: date | None = None
    end_date: date | None = None


class RelationshipOut(Schema):
    id: int
    supplier_id: int
    buyer_supplier_id: int | None
    tier: int
    spend: Decimal | None
    currency: str
    start_date: date | None
    end_date: date | None


def _supplier(request: OrgRequest, pk: int) -> Supplier:
    try:
        return selectors.supplier_get(organisation=_org(request), pk=pk)
    except Supplier.DoesNotExist:
        raise HttpError(404, "Not found.") from None


@router.get("/suppliers", response=list[SupplierOut])
@paginate(LimitOffsetPagination)
def list_suppliers(
    request: OrgRequest,
    q: str = "",
    country: str = "",
    commodity: str = "",
    tier: int | None = None,
    tag: str = "",
) -> Any:
    q, country, commodity, tag = (_no_nul(v) for v in (q, country, commodity, tag))
    filters = selectors.SupplierFilters(q=q, country=country.upper(), commodity=commodity, tier=tier, tag=tag)
    return selectors.supplier_list(organisation=_org(request), filters=filters)


@router.post("/suppliers", response={201: SupplierOut})
def create_supplier(request: OrgRequest, payload: SupplierIn) -> Any:
    _need(request, "edit")
    data = payload.dict()
    tags = data.pop("tags")
    data["country"] = _country(data["country"])
    try:
        return Status(
            201,
            services.supplier_create(
                organisation=_org(request), actor=request.membership.user, tags=tags, **data
            ),
        )
    except ValidationError as exc:
        raise _fail(exc) from None


@router.get("/suppliers/{pk}", response=SupplierOut)
def get_supplier(request: OrgRequest, pk: int) -> Any:
    return _supplier(request, pk)


@router.put("/suppliers/{pk}", response=SupplierOut)
def update_supplier(request: OrgRequest, pk: int, payload: SupplierIn) -> Any:
    _need(request, "edit")
    supplier = _supplier(request, pk)
    data = payload.dict()
    tags = data.pop("tags")
    data["country"] = _country(data["country"])
    try:
        return services.supplier_update(supplier=supplier, actor=request.membership.user, tags=tags, **data)
    except ValidationError as exc:
        raise _fail(exc) from None


@router.delete("/suppliers/{pk}", response={204: None})
def delete_supplier(request: OrgRequest, pk: int) -> Any:
    _need(request, "edit")
    try:
        services.supplier_delete(supplier=_supplier(request, pk), actor=request.membership.user)
    except services.DeleteRefused as refused:
        raise HttpError(409, refused.message) from None
    return Status(204, None)


@router.get("/suppliers/{pk}/sites", response=list[SiteOut])
def list_sites(request: OrgRequest, pk: int) -> Any:
    return list(selectors.site_list(organisation=_org(request), supplier=_supplier(request, pk)))


@router.post("/suppliers/{pk}/sites", response={201: SiteOut})
def create_site(request: OrgRequest, pk: int, payload: SiteIn) -> Any:
    _need(request, "edit")
    data = payload.dict()
    data["country"] = _country(data["country"])
    try:
        return Status(
            201, services.site_create(supplier=_supplier(request, pk), actor=request.membership.user, **data)
        )
    except ValidationError as exc:
        raise _fail(exc) from None


@router.get("/sites", response=list[SiteOut])
@paginate(LimitOffsetPagination)
def list_all_sites(request: OrgRequest, country: str = "") -> Any:
    qs = Site.objects.filter(organisation=_org(request)).order_by("id")
    country = _no_nul(country)
    return qs.filter(country=country.upper()) if country else qs


def _site(request: OrgRequest, pk: int) -> Site:
    try:
        return selectors.site_get(organisation=_org(request), pk=pk)
    except Site.DoesNotExist:
        raise HttpError(404, "Not found.") from None


@router.get("/sites/{pk}", response=SiteOut)
def get_site(request: OrgRequest, pk: int) -> Any:
    return _site(request, pk)


@router.put("/sites/{pk}", response=SiteOut)
def update_site(request: OrgRequest, pk: int, payload: SiteIn) -> Any:
    _need(request, "edit")
    data = payload.dict()
    data["country"] = _country(data["country"])
    try:
        return services.site_update(site=_site(request, pk), actor=request.membership.user, **data)
    except ValidationError as exc:
        raise _fail(exc) from None


@router.delete("/sites/{pk}", response={204: None})
def delete_site(request: OrgRequest, pk: int) -> Any:
    _need(request, "edit")
    try:
        services.site_delete(site=_site(request, pk), actor=request.membership.user)
    except services.DeleteRefused as refused:
        raise HttpError(409, refused.message) from None
    return Status(204, None)


@router.get("/relationships", response=list[RelationshipOut])
@paginate(LimitOffsetPagination)
def list_relationships(request: OrgRequest, tier: int | None = None) -> Any:
    qs = Relationship.objects.filter(organisation=_org(request)).order_by("id")
    return qs.filter(tier=tier) if tier else qs


def _relationship_fields(request: OrgRequest, payload: RelationshipIn) -> dict[str, Any]:
    """Resolve ids inside the caller's organisation (another tenant's id is a 404)."""
    data = payload.dict()
    data["supplier"] = _supplier(request, data.pop("supplier_id"))
    buyer_id = data.pop("buyer_supplier_id")
    data["buyer_supplier"] = _supplier(request, buyer_id) if buyer_id else None
    data["currency"] = (data["currency"] or "").upper()
    return data


def _relationship(request: OrgRequest, pk: int) -> Relationship:
    try:
        return selectors.relationship_get(organisation=_org(request), pk=pk)
    except Relationship.DoesNotExist:
        raise HttpError(404, "Not found.") from None


@router.post("/relationships", response={201: RelationshipOut})
def create_relationship(request: OrgRequest, payload: RelationshipIn) -> Any:
    _need(request, "edit")
    data = _relationship_fields(request, payload)
    try:
        rel = services.relationship_create(organisation=_org(request), actor=request.membership.user, **data)
    except ValidationError as exc:
        raise _fail(exc) from None
    return Status(201, rel)


@router.get("/relationships/{pk}", response=RelationshipOut)
def get_relationship(request: OrgRequest, pk: int) -> Any:
    return _relationship(request, pk)


@router.put("/relationships/{pk}", response=RelationshipOut)
def update_relationship(request: OrgRequest, pk: int, payload: RelationshipIn) -> Any:
    _need(request, "edit")
    rel = _relationship(request, pk)
    data = _relationship_fields(request, payload)
    try:
        return services.relationship_update(relationship=rel, actor=request.membership.user, **data)
    except ValidationError as exc:
        raise _fail(exc) from None


@router.delete("/relationships/{pk}", response={204: None})
def delete_relationship(request: OrgRequest, pk: int) -> Any:
    _need(request, "edit")
    rel = _relationship(request, pk)
    services.relationship_delete(relationship=rel, actor=request.membership.user)
    return Status(204, None)
