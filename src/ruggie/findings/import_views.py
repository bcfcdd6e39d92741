"""Import audit results from the web: upload, see what would happen, then commit.

Audit files are short (tens to hundreds of rows), so the file waits in the user's
session between the preview and the commit instead of in a background job.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.findings.audit_import import import_audit
from ruggie.findings.domain.audit_results import AUDIT_COLUMNS
from ruggie.findings.forms import AuditUploadForm

SESSION_KEY = "findings_audit_upload"
MAX_PREVIEW_BYTES = 5 * 1024 * 1024


@requires("import")
def upload(request: OrgRequest) -> HttpResponse:
    form = AuditUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > MAX_PREVIEW_BYTES:
            form.add_error(
                "file", _("Audit files over 5 MB are imported with `ruggie findings import-audit`.")
            )
        else:
            data = f.read()
            mode = form.cleaned_data["mode"]
            report = import_audit(
                organisation=request.organisation,
                actor=request.user,
                data=data,
                filename=f.name,
                mode=mode,
                dry_run=True,
            )
            if not report.error or report.rejected:
                request.session[SESSION_KEY] = {
                    "name": f.name[:255],
                    "mode": mode,
                    "data": base64.b64encode(data).decode("ascii"),
                    "organisation": request.organisation.pk,
                }
            return render(
                request,
                "findings/import_preview.html",
                {
                    "report": report,
                    "mode": mode,
                    "filename": f.name,
                    "fields": AUDIT_COLUMNS.fields,
                    "can_commit": not report.error and (report.created or report.updated or report.unchanged),
                },
            )
    return render(
        request, "findings/import_upload.html", {"form": form, "fields": AUDIT_COLUMNS.fields.values()}
    )


@requires("import")
def commit(request: OrgRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if request.method != "POST" or not pending or pending.get("organisation") != request.organisation.pk:
        messages.error(request, _("Nothing to import: upload the audit file again."))
        return redirect("findings:import_upload")
    report = import_audit(
        organisation=request.organisation,
        actor=request.user,
        data=base64.b64decode(pending["data"]),
        filename=pending["name"],
        mode=pending["mode"],
    )
    del request.session[SESSION_KEY]
    return render(request, "findings/import_result.html", {"report": report, "filename": pending["name"]})
