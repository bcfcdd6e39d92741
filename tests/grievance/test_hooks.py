"""Reports by SMS, WhatsApp or hotline through the provider webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import urlencode

from django.test import Client

from ruggie.grievance import services
from ruggie.grievance.domain.messaging import consent_given, normalise_number, twilio_signature
from ruggie.grievance.models import Case, CaseMessage
from tests.grievance.conftest import World

SECRET = "provider-shared-secret-123"
NUMBER = "+880 1711-000000"


def _json(world: World, payload: dict[str, object], secret: str = SECRET) -> Any:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return Client().post(
        f"/hooks/grievance/{world.channel.token}/json/", body, content_type="application/json",
        headers={"X-Ruggie-Signature": signature},
    )  # fmt: skip


def _twilio(world: World, params: dict[str, str], token: str = SECRET) -> Any:
    url = f"http://testserver/hooks/grievance/{world.channel.token}/twilio/"
    return Client().post(
        url, urlencode(params), content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": twilio_signature(url, params, token)},
    )  # fmt: skip


def test_a_signed_json_message_opens_a_case_and_the_next_one_continues_it(world: World) -> None:
    services.channel_secret_set(channel=world.channel, actor=None, secret=SECRET)
    first = _json(world, {"from": NUMBER, "text": "No pay since May.", "consent": True, "language": "bn"})
    data = first.json()
    assert first.status_code == 200 and data["new"] and len(data["receipt"]) == 28
    case = Case.objects.get()
    assert case.channel_kind == "web" or case.channel_kind == world.channel.kind
    assert case.phone_digest and b"1711" not in bytes(case.sealed_phone) and not case.anonymous
    # The whole number, not a fragment: a hex digest holds "1711" by chance about once in 1,000 runs.
    assert "8801711000000" not in case.phone_digest and case.language == "bn"
    again = _json(world, {"from": "+8801711000000", "text": "Still nothing.", "consent": True})
    assert again.json()["new"] is False
    assert Case.objects.count() == 1 and CaseMessage.objects.filter(case=case, author="reporter").count() == 1


def test_without_consent_no_number_is_kept_and_the_receipt_continues_the_case(world: World) -> None:
    services.channel_secret_set(channel=world.channel, actor=None, secret=SECRET)
    receipt = _json(world, {"from": NUMBER, "text": "Forced overtime.", "consent": False}).json()["receipt"]
    case = Case.objects.get()
    assert case.phone_digest == "" and bytes(case.sealed_phone) == b"" and case.anonymous
    _json(world, {"from": NUMBER, "text": f"{receipt} It happened again on Sunday.", "consent": False})
    assert Case.objects.count() == 1
    page = Client().post(f"/g/{world.channel.token}/case/", {"receipt": receipt}).content.decode()
    assert "It happened again on Sunday." in page


def test_unsigned_or_wrongly_signed_posts_are_refused(world: World) -> None:
    services.channel_secret_set(channel=world.channel, actor=None, secret=SECRET)
    assert _json(world, {"from": NUMBER, "text": "x"}, secret="guess").status_code == 403
    assert Client().post(f"/hooks/grievance/{world.channel.token}/json/", "{}",
                         content_type="application/json").status_code == 403  # fmt: skip
    assert _twilio(world, {"From": NUMBER, "Body": "x"}, token="guess").status_code == 403
    assert not Case.objects.exists()


def test_a_channel_without_a_secret_takes_no_messages(world: World) -> None:
    assert _json(world, {"from": NUMBER, "text": "x"}).status_code == 403


def test_twilio_sms_with_keep_opens_a_case_and_answers_in_twiml(world: World) -> None:
    services.channel_secret_set(channel=world.channel, actor=None, secret=SECRET)
    params = {
        "From": "whatsapp:+8801711000000",
        "Body": "KEEP Guards lock the gate at night",
        "MessageSid": "SM1",
    }
    response = _twilio(world, params)
    body = response.content.decode()
    assert response.status_code == 200 and "<Response><Message>Your report is received" in body
    case = Case.objects.get()
    assert case.phone_digest and not case.anonymous
    staff = services.staff_view(case=case, actor=None)
    assert staff.text == "Guards lock the gate at night"
    _twilio(world, {"From": "+8801711000000", "Body": "And the fire exit too"})
    assert CaseMessage.objects.filter(case=case).count() == 1


def test_numbers_and_consent_words_are_read_as_people_write_them() -> None:
    assert normalise_number("whatsapp:+880 1711-000000") == normalise_number("+8801711000000")
    assert consent_given("keep: my pay is late") == (True, "my pay is late")
    assert consent_given("My pay is late") == (False, "My pay is late")
