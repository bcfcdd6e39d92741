"""The `ruggie` command, run in-process against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.cli.main import main
from ruggie.register.models import Supplier


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def cli_org(db: None, capsys: pytest.CaptureFixture[str]) -> Organisation:
    assert main(["org", "create", "acme", "--kind", "company", "--name", "Acme"]) == 0
    return Organisation.objects.get(slug="acme")


def test_org_and_user_create(cli_org: Organisation, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_org.kind == "company"
    assert (
        main(
            [
                "user",
                "create",
                "ana@acme.example",
                "--org",
                "acme",
                "--role",
                "analyst",
                "--password",
                "a-long-passphrase",
            ]
        )
        == 0
    )
    m = Membership.objects.get(user__email="ana@acme.example")
    assert m.role == "analyst" and m.user.check_password("a-long-passphrase")


def test_import_json_report(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "list.csv"
    f.write_text("Supplier,Country,Employees\nAlpha Ltd,VN,10\nBeta GmbH,Narnia,5\n", encoding="utf-8")
    code, out = run(capsys, "import", "suppliers", str(f), "--org", "acme", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["created"] == 1 and report["updated"] == 0 and report["unchanged"] == 0
    [rejected] = report["rejected"]
    assert {k: rejected[k] for k in ("row", "field", "value")} == {
        "row": 3,
        "field": "country",
        "value": "Narnia",
    }
    assert rejected["reason"] and rejected["fix"] and rejected["column"] == "Country"
    assert report["error"] is None and report["duplicates"] == []
    assert Supplier.objects.filter(organisation=cli_org).count() == 1


def test_import_dry_run_stores_nothing(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "list.csv"
    f.write_text("Supplier,Country\nAlpha Ltd,VN\n", encoding="utf-8")
    code, out = run(capsys, "import", "suppliers", str(f), "--org", "acme", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["created"] == 1
    assert not Supplier.objects.exists()


def test_refused_file_exits_1(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "list.csv"
    f.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    code, out = run(capsys, "import", "suppliers", str(f), "--org", "acme", "--json")
    assert code == 1 and json.loads(out)["error"]
    missing = tmp_path / "nope.csv"
    code, out = run(capsys, "import", "suppliers", str(missing), "--org", "acme", "--json")
    assert code == 1 and "Cannot read" in json.loads(out)["error"]


def test_manual_column_mapping(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "odd.csv"
    f.write_text("Col A,Col B\nAlpha Ltd,Viet Nam\n", encoding="utf-8")
    code, out = run(capsys, "import", "suppliers", str(f), "--org", "acme", "--json")
    assert code == 1 and "column" in json.loads(out)["error"].lower()
    code, out = run(
        capsys,
        "import",
        "suppliers",
        str(f),
        "--org",
        "acme",
        "--json",
        "--map",
        "supplier_name=Col A",
        "--map",
        "country=2",
    )
    assert code == 0 and json.loads(out)["created"] == 1


def test_export_csv_and_xlsx(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "list.csv"
    f.write_text('Supplier,Country\n"=HYPERLINK(""http://x"")",VN\nAlpha Ltd,VN\n', encoding="utf-8")
    assert main(["import", "suppliers", str(f), "--org", "acme", "--json"]) == 0
    out_csv, out_xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    assert main(["export", "suppliers", "--org", "acme", "--format", "csv", "-o", str(out_csv)]) == 0
    text = out_csv.read_text(encoding="utf-8-sig")
    assert "Alpha Ltd" in text and "'=HYPERLINK" in text
    assert main(["export", "suppliers", "--org", "acme", "--format", "xlsx", "-o", str(out_xlsx)]) == 0
    ws = openpyxl.load_workbook(out_xlsx).active
    names = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert "Alpha Ltd" in names and all(not str(n).startswith("=") for n in names)


def test_export_then_import_round_trips(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "list.csv"
    f.write_text(
        "Supplier,Country,Site,Employees,% women,Commodities,Tags\n"
        "Alpha Ltd,VN,Plant 1,10,45%,garments,key\n",
        encoding="utf-8",
    )
    main(["import", "suppliers", str(f), "--org", "acme", "--json"])
    out = tmp_path / "out.xlsx"
    main(["export", "suppliers", "--org", "acme", "--format", "xlsx", "-o", str(out)])
    capsys.readouterr()
    code, text = run(capsys, "import", "suppliers", str(out), "--org", "acme", "--json")
    report = json.loads(text)
    assert code == 0 and report["rejected"] == [] and report["unchanged"] == 1 and report["created"] == 0


def test_organisation_extends_commodities(
    cli_org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        'commodities:\n  - code: alpaca-fibre\n    name: Alpaca fibre\n    hs: ["5102"]\n'
        "    aliases: [fibra de alpaca]\n",
        encoding="utf-8",
    )
    assert main(["import", "commodities", str(own), "--org", "acme"]) == 0
    f = tmp_path / "list.csv"
    f.write_text("Supplier,Country,Commodities\nAndes SAC,Peru,fibra de alpaca\n", encoding="utf-8")
    code, out = run(capsys, "import", "suppliers", str(f), "--org", "acme", "--json")
    assert json.loads(out)["rejected"] == []
    site = Supplier.objects.get(name="Andes SAC").sites.get()
    assert list(site.commodities.values_list("code", flat=True)) == ["alpaca-fibre"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("commodities:\n  - code: x\n", encoding="utf-8")
    assert main(["import", "commodities", str(bad), "--org", "acme"]) == 1
