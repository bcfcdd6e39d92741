"""Audit results in: messy files, row-exact rejections, idempotent re-import, tenant scope."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.audit_import import import_audit
from ruggie.findings.models import CorrectiveAction, Finding, SiteAudit
from tests.findings.conftest import Register

AUDITS = Path(__file__).parents[1] / "data" / "audits"
TODAY = date(2026, 12, 3)


def run(org: Organisation, member: Membership, name: str, data: bytes | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return import_audit(
        organisation=org,
        actor=member.user,
        data=data if data is not None else (AUDITS / name).read_bytes(),
        filename=name,
        today=TODAY,
        **kw,
    )  # type: ignore[arg-type]


def test_smeta_capr_becomes_findings_with_actions(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    report = run(org, analyst, "smeta_capr.csv")
    assert report.error == "" and report.committed
    assert (report.created, report.updated, report.actions_created) == (4, 0, 4)
    assert [s["value"] for s in report.skipped] == ["GE"]  # the good example is counted, not a finding
    by_ref = {f.details["finding_ref"]: f for f in Finding.objects.all()}
    passports = by_ref["NC-1"]
    assert (passports.issue, passports.severity, passports.site) == (
        "forced_labour",
        "critical",
        register.factory,
    )
    assert passports.source_ref == "AUD-2026-031#NC-1" and passports.found_on == date(2026, 3, 14)
    assert passports.source_label == "SMETA AUD-2026-031 2026-03-14"
    assert by_ref["NC-2"].issue == "working_hours" and by_ref["NC-2"].severity == "high"
    assert by_ref["OBS-1"].issue == "grievance_management" and by_ref["OBS-1"].severity == "low"
    action = CorrectiveAction.objects.get(finding=passports)
    assert action.due_on == date(2026, 3, 21)  # "Immediate": a week from the audit
    assert CorrectiveAction.objects.get(finding=by_ref["NC-3"]).due_on == date(2026, 4, 13)
    assert AuditEvent.objects.filter(event_type=EventType.AUDIT_IMPORTED).count() == 1
    audit = SiteAudit.objects.get()
    assert (audit.reference, audit.site, audit.audit_date) == (
        "AUD-2026-031",
        register.factory,
        date(2026, 3, 14),
    )


def test_reimporting_the_same_audit_does_not_duplicate(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    run(org, analyst, "smeta_capr.csv")
    again = run(org, analyst, "smeta_capr.csv")
    assert (again.created, again.updated, again.unchanged, again.actions_created) == (0, 0, 4, 0)
    assert Finding.objects.count() == 4 and CorrectiveAction.objects.count() == 4
    edited = (AUDITS / "smeta_capr.csv").read_bytes().replace(b"72-hour weeks", b"75-hour weeks")
    third = run(org, analyst, "smeta_capr.csv", data=edited)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)


def test_french_cp1252_file_with_title_row_reports_rows_exactly(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    report = run(org, analyst, "bsci_french_cp1252.csv")
    assert report.committed is False
    assert "nothing was imported" in report.error
    rejected = {(r["row"], r["field"]) for r in report.rejected}
    assert rejected == {(6, "clause"), (7, "audit_date")}
    assert not Finding.objects.exists()
    partial = run(org, analyst, "bsci_french_cp1252.csv", mode="valid_only")
    assert partial.committed and partial.created == 2
    wages = Finding.objects.get(issue="wages")
    assert wages.site == register.tunis and wages.severity == "high"
    debt = Finding.objects.get(issue="forced_labour")
    assert debt.severity == "critical"  # zero tolerance
    assert CorrectiveAction.objects.get(finding=debt).due_on == date(2026, 3, 14)  # "30" days after 12/02


def xlsx(rows: list[list[object]], merge: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = [
    "Audit ID",
    "Audit date",
    "Supplier",
    "Site",
    "Country",
    "Finding ID",
    "Severity",
    "Clause",
    "Finding",
]


def test_xlsx_with_title_rows_merged_cells_and_real_dates(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    data = xlsx(
        [
            ["Audit report - non-compliances"],
            [],
            HEADER,
            [
                "A-9",
                date(2026, 5, 2),
                "Saigon Stitch Co Ltd",
                "Saigon Stitch Factory 2",
                "VN",
                "1",
                "Major",
                "ETI 5",
                "Overtime premium unpaid",
            ],
        ],
        merge="A1:E1",
    )
    report = run(org, analyst, "audit.xlsx", data=data)
    assert report.error == "" and report.created == 1
    finding = Finding.objects.get()
    assert finding.site == register.factory2 and finding.issue == "wages"


@pytest.mark.parametrize(
    ("cells", "field", "reason"),
    [
        ({"Audit ID": ""}, "audit_ref", "audit reference is empty"),
        ({"Audit date": "next week"}, "audit_date", "not a date"),
        ({"Audit date": "2027-01-01"}, "audit_date", "future"),
        ({"Severity": "purple"}, "severity", "not recognised"),
        ({"Clause": "Environment"}, "clause", "No human rights issue"),
        ({"Finding": ""}, "description", "neither a title nor a description"),
        ({"Site": "Nowhere Mill", "Supplier": ""}, "site_name", "No site named 'Nowhere Mill'"),
        ({"Country": "Narnia"}, "site_name", "not a country"),
    ],
)
def test_each_bad_row_names_field_reason_and_fix(  # type: ignore[no-untyped-def]
    org: Organisation, analyst: Membership, register: Register, cells, field, reason
) -> None:
    good = {
        "Audit ID": "A-1",
        "Audit date": "2026-05-02",
        "Supplier": "Saigon Stitch Co., Ltd.",
        "Site": "Saigon Stitch Factory 1",
        "Country": "Vietnam",
        "Finding ID": "1",
        "Severity": "minor",
        "Clause": "ETI 3",
        "Finding": "Blocked exit",
    }
    row = {**good, **cells}
    data = xlsx([HEADER, [row[h] for h in HEADER]])
    report = run(org, analyst, "bad.xlsx", data=data)
    assert not report.committed and len(report.rejected) == 1
    problem = report.rejected[0]
    assert problem["row"] == 2 and problem["field"] == field
    assert reason in problem["reason"]
    assert problem["fix"]


def test_sites_of_other_organisations_are_never_matched(
    other_org: Organisation,
    make_member,
    register: Register,  # type: ignore[no-untyped-def]
) -> None:
    rival = make_member(other_org, "analyst")
    report = run(other_org, rival, "smeta_capr.csv")
    assert report.committed
    assert {f.site_id for f in Finding.objects.all()} == {register.rival_site.pk}
    assert not Finding.objects.filter(organisation=register.stitch.organisation).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"PK\x03\x04broken", "damaged"),
        (b"just,some\nwords,here\n", "No column for"),
    ],
)
def test_broken_files_are_refused_with_a_message(
    org: Organisation, analyst: Membership, data: bytes, message: str
) -> None:
    report = run(org, analyst, "x.csv", data=data)
    assert message in report.error and not report.committed


def test_dry_run_stores_nothing(org: Organisation, analyst: Membership, register: Register) -> None:
    report = run(org, analyst, "smeta_capr.csv", dry_run=True)
    assert report.rejected == [] and not report.committed
    assert (report.created, report.actions_created) == (4, 4)
    assert not Finding.objects.exists()
    run(org, analyst, "smeta_capr.csv")
    edited = (AUDITS / "smeta_capr.csv").read_bytes().replace(b"72-hour weeks", b"75-hour weeks")
    preview = run(org, analyst, "smeta_capr.csv", data=edited, dry_run=True)
    assert (preview.created, preview.updated, preview.unchanged, preview.actions_created) == (0, 1, 3, 0)


def test_command_line_import_is_scriptable(
    org: Organisation, register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from ruggie.cli.main import main

    base = ["findings", "import-audit", str(AUDITS / "bsci_french_cp1252.csv"), "--org", org.slug, "--json"]
    assert main(base) == 1  # all or nothing, and two rows are bad
    refused = json.loads(capsys.readouterr().out)
    assert {r["row"] for r in refused["rejected"]} == {6, 7} and refused["created"] == 0
    assert main([*base, "--valid-only"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["committed"] and done["created"] == 2
    assert main(["findings", "import-audit", "/nonexistent.csv", "--org", org.slug]) == 1
    assert "Cannot read" in capsys.readouterr().err


def test_spanish_workbook_with_title_rows_and_merged_cells(org: Organisation, analyst: Membership) -> None:
    from ruggie.register.services import site_create, supplier_create

    leather = supplier_create(
        organisation=org, actor=analyst.user, name="Guadalajara Leather S.A. de C.V.", country="MX"
    )
    tannery = site_create(supplier=leather, actor=analyst.user, name="León Tannery", country="MX")
    report = run(org, analyst, "spanish_title_rows.xlsx")
    assert report.error == "" and report.created == 2, report.rejected
    child = Finding.objects.get(issue="child_labour")
    assert (child.site, child.severity, child.found_on) == (tannery, "critical", date(2026, 6, 3))
    assert CorrectiveAction.objects.get(finding=child).due_on == date(2026, 6, 10)  # "inmediato"
    assert Finding.objects.get(issue="health_safety").severity == "high"  # "Mayor"


def test_german_tsv_with_bom_and_dotted_dates(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    report = run(org, analyst, "sa8000_german.tsv")
    assert report.error == "" and report.created == 1, report.rejected
    f = Finding.objects.get()
    assert (f.issue, f.site, f.severity, f.found_on) == ("wages", register.tunis, "high", date(2026, 3, 14))
    assert CorrectiveAction.objects.get().due_on == date(2026, 5, 13)


def test_formula_text_is_kept_as_text_and_neutralised_on_export(
    org: Organisation, analyst: Membership, register: Register, analyst_client
) -> None:  # type: ignore[no-untyped-def]
    report = run(org, analyst, "formula_cells.xlsx")
    assert report.created == 1
    assert Finding.objects.get().description.startswith("=HYPERLINK")
    sheet = openpyxl.load_workbook(io.BytesIO(analyst_client.get("/findings/export.xlsx").content))[
        "Findings"
    ]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][rows[0].index("Description")].startswith("'=")
