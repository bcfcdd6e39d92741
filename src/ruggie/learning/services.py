"""Taking a module, and who has completed which: in the organisation itself and in the supplier
organisations linked to its register (a buyer sees its suppliers' people learning too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ruggie.accounts.models import Membership, Organisation
from ruggie.learning.domain.modules import Module, Result, grade, modules
from ruggie.learning.models import ModuleAttempt
from ruggie.register.models import Supplier


def attempt(
    *, user: Any, organisation: Organisation, module: Module, answers: dict[int, int | None]
) -> Result:
    result = grade(module, answers)
    ModuleAttempt.objects.create(
        user=user, organisation=organisation, module=module.code, version=module.version,
        score=result.score, total=len(module.questions), passed=result.passed,
    )  # fmt: skip
    return result


def completed_by(user: Any) -> dict[str, datetime]:
    """Module code -> when this person first passed it."""
    out: dict[str, datetime] = {}
    for code, at in (
        ModuleAttempt.objects.filter(user=user, passed=True).order_by("at").values_list("module", "at")
    ):
        out.setdefault(code, at)
    return out


@dataclass
class PersonProgress:
    email: str
    organisation: str
    is_supplier: bool
    done: dict[str, datetime] = field(default_factory=dict)


def progress(organisation: Organisation) -> list[PersonProgress]:
    """Everyone in the organisation and in its linked supplier organisations, with the modules
    each has passed. Only names of people and modules: never their answers."""
    supplier_orgs = set(
        Supplier.objects.filter(organisation=organisation, account__isnull=False).values_list(
            "account_id", flat=True
        )
    )
    people: dict[tuple[int, int], PersonProgress] = {}
    members = Membership.objects.filter(organisation_id__in={organisation.pk, *supplier_orgs}).select_related(
        "user", "organisation"
    )
    for m in members:
        people[(m.user_id, m.organisation_id)] = PersonProgress(
            m.user.email, m.organisation.name, m.organisation_id != organisation.pk
        )
    passed = ModuleAttempt.objects.filter(
        organisation_id__in={organisation.pk, *supplier_orgs}, passed=True
    ).order_by("at")
    for user_id, org_id, code, at in passed.values_list("user_id", "organisation_id", "module", "at"):
        person = people.get((user_id, org_id))
        if person is not None and code in modules():
            person.done.setdefault(code, at)
    return sorted(people.values(), key=lambda p: (p.is_supplier, p.organisation, p.email))
