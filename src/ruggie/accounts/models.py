"""Tenants (organisations), the people in them and their roles.

Every row of tenant data elsewhere carries an ``organisation`` foreign key; selectors
take ``organisation=`` so that scoping has one home.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company (buyer)")
    SUPPLIER = "supplier", _("Supplier")
    INVESTOR = "investor", _("Investor")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer")
    HANDLER = "handler", _("Grievance handler")


# Which roles may do what. Least privilege: viewers read, analysts change the register,
# admins also manage people, tokens and see the audit log.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({"view"}),
    Role.ANALYST: frozenset({"view", "edit", "import", "export"}),
    Role.ADMIN: frozenset({"view", "edit", "import", "export", "admin", "audit", "cases"}),
    # Handlers read and handle grievance cases and see the register to link them; they
    # change nothing else. Analysts and viewers never read a case's content.
    Role.HANDLER: frozenset({"view", "cases"}),
}


class Organisation(models.Model):
    slug = models.SlugField(
        unique=True, max_length=64, help_text="Short unique name used in URLs and the CLI."
    )
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmailUserManager(UserManager["User"]):
    def create_user(self, username=None, email=None, password=None, **extra):  # type: ignore[no-untyped-def,override]
        email = self.normalize_email(email or username)
        return super().create_user(username=email, email=email, password=password, **extra)


class User(AbstractUser):
    """A person. Signs in with their e-mail address (stored as the username)."""

    objects = EmailUserManager()  # type: ignore[misc]

    def memberships_list(self) -> list[Membership]:
        return list(self.memberships.select_related("organisation").order_by("organisation__name"))


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


def hash_token(raw: str) -> str:
    # API tokens carry 256 bits of randomness, so a fast keyed-free hash resists guessing;
    # only the hash is stored, the raw token is shown once.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token, bound to one membership (user + organisation)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise the token.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "rgg_" + secrets.token_urlsafe(32)
