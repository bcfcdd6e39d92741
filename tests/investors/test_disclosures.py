"""Disclosure assessment in the app: filing a document, its judgements with evidence and pages,
the analyst's review (audit-logged, becoming training data), coverage over time, year on year,
and what another investor can never reach."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from PIL import Image

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.audit.models import AuditEvent, EventType
from ruggie.investors import disclosures as svc
from ruggie.investors import services
from ruggie.investors.domain import training
from ruggie.investors.domain.assessment import Status
from ruggie.investors.domain.frameworks import AIMS_LABELS
from ruggie.investors.models import CriterionJudgement, Disclosure, LabelCorrection, Reading
from tests.conftest import signed_in
from tests.investors.statements import STATEMENT_2024, STATEMENT_2025, statement_pdf
from tests.risk.conftest import Api


@pytest.fixture
def fund(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("north-fund", kind="investor")


@pytest.fixture
def analyst_m(fund: Organisation, make_member: Callable[..., Membership]) -> Membership:
    return make_member(fund, "analyst")


def _api(membership: Membership) -> Api:
    _token, raw = api_token_create(membership=membership, name="t")
    return Api(raw)


def _add(fund: Organisation, who: Membership, year: int, pages: list[str], **kw: object) -> Disclosure:
    args = {"company_name": "Northwind Retail plc", "title": f"Modern slavery statement {year}",
            "kind": "msa_statement", "framework": "uk_msa", **kw}  # fmt: skip
    return svc.disclosure_add(
        organisation=fund,
        actor=who.user,
        year=year,
        filename=f"{year}.pdf",
        data=statement_pdf(pages),
        **args,
    )  # type: ignore[arg-type]


def _upload(client: Client, company: str, **kw: object):  # type: ignore[no-untyped-def]
    """The 2025 statement filed through the page, as an analyst does."""
    upload = io.BytesIO(statement_pdf(STATEMENT_2025))
    upload.name = "northwind-2025.pdf"
    form = {"company_name": company, "title": "MSA statement", "kind": "msa_statement", "year": "2025",
            "framework": "uk_msa", "file": upload}  # fmt: skip
    return client.post("/investors/disclosures/", form, **kw)


def test_a_statement_is_read_split_classified_and_assessed(fund: Organisation, analyst_m: Membership) -> None:
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    assert (d.document_kind, d.pages, d.needs_ocr) == ("pdf", 3, False)
    assert d.sentences.count() == 13 and d.model_version.startswith("aims-lr-")
    first = d.sentences.order_by("index").first()
    assert first is not None and len(first.probabilities) == len(AIMS_LABELS)
    assessment = svc.latest_assessment(d, "uk_msa")
    assert assessment is not None and assessment.judgements.count() == 8
    approval = assessment.judgements.get(criterion="UK54-4-approval")
    assert approval.status != Status.NOT_ADDRESSED
    assert [s.page for s in approval.evidence.all()] == [3]
    events = set(AuditEvent.objects.filter(organisation=fund).values_list("event_type", flat=True))
    assert {EventType.DISCLOSURE_ADDED, EventType.DISCLOSURE_ASSESSED} <= events


def test_a_scanned_pdf_is_kept_and_reported_as_needing_ocr(fund: Organisation, analyst_m: Membership) -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(out, format="PDF")
    d = svc.disclosure_add(
        organisation=fund, actor=analyst_m.user, company_name="Scanned Co", title="", kind="msa_statement",
        year=2025, filename="scan.pdf", data=out.getvalue(), framework="uk_msa",
    )  # fmt: skip
    assert d.needs_ocr and d.sentences.count() == 0 and not d.assessments.exists()
    with pytest.raises(svc.DisclosureRefused, match="OCR"):
        svc.assessment_run(disclosure=d, actor=analyst_m.user, framework="uk_msa")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"company_name": " "}, "Name the company"),
        ({"kind": "tweet"}, "Unknown document type"),
        ({"year": 1850}, "not plausible"),
        ({"framework": "nonsense"}, "Unknown framework"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    fund: Organisation, analyst_m: Membership, change: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"company_name": "X plc", "title": "t", "kind": "msa_statement", "year": 2025,
                               "framework": "uk_msa", **change}  # fmt: skip
    with pytest.raises(svc.DisclosureRefused, match=message):
        svc.disclosure_add(
            organisation=fund, actor=analyst_m.user, filename="x.txt", data=b"Some text here.", **args
        )  # type: ignore[arg-type]
    assert not Disclosure.objects.exists()


def test_accepting_and_correcting_are_audit_logged_and_corrections_become_training_data(
    fund: Organisation, analyst_m: Membership
) -> None:
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    assessment = svc.latest_assessment(d, "uk_msa")
    assert assessment is not None
    supply = assessment.judgements.get(criterion="UK54a")
    svc.judgement_review(judgement=supply, actor=analyst_m.user, accept=True)
    supply.refresh_from_db()
    assert supply.review == "accepted" and supply.reviewed_by == analyst_m.user

    training_j = assessment.judgements.get(criterion="UK54f")
    with pytest.raises(svc.DisclosureRefused, match="why"):
        svc.judgement_review(judgement=training_j, actor=analyst_m.user, accept=False, status="addressed")
    wrong = supply.evidence.order_by("index").first()
    hotline = d.sentences.get(text__startswith="Workers in our supply chain can raise concerns")
    assert wrong is not None
    svc.judgement_review(
        judgement=training_j, actor=analyst_m.user, accept=False, status=Status.ADDRESSED,
        add=[hotline.pk], remove=[], note="The hotline is explained to workers at induction.",
    )  # fmt: skip
    training_j.refresh_from_db()
    assert training_j.status == "addressed" and training_j.machine_status == "not_addressed"
    assert training_j.review == "corrected" and hotline in training_j.evidence.all()
    assert LabelCorrection.objects.filter(sentence=hotline, label="C4 (risk mitigation)", value=True).exists()

    svc.judgement_review(
        judgement=supply, actor=analyst_m.user, accept=False, status=Status.SPECIFIC, remove=[wrong.pk],
        note="The first sentence is about the statement, not the supply chain.",
    )  # fmt: skip
    negatives = LabelCorrection.objects.filter(sentence=wrong, value=False)
    assert {c.label for c in negatives} == {"C2 (structure)", "C2 (operations)", "C2 (supply chains)"}
    events = AuditEvent.objects.filter(organisation=fund, event_type=EventType.DISCLOSURE_REVIEWED)
    assert events.count() == 3

    # The export reads back as training data with only the judged labels set.
    data = training.read_labelled(svc.corrections_csv(fund))
    assert len(data) == 2
    row = data.texts.index(hotline.text)
    assert data.targets[row, AIMS_LABELS.index("C4 (risk mitigation)")] == 1
    assert data.targets[row, AIMS_LABELS.index("Approval")] == training.UNJUDGED


def test_coverage_over_time_and_year_on_year(fund: Organisation, analyst_m: Membership) -> None:
    _add(fund, analyst_m, 2024, STATEMENT_2024)
    later = _add(fund, analyst_m, 2025, STATEMENT_2025)
    points = svc.coverage_over_time(fund, "uk_msa")["Northwind Retail plc"]
    assert [p.year for p in points] == [2024, 2025] and all(p.total == 8 for p in points)
    assert all(0 < p.addressed <= 8 for p in points)
    earlier, comparison = svc.year_on_year(later)
    assert earlier is not None and earlier.year == 2024 and comparison is not None
    added = " ".join(s.text for s in comparison.added)
    dropped = " ".join(s.text for s in comparison.dropped)
    assert "repaid a total of GBP 61,000" in added and "confidential hotline" in added
    assert "Modern Slavery Policy applies to all employees" in dropped
    assert "audits of all new suppliers" in dropped
    # The portfolio shows the same coverage next to the holding.
    from ruggie.investors.models import Holding

    Holding.objects.create(organisation=fund, company_name="Northwind Retail plc")
    row = services.portfolio(fund, "uk_msa").rows[0]
    assert [p.year for p in row[2]] == [2024, 2025]


# --- pages -------------------------------------------------------------------------------


def test_an_analyst_files_a_document_on_the_page_and_reviews_a_judgement(
    fund: Organisation, analyst_m: Membership
) -> None:
    client = signed_in(analyst_m)
    response = _upload(client, "Northwind <b>Retail</b> plc")
    d = Disclosure.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/investors/disclosures/{d.pk}/?framework=uk_msa"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Northwind &lt;b&gt;Retail&lt;/b&gt; plc" in page and "<b>Retail</b>" not in page
    assert "Approved by the board" in page and "p. 3" in page and "Year on year" in page
    judgement = CriterionJudgement.objects.get(criterion="UK54e")
    response = client.post(
        f"/investors/disclosures/{d.pk}/act/",
        {"action": "correct", "judgement": judgement.pk, "status": "addressed", "note": "Only targets.",
         "framework": "uk_msa"},
    )  # fmt: skip
    assert response.status_code == 302
    judgement.refresh_from_db()
    assert judgement.review == "corrected" and judgement.status == "addressed"
    listing = client.get("/investors/disclosures/?framework=uk_msa").content.decode()
    assert "Coverage over time" in listing and "2025" in listing
    refused = client.post("/investors/disclosures/", {"company_name": "X", "year": "2025", "kind": "other"})
    assert refused.status_code == 400 and "Choose the document" in refused.content.decode()
    assert Disclosure.objects.count() == 1  # no file: refused with a message, nothing stored


@pytest.mark.django_db(transaction=True)  # the task is queued on commit; the worker closes its connection
def test_a_long_document_is_read_in_the_background_then_assessed(
    fund: Organisation,
    analyst_m: Membership,
    settings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES = 5
    client = signed_in(analyst_m)
    response = _upload(client, "Northwind Retail plc", follow=True)
    page = response.content.decode()
    assert "reads it in the background" in page and "ruggie is reading this document" in page
    assert "Check again" in page and "13 sentences are being classified" in page
    d = Disclosure.objects.get()
    assert d.reading == Reading.QUEUED and d.sentences.count() == 13 and not d.assessments.exists()
    assert DBTaskResult.objects.get().task_path.endswith("read_disclosure_task")
    assert "being read" in client.get("/investors/disclosures/").content.decode()
    assert _api(analyst_m).get(f"/disclosures/{d.pk}").json()["reading"] == "queued"
    early = client.post(f"/investors/disclosures/{d.pk}/act/", {"action": "assess", "framework": "uk_msa"})
    assert "still reading" in client.get(early["Location"]).content.decode()
    assert not d.assessments.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    d.refresh_from_db()
    assert d.reading == Reading.READY and d.model_version
    assessment = svc.latest_assessment(d, "uk_msa")
    assert assessment is not None and assessment.created_by == analyst_m.user
    done = client.get(f"/investors/disclosures/{d.pk}/?framework=uk_msa").content.decode()
    assert "Approved by the board" in done and "Check again" not in done

    # A reading that stops is shown as such (never "being read" for ever) and can be retried.
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    again = _add(fund, analyst_m, 2024, STATEMENT_2024, background=True)
    monkeypatch.setattr(svc.classifier, "shipped_model", broken)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    again.refresh_from_db()
    assert again.reading == Reading.FAILED and again.sentences.count() > 0
    failed = client.get(f"/investors/disclosures/{again.pk}/").content.decode()
    assert "could not be read" in failed and 'value="read"' in failed
    monkeypatch.undo()
    client.post(f"/investors/disclosures/{again.pk}/act/", {"action": "read", "framework": "uk_msa"})
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    again.refresh_from_db()
    assert again.reading == Reading.READY and svc.latest_assessment(again, "uk_msa") is not None


def test_another_investor_never_reaches_a_document_or_its_judgements(
    fund: Organisation, analyst_m: Membership, make_org: Callable[..., Organisation],
    make_member: Callable[..., Membership],
) -> None:  # fmt: skip
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    judgement = CriterionJudgement.objects.filter(assessment__disclosure=d).first()
    assert judgement is not None
    other = signed_in(make_member(make_org("south-fund", kind="investor"), "admin"))
    assert other.get(f"/investors/disclosures/{d.pk}/").status_code == 404
    act = {"action": "accept", "judgement": judgement.pk, "framework": "uk_msa"}
    assert other.post(f"/investors/disclosures/{d.pk}/act/", act).status_code == 404
    listing = other.get("/investors/disclosures/").content.decode()
    assert "Northwind" not in listing
    assert "Northwind" not in other.get("/investors/").content.decode()
    judgement.refresh_from_db()
    assert judgement.review == ""
    # Nor through the document it owns: a judgement of another's document is not found.
    mine = _add(
        Organisation.objects.get(slug="south-fund"),
        make_member(Organisation.objects.get(slug="south-fund"), "analyst"),
        2024,
        STATEMENT_2024,
    )  # noqa: E501
    assert other.post(f"/investors/disclosures/{mine.pk}/act/", act).status_code == 404


def test_a_viewer_reads_but_cannot_file_assess_or_review(
    fund: Organisation, analyst_m: Membership, make_member: Callable[..., Membership]
) -> None:
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    viewer = signed_in(make_member(fund, "viewer"))
    assert viewer.get(f"/investors/disclosures/{d.pk}/").status_code == 200
    assert viewer.post(f"/investors/disclosures/{d.pk}/act/", {"action": "assess"}).status_code == 403
    assert viewer.post("/investors/disclosures/", {"company_name": "X"}).status_code == 403


def test_forms_without_the_csrf_token_are_refused(fund: Organisation, analyst_m: Membership) -> None:
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst_m.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(f"/investors/disclosures/{d.pk}/act/", {"action": "assess"}).status_code == 403


def test_the_api_gives_a_document_with_its_judgements_to_its_owner_only(
    fund: Organisation, analyst_m: Membership, make_org: Callable[..., Organisation],
    make_member: Callable[..., Membership],
) -> None:  # fmt: skip
    d = _add(fund, analyst_m, 2025, STATEMENT_2025)
    mine = _api(analyst_m)
    listing = mine.get("/disclosures").json()
    assert [x["id"] for x in listing] == [d.pk] and listing[0]["framework"] == "uk_msa"
    one = mine.get(f"/disclosures/{d.pk}", framework="uk_msa").json()
    approval = next(j for j in one["judgements"] if j["criterion"] == "UK54-4-approval")
    assert approval["evidence"][0]["page"] == 3 and "approved by the Board" in approval["evidence"][0]["text"]
    assert mine.get(f"/disclosures/{d.pk}", framework="au_msa").json()["judgements"] == []
    other = _api(make_member(make_org("south-fund", kind="investor"), "admin"))
    assert other.get(f"/disclosures/{d.pk}").status_code == 404
    assert other.get("/disclosures").json() == []


def test_the_portfolio_exports_engagement_progress_and_coverage(
    fund: Organisation, analyst_m: Membership
) -> None:
    from openpyxl import load_workbook

    from ruggie.investors.models import Holding

    Holding.objects.create(organisation=fund, company_name="Northwind Retail plc", isin="GB00NWR00019")
    Holding.objects.create(organisation=fund, company_name='=HYPERLINK("http://x")')
    _add(fund, analyst_m, 2025, STATEMENT_2025)
    response = signed_in(analyst_m).get("/investors/export.xlsx?framework=uk_msa")
    rows = list(load_workbook(io.BytesIO(response.content))["Holdings"].iter_rows(values_only=True))
    assert rows[0][-1] == "Disclosure coverage (UK Modern Slavery Act 2015 - statement (s.54))"
    northwind = next(r for r in rows if r[0] == "Northwind Retail plc")
    assert northwind[-1].startswith("2025: ")
    assert any(isinstance(r[0], str) and r[0].startswith("'=HYPERLINK") for r in rows)  # formula neutralised
