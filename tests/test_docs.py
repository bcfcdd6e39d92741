"""The docs stay true: every setting is documented, the CLI reference matches --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ruggie.cli.main import _parser

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented() -> None:
    source = (ROOT / "src/ruggie/settings.py").read_text()
    names = set(re.findall(r"""environ(?:\.get)?\(\s*["']([A-Z_]+)["']""", source))
    names |= set(re.findall(r"""_flag\(\s*["']([A-Z_]+)["']""", source))
    documented = (ROOT / "docs/settings.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert names and not missing, f"document these in docs/settings.md: {missing}"


def _help_texts() -> dict[str, str]:
    parser = _parser()
    texts = {"ruggie": parser.format_help()}
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():  # type: ignore[union-attr]
        inner = [a for a in p._actions if a.__class__.__name__ == "_SubParsersAction"]
        if inner:
            for what, q in inner[0].choices.items():  # type: ignore[union-attr]
                texts[f"ruggie {name} {what}"] = q.format_help()
        else:
            texts[f"ruggie {name}"] = p.format_help()
    return texts


def render_cli_reference() -> str:
    parts = [
        "# `ruggie` command reference\n",
        "Generated from `--help` (`python tests/test_docs.py` rewrites it; a test checks it).",
        "Any other first word runs a Django management command: `ruggie migrate`, "
        "`ruggie db_worker`, `ruggie createsuperuser`.\n",
    ]
    for title, text in _help_texts().items():
        parts.append(f"## {title}\n\n```\n{text.strip()}\n```\n")
    return "\n".join(parts)


@pytest.mark.parametrize("columns", ["100"])
def test_cli_reference_is_current(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    expected = render_cli_reference()
    actual = (ROOT / "docs/cli.md").read_text()
    assert actual == expected, "docs/cli.md is stale: run `COLUMNS=100 .venv/bin/python tests/test_docs.py`"


def render_import_reference() -> str:
    from ruggie.register.domain.columns import FIELDS

    lines = [
        "# Supplier-list columns",
        "",
        "Generated from `ruggie.register.domain.columns.FIELDS` (`python tests/test_docs.py`"
        " rewrites it; a test checks it). A column is recognised by any of these header names,"
        " ignoring case, accents, punctuation and units in brackets; close misspellings are"
        " proposed for you to confirm. Anything else can be mapped by hand on the page or with"
        " `ruggie import suppliers FILE --map FIELD=COLUMN`.",
        "",
        "| field | required | what it holds | header names recognised |",
        "|---|---|---|---|",
    ]
    for f in FIELDS.values():
        names = ", ".join(f"`{a}`" for a in f.aliases)
        lines.append(f"| `{f.name}` ({f.label}) | {'yes' if f.required else ''} | {f.help} | {names} |")
    return "\n".join(lines) + "\n"


def test_import_reference_is_current() -> None:
    assert (ROOT / "docs/import-columns.md").read_text() == render_import_reference(), (
        "docs/import-columns.md is stale: run `COLUMNS=100 .venv/bin/python tests/test_docs.py`"
    )


if __name__ == "__main__":
    (ROOT / "docs/cli.md").write_text(render_cli_reference())
    (ROOT / "docs/import-columns.md").write_text(render_import_reference())
