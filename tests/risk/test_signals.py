"""A committed change to the register queues a scoring run for the worker."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django_tasks_db.models import DBTaskResult

from ruggie.accounts.models import Membership, Organisation
from ruggie.register.services import site_delete, site_update
from ruggie.risk.models import RiskRun
from ruggie.risk.tasks import score_organisation_task
from tests.risk.conftest import RiskRegister


def test_a_committed_site_edit_queues_scoring(
    org: Organisation,
    analyst: Membership,
    risk_register: RiskRegister,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert not DBTaskResult.objects.exists()  # the fixture's creations never committed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site_update(site=risk_register.dhaka, actor=analyst.user, migrant_share=Decimal("0.40"))
    assert len(callbacks) >= 1
    task = DBTaskResult.objects.get()
    assert task.task_path == score_organisation_task.module_path
    assert task.args_kwargs == {"args": [org.pk, "site"], "kwargs": {}}
    assert task.status == "READY"
    assert not RiskRun.objects.exists()  # queued, not run in the request


def test_a_deleted_site_queues_scoring_too(
    org: Organisation,
    analyst: Membership,
    risk_register: RiskRegister,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        site_delete(site=risk_register.berlin, actor=analyst.user)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [org.pk, "site"]


def test_nothing_is_queued_when_the_change_rolls_back(
    analyst: Membership, risk_register: RiskRegister, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_update(site=risk_register.dhaka, actor=analyst.user, headcount=900)
    assert callbacks and not DBTaskResult.objects.exists()  # only on commit


def test_the_task_scores_the_organisation(org: Organisation, risk_register: RiskRegister) -> None:
    run_id = score_organisation_task.call(org.pk, "site")
    run = RiskRun.objects.get(pk=run_id)
    assert run.organisation == org and run.trigger == "site" and run.sites == 3
