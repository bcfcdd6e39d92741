"""The `ruggie` command.

Own commands for administrators and scripts (import, export, org, user, demo); any other
first word is passed to Django's management commands (`ruggie migrate`, `ruggie db_worker`).
Commands call services only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

OWN = {"import", "export", "org", "user", "demo"}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggie.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ruggie",
        description="ruggie: human rights due diligence for supply chains. "
        "Other commands are Django's (ruggie migrate, ruggie runserver, ruggie db_worker).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import data").add_subparsers(dest="what", required=True)
    s = imp.add_parser("suppliers", help="import a supplier list (CSV, TSV or .xlsx)")
    s.add_argument("file", type=Path)
    s.add_argument("--org", required=True, help="organisation slug")
    s.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    s.add_argument("--json", action="store_true", help="print the report as one JSON object")
    s.add_argument("--all-or-nothing", action="store_true", help="store nothing if any row is rejected")
    s.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="do not merge likely duplicates; create them as separate suppliers",
    )
    s.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a column by hand (column title or 1-based number); repeat as needed",
    )

    c = imp.add_parser(
        "commodities", help="add your own commodities (YAML, same format as the built-in list)"
    )
    c.add_argument("file", type=Path)
    c.add_argument("--org", required=True, help="organisation slug")

    exp = sub.add_parser("export", help="export data").add_subparsers(dest="what", required=True)
    e = exp.add_parser("suppliers", help="export the register")
    e.add_argument("--org", required=True)
    e.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    e.add_argument("-o", "--output", type=Path, required=True)

    org = sub.add_parser("org", help="organisations").add_subparsers(dest="what", required=True)
    oc = org.add_parser("create", help="create an organisation")
    oc.add_argument("slug")
    oc.add_argument("--kind", choices=["company", "supplier", "investor"], required=True)
    oc.add_argument("--name", required=True)

    user = sub.add_parser("user", help="people").add_subparsers(dest="what", required=True)
    uc = user.add_parser("create", help="create a user (or add a role) in an organisation")
    uc.add_argument("email")
    uc.add_argument("--org", required=True)
    uc.add_argument("--role", choices=["admin", "analyst", "viewer"], required=True)
    uc.add_argument("--password", help="default: read RUGGIE_PASSWORD, else ask")

    d = sub.add_parser("demo", help="load the demo organisations, users and register (idempotent)")
    d.add_argument("--quiet", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in OWN | {"-h", "--help"}:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggie.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["ruggie", *argv])
        return 0
    args = _parser().parse_args(argv)
    _setup()
    from ruggie.cli import commands

    handler: Any = getattr(commands, f"{args.command}_{getattr(args, 'what', '')}".rstrip("_"))
    return int(handler(args) or 0)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), console=console, transient=True
    )


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
