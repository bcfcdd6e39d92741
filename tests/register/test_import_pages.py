"""The import journey through the web pages: upload, map, preview, commit, background run."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from ruggie.register.models import ImportJob, ImportStatus, Supplier


def upload(client: Client, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/register/import/", {"file": SimpleUploadedFile(name, data)})


def job_id(response) -> int:  # type: ignore[no-untyped-def]
    return int(re.search(r"/import/(\d+)/", response["Location"]).group(1))  # type: ignore[union-attr]


def test_upload_preview_commit(analyst_client: Client, org) -> None:
    data = b"Supplier,Country,Employees\nAlpha Ltd,Viet Nam,10\nBeta SA,Narnia,5\n"
    r = upload(analyst_client, "list.csv", data)
    assert r.status_code == 302 and r["Location"].endswith("/preview/")
    pk = job_id(r)
    page = analyst_client.get(f"/register/import/{pk}/preview/").content.decode()
    assert "Nothing is stored yet" in page and "Narnia" in page and "Rows that need fixing" in page
    assert not Supplier.objects.exists()
    r = analyst_client.post(f"/register/import/{pk}/preview/", {"mode": "valid_only"})
    assert r.status_code == 302
    result = analyst_client.get(r["Location"]).content.decode()
    assert "1 new" in result and "Narnia" in result
    assert list(Supplier.objects.values_list("name", flat=True)) == ["Alpha Ltd"]
    assert ImportJob.objects.get(pk=pk).content == b""  # the file is not kept after import


def test_all_or_nothing_from_the_page(analyst_client: Client) -> None:
    r = upload(analyst_client, "list.csv", b"Supplier,Country\nAlpha Ltd,VN\nBeta,Narnia\n")
    pk = job_id(r)
    analyst_client.post(f"/register/import/{pk}/preview/", {"mode": "all_or_nothing"})
    assert not Supplier.objects.exists()
    assert ImportJob.objects.get(pk=pk).status == ImportStatus.FAILED


def test_unrecognised_headers_go_to_mapping(analyst_client: Client) -> None:
    r = upload(analyst_client, "odd.csv", b"Col A,Col B\nAlpha Ltd,Viet Nam\n")
    assert r["Location"].endswith("/map/")
    pk = job_id(r)
    page = analyst_client.get(r["Location"]).content.decode()
    assert "Match the columns" in page and "Alpha Ltd" in page
    bad = analyst_client.post(r["Location"], {"col_0": "supplier_name", "col_1": "supplier_name"})
    assert "Map each field once" in bad.content.decode()
    ok = analyst_client.post(r["Location"], {"col_0": "supplier_name", "col_1": "country"})
    assert ok["Location"].endswith("/preview/")
    analyst_client.post(f"/register/import/{pk}/preview/", {"mode": "valid_only"})
    assert Supplier.objects.get().country == "VN"


def test_declined_merge_keeps_both(analyst_client: Client, org) -> None:
    upload(analyst_client, "a.csv", b'Supplier,Country\n"Sunrise Garments Co., Ltd.",VN\n')
    first = ImportJob.objects.latest("pk")
    analyst_client.post(f"/register/import/{first.pk}/preview/", {"mode": "valid_only"})
    r = upload(analyst_client, "b.csv", b"Supplier,Country\nSunrise Garment Co. Ltd,VN\n")
    pk = job_id(r)
    page = analyst_client.get(f"/register/import/{pk}/preview/").content.decode()
    assert "Likely duplicates" in page and 'name="merge_2"' in page
    analyst_client.post(f"/register/import/{pk}/preview/", {"mode": "valid_only"})  # checkbox unticked
    assert Supplier.objects.filter(organisation=org).count() == 2


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between tasks
def test_large_import_runs_in_background(analyst_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RUGGIE_BACKGROUND_IMPORT_ROWS = 3
    rows = "".join(f"Supplier {i} Ltd,VN,{i}\n" for i in range(5))
    r = upload(analyst_client, "big.csv", ("Supplier,Country,Employees\n" + rows).encode())
    pk = job_id(r)
    r = analyst_client.post(f"/register/import/{pk}/preview/", {"mode": "valid_only"})
    running = analyst_client.get(r["Location"]).content.decode()
    assert "<progress" in running and 'http-equiv="refresh"' in running
    assert not Supplier.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job = ImportJob.objects.get(pk=pk)
    assert job.status == ImportStatus.DONE and job.progress == 100
    assert Supplier.objects.count() == 5
    done = analyst_client.get(r["Location"]).content.decode()
    assert "5 new" in done and "<progress" not in done


@pytest.mark.parametrize("role,status", [("viewer", 403), ("analyst", 200), ("admin", 200)])
def test_import_needs_import_permission(make_member, org, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import signed_in

    client = signed_in(make_member(org, role))
    assert client.get("/register/import/").status_code == status
