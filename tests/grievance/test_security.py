"""The grievance mechanism under attack: other tenants, the wrong roles, guessed receipts and
references, hostile text and files, forged forms, and the reporter's address."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.grievance import services
from ruggie.grievance.models import Case, ReceiptFailure
from tests.conftest import signed_in
from tests.grievance.conftest import World

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _report(token: str, text: str = "Unpaid overtime for 3 months.", **extra: object) -> str:
    body = Client().post(f"/g/{token}/", {"kind": "pay", "text": text, **extra}).content.decode()
    match = re.search(r'<strong class="link">([0-9A-Z ]+)</strong>', body)
    return match.group(1) if match else ""


def test_another_organisations_handler_cannot_see_or_reach_a_case(
    world: World, other_org: Organisation, make_member: Callable[..., Membership]
) -> None:
    _report(world.channel.token)
    case = Case.objects.get()
    rival = signed_in(make_member(other_org, "handler"))
    assert case.reference not in rival.get("/grievance/").content.decode()
    assert rival.get(f"/grievance/cases/{case.reference}/").status_code == 404
    assert (
        rival.post(
            f"/grievance/cases/{case.reference}/act/", {"action": "move", "to": "acknowledged"}
        ).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.state == "received"
    assert len(case.reference) >= 16 and not case.reference.isdigit()  # not enumerable


def test_a_receipt_opens_only_its_own_organisations_case(world: World) -> None:
    receipt = _report(world.channel.token)
    response = Client().post(f"/g/{world.rival_channel.token}/case/", {"receipt": receipt})
    assert response.status_code == 404 and "Unpaid overtime" not in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_analysts_and_viewers_never_read_cases(
    world: World, make_member: Callable[..., Membership], role: str
) -> None:
    _report(world.channel.token)
    case = Case.objects.get()
    client = signed_in(make_member(world.org, role))
    assert client.get("/grievance/").status_code == 403
    assert client.get(f"/grievance/cases/{case.reference}/").status_code == 403


def test_guessing_receipts_is_locked_out(world: World) -> None:
    receipt = _report(world.channel.token)
    for n in range(services.LOCK_AFTER):
        guess = f"{n:028d}"
        assert Client().post(f"/g/{world.channel.token}/case/", {"receipt": guess}).status_code == 404
    locked = Client().post(f"/g/{world.channel.token}/case/", {"receipt": receipt})
    assert locked.status_code == 429 and "Too many wrong codes" in locked.content.decode()
    # Another channel is not locked by this one's guesses.
    assert Client().post(f"/g/{world.rival_channel.token}/case/", {"receipt": "x"}).status_code == 404
    assert ReceiptFailure.objects.filter(channel=world.channel).count() == services.LOCK_AFTER


def test_hostile_text_is_escaped_for_reporter_and_handler(world: World) -> None:
    receipt = _report(world.channel.token, text=XSS, who="confidential", contact=XSS)
    case = Case.objects.get()
    for body in (
        world.handler_client.get(f"/grievance/cases/{case.reference}/").content.decode(),
        Client().post(f"/g/{world.channel.token}/case/", {"receipt": receipt}).content.decode(),
    ):
        assert XSS not in body and "&lt;script&gt;" in body


def test_disguised_programs_and_oversized_files_are_refused(world: World) -> None:
    program = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = Client().post(
        f"/g/{world.channel.token}/", {"kind": "pay", "text": "see photo", "files": program}
    )
    assert response.status_code == 400 and "not accepted" in response.content.decode()
    big = SimpleUploadedFile(
        "scan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf"
    )
    response = Client().post(f"/g/{world.channel.token}/", {"kind": "pay", "text": "see scan", "files": big})
    assert response.status_code == 400 and "10 MB" in response.content.decode()
    assert not Case.objects.exists()


def test_a_photo_is_stored_without_its_gps(world: World) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0xA431] = "SERIAL-998877"
    exif.get_ifd(0x8825)[2] = (23.0, 48.0, 0.0)
    raw = io.BytesIO()
    Image.new("RGB", (30, 30), (10, 120, 10)).save(raw, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("broken-guard.jpg", raw.getvalue(), content_type="image/jpeg")
    Client().post(f"/g/{world.channel.token}/", {"kind": "safety", "text": "blocked exit", "files": upload})
    case = Case.objects.get()
    attachment = case.attachments.get()
    assert b"SERIAL-998877" not in bytes(attachment.sealed_data)
    data = world.handler_client.get(f"/grievance/cases/{case.reference}/files/{attachment.pk}/")
    assert data["Content-Disposition"].startswith("attachment;") and b"SERIAL-998877" not in data.content
    assert data.content.startswith(b"\xff\xd8\xff")


def test_handler_forms_need_the_csrf_token(world: World) -> None:
    _report(world.channel.token)
    case = Case.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.handler.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/grievance/cases/{case.reference}/act/", {"action": "move", "to": "acknowledged"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "received"


def test_no_reporter_address_reaches_the_database_or_the_logs(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    address, agent = "203.0.113.77", "ReporterPhone/1.0 (Android 9; SM-J260)"
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent, HTTP_X_FORWARDED_FOR=address)
    client.post(f"/g/{world.channel.token}/", {"kind": "pay", "text": "Unpaid overtime."})
    client.post(f"/g/{world.channel.token}/case/", {"receipt": "0" * 28})
    assert Case.objects.count() == 1
    assert address not in caplog.text and "SM-J260" not in caplog.text
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                assert address not in text and "SM-J260" not in text, table
