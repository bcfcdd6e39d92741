"""Django admin for operators (superusers): all tenants, so only for the people running ruggie."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ruggie.accounts.models import ApiToken, Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["slug", "name", "kind", "created_at"]
    search_fields = ["slug", "name"]
    list_filter = ["kind"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__slug"]


admin.site.register(User, UserAdmin)
admin.site.register(
    ApiToken,
    list_display=["name", "prefix", "membership", "created_at", "revoked_at"],
    exclude=["token_hash"],
)
