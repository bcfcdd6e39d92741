"""Background scoring, run by the django-tasks worker (`ruggie db_worker`)."""

from __future__ import annotations

from django_tasks import task

from ruggie.accounts.models import Organisation
from ruggie.risk.services import score_organisation


@task()
def score_organisation_task(organisation_id: int, trigger: str) -> int:
    organisation = Organisation.objects.get(pk=organisation_id)
    return score_organisation(organisation=organisation, actor=None, trigger=trigger).pk
