"""The grievance journey on a cheap phone, in Arabic (right to left): a worker reports
anonymously and keeps the code; a handler opens the case and asks a question; the worker
comes back with the code, reads the question and answers it. Nothing is kept in the
worker's browser.

Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.grievance.domain.sealing import new_case_key
from ruggie.grievance.models import Case, Channel
from ruggie.register.services import site_create, supplier_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}  # fmt: skip
REPORT = (
    "المشرف يأخذ جوازات سفرنا ولا يعيدها"  # "The supervisor takes our passports and does not return them"
)
QUESTION = "Since when, and how many workers?"
ANSWER = "منذ مارس، نحو عشرين عاملا"  # "Since March, about twenty workers"


@pytest.fixture
def channel(settings: Any) -> Channel:
    settings.RUGGIE_CASE_KEY = base64.b64encode(new_case_key()).decode()
    org = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    membership_set(email="handler@acme.example", organisation=org, role="handler", password=PASSWORD)
    supplier = supplier_create(organisation=org, actor=None, name="Gulf Garments LLC", country="JO")
    site = site_create(
        supplier=supplier, actor=None, name="Gulf Garments, Al Hassan", country="JO", headcount=900
    )
    return Channel.objects.create(organisation=org, site=site, name=site.name)


def test_report_in_arabic_come_back_and_answer_the_handler(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, channel: Channel
) -> None:
    worker = new_page(**PHONE)
    weights: dict[str, int] = {}
    worker.on("response", lambda r: weights.__setitem__(r.url, len(r.body())) if r.ok else None)
    worker.goto(f"/g/{channel.token}/?lang=ar")
    assert worker.locator("html").get_attribute("dir") == "rtl"
    worker.get_by_role("heading", level=1, name="أخبرنا عن مشكلة").wait_for()
    assert sum(weights.values()) < 50_000, weights
    assert not any(url.endswith(".js") for url in weights)
    axe_check(worker, "grievance report, Arabic, phone")
    worker.get_by_label("لست حرًا في المغادرة: أوراقك محتجزة، ديون، محبوس").check()
    worker.get_by_label("ماذا حدث؟ أين ومتى؟ من المتضرر؟").fill(REPORT)
    shot(worker, "95-grievance-report-ar")
    worker.get_by_role("button", name="إرسال").click()
    worker.get_by_role("heading", level=1, name="تم إرسال بلاغك. احتفظ بهذا الرمز").wait_for()
    receipt = worker.locator("strong.link").inner_text()
    assert len(receipt.replace(" ", "")) == 28
    axe_check(worker, "grievance receipt, Arabic, phone")
    shot(worker, "96-grievance-receipt-ar")
    assert worker.context.cookies() == []

    handler = new_page()
    sign_in(handler, "handler@acme.example", PASSWORD)
    handler.goto("/grievance/")
    case = Case.objects.get()
    handler.get_by_role("link", name=case.reference).click()
    handler.get_by_text(REPORT).wait_for()
    axe_check(handler, "grievance case, handler")
    handler.get_by_label("Write to the reporter (they read it with their code)").fill(QUESTION)
    handler.get_by_label("This is a question for the reporter").check()
    handler.get_by_role("button", name="Send", exact=True).click()
    handler.get_by_text("Saved.").wait_for()
    shot(handler, "97-grievance-case-handler")

    back = new_page(**PHONE)
    back.goto(f"/g/{channel.token}/?lang=ar")
    back.get_by_label("الرمز الخاص بك").fill(receipt.lower())
    back.get_by_role("button", name="فتح").click()
    back.get_by_role("heading", level=1, name="بلاغك").wait_for()
    back.get_by_text(QUESTION).wait_for()
    back.get_by_text("طرحنا عليك سؤالًا. يرجى الإجابة أدناه.").wait_for()
    assert back.locator("html").get_attribute("dir") == "rtl"
    axe_check(back, "grievance case, reporter, Arabic")
    back.get_by_label("أضف معلومات أو أجب").fill(ANSWER)
    back.get_by_role("button", name="إرسال").click()
    back.get_by_text("شكرًا لك. تم حفظ إجابتك.").wait_for()
    back.get_by_text(ANSWER).wait_for()
    shot(back, "98-grievance-answered-ar")
    assert back.context.cookies() == []
    assert receipt.replace(" ", "") not in back.url

    handler.reload()
    handler.get_by_text(ANSWER).wait_for()
