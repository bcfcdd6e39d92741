"""`ruggie risk` and `ruggie reference` on the command line, run in-process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ruggie.accounts.models import Organisation
from ruggie.cli.main import main
from ruggie.reference.domain.datasets import packaged_root
from ruggie.reference.models import ReferenceEdition
from ruggie.risk.domain.methodology import default_methodology
from ruggie.risk.models import RiskRun, SiteRisk
from ruggie.screening.models import ScreeningHit
from tests.reference.conftest import EXAMPLES
from tests.risk.conftest import RiskRegister, build_register

ISSUES = len(default_methodology().issues)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def register(org: Organisation) -> RiskRegister:
    return build_register(org, None)


def test_risk_score_json(
    org: Organisation, register: RiskRegister, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "risk", "score", "--org", "acme", "--json")
    result = json.loads(out)
    assert code == 0
    assert result["sites"] == 3 and result["scores_changed"] == 3 * ISSUES
    assert (
        result["run"] == RiskRun.objects.get().pk and result["methodology"] == default_methodology().version
    )
    assert "wgi" in result["reference"]
    assert SiteRisk.objects.filter(organisation=org).count() == 3 * ISSUES
    code, out = run(capsys, "risk", "score", "--org", "acme", "--json")
    assert code == 0 and json.loads(out)["scores_changed"] == 0


def test_risk_score_text_and_unknown_org(
    org: Organisation, register: RiskRegister, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "risk", "score", "--org", "acme")
    assert code == 0 and "Scored 3 sites" in out
    with pytest.raises(SystemExit):
        main(["risk", "score", "--org", "nobody"])


def test_risk_salient_json(
    org: Organisation, register: RiskRegister, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "risk", "salient", "--org", "acme", "--json")
    assert code == 0 and json.loads(out) == []  # nothing scored yet
    code, out = run(capsys, "risk", "salient", "--org", "acme")
    assert code == 1 and "ruggie risk score" in out
    main(["risk", "score", "--org", "acme", "--json"])
    capsys.readouterr()
    code, out = run(capsys, "risk", "salient", "--org", "acme", "--json")
    ranked = json.loads(out)
    assert code == 0 and [r["rank"] for r in ranked] == list(range(1, ISSUES + 1))
    assert {"issue", "salience", "scale", "scope", "irremediability", "likelihood", "overridden"} <= set(
        ranked[0]
    )
    code, out = run(capsys, "risk", "salient", "--org", "acme")
    assert code == 0 and "salience" in out and "Forced labour" in out


def test_reference_list_json(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "reference", "list", "--json")
    rows = json.loads(out)
    assert code == 0
    by_code = {r["code"]: r for r in rows}
    assert {"wgi", "ilab_goods", "ilab_child_labour_assessments", "uflpa"} <= set(by_code)
    wgi = by_code["wgi"]
    assert wgi["licence"] == "CC-BY-4.0" and wgi["source"] == "shipped" and wgi["in_use"]
    assert wgi["edition"] == "2024 update" and wgi["records"] > 1000 and "World Bank" in wgi["attribution"]
    code, out = run(capsys, "reference", "list")
    assert code == 0 and "Worldwide Governance Indicators" in out and "CC-BY-4.0" in out


def test_reference_load_json(
    org: Organisation, other_org: Organisation, register: RiskRegister, capsys: pytest.CaptureFixture[str]
) -> None:
    build_register(other_org, None)
    code, out = run(capsys, "reference", "load", str(EXAMPLES / "ituc_example"), "--org", "acme", "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["dataset"], result["edition"], result["records"]) == ("ituc", "example-2026", 5)
    assert result["replaces"] is None and result["added"] == 5
    [rescored] = result["rescored"]
    assert rescored["organisation"] == "acme" and rescored["sites"] == 3
    assert ReferenceEdition.objects.get().organisation == org
    assert not RiskRun.objects.filter(organisation=other_org).exists()  # only the owner is re-scored

    code, out = run(capsys, "reference", "list", "--org", "acme", "--json")
    ituc = next(r for r in json.loads(out) if r["code"] == "ituc")
    assert ituc["source"] == "loaded" and ituc["organisation"] == "acme" and ituc["in_use"]
    code, out = run(capsys, "reference", "list", "--json")
    assert all(r["code"] != "ituc" for r in json.loads(out))  # not for everyone

    code = main(["reference", "load", str(EXAMPLES / "ituc_example"), "--org", "acme", "--json"])
    assert code == 1 and "already loaded" in capsys.readouterr().err
    assert ReferenceEdition.objects.count() == 1


def test_reference_load_refuses_a_bad_folder(
    org: Organisation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ituc"
    shutil.copytree(EXAMPLES / "ituc_example", folder)
    (folder / "ratings.csv").write_text("country,indicator,value\nNarnia,rating,1\n", encoding="utf-8")
    code, _out = run(capsys, "reference", "load", str(folder), "--org", "acme", "--json")
    assert code == 1 and not ReferenceEdition.objects.exists()
    code, _out = run(capsys, "reference", "load", str(tmp_path / "missing"), "--json")
    assert code == 1


def test_loading_a_new_entity_list_rescreens_not_rescores(
    org: Organisation, register: RiskRegister, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newer list edition that adds one of our suppliers raises a hit on load."""
    folder = tmp_path / "uflpa"
    shutil.copytree(packaged_root() / "uflpa", folder)
    yaml = (folder / "dataset.yaml").read_text(encoding="utf-8")
    (folder / "dataset.yaml").write_text(
        yaml.replace('edition: "2025-01-15"', 'edition: "2026-11-30"').replace(
            "edition_date: 2025-01-15", "edition_date: 2026-11-30"
        ),
        encoding="utf-8",
    )
    with (folder / "uflpa_entity_list.csv").open("a", encoding="utf-8") as rows:
        rows.write('"Delta Apparel Group Co., Ltd.",,2(d)(2)(B)(i),2026-11-30,"Dhaka, Bangladesh",,,yes\n')
    assert not ScreeningHit.objects.filter(organisation=org).exists()

    code, out = run(capsys, "reference", "load", str(folder), "--json")
    result = json.loads(out)
    assert code == 0 and result["edition"] == "2026-11-30" and result["added"] == 1
    assert result["rescored"] == []
    [rescreened] = result["rescreened"]
    assert rescreened["organisation"] == "acme" and rescreened["new"] == 1
    hit = ScreeningHit.objects.get(organisation=org)
    assert hit.supplier.name == "Delta Apparel Group" and hit.list_edition == "2026-11-30"
