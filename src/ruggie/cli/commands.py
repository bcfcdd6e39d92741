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
