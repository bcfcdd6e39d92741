"""The import service end to end on a real database: plan, preview counts, store, audit."""

from __future__ import annotations

import pytest

from ruggie.audit.models import AuditEvent, EventType
from ruggie.register.importing import run_import
from ruggie.register.models import Relationship, Site, Supplier

HEADER = (
    "Supplier name,Country,Site name,Address,Workers,% women,Tier,Sells to,Commodities,Tags,Registration ID\n"
)


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


GOOD = csv(
    "Dhaka Knit Co. Ltd.,Bangladesh,Unit 1,Tongi,3200,62%,1,,garments,strategic,C-1",
    "Dhaka Knit Co. Ltd.,BD,Unit 2,Tongi,850,35%,1,,textiles,strategic,C-1",
    "Saigon Stitch,Viet Nam,Factory,District 7,1450,71%,1,,garments,,",
    "Anatolia Tekstil A.Ş.,Türkiye,Bursa,Demirtas,600,40%,2,Dhaka Knit Co. Ltd.,cotton,,",
)


@pytest.mark.django_db
def test_import_creates_suppliers_sites_and_tiers(org) -> None:
    report = run_import(organisation=org, actor=None, data=GOOD, filename="list.csv")
    assert report.error is None and report.rejected == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    dhaka = Supplier.objects.get(organisation=org, registration_id="C-1")
    assert dhaka.country == "BD"
    assert sorted(dhaka.sites.values_list("name", flat=True)) == ["Unit 1", "Unit 2"]
    assert list(dhaka.tags.values_list("name", flat=True)) == ["strategic"]
    tier2 = Relationship.objects.get(supplier__name__startswith="Anatolia")
    assert tier2.tier == 2 and tier2.buyer_supplier == dhaka
    site = Site.objects.get(name="Factory")
    assert site.country == "VN" and site.headcount == 1450 and float(site.women_share) == pytest.approx(0.71)
    assert list(site.commodities.values_list("code", flat=True)) == ["garments"]


@pytest.mark.django_db
def test_reimport_is_unchanged_and_changes_are_updates(org) -> None:
    run_import(organisation=org, actor=None, data=GOOD, filename="list.csv")
    again = run_import(organisation=org, actor=None, data=GOOD, filename="list.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Supplier.objects.filter(organisation=org).count() == 3
    changed = csv("Saigon Stitch,Viet Nam,Factory 2,District 9,100,10%,1,,,,")
    report = run_import(organisation=org, actor=None, data=changed, filename="more.csv")
    assert (report.created, report.updated) == (0, 1)
    assert Site.objects.filter(supplier__name="Saigon Stitch").count() == 2


@pytest.mark.django_db
def test_rejected_rows_are_exact_and_never_half_stored(org) -> None:
    data = csv(
        "Good One,Viet Nam,,,10,10%,1,,,,",
        "Bad Country,Narnia,,,10,10%,1,,,,",
        "Bad Share,Viet Nam,,,10,150%,1,,,,",
        "Bad Seller,Viet Nam,,,10,10%,2,Nobody We Know,,,",
    )
    report = run_import(organisation=org, actor=None, data=data, filename="bad.csv")
    by_row = {(r["row"], r["field"]) for r in report.rejected}
    assert (3, "country") in by_row and (4, "women_share") in by_row and (5, "sells_to") in by_row
    assert all(r["reason"] and r["fix"] for r in report.rejected)
    assert list(Supplier.objects.filter(organisation=org).values_list("name", flat=True)) == ["Good One"]


@pytest.mark.django_db
def test_all_or_nothing_stores_nothing_when_a_row_is_bad(org) -> None:
    data = csv("Good One,Viet Nam,,,10,10%,1,,,,", "Bad,Narnia,,,1,1%,1,,,,")
    report = run_import(organisation=org, actor=None, data=data, filename="x.csv", mode="all_or_nothing")
    assert report.error and not report.committed
    assert not Supplier.objects.filter(organisation=org).exists()


@pytest.mark.django_db
def test_dry_run_stores_nothing(org) -> None:
    report = run_import(organisation=org, actor=None, data=GOOD, filename="x.csv", dry_run=True)
    assert report.created == 3 and not report.committed
    assert not Supplier.objects.exists()


@pytest.mark.django_db
def test_likely_duplicates_are_proposed_not_silently_created(org) -> None:
    run_import(
        organisation=org,
        actor=None,
        data=csv('"Sunrise Garments Co., Ltd.",Viet Nam,,,,,,,,,'),
        filename="a.csv",
    )
    twin = csv("SUNRISE GARMENTS COMPANY LIMITED,VN,,,,,,,,,", "Sunrise Garments Co Ltd,Cambodia,,,,,,,,,")
    preview = run_import(organisation=org, actor=None, data=twin, filename="b.csv", dry_run=True)
    # Same name after legal forms, same country: identity, so an update/unchanged, not a twin.
    # Same name in another country: a different supplier, never merged.
    assert preview.created == 1
    assert all(d["country"] != "KH" for d in preview.duplicates)
    near = csv("Sunrise Garment Co. Ltd,Viet Nam,,,,,,,,,")
    proposal = run_import(organisation=org, actor=None, data=near, filename="c.csv", dry_run=True)
    assert len(proposal.duplicates) == 1
    assert proposal.duplicates[0]["merge_into_name"] == "Sunrise Garments Co., Ltd."
    stored = run_import(organisation=org, actor=None, data=near, filename="c.csv")
    assert stored.created == 0
    merged = Supplier.objects.get(organisation=org, country="VN")
    assert "Sunrise Garment Co. Ltd" in merged.other_names
    kept = run_import(organisation=org, actor=None, data=near, filename="c.csv", merge={"2": False})
    assert kept.created in (0, 1)


@pytest.mark.django_db
def test_import_is_audited(org, analyst) -> None:
    run_import(organisation=org, actor=analyst.user, data=GOOD, filename="list.csv")
    events = AuditEvent.objects.filter(organisation=org)
    assert events.filter(event_type=EventType.SUPPLIER_CREATED).count() == 3
    summary = events.get(event_type=EventType.IMPORT_COMMITTED)
    assert summary.actor == analyst.user and summary.changes["create"] == 3


@pytest.mark.django_db
def test_refused_file_reports_error(org) -> None:
    report = run_import(organisation=org, actor=None, data=b"%PDF-1.7 junk", filename="list.csv")
    assert report.error and report.rows == 0
    missing = run_import(organisation=org, actor=None, data=b"Foo,Bar\n1,2\n", filename="x.csv")
    assert missing.error and "column" in missing.error.lower()


@pytest.mark.django_db
def test_tenants_do_not_share_identity(org, other_org) -> None:
    run_import(organisation=org, actor=None, data=GOOD, filename="a.csv")
    report = run_import(organisation=other_org, actor=None, data=GOOD, filename="a.csv")
    assert report.created == 3 and report.duplicates == []
    assert Supplier.objects.filter(organisation=other_org).count() == 3


@pytest.mark.django_db
def test_large_import_refreshes_planner_statistics(org, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from ruggie.register import importing

    monkeypatch.setattr(importing, "STATISTICS_AFTER", 2)
    run_import(organisation=org, actor=None, data=GOOD, filename="list.csv")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'register_supplier'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'register_supplier'")
        assert cursor.fetchone()[0] > 0
