"""Background screening, run by the django-tasks worker (`ruggie db_worker`)."""

from __future__ import annotations

from django_tasks import task

from ruggie.accounts.models import Organisation
from ruggie.screening.services import screen_organisation


@task()
def screen_organisation_task(organisation_id: int, trigger: str) -> int:
    organisation = Organisation.objects.get(pk=organisation_id)
    return screen_organisation(organisation=organisation, actor=None, trigger=trigger).hits
