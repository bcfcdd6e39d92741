"""Import pages: upload -> (map columns) -> preview -> commit -> result.

Small files are committed in the request; large ones run as a background task and the
result page refreshes itself (a meta refresh: no JavaScript needed) until done.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.core.errors import FileRefused
from ruggie.register import importing, selectors
from ruggie.register.domain.columns import FIELDS
from ruggie.register.domain.countries import country_name
from ruggie.register.domain.tabular import read_table
from ruggie.register.forms import ImportUploadForm, mapping_form
from ruggie.register.models import ImportJob, ImportStatus
from ruggie.register.tasks import import_suppliers_task, run_job

PREVIEW_ROWS = 20


def _job(request: OrgRequest, pk: int) -> ImportJob:
    try:
        return selectors.import_job_get(organisation=request.organisation, pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


@requires("import")
def upload(request: OrgRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        try:
            table = read_table(data, f.name)
        except FileRefused as exc:
            form.add_error("file", exc.message)
        else:
            mapping = importing.mapping_from_dict(table, None)
            job = ImportJob.objects.create(
                organisation=request.organisation,
                uploaded_by=request.user,
                filename=f.name[:255],
                content=data,
                mapping=mapping.columns,
                total=len(table.rows),
            )
            if mapping.missing_required() or mapping.unsure:
                return redirect("register:import_map", pk=job.pk)
            return redirect("register:import_preview", pk=job.pk)
    jobs = selectors.import_job_list(organisation=request.organisation)[:10]
    return render(request, "register/import_upload.html", {"form": form, "jobs": jobs})


@requires("import")
def map_columns(request: OrgRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    table = read_table(bytes(job.content), job.filename)
    guess = importing.mapping_from_dict(table, None)
    Form = mapping_form(table.header, job.mapping or guess.columns)
    form = Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job.mapping = {v: int(k[4:]) for k, v in form.cleaned_data.items() if v}
        job.save(update_fields=["mapping"])
        return redirect("register:import_preview", pk=job.pk)
    samples = [[row[i] if i < len(row) else "" for row in table.rows[:3]] for i in range(len(table.header))]
    columns = [(form[f"col_{i}"], samples[i], i in guess.unsure.values()) for i in range(len(table.header))]
    return render(
        request,
        "register/import_map.html",
        {
            "job": job,
            "form": form,
            "columns": columns,
            "table": table,
            "fields": FIELDS.values(),
        },
    )


@requires("import")
def preview(request: OrgRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        return redirect("register:import_result", pk=job.pk)
    table = read_table(bytes(job.content), job.filename)
    colmap = importing.mapping_from_dict(table, job.mapping)
    if colmap.missing_required():
        return redirect("register:import_map", pk=job.pk)
    plan = importing.plan(organisation=job.organisation, table=table, mapping=colmap)
    report = importing.report_for(plan, len(table.rows), table, colmap)
    if request.method == "POST":
        job.decisions = {d.id: request.POST.get(f"merge_{d.id}") == "yes" for d in plan.duplicates}
        job.mode = "all_or_nothing" if request.POST.get("mode") == "all_or_nothing" else "valid_only"
        job.status = ImportStatus.QUEUED
        job.save(update_fields=["decisions", "mode", "status"])
        if len(table.rows) >= settings.RUGGIE_BACKGROUND_IMPORT_ROWS:
            import_suppliers_task.enqueue(job.pk)
            messages.info(request, _("The import runs in the background. This page shows its progress."))
        else:
            run_job(job.pk)
        return redirect("register:import_result", pk=job.pk)
    job.status = ImportStatus.PREVIEWED
    job.save(update_fields=["status"])
    groups = list(plan.groups.values())[:PREVIEW_ROWS]
    return render(
        request,
        "register/import_preview.html",
        {
            "job": job,
            "report": report,
            "groups": groups,
            "plan": plan,
            "mapping": [(FIELDS[f].label, table.header[i]) for f, i in colmap.columns.items()],
            "ignored": [table.header[i] for i in colmap.unmapped if table.header[i]],
            "country_name": country_name,
            "rejected_row_count": len(plan.rejected_rows()),
            "table": table,
        },
    )


@requires("import")
def result(request: OrgRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(
        request,
        "register/import_result.html",
        {
            "job": job,
            "report": job.report,
            "running": running,
        },
    )
