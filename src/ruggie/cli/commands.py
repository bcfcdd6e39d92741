"""Handlers for the `ruggie` command (Django is set up before these run)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from django.core.exceptions import ValidationError
from rich.console import Console

from ruggie.cli.main import print_json, progress_bar

err = Console(stderr=True)


def _organisation(slug: str):  # type: ignore[no-untyped-def]
    from ruggie.accounts.models import Organisation

    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise SystemExit(
            f"No organisation '{slug}'. Create it with: ruggie org create {slug} --kind company --name NAME"
        )
    return org


def _mapping(specs: list[str], data: bytes, filename: str) -> dict[str, int] | None:
    """--map supplier_name="Vendor" or --map country=3 (1-based column)."""
    if not specs:
        return None
    from ruggie.core.errors import FileRefused
    from ruggie.register.domain.columns import FIELDS, guess_mapping
    from ruggie.register.domain.tabular import read_table

    try:
        table = read_table(data, filename)
    except FileRefused:
        return None  # run_import reports the refusal
    mapping = dict(guess_mapping(table.header).columns)
    for spec in specs:
        field, _, col = spec.partition("=")
        if field not in FIELDS:
            raise SystemExit(f"--map: unknown field '{field}'. Fields: {', '.join(FIELDS)}")
        if col.isdigit():
            index = int(col) - 1
        else:
            titles = [h.casefold() for h in table.header]
            if col.casefold() not in titles:
                raise SystemExit(f"--map: no column titled '{col}'. Columns: {', '.join(table.header)}")
            index = titles.index(col.casefold())
        mapping = {f: i for f, i in mapping.items() if i != index}
        mapping[field] = index
    return mapping


def import_suppliers(args: argparse.Namespace) -> int:
    from ruggie.register.importing import ImportReport, run_import

    org = _organisation(args.org)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        report = ImportReport(error=f"Cannot read {args.file}: {exc.strerror}.")
    else:
        mapping = _mapping(args.map, data, args.file.name)
        merge = _no_merge if args.keep_duplicates else None
        quiet = args.json or not sys.stderr.isatty()
        with progress_bar(err) as bar:
            task = bar.add_task(f"Importing {args.file.name}", total=100, visible=not quiet)
            report = run_import(
                organisation=org,
                actor=None,
                data=data,
                filename=args.file.name,
                mapping=mapping,
                mode="all_or_nothing" if args.all_or_nothing else "valid_only",
                dry_run=args.dry_run,
                merge=merge,
                progress=lambda p, stage: bar.update(task, completed=p, description=stage),
            )
    if args.json:
        print_json(report.as_dict())
    else:
        _print_report(report, args.dry_run)
    return 1 if report.error and not report.rows else 0


class _NoMerge(dict):  # type: ignore[type-arg]
    def get(self, key, default=None):  # type: ignore[no-untyped-def,override]
        return False


_no_merge = _NoMerge()


def _print_report(report, dry_run: bool) -> None:  # type: ignore[no-untyped-def]
    out = Console()
    if report.error:
        err.print(f"[red]{report.error}[/red]", highlight=False)
    verb = "Would import" if dry_run else ("Imported" if report.committed else "Not imported")
    out.print(
        f"{verb}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged; "
        f"{len({r['row'] for r in report.rejected})} rows rejected; "
        f"{len(report.duplicates)} likely duplicates.",
        highlight=False,
    )
    for r in report.rejected:
        out.print(
            f"  row {r['row']}, {r['field'] or 'row'}: {r['reason']} {r['fix']}",
            highlight=False,
            markup=False,
        )
    for d in report.duplicates:
        out.print(
            f"  row {d['row']} '{d['name']}' looks like '{d['merge_into_name']}': {d['reason']}",
            highlight=False,
            markup=False,
        )


def export_suppliers(args: argparse.Namespace) -> int:
    from ruggie.register import exporting

    org = _organisation(args.org)
    body = (
        exporting.export_xlsx(organisation=org)
        if args.format == "xlsx"
        else exporting.export_csv(organisation=org)
    )
    args.output.write_bytes(body)
    err.print(f"Wrote {args.output}")
    return 0


def org_create(args: argparse.Namespace) -> int:
    from ruggie.accounts.services import organisation_create

    try:
        org = organisation_create(slug=args.slug, name=args.name, kind=args.kind)
    except ValidationError as exc:
        raise SystemExit("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
    err.print(f"Created organisation {org.slug} ({org.kind}).")
    return 0


def user_create(args: argparse.Namespace) -> int:
    from ruggie.accounts.services import membership_set

    org = _organisation(args.org)
    password = args.password or os.environ.get("RUGGIE_PASSWORD")
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("Password (empty: none, the user cannot sign in yet): ") or None
    membership_set(email=args.email, organisation=org, role=args.role, password=password)
    err.print(f"{args.email} is {args.role} of {org.slug}.")
    return 0


def demo(args: argparse.Namespace) -> int:
    from ruggie.demo import load_demo

    logins = load_demo()
    if not args.quiet:
        for email, password, org, role in logins:
            err.print(f"  {email} / {password}  ({role} of {org})")
    return 0


def import_commodities(args: argparse.Namespace) -> int:
    from ruggie.register.domain.classification import load_commodities_file
    from ruggie.register.services import commodities_extend

    org = _organisation(args.org)
    try:
        entries = load_commodities_file(args.file)
    except (OSError, ValueError) as exc:
        err.print(f"{args.file}: {exc}", markup=False, highlight=False)
        return 1
    count = commodities_extend(organisation=org, actor=None, entries=entries)
    err.print(f"{count} commodities added or updated for {org.slug}.")
    return 0


def findings_import_audit(args: argparse.Namespace) -> int:
    from ruggie.findings.audit_import import AuditImportReport, import_audit

    org = _organisation(args.org)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        report = AuditImportReport(error=f"Cannot read {args.file}: {exc.strerror}.")
    else:
        report = import_audit(
            organisation=org,
            actor=None,
            data=data,
            filename=args.file.name,
            dry_run=args.dry_run,
            mode="valid_only" if args.valid_only else "all_or_nothing",
        )
    if args.json:
        print_json(report.as_dict())
    else:
        out = Console()
        if report.error:
            err.print(f"[red]{report.error}[/red]", highlight=False)
        verb = "Would import" if args.dry_run else ("Imported" if report.committed else "Not imported")
        out.print(
            f"{verb}: {report.created} new findings, {report.updated} updated, {report.unchanged} unchanged,"
            f" {report.actions_created} corrective actions; {len(report.skipped)} good examples skipped;"
            f" {len({r['row'] for r in report.rejected})} rows rejected.",
            highlight=False,
        )
        for r in report.rejected:
            out.print(
                f"  row {r['row']}, {r['field']}: {r['reason']} {r['fix']}", highlight=False, markup=False
            )
    # 1 when nothing could be stored: the file was refused, or all-or-nothing met a bad row.
    return 1 if report.error and (not report.rejected or not args.dry_run) else 0


def findings_remind(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ruggie.findings.reminders import send_overdue_reminders

    org = _organisation(args.org) if args.org else None
    sent = send_overdue_reminders(today=args.today or timezone.localdate(), organisation=org)
    Console().print(f"Reminded {sent} overdue corrective action(s).", highlight=False)
    return 0


def assessments_remind(args: argparse.Namespace) -> int:
    from ruggie.assessments.services import remind_overdue

    sent = remind_overdue(base_url=args.base_url, today=args.today)
    Console().print(f"Reminded {sent} overdue self-assessment request(s).", highlight=False)
    return 0


def grievance_remind(args: argparse.Namespace) -> int:
    from ruggie.grievance.reminders import send_overdue_alerts

    sent = send_overdue_alerts(today=args.today)
    Console().print(f"Alerted {sent} handler(s) about overdue cases.", highlight=False)
    return 0


def grievance_purge(args: argparse.Namespace) -> int:
    from django.conf import settings

    from ruggie.grievance.services import purge_closed

    days = args.days if args.days is not None else settings.RUGGIE_CASE_RETENTION_DAYS
    if days < 1:
        Console(stderr=True).print("--days: write a number of days of at least 1.", highlight=False)
        return 2
    gone = purge_closed(older_than_days=days, today=args.today)
    Console().print(f"Deleted {gone} closed case(s) older than {days} days.", highlight=False)
    return 0


def supplier_link(args: argparse.Namespace) -> int:
    from django.db.models import Q

    from ruggie.core.errors import UserFacingError
    from ruggie.register.models import Supplier
    from ruggie.register.services import supplier_link_account

    org = _organisation(args.org)
    wanted = Q(external_id=args.supplier) | Q(registration_id=args.supplier)
    if args.supplier.isdigit():
        wanted |= Q(pk=int(args.supplier))
    matches = list(Supplier.objects.filter(Q(organisation=org) & wanted)[:2])
    if len(matches) != 1:
        raise SystemExit(
            f"{'No' if not matches else 'More than one'} supplier '{args.supplier}' in {org.slug}."
        )
    account = None if args.account == "-" else _organisation(args.account)
    try:
        supplier_link_account(supplier=matches[0], actor=None, account=account)
    except UserFacingError as refused:
        raise SystemExit(refused.message) from None
    Console().print(f"{matches[0].name}: linked to {account.slug if account else 'nobody'}.", highlight=False)
    return 0


def risk_score(args: argparse.Namespace) -> int:
    from ruggie.risk.services import score_organisation

    org = _organisation(args.org)
    quiet = args.json or not sys.stderr.isatty()
    with progress_bar(err) as bar:
        task = bar.add_task("Scoring", total=100, visible=not quiet)
        run = score_organisation(
            organisation=org,
            actor=None,
            trigger="manual",
            progress=lambda p, stage: bar.update(task, completed=p, description=stage),
        )
    result = {
        "run": run.pk,
        "sites": run.sites,
        "scores_changed": run.changed,
        "seconds": run.seconds,
        "methodology": run.methodology_version,
        "reference": run.reference_editions,
    }
    if args.json:
        print_json(result)
    else:
        Console().print(
            f"Scored {run.sites} sites in {run.seconds:.1f} s: {run.changed} scores changed "
            f"(methodology {run.methodology_version}).",
            highlight=False,
        )
    return 0


def risk_salient(args: argparse.Namespace) -> int:
    from ruggie.core.human_rights import issue
    from ruggie.risk.selectors import salient_issues

    org = _organisation(args.org)
    ranked = salient_issues(org)
    if args.json:
        print_json(
            [
                {
                    "rank": s.rank,
                    "issue": s.issue,
                    "salience": s.salience,
                    "scale": s.scale,
                    "scope": s.scope,
                    "irremediability": s.irremediability,
                    "likelihood": s.likelihood,
                    "workers_at_high_risk": s.workers_at_high_risk,
                    "sites_at_high_risk": s.sites_at_high_risk,
                    "overridden": bool(s.judgement),
                }
                for s in ranked
            ]
        )
        return 0
    out = Console()
    if not ranked:
        out.print("Nothing scored yet: run `ruggie risk score --org SLUG` first.", highlight=False)
        return 1
    for s in ranked:
        print(
            f"{s.rank:>2}. {issue(s.issue).name:<50} salience {s.salience:>3}  "
            f"(scale {s.scale}, scope {s.scope}, irremediability {s.irremediability}, "
            f"likelihood {s.likelihood:.0%}){'  overridden' if s.judgement else ''}"
        )
    return 0


def reference_list(args: argparse.Namespace) -> int:
    from ruggie.reference.services import all_editions, editions_for

    org = _organisation(args.org) if args.org else None
    current = {d.key for d in editions_for(org)}
    rows = [
        {
            "code": d.code,
            "title": d.dataset.title,
            "edition": d.edition,
            "edition_date": d.dataset.edition_date.isoformat(),
            "licence": d.dataset.licence,
            "records": len(d.records),
            "source": "loaded" if stored else "shipped",
            "organisation": stored.organisation.slug if stored and stored.organisation else "",
            "in_use": d.key in current,
            "attribution": d.dataset.attribution,
        }
        for d, stored in all_editions(org)
    ]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        mark = "*" if r["in_use"] else " "
        owner = f", {r['organisation']} only" if r["organisation"] else ""
        print(
            f"{mark} {r['code']:<32} {r['edition']:<14} {r['edition_date']}  {r['licence']:<12} "
            f"{r['records']:>6} records  ({r['source']}{owner})  {r['title']}"
        )
    print("* in use (the newest edition of each dataset)")
    return 0


def reference_load(args: argparse.Namespace) -> int:
    from ruggie.accounts.models import Organisation
    from ruggie.core.errors import UserFacingError
    from ruggie.reference.services import edition_load
    from ruggie.risk.services import score_organisation
    from ruggie.screening.services import screen_organisation

    org = _organisation(args.org) if args.org else None
    try:
        result = edition_load(folder=args.folder, organisation=org, actor=None)
    except UserFacingError as exc:
        err.print(f"[red]{exc.message}[/red]", highlight=False)
        return 1
    diff = result.diff
    rescored: list[dict[str, object]] = []
    rescreened: list[dict[str, object]] = []
    # An entity list changes who matches, not any score; every other dataset feeds scoring.
    is_list = result.loaded.dataset.kind == "entity_list"
    if not args.no_rescore and (diff is None or not diff.is_empty):
        for owner in Organisation.objects.filter(pk__in=result.affected, kind="company").order_by("pk"):
            if is_list:
                screened = screen_organisation(organisation=owner, actor=None, trigger="reference")
                rescreened.append(
                    {
                        "organisation": owner.slug,
                        "hits": screened.hits,
                        "new": screened.new,
                        "stale": screened.stale,
                    }
                )
            else:
                run = score_organisation(organisation=owner, actor=None, trigger="reference")
                rescored.append(
                    {"organisation": owner.slug, "sites": run.sites, "scores_changed": run.changed}
                )
    out = {
        "dataset": result.loaded.code,
        "edition": result.loaded.edition,
        "records": len(result.loaded.records),
        "replaces": diff.old_edition if diff else None,
        "added": len(diff.added) if diff else len(result.loaded.records),
        "removed": len(diff.removed) if diff else 0,
        "changed": len(diff.changed) if diff else 0,
        "rescored": rescored,
        "rescreened": rescreened,
    }
    if args.json:
        print_json(out)
        return 0
    line = f"Loaded {result.loaded.dataset.title}, {out['edition']}: {out['records']} records"
    if diff:
        line += f"; against {out['replaces']}: {out['added']} added, {out['removed']} removed"
        line += f", {out['changed']} changed"
    print(line)
    for r in rescored:
        print(f"  re-scored {r['organisation']}: {r['sites']} sites, {r['scores_changed']} scores changed")
    for r in rescreened:
        print(
            f"  re-screened {r['organisation']}: {r['hits']} hits ({r['new']} new, "
            f"{r['stale']} no longer on the list)"
        )
    return 0


def screen(args: argparse.Namespace) -> int:
    from ruggie.screening.models import ScreeningHit
    from ruggie.screening.services import screen_organisation

    org = _organisation(args.org)
    quiet = args.json or not sys.stderr.isatty()
    with progress_bar(err) as bar:
        task = bar.add_task("Screening", total=100, visible=not quiet)
        run = screen_organisation(
            organisation=org,
            actor=None,
            trigger="manual",
            progress=lambda p, stage: bar.update(task, completed=p, description=stage),
        )
    open_hits = ScreeningHit.objects.filter(organisation=org, status="open", stale=False).order_by("-score")
    if args.json:
        print_json(
            {
                **run.__dict__,
                "open": [
                    {
                        "id": h.pk,
                        "supplier": h.supplier_name,
                        "entry": h.entry_name,
                        "matched": h.matched_name,
                        "score": h.score,
                        "band": h.band,
                        "reason": h.reason,
                    }  # fmt: skip
                    for h in open_hits
                ],
            }
        )
        return 0
    print(
        f"Screened {run.suppliers} suppliers against {run.entries} listed entities in {run.seconds:.1f} s: "
        f"{run.hits} hits ({run.new} new, {run.stale} no longer matched)."
    )
    for h in open_hits:
        print(f"  [{h.band}] {h.supplier_name} ~ {h.entry_name} ({h.score:.2f}): {h.reason}")
    return 0


def disclosures_assess(args: argparse.Namespace) -> int:
    from ruggie.core.errors import UserFacingError
    from ruggie.investors.domain import classifier
    from ruggie.investors.domain.assessment import STATUS_LABELS, assess
    from ruggie.investors.domain.documents import read_document, sentences
    from ruggie.investors.domain.frameworks import frameworks

    console = Console(stderr=True)
    if args.framework not in frameworks():
        console.print(f"Unknown framework {args.framework!r}; choose one of: {', '.join(frameworks())}.")
        return 1
    try:
        document = read_document(args.file.read_bytes(), args.file.name)
    except (OSError, UserFacingError) as exc:
        console.print(f"{args.file}: {exc}")
        return 1
    if document.needs_ocr:
        console.print(f"{args.file}: the PDF is a scan (no text on its pages); it needs OCR first.")
        return 1
    parts = sentences(document)
    model = classifier.shipped_model()
    results = assess(
        frameworks()[args.framework], parts, model.probabilities([s.text for s in parts]), model.thresholds
    )
    if args.json:
        print_json(
            {
                "framework": args.framework,
                "model": model.version,
                "pages": len(document.pages),
                "sentences": len(parts),
                "criteria": [
                    {
                        "id": r.criterion.id,
                        "status": r.status.value,
                        "confidence": r.confidence,
                        "evidence": [{"page": e.sentence.page, "text": e.sentence.text, "label": e.label,
                                      "probability": round(e.probability, 3)} for e in r.evidence],
                    }
                    for r in results
                ],
            }
        )  # fmt: skip
        return 0
    out = Console()
    for r in results:
        status = STATUS_LABELS[r.status]
        out.print(f"[bold]{r.criterion.id}[/bold] {r.criterion.text}: {status} ({r.confidence:.0%})")
        for e in r.evidence[:3]:
            out.print(f"   p.{e.sentence.page}: {e.sentence.text[:160]}", markup=False)
    return 0


def disclosures_train(args: argparse.Namespace) -> int:
    from importlib.resources import files
    from pathlib import Path

    from ruggie.investors.domain import classifier, training

    console = Console(stderr=True)
    source = args.aims / "aims_au_test_50_statements.csv"
    if not source.exists():
        console.print(f"{source} is missing: point --aims at the AIMS.au folder (docs/disclosures.md).")
        return 1
    data = training.read_labelled(source.read_bytes(), source="au:")
    sources = ["AIMS.au test set, 50 Australian statements (Bora et al., ICLR 2025; CC BY 4.0)"]
    canada = args.aims / "aims_ca_sentences_targets_and_llama_predictions.csv"
    if canada.exists() and not args.australia_only:
        data = data + training.read_labelled(canada.read_bytes(), source="ca:")
        sources.append("AIMS.ca, 51 Canadian reports (Bora et al., ACL 2025; CC BY 4.0)")
    for number, extra in enumerate(args.extra):
        data = data + training.read_labelled(extra.read_bytes(), source=f"extra{number}:")
        sources.append(extra.name)
    console.print(f"Training on {len(data)} sentences from {len(set(data.documents))} documents...")
    model = training.train(data, sources=sources)
    output = args.output or Path(str(files("ruggie.data").joinpath(classifier.MODEL_DIR)))
    model.save(output)
    cv = model.about["cross_validation"]
    console.print(f"Cross-validated macro-F1 {cv['macro_f1']:.3f} (5 folds by statement). Saved to {output}.")
    return 0


def disclosures_corrections(args: argparse.Namespace) -> int:
    from ruggie.investors.disclosures import corrections_csv

    organisation = _organisation(args.org) if args.org else None
    data = corrections_csv(organisation)
    args.output.write_bytes(data)
    rows = data.count(b"\n") - 1
    Console(stderr=True).print(f"{rows} corrected sentences written to {args.output}.")
    return 0


def laws_check(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ruggie.laws.domain.engine import ANSWER_LABELS
    from ruggie.laws.domain.profile import fact_label
    from ruggie.laws.services import answers

    organisation = _organisation(args.org)
    found = answers(organisation, timezone.localdate())
    if args.json:
        print_json(
            {
                "organisation": organisation.slug,
                "laws": [
                    {"code": a.law.code, "answer": a.answer.value, "judged_on": a.on.isoformat(),
                     "unverified": a.unverified, "missing": [fact_label(m) for m in a.verdict.missing],
                     "tests": [{"test": s.text, "used": s.used, "result": s.result, "article": s.article}
                               for s in a.verdict.steps]}
                    for a in found
                ],
            }
        )  # fmt: skip
        return 0
    out = Console()
    for a in found:
        flag = " (rests on unverified facts)" if a.unverified else ""
        out.print(f"[bold]{a.law.short}[/bold]: {ANSWER_LABELS[a.answer]}{flag}", markup=True)
        if a.verdict.missing:
            out.print(f"   missing: {', '.join(fact_label(m) for m in a.verdict.missing)}", markup=False)
    return 0
