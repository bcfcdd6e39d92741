"""A supplier's HR manager learns while doing: the step page says what the step asks and links a
module; she reads it, answers the questions (one wrong, then right), and her buyer sees the
completion. Pages are axe-checked and saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.learning.domain.modules import modules
from ruggie.register.models import Supplier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def people() -> None:
    buyer = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    supplier = organisation_create(slug="stitch", name="Saigon Stitch", kind="supplier")
    membership_set(email="ana@acme.example", organisation=buyer, role="analyst", password=PASSWORD)
    membership_set(email="hr@stitch.example", organisation=supplier, role="analyst", password=PASSWORD)
    Supplier.objects.create(organisation=buyer, name="Saigon Stitch Co", country="VN", account=supplier)


def test_step_page_module_and_progress(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, people: None
) -> None:
    page = new_page()
    sign_in(page, "hr@stitch.example", PASSWORD)
    page.goto("/steps/prevent/")
    page.get_by_role("heading", name="What this step asks").wait_for()
    axe_check(page, "step")
    shot(page, "130-step-prevent")
    page.get_by_role("link", name="Ethical recruitment and the Employer Pays Principle").click()
    m = modules()["employer_pays"]
    for i, q in enumerate(m.questions):
        wrong = (q.answer + 1) % len(q.choices)
        page.get_by_role("group", name=f"{i + 1}. {q.text}").get_by_label(
            q.choices[wrong if i < 2 else q.answer]
        ).check()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_text("1 of 3 right: read the explanations and try again.").wait_for()
    assert page.get_by_text("Not quite.").count() == 2
    for i, q in enumerate(m.questions):
        page.get_by_role("group", name=f"{i + 1}. {q.text}").get_by_label(q.choices[q.answer]).check()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_text("Module completed: 3 of 3 right.").wait_for()
    axe_check(page, "module")
    shot(page, "131-module")

    buyer = new_page()
    sign_in(buyer, "ana@acme.example", PASSWORD)
    buyer.goto("/learn/progress/")
    row = buyer.get_by_role("row", name="hr@stitch.example").inner_text()
    assert "Saigon Stitch" in row and "✓" in row
    axe_check(buyer, "progress")
    shot(buyer, "132-learning-progress")
