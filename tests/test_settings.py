"""Settings are read from the environment at start-up; each case runs in a fresh interpreter
so the test process's own settings are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAFE_KEY = "a-long-random-production-secret-0123456789abcdefghijklmnopqrstuvwxyz"
PROBE = (
    "import ruggie.settings as s; "
    "print('DEBUG', s.DEBUG); print('SECURE', s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE); "
    "print('HSTS', s.SECURE_HSTS_SECONDS)"
)


def _run(tmp_path: Path, code: str = PROBE, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "RUGGIE_DEBUG", "RUGGIE_PRODUCTION", "RUGGIE_TESTING", "RUGGIE_HTTPS")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**base, **env}, cwd=tmp_path, timeout=120, check=False)


def _values(result: subprocess.CompletedProcess[str]) -> dict[str, list[str]]:
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}


def test_production_refuses_default_secret_key(tmp_path: Path) -> None:
    result = _run(tmp_path, RUGGIE_PRODUCTION="1")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("extra", [{"RUGGIE_DEBUG": "1"}, {"RUGGIE_TESTING": "1"},
                                   {"SECRET_KEY": "ruggie-insecure-development-key-change-me"}])
def test_production_refuses_default_key_whatever_else_is_set(tmp_path: Path, extra: dict[str, str]) -> None:
    result = _run(tmp_path, RUGGIE_PRODUCTION="1", **extra)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_empty_secret_key_is_refused_when_used(tmp_path: Path) -> None:
    code = "import django; from django.conf import settings; django.setup(); print(settings.SECRET_KEY)"
    result = _run(tmp_path, code, RUGGIE_PRODUCTION="1", SECRET_KEY="",
                  DJANGO_SETTINGS_MODULE="ruggie.settings")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key(tmp_path: Path) -> None:
    values = _values(_run(tmp_path, RUGGIE_PRODUCTION="1", SECRET_KEY=SAFE_KEY))
    assert values["DEBUG"] == ["False"]
    # Production defaults to HTTPS-only cookies and HSTS.
    assert values["SECURE"] == ["True", "True"]
    assert int(values["HSTS"][0]) > 0


def test_debug_is_off_by_default(tmp_path: Path) -> None:
    result = _run(tmp_path, SECRET_KEY=SAFE_KEY)
    assert _values(result)["DEBUG"] == ["False"]


@pytest.mark.parametrize(("value", "expected"), [("1", "True"), ("true", "True"), ("0", "False"),
                                                 ("", "False"), ("no", "False")])
def test_debug_only_when_asked(tmp_path: Path, value: str, expected: str) -> None:
    assert _values(_run(tmp_path, SECRET_KEY=SAFE_KEY, RUGGIE_DEBUG=value))["DEBUG"] == [expected]


def test_development_default_key_warns_but_starts(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "SECRET_KEY" in result.stderr  # a visible warning, not silence


def test_an_empty_database_url_means_the_sqlite_default(tmp_path: Path) -> None:
    code = "import ruggie.settings as s; db = s.DATABASES['default']; print('DB', db['ENGINE'], db['NAME'])"
    values = _values(_run(tmp_path, code, DATABASE_URL=""))
    assert values["DB"] == ["django.db.backends.sqlite3", str(tmp_path / "ruggie.sqlite3")]
