"""Background import, run by the django-tasks database worker (`ruggie db_worker`)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django_tasks import task

from ruggie.register.importing import run_import
from ruggie.register.models import ImportJob, ImportStatus


def run_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation", "uploaded_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress=0)

    def progress(percent: int, stage: str) -> None:
        # Inside the store transaction a write would stay invisible until the commit (and
        # on SQLite would hold the lock longer), so progress is written between stages.
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    try:
        report = run_import(
            organisation=job.organisation,
            actor=job.uploaded_by,
            data=bytes(job.content),
            filename=job.filename,
            mapping=job.mapping or None,
            mode=job.mode,
            merge={k: bool(v) for k, v in job.decisions.items()},
            progress=progress,
        )
    except Exception as exc:  # noqa: BLE001 - a user must see a message, never a stuck job
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            report={"error": f"The import stopped unexpectedly ({type(exc).__name__}). Nothing was stored."},
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE if report.committed else ImportStatus.FAILED,
        report=report.as_dict(),
        finished_at=timezone.now(),
        content=b"",
        progress=100,
        total=report.rows,
    )


@task()
def import_suppliers_task(job_id: int) -> None:
    run_job(job_id)
