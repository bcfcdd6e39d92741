"""Uploads on /register/import/: hostile or wrong files are refused with a readable message
before anything is stored; files are recognised by their bytes, not their names."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from ruggie.register.models import ImportJob, ImportStatus, Supplier

URL = "/register/import/"
GOOD_CSV = b"Supplier name,Country\nHanoi Garments,Viet Nam\nDhaka Knit,BD\n"


def _xlsx_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Supplier name", "Country"])
    ws.append(["Hanoi Garments", "Viet Nam"])
    ws.append(["Dhaka Knit", "BD"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a spreadsheet")
        z.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    return buf.getvalue()


def _upload(client: Client, data: bytes, name: str) -> object:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def _file_error(response: object) -> str:
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"  # type: ignore[attr-defined]
    errors = response.context["form"].errors.get("file")  # type: ignore[attr-defined]
    assert errors, "expected an error on the file field"
    message = " ".join(errors)
    assert message in response.content.decode() or message.replace("'", "&#x27;") in response.content.decode()  # type: ignore[attr-defined]
    return message


REFUSED = [
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "suppliers.pdf", "PDF", id="pdf"),
    pytest.param(b"%PDF-1.4\n" + os.urandom(200), "suppliers.csv", "PDF", id="pdf-named-csv"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64), "suppliers.png", "image",
                 id="png"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + os.urandom(64), "suppliers.xlsx", "image", id="png-named-xlsx"),
    pytest.param(_zip_bytes(), "suppliers.zip", "zip", id="zip"),
    pytest.param(_zip_bytes(), "suppliers.xlsx", "zip", id="zip-named-xlsx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "suppliers.xls", ".xls", id="old-xls"),
    pytest.param(b"PK\x03\x04" + os.urandom(300), "suppliers.xlsx", "damaged", id="truncated-xlsx"),
    pytest.param(bytes(range(256)) * 8, "suppliers.csv", "does not look like", id="binary-garbage-csv"),
    pytest.param(b"\x00\x01\x02\x03\x04\x05\x06\x07" * 100, "suppliers.csv", "does not look like",
                 id="control-bytes-csv"),
    pytest.param(b"<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table></body></html>",
                 "suppliers.csv", "web page", id="html-named-csv"),
    pytest.param(b"\x1f\x8b\x08\x00" + os.urandom(64), "suppliers.csv.gz", "archive", id="gzip"),
    pytest.param(b"   \r\n\r\n  \n", "suppliers.csv", "empty", id="whitespace-only"),
]


@pytest.mark.parametrize(("data", "name", "hint"), REFUSED)
def test_wrong_files_are_refused_with_a_readable_message(analyst_client: Client, data: bytes, name: str,
                                                         hint: str) -> None:
    message = _file_error(_upload(analyst_client, data, name))
    assert hint.lower() in message.lower()
    assert "Traceback" not in message and "Error:" not in message
    assert not ImportJob.objects.exists()
    assert not Supplier.objects.exists()


def test_empty_file_is_refused(analyst_client: Client) -> None:
    message = _file_error(_upload(analyst_client, b"", "suppliers.csv"))
    assert "empty" in message.lower()
    assert not ImportJob.objects.exists()


def test_missing_file_is_refused(analyst_client: Client) -> None:
    # A browser always sends the CSRF field along, so the form is bound even without a file.
    response = analyst_client.post(URL, {"csrfmiddlewaretoken": "not-checked-by-the-test-client"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_too_large_file_is_refused(analyst_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RUGGIE_MAX_UPLOAD_BYTES = 1024
    data = GOOD_CSV + b"".join(f"Supplier {i},VN\n".encode() for i in range(200))
    assert len(data) > 1024
    message = _file_error(_upload(analyst_client, data, "big.csv"))
    assert "larger than" in message
    assert "smaller" in message
    assert not ImportJob.objects.exists()
    assert not Supplier.objects.exists()
    # Control: a file under the limit is accepted.
    assert _upload(analyst_client, GOOD_CSV, "small.csv").status_code == 302


def test_too_large_message_names_the_limit(analyst_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RUGGIE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    data = GOOD_CSV + b"x" * (2 * 1024 * 1024)
    message = _file_error(_upload(analyst_client, data, "big.csv"))
    assert "2.0\xa0MB" in message or "2.0 MB" in message


def test_good_csv_goes_to_preview_and_imports(analyst_client: Client) -> None:
    response = _upload(analyst_client, GOOD_CSV, "suppliers.csv")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/register/import/{job.pk}/preview/"
    preview = analyst_client.get(response["Location"])
    assert preview.status_code == 200
    assert "Hanoi Garments" in preview.content.decode()
    assert not Supplier.objects.exists()  # nothing stored before the commit
    commit = analyst_client.post(response["Location"], {"mode": "valid_only"})
    assert commit.status_code == 302
    assert commit["Location"] == f"/register/import/{job.pk}/"
    assert sorted(Supplier.objects.values_list("name", "country")) == [("Dhaka Knit", "BD"),
                                                                      ("Hanoi Garments", "VN")]
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert analyst_client.get(commit["Location"]).status_code == 200


def test_xlsx_named_csv_is_read_by_content(analyst_client: Client) -> None:
    response = _upload(analyst_client, _xlsx_bytes(), "suppliers.csv")
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    preview = analyst_client.get(f"/register/import/{job.pk}/preview/")
    assert preview.status_code == 200
    assert "Hanoi Garments" in preview.content.decode()
    analyst_client.post(f"/register/import/{job.pk}/preview/", {"mode": "valid_only"})
    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["Dhaka Knit", "Hanoi Garments"]


def test_csv_named_xlsx_is_read_by_content(analyst_client: Client) -> None:
    response = _upload(analyst_client, GOOD_CSV, "suppliers.xlsx")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    analyst_client.post(f"/register/import/{job.pk}/preview/", {"mode": "valid_only"})
    assert Supplier.objects.count() == 2


def test_path_in_filename_is_not_kept(analyst_client: Client) -> None:
    response = _upload(analyst_client, GOOD_CSV, "../../../etc/passwd.csv")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert "/" not in job.filename and "\\" not in job.filename and ".." not in job.filename


def test_formula_cells_in_upload_are_stored_as_text(analyst_client: Client) -> None:
    data = b'Supplier name,Country,Registration number\n"=HYPERLINK(""http://evil.example"")",VN,"=1+1"\n'
    response = _upload(analyst_client, data, "suppliers.csv")
    job = ImportJob.objects.get()
    analyst_client.post(response["Location"], {"mode": "valid_only"})
    job.refresh_from_db()
    supplier = Supplier.objects.get()
    assert supplier.registration_id == "=1+1"  # kept verbatim as text, never evaluated
    assert supplier.name.startswith("=HYPERLINK")
