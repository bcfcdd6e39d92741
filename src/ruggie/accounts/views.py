from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts import services
from ruggie.accounts.access import OrgRequest, requires
from ruggie.accounts.middleware import SESSION_KEY
from ruggie.accounts.models import ApiToken, Membership, Role
from ruggie.audit.selectors import audit_event_list


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
@login_required
def switch_organisation(request: OrgRequest) -> HttpResponse:
    wanted = request.POST.get("organisation", "")
    membership = Membership.objects.filter(
        # isdigit() alone accepts "²", which int() rejects; SQLite overflows past 2**63 (both a 500).
        user=request.user,
        organisation_id=wanted if wanted.isascii() and wanted.isdigit() and len(wanted) < 19 else -1,
    ).first()
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organisation_id
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    return redirect(nxt)


@requires("view")
def api_tokens(request: OrgRequest) -> HttpResponse:
    membership = request.membership
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            wanted = request.POST.get("revoke", "")
            token = ApiToken.objects.filter(
                membership=membership, pk=wanted if wanted.isascii() and wanted.isdigit() else -1
            ).first()
            if token is None:
                raise Http404
            services.api_token_revoke(token=token, actor=request.user)
            messages.success(request, _("Token revoked."))
        else:
            name = request.POST.get("name", "").replace("\x00", "").strip() or _("API token")
            _token, new_token = services.api_token_create(
                membership=membership, name=name, actor=request.user
            )
    tokens = ApiToken.objects.filter(membership=membership).order_by("-created_at")
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@requires("audit")
def audit_log(request: OrgRequest) -> HttpResponse:
    events = audit_event_list(organisation=request.organisation)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})


@requires("admin")
def members(request: OrgRequest) -> HttpResponse:
    """Admins add people to their organisation and set their roles."""
    org = request.organisation
    error = None
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        role = request.POST.get("role", "")
        if not email or "@" not in email or role not in Role.values:
            error = _("Give an e-mail address and a role.")
        elif email.casefold() == request.user.email.casefold() and role != Role.ADMIN:
            error = _("You cannot remove your own admin role; ask another admin.")
        else:
            services.membership_set(email=email, organisation=org, role=role, actor=request.user)
            messages.success(request, _("Saved. New people set their password with an administrator."))
            return redirect("accounts:members")
    people = Membership.objects.filter(organisation=org).select_related("user").order_by("user__email")
    return render(request, "accounts/members.html", {"people": people, "roles": Role.choices, "error": error})
