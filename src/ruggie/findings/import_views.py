"""Import audit results from the web: upload, see what would happen, then commit.

Audit files are short (tens to hundreds of rows), so the file waits in the user's
session between the preview and the commit instead of in a background job.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.core.errors import FileRefused
from ruggie.findings.audit_import import AuditImportReport, import_audit, read
from ruggie.findings.domain.audit_results import AUDIT_COLUMNS
from ruggie.findings.forms import AuditUploadForm
from ruggie.register.forms import mapping_form

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
            request.session[SESSION_KEY] = {
                "name": f.name[:255],
                "mode": mode,
                "data": base64.b64encode(data).decode("ascii"),
                "organisation": request.organisation.pk,
                "mapping": None,
            }
            return _preview(request, report, f.name)
    return render(
        request, "findings/import_upload.html", {"form": form, "fields": AUDIT_COLUMNS.fields.values()}
    )


def _preview(request: OrgRequest, report: AuditImportReport, filename: str) -> HttpResponse:
    return render(
        request,
        "findings/import_preview.html",
        {
            "report": report,
            "filename": filename,
            "unsure": [AUDIT_COLUMNS.fields[n].label for n in report.unsure],
            "can_commit": not report.error and (report.created or report.updated or report.unchanged),
        },
    )


def _pending(request: OrgRequest) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("organisation") != request.organisation.pk:
        return None
    return dict(pending)


@requires("import")
def map_columns(request: OrgRequest) -> HttpResponse:
    """Say by hand which column holds what, then preview again."""
    pending = _pending(request)
    if pending is None:
        messages.error(request, _("Nothing to import: upload the audit file again."))
        return redirect("findings:import_upload")
    data = base64.b64decode(pending["data"])
    try:
        table, guessed = read(data, pending["name"])
    except FileRefused as refused:
        messages.error(request, refused.message)
        return redirect("findings:import_upload")
    initial = pending["mapping"] or {**guessed.unsure, **guessed.columns}
    form = mapping_form(table.header, initial, AUDIT_COLUMNS.fields)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = {v: int(k.removeprefix("col_")) for k, v in form.cleaned_data.items() if v}
        pending["mapping"] = chosen
        request.session[SESSION_KEY] = pending
        report = import_audit(
            organisation=request.organisation,
            actor=request.user,
            data=data,
            filename=pending["name"],
            mode=pending["mode"],
            mapping=chosen,
            dry_run=True,
        )
        return _preview(request, report, pending["name"])
    samples = [[row[i] for row in table.rows[:3] if i < len(row)] for i in range(len(table.header))]
    columns = [(form[f"col_{i}"], samples[i], False) for i in range(len(table.header))]
    return render(
        request,
        "findings/import_map.html",
        {"form": form, "columns": columns, "table": table, "filename": pending["name"]},
    )


@requires("import")
def commit(request: OrgRequest) -> HttpResponse:
    pending = _pending(request)
    if request.method != "POST" or pending is None:
        messages.error(request, _("Nothing to import: upload the audit file again."))
        return redirect("findings:import_upload")
    report = import_audit(
        organisation=request.organisation,
        actor=request.user,
        data=base64.b64decode(pending["data"]),
        filename=pending["name"],
        mode=pending["mode"],
        mapping=pending["mapping"],
    )
    del request.session[SESSION_KEY]
    return render(request, "findings/import_result.html", {"report": report, "filename": pending["name"]})
