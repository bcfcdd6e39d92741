"""Organisations, people, roles and API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggie.accounts.models import ApiToken, Membership, Organisation, Role, User, hash_token
from ruggie.audit.models import EventType
from ruggie.audit.services import record


@transaction.atomic
def organisation_create(*, slug: str, name: str, kind: str, actor: Any = None) -> Organisation:
    org = Organisation(slug=slug, name=name, kind=kind)
    org.full_clean()
    org.save()
    record(
        organisation=org,
        actor=actor,
        event_type=EventType.ORGANISATION_CREATED,
        target=org,
        changes={"slug": [None, slug], "kind": [None, kind]},
    )
    return org


@transaction.atomic
def membership_set(
    *, email: str, organisation: Organisation, role: str, password: str | None = None, actor: Any = None
) -> Membership:
    """Add a person to an organisation with a role (creating the user if new)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role '{role}'. Use one of: {', '.join(Role.values)}.")
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(username__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=password)
        if password is None:
            user.set_unusable_password()
            user.save()
    elif password:
        user.set_password(password)
        user.save()
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if created:
        record(
            organisation=organisation,
            actor=actor,
            event_type=EventType.MEMBERSHIP_CREATED,
            target=membership,
            changes={"user": [None, email], "role": [None, role]},
        )
    elif membership.role != role:
        old = membership.role
        membership.role = role
        membership.save()
        record(
            organisation=organisation,
            actor=actor,
            event_type=EventType.MEMBERSHIP_CHANGED,
            target=membership,
            changes={"role": [old, role]},
        )
    return membership


@transaction.atomic
def api_token_create(*, membership: Membership, name: str, actor: Any = None) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        membership=membership, name=name[:100], prefix=raw[:10], token_hash=hash_token(raw)
    )
    record(
        organisation=membership.organisation,
        actor=actor or membership.user,
        event_type=EventType.API_TOKEN_CREATED,
        target=token,
        changes={"name": [None, name]},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        organisation=token.membership.organisation,
        actor=actor,
        event_type=EventType.API_TOKEN_REVOKED,
        target=token,
    )


def api_token_authenticate(raw: str) -> Membership | None:
    token = (
        ApiToken.objects.select_related("membership__organisation", "membership__user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.membership.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.membership
