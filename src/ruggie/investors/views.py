"""The investor's portfolio page and its holdings upload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.investors import services
from ruggie.investors.disclosures import framework as framework_of
from ruggie.investors.disclosures import framework_choices, framework_code
from ruggie.investors.domain.holdings import HOLDING_COLUMNS


@requires("view")
def portfolio(request: OrgRequest) -> HttpResponse:
    report = None
    framework = framework_code(request.GET.get("framework"))
    if request.method == "POST":
        if not request.membership.can("import"):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a holdings file (CSV, TSV or .xlsx)."))
            return redirect("investors:portfolio")
        if (upload.size or 0) > 20 * 1024 * 1024:
            messages.error(request, _("The file is larger than 20 MB."))
            return redirect("investors:portfolio")
        report = services.holdings_import(
            organisation=request.organisation, actor=request.user, data=upload.read(),
            filename=str(upload.name or "holdings"),
        )  # fmt: skip
        if not report.error:
            messages.success(request, _("Portfolio replaced: %(n)s holdings.") % {"n": report.stored})
            return redirect("investors:portfolio")
    return render(
        request,
        "investors/portfolio.html",
        {
            "p": services.portfolio(request.organisation, framework),
            "framework": framework,
            "frameworks": framework_choices(),
            "report": report,
            "columns": HOLDING_COLUMNS.fields.values(),
        },
        status=400 if report is not None else 200,
    )


@requires("export")
def portfolio_export(request: OrgRequest) -> HttpResponse:
    framework = framework_code(request.GET.get("framework"))
    data = services.portfolio_workbook(
        services.portfolio(request.organisation, framework), framework_of(framework).name
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="portfolio.xlsx"'
    return response
