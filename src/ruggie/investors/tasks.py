"""Background reading of long company documents, run by the django-tasks worker (`ruggie db_worker`)."""

from __future__ import annotations

from django_tasks import task

from ruggie.investors.disclosures import read_sentences
from ruggie.investors.models import Disclosure, Reading


@task()
def read_disclosure_task(disclosure_id: int) -> None:
    disclosure = Disclosure.objects.filter(pk=disclosure_id, reading=Reading.QUEUED).first()
    if disclosure is None:  # deleted, or already read by an earlier run of this task
        return
    try:
        read_sentences(disclosure, actor=disclosure.uploaded_by)
    except Exception:
        # The page must say so rather than show "being read" for ever; the sentences stay.
        Disclosure.objects.filter(pk=disclosure_id).update(reading=Reading.FAILED)
        raise
