"""Loading editions into the database: an organisation's own licensed copy, a newer shared
edition, refusals, and what scoring then reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.core.errors import FileRefused
from ruggie.reference.domain.datasets import packaged_root
from ruggie.reference.domain.records import CountryIndicator
from ruggie.reference.models import ReferenceEdition
from ruggie.reference.services import all_editions, edition_load, editions_for
from ruggie.risk import selectors
from ruggie.risk.context import reference_context
from ruggie.risk.models import SiteRisk, SiteRiskHistory
from ruggie.risk.services import score_organisation
from tests.reference.conftest import EXAMPLES
from tests.risk.conftest import build_register

ITUC = EXAMPLES / "ituc_example"
VN_RULE_OF_LAW = "Viet Nam,2023,rl,-0.08547187596559525,"


def _factors(org: Organisation, site: object, issue: str) -> tuple[dict[str, str], list[str]]:
    found = next(e for e in selectors.site_explanations(org, site) if e.issue == issue)  # type: ignore[arg-type]
    return {p.factor: p.source for p in found.parts}, found.left_out


def test_an_organisations_own_ituc_copy_reaches_only_its_scores(
    org: Organisation, other_org: Organisation, analyst: Membership
) -> None:
    ours = build_register(org, analyst.user)
    theirs = build_register(other_org, None)
    parts, left_out = _factors(org, ours.dhaka, "wages")
    assert "workers_rights_rating" not in parts and "workers_rights_rating" in left_out

    result = edition_load(folder=ITUC, organisation=org, actor=analyst.user)
    assert result.diff is None and result.affected == [org.pk]
    edition = ReferenceEdition.objects.get()
    assert (edition.organisation, edition.code, edition.edition) == (org, "ituc", "example-2026")
    assert edition.records == 5 and edition.loaded_by == analyst.user
    assert set(edition.files) == {"dataset.yaml", "ratings.csv", "SOURCE.md"}

    parts, left_out = _factors(org, ours.dhaka, "wages")
    assert "workers_rights_rating" not in left_out
    assert "example-2026" in parts["workers_rights_rating"]
    dhaka_wages = next(e for e in selectors.site_explanations(org, ours.dhaka) if e.issue == "wages")
    rating = next(p for p in dhaka_wages.parts if p.factor == "workers_rights_rating")
    assert rating.known and rating.detail.startswith("BD: 5") and rating.value == 0.8
    run = score_organisation(organisation=org, actor=None, trigger="reference")
    assert "ituc" in run.reference_editions

    # The other organisation neither sees the edition nor is scored with it.
    parts, left_out = _factors(other_org, theirs.dhaka, "wages")
    assert "workers_rights_rating" not in parts and "workers_rights_rating" in left_out
    assert "ituc" not in reference_context(other_org).datasets
    assert (
        "ituc" not in score_organisation(organisation=other_org, actor=None, trigger="x").reference_editions
    )
    assert all(d.code != "ituc" for d, _ in all_editions(other_org))
    assert all(d.code != "ituc" for d in editions_for(None))

    [event] = AuditEvent.objects.filter(event_type=EventType.REFERENCE_LOADED)
    assert event.organisation == org and event.actor == analyst.user
    assert event.changes["dataset"] == "ituc" and event.changes["edition"] == [None, "example-2026"]


def test_the_same_edition_twice_is_refused(
    org: Organisation, other_org: Organisation, analyst: Membership
) -> None:
    edition_load(folder=ITUC, organisation=org, actor=analyst.user)
    with pytest.raises(FileRefused) as caught:
        edition_load(folder=ITUC, organisation=org, actor=analyst.user)
    message = caught.value.message
    assert "example-2026" in message and "already loaded" in message and "edition:" in message
    assert ReferenceEdition.objects.count() == 1
    # Another organisation holds its own licence: it may load the same edition for itself.
    edition_load(folder=ITUC, organisation=other_org, actor=None)
    assert ReferenceEdition.objects.count() == 2
    # A shipped edition is already there for everyone.
    with pytest.raises(FileRefused, match="already loaded"):
        edition_load(folder=packaged_root() / "wgi", organisation=None, actor=None)


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("ratings.csv", "country,indicator,value,year\nNorway,rating,1,2026\nAtlantis,rating,5,2026\n"),
        ("ratings.csv", "country,indicator,value,year\nNorway,rating,7,2026\n"),
        ("dataset.yaml", "code: ituc\nedition: [unclosed\n"),
    ],
)
def test_a_bad_folder_stores_nothing(org: Organisation, tmp_path: Path, file: str, text: str) -> None:
    folder = tmp_path / "ituc"
    shutil.copytree(ITUC, folder)
    (folder / file).write_text(text, encoding="utf-8")
    with pytest.raises(FileRefused) as caught:
        edition_load(folder=folder, organisation=org, actor=None)
    assert caught.value.message and "Traceback" not in caught.value.message
    assert not ReferenceEdition.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.REFERENCE_LOADED).exists()


@pytest.mark.parametrize("file", ["SOURCE.md", "dataset.yaml", "ratings.csv"])
def test_a_file_that_is_not_utf8_is_refused_cleanly(org: Organisation, tmp_path: Path, file: str) -> None:
    folder = tmp_path / "ituc"
    shutil.copytree(ITUC, folder)
    path = folder / file
    path.write_bytes(path.read_text(encoding="utf-8").replace("e", "\u00e9").encode("latin-1", "replace"))
    with pytest.raises(FileRefused, match="UTF-8") as caught:
        edition_load(folder=folder, organisation=org, actor=None)
    assert file in caught.value.message
    assert not ReferenceEdition.objects.exists()


def test_a_folder_without_its_data_file_stores_nothing(org: Organisation, tmp_path: Path) -> None:
    folder = tmp_path / "ituc"
    shutil.copytree(ITUC, folder)
    (folder / "ratings.csv").unlink()
    with pytest.raises(FileRefused, match="ratings.csv"):
        edition_load(folder=folder, organisation=org, actor=None)
    assert not ReferenceEdition.objects.exists()


def _newer_wgi(tmp_path: Path) -> Path:
    folder = tmp_path / "wgi-2025"
    shutil.copytree(packaged_root() / "wgi", folder)
    manifest = folder / "dataset.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "edition: 2024 update" in text and "edition_date: 2024-11-07" in text
    text = text.replace("edition: 2024 update", "edition: 2025 update").replace(
        "edition_date: 2024-11-07", "edition_date: 2025-11-06"
    )
    manifest.write_text(text, encoding="utf-8")
    [data] = folder.glob("*.csv")
    rows = data.read_text(encoding="utf-8")
    assert rows.count(VN_RULE_OF_LAW) == 1
    data.write_text(rows.replace(VN_RULE_OF_LAW, "Viet Nam,2023,rl,-1.9,"), encoding="utf-8")
    return folder


def test_a_newer_wgi_edition_is_used_and_the_old_one_kept(
    org: Organisation, other_org: Organisation, analyst: Membership, tmp_path: Path
) -> None:
    register = build_register(org, analyst.user)
    first = score_organisation(organisation=org, actor=None, trigger="manual")
    assert "2024 update" in first.reference_editions["wgi"]
    sites = (register.dhaka, register.berlin, register.mekong)
    before = {s.pk: dict(SiteRisk.objects.filter(site=s).values_list("issue", "score")) for s in sites}

    result = edition_load(folder=_newer_wgi(tmp_path), organisation=None, actor=analyst.user)
    assert result.edition.organisation is None and result.loaded.edition == "2025 update"
    assert set(result.affected) == {org.pk, other_org.pk}
    diff = result.diff
    assert diff is not None and (diff.old_edition, diff.new_edition) == ("2024 update", "2025 update")
    assert diff.countries == {"VN"} and not diff.added and not diff.removed and not diff.scale_changed
    [(old, new)] = diff.changed
    assert isinstance(old, CountryIndicator) and isinstance(new, CountryIndicator)
    assert (new.country, new.indicator, new.value) == ("VN", "rl", -1.9)

    for who in (org, other_org, None):
        [wgi] = [d for d in editions_for(who) if d.code == "wgi"]
        assert wgi.edition == "2025 update"
    listed = [(d.edition, stored is not None) for d, stored in all_editions(org) if d.code == "wgi"]
    assert listed == [("2024 update", False), ("2025 update", True)]  # the shipped one stays listed
    assert (
        AuditEvent.objects.filter(event_type=EventType.REFERENCE_LOADED).count() == 2
    )  # one per organisation

    run = score_organisation(organisation=org, actor=None, trigger="reference")
    assert "2025 update" in run.reference_editions["wgi"]
    assert run.changed > 0
    assert set(SiteRiskHistory.objects.filter(run=run).values_list("site_id", flat=True)) == {
        register.mekong.pk
    }
    for site in (register.dhaka, register.berlin):
        assert dict(SiteRisk.objects.filter(site=site).values_list("issue", "score")) == before[site.pk]
    mekong = dict(SiteRisk.objects.filter(site=register.mekong).values_list("issue", "score"))
    assert mekong["forced_labour"] > before[register.mekong.pk]["forced_labour"]  # weaker rule of law
    parts, _left_out = _factors(org, register.mekong, "forced_labour")
    assert "2025 update" in parts["rule_of_law"]
