"""Disclosure assessment: file a company's document, judge it against a framework, let an
analyst accept or correct each judgement (corrections become training data), and follow a
company's coverage year by year. Every write is audit-logged; every read is scoped to the
investor organisation that filed the document."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import diff, record
from ruggie.core.errors import UserFacingError
from ruggie.investors.domain import classifier
from ruggie.investors.domain.assessment import STATUS_LABELS, Status, assess, coverage, names_specifics
from ruggie.investors.domain.documents import Sentence, read_document, sentences
from ruggie.investors.domain.frameworks import AIMS_LABELS, Framework, frameworks
from ruggie.investors.domain.year_on_year import Comparison, compare_years
from ruggie.investors.models import (
    CriterionJudgement,
    Disclosure,
    DisclosureAssessment,
    DisclosureSentence,
    LabelCorrection,
    Reading,
)

KINDS = {
    "msa_statement": "Modern slavery statement",
    "s211_report": "Supply chains act report (Canada)",
    "hr_policy": "Human rights policy",
    "sustainability_report": "Sustainability report",
    "other": "Other document",
}
MAX_BYTES = 30 * 1024 * 1024


class DisclosureRefused(UserFacingError):
    pass


def disclosures_for(organisation: Organisation) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(organisation=organisation)


def disclosure_for(organisation: Organisation, pk: int) -> Disclosure | None:
    """The document if this organisation filed it (another's looks like a missing one)."""
    return disclosures_for(organisation).filter(pk=pk).first()


@transaction.atomic
def disclosure_add(
    *,
    organisation: Organisation,
    actor: Any,
    company_name: str,
    title: str,
    kind: str,
    year: int,
    filename: str,
    data: bytes,
    isin: str = "",
    framework: str | None = None,
    background: bool | None = None,
) -> Disclosure:
    """Read and split the document, then classify its sentences and assess it against
    ``framework`` when given: at once, or in the background worker when ``background`` is
    true or, if it is None, when the document is long (``RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES``).
    A scan is kept and reported as needing OCR, with nothing assessed."""
    if not company_name.strip():
        raise DisclosureRefused("Name the company whose document this is.")
    if kind not in KINDS:
        raise DisclosureRefused(f"Unknown document type {kind!r}; choose one of: {', '.join(KINDS)}.")
    if not 1990 <= year <= timezone.now().year + 1:
        raise DisclosureRefused(
            f"The reporting year {year} is not plausible; give the year the document covers."
        )
    if len(data) > MAX_BYTES:
        raise DisclosureRefused("The file is larger than 30 MB.")
    if framework is not None and framework not in frameworks():
        raise DisclosureRefused(f"Unknown framework {framework!r}.")
    document = read_document(data, filename)
    parts = [] if document.needs_ocr else sentences(document)
    if background is None:
        background = len(parts) > settings.RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES
    disclosure = Disclosure.objects.create(
        organisation=organisation,
        company_name=company_name.strip()[:255],
        isin=isin.strip().upper()[:12],
        title=(title.strip() or filename or "Document")[:255],
        kind=kind,
        year=year,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        document_kind=document.kind,
        pages=len(document.pages),
        needs_ocr=document.needs_ocr,
        reading=Reading.QUEUED if parts else Reading.READY,
        assess_after_reading=framework or "",
        uploaded_by=actor,
    )
    DisclosureSentence.objects.bulk_create(
        DisclosureSentence(disclosure=disclosure, index=s.index, page=s.page, text=s.text) for s in parts
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.DISCLOSURE_ADDED,
        target=disclosure,
        changes={
            "company": disclosure.company_name,
            "year": year,
            "pages": disclosure.pages,
            "sentences": len(parts),
        },
    )
    if parts and background:
        from ruggie.investors.tasks import read_disclosure_task

        # After the commit, or the worker could look for a document that is not there yet.
        transaction.on_commit(lambda: read_disclosure_task.enqueue(disclosure.pk))
    elif parts:
        read_sentences(disclosure, actor=actor)
    return disclosure


def read_again(*, disclosure: Disclosure) -> None:
    """Queue a document whose reading failed (the worker stopped on it) for another try."""
    if disclosure.reading != Reading.FAILED:
        raise DisclosureRefused("This document is already read, or being read.")
    from ruggie.investors.tasks import read_disclosure_task

    # Not audit-logged: nothing the analyst sees changes until the assessment, which is.
    Disclosure.objects.filter(pk=disclosure.pk).update(reading=Reading.QUEUED)
    transaction.on_commit(lambda: read_disclosure_task.enqueue(disclosure.pk))


def read_sentences(disclosure: Disclosure, *, actor: Any = None) -> Disclosure:
    """Classify the stored sentences, then assess against the framework chosen at upload.
    Runs in the upload request for short documents, in the background worker for long ones."""
    model = classifier.shipped_model()
    rows = list(disclosure.sentences.order_by("index"))
    probabilities = model.probabilities([r.text for r in rows])
    for row, values in zip(rows, probabilities, strict=True):
        row.probabilities = [round(float(v), 4) for v in values]
    with transaction.atomic():
        DisclosureSentence.objects.bulk_update(rows, ["probabilities"], batch_size=500)
        disclosure.reading = Reading.READY
        disclosure.model_version = model.version
        disclosure.save(update_fields=["reading", "model_version"])
        if disclosure.assess_after_reading in frameworks():
            assessment_run(disclosure=disclosure, actor=actor, framework=disclosure.assess_after_reading)
    return disclosure


def _stored_sentences(disclosure: Disclosure) -> tuple[list[DisclosureSentence], list[Sentence], np.ndarray]:
    rows = list(disclosure.sentences.order_by("index"))
    plain = [Sentence(r.page, r.index, r.text) for r in rows]
    probabilities = np.zeros((len(rows), len(AIMS_LABELS)))
    if disclosure.reading == Reading.READY:  # a document still being read has no probabilities yet
        probabilities = np.array([r.probabilities for r in rows], dtype=float).reshape(
            len(rows), len(AIMS_LABELS)
        )
    return rows, plain, probabilities


@transaction.atomic
def assessment_run(*, disclosure: Disclosure, actor: Any, framework: str) -> DisclosureAssessment:
    if framework not in frameworks():
        raise DisclosureRefused(f"Unknown framework {framework!r}.")
    if disclosure.needs_ocr:
        raise DisclosureRefused("This PDF is a scan: it needs OCR before it can be assessed.")
    if disclosure.reading != Reading.READY:
        raise DisclosureRefused(
            "ruggie is still reading this document; it is assessed as soon as the reading is done."
            if disclosure.reading == Reading.QUEUED
            else "This document could not be read; choose Read again on its page."
        )
    model = classifier.shipped_model()
    rows, plain, probabilities = _stored_sentences(disclosure)
    results = assess(frameworks()[framework], plain, probabilities, model.thresholds)
    assessment = DisclosureAssessment.objects.create(
        disclosure=disclosure, framework=framework, model_version=model.version, created_by=actor
    )
    by_index = {r.index: r for r in rows}
    for position, result in enumerate(results):
        judgement = CriterionJudgement.objects.create(
            assessment=assessment,
            criterion=result.criterion.id,
            position=position,
            machine_status=result.status,
            status=result.status,
            confidence=result.confidence,
            evidence_count=result.evidence_count,
        )
        judgement.evidence.set([by_index[e.sentence.index] for e in result.evidence])
    record(
        organisation=disclosure.organisation,
        actor=actor,
        event_type=EventType.DISCLOSURE_ASSESSED,
        target=assessment,
        changes={
            "framework": framework,
            "model": model.version,
            "statuses": {r.criterion.id: r.status for r in results},
        },
    )
    return assessment


@dataclass
class JudgementView:
    judgement: CriterionJudgement
    text: str
    labels: tuple[str, ...]
    evidence: list[tuple[DisclosureSentence, float, bool]]  # sentence, probability, named specifics
    candidates: list[DisclosureSentence]  # what an analyst may add as evidence

    @property
    def confidence_percent(self) -> int:
        return round(self.judgement.confidence * 100)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(Status(self.judgement.status), self.judgement.status)

    @property
    def machine_label(self) -> str:
        return STATUS_LABELS.get(Status(self.judgement.machine_status), self.judgement.machine_status)


def assessment_view(assessment: DisclosureAssessment) -> list[JudgementView]:
    framework = frameworks()[assessment.framework]
    criteria = {c.id: c for c in framework.criteria}
    views = []
    judgements = assessment.judgements.prefetch_related("evidence").order_by("position")
    all_rows, _plain, probabilities = _stored_sentences(assessment.disclosure)
    for j in judgements:
        criterion = criteria.get(j.criterion)
        labels = criterion.labels if criterion else ()
        columns = [AIMS_LABELS.index(label) for label in labels]
        evidence = sorted(j.evidence.all(), key=lambda s: s.index)
        shown = [
            (s, max((s.probabilities[c] for c in columns), default=0.0), names_specifics(s.text))
            for s in evidence
        ]
        # Near misses are the likeliest sentences an analyst would add.
        near: list[int] | np.ndarray = (
            np.argsort(-probabilities[:, columns].max(axis=1))[:12] if columns and len(all_rows) else []
        )
        chosen = {s.pk for s in evidence}
        candidates = [all_rows[i] for i in near if all_rows[i].pk not in chosen][:8]
        views.append(
            JudgementView(j, criterion.text if criterion else j.criterion, labels, shown, candidates)
        )
    return views


@transaction.atomic
def judgement_review(
    *,
    judgement: CriterionJudgement,
    actor: Any,
    accept: bool,
    status: str = "",
    remove: Iterable[int] = (),
    add: Iterable[int] = (),
    note: str = "",
) -> CriterionJudgement:
    """Accept the machine's judgement, or correct its status and evidence. Each sentence
    removed or added becomes a labelled example (LabelCorrection) for the next training."""
    assessment = judgement.assessment
    disclosure = assessment.disclosure
    criterion = {c.id: c for c in frameworks()[assessment.framework].criteria}.get(judgement.criterion)
    before = {
        "status": judgement.status,
        "review": judgement.review,
        "evidence": sorted(judgement.evidence.values_list("pk", flat=True)),
    }
    if accept:
        judgement.review = "accepted"
    else:
        if status not in Status._value2member_map_:
            raise DisclosureRefused(
                "Choose the status you judge right: not addressed, addressed, or addressed with specifics."
            )
        if not note.strip():
            raise DisclosureRefused("Say why you correct the judgement (a short note for the record).")
        sentences_here = disclosure.sentences.all()
        removed = list(sentences_here.filter(pk__in=list(remove)))
        added = list(sentences_here.filter(pk__in=list(add)))
        judgement.evidence.remove(*removed)
        judgement.evidence.add(*added)
        labels = criterion.labels if criterion else ()
        for sentence in removed:
            for label in labels:  # not evidence for this criterion means none of its labels
                LabelCorrection.objects.create(sentence=sentence, label=label, value=False, by=actor)
        for sentence in added:
            # The criterion's label this sentence is likeliest evidence of.
            label = max(labels, key=lambda lb: sentence.probabilities[AIMS_LABELS.index(lb)])
            LabelCorrection.objects.create(sentence=sentence, label=label, value=True, by=actor)
        judgement.status = status
        judgement.review = "corrected"
    judgement.note = note.strip()[:2000]
    judgement.reviewed_by = actor
    judgement.reviewed_at = timezone.now()
    judgement.save()
    record(
        organisation=disclosure.organisation,
        actor=actor,
        event_type=EventType.DISCLOSURE_REVIEWED,
        target=judgement,
        changes=diff(before, {
            "status": judgement.status, "review": judgement.review, "note": judgement.note,
            "evidence": sorted(judgement.evidence.values_list("pk", flat=True)),
        }),
    )  # fmt: skip
    return judgement


def corrections_csv(organisation: Organisation | None = None) -> bytes:
    """Analysts' corrections in AIMS.au's layout (one column per label, empty = not judged),
    the input ``ruggie disclosures train --extra`` reads."""
    rows: dict[int, dict[str, str]] = defaultdict(dict)
    sentences_by_pk: dict[int, DisclosureSentence] = {}
    corrections = LabelCorrection.objects.select_related("sentence").order_by("pk")
    if organisation is not None:
        corrections = corrections.filter(sentence__disclosure__organisation=organisation)
    for c in corrections:
        rows[c.sentence_id][c.label] = "1" if c.value else "0"  # the latest word wins
        sentences_by_pk[c.sentence_id] = c.sentence
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["statement_id", "sentence_orig_idxs", "sentence", *AIMS_LABELS])
    for pk, labels in rows.items():
        s = sentences_by_pk[pk]
        writer.writerow(
            [f"ruggie-{s.disclosure_id}", s.index, s.text, *(labels.get(label, "") for label in AIMS_LABELS)]
        )
    return out.getvalue().encode("utf-8")


def latest_assessment(disclosure: Disclosure, framework: str | None = None) -> DisclosureAssessment | None:
    found = disclosure.assessments.all()
    if framework:
        found = found.filter(framework=framework)
    return found.first()


@dataclass
class CoveragePoint:
    year: int
    disclosure: Disclosure
    addressed: int
    specific: int
    total: int

    @property
    def share(self) -> float:
        return self.addressed / self.total if self.total else 0.0


def coverage_over_time(organisation: Organisation, framework: str) -> dict[str, list[CoveragePoint]]:
    """Per company (by name), per reporting year: criteria addressed in its latest assessed
    document of that year against ``framework``. Analysts' corrections count."""
    latest: dict[tuple[str, int], DisclosureAssessment] = {}
    assessments = (
        DisclosureAssessment.objects.filter(disclosure__organisation=organisation, framework=framework)
        .select_related("disclosure")
        .order_by("created_at", "pk")
    )
    for a in assessments:
        latest[(a.disclosure.company_name.casefold(), a.disclosure.year)] = a
    statuses: dict[int, list[str]] = defaultdict(list)
    for assessment_id, status in CriterionJudgement.objects.filter(
        assessment__in=[a.pk for a in latest.values()]
    ).values_list("assessment_id", "status"):
        statuses[assessment_id].append(status)
    out: dict[str, list[CoveragePoint]] = defaultdict(list)
    for (_key, year), a in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        values = [Status(s) for s in statuses[a.pk]]
        out[a.disclosure.company_name].append(
            CoveragePoint(
                year,
                a.disclosure,
                round(coverage(values) * len(values)),
                values.count(Status.SPECIFIC),
                len(values),
            )
        )
    return dict(out)


def previous_year(disclosure: Disclosure) -> Disclosure | None:
    return (
        disclosures_for(disclosure.organisation)
        .filter(company_name__iexact=disclosure.company_name, year__lt=disclosure.year, needs_ocr=False)
        .order_by("-year", "-pk")
        .first()
    )


def year_on_year(disclosure: Disclosure) -> tuple[Disclosure | None, Comparison | None]:
    earlier = previous_year(disclosure)
    if earlier is None:
        return None, None
    _r1, last, _p1 = _stored_sentences(earlier)
    _r2, this, _p2 = _stored_sentences(disclosure)
    return earlier, compare_years(last, this)


DEFAULT_FRAMEWORK = "uk_msa"


def framework_code(code: str | None) -> str:
    """A framework code from a request: a known one, else the default."""
    return code if code in frameworks() else DEFAULT_FRAMEWORK


def framework_choices() -> list[tuple[str, str]]:
    return [(code, f.name) for code, f in frameworks().items()]


def framework(code: str) -> Framework:
    return frameworks()[code]


def evidence_sentences(
    organisation: Organisation, company_name: str, isin: str = ""
) -> list[tuple[str, DisclosureSentence]]:
    """Sentences the latest assessment of each of the organisation's documents for this
    company found as evidence, labelled by criterion: what an investor links to an ask."""
    documents = disclosures_for(organisation).filter(company_name__iexact=company_name.strip())
    if isin:
        documents = documents | disclosures_for(organisation).filter(isin=isin)
    out: list[tuple[str, DisclosureSentence]] = []
    seen: set[int] = set()
    for d in documents.order_by("-year", "-pk")[:5]:
        assessment = latest_assessment(d)
        if assessment is None:
            continue
        for j in assessment.judgements.prefetch_related("evidence__disclosure").order_by("position"):
            for sentence in j.evidence.all():
                if sentence.pk not in seen:
                    seen.add(sentence.pk)
                    out.append((f"{d.year} · {j.criterion}", sentence))
    return out
