"""Grievance report endpoint under load: a bounded test on 127.0.0.1 only.

Run from the repo root: ``.venv/bin/python benchmarks/grievance_load.py [--quick]``

1. Creates a PostgreSQL database (``ruggie_bench_grievance`` on 127.0.0.1:5432, dropped at
   the end), migrates it, and opens one organisation with a site channel.
2. Serves ruggie with gunicorn (production settings: ``RUGGIE_DEBUG=0``, no access log) on a
   free port of 127.0.0.1.
3. A small asyncio client posts a fixed number of reports (``--reports``, 6,000 by default,
   600 with ``--quick``) over ``--connections`` keep-alive connections, each report carrying
   a unique marker, and stops at ``--time-limit`` seconds whatever happens.
4. Counts afterwards, in the database: the cases stored, and, by opening each sealed report
   with the case key, which markers arrived, so a lost or duplicated report is seen.

Figures: reports per second over the sustained run (first answer to last), latency p50/p95.
The last line of output is one JSON object with ``reports_per_s``, ``sent``, ``stored``,
``lost``, ``duplicated``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "ruggie_bench_grievance"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
TARGET = 200.0
WARM_UP_FIRST = 10_000_000


def log(message: str) -> None:
    print(message, flush=True)


def _env(case_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=PG_URL, DJANGO_SETTINGS_MODULE="ruggie.settings", RUGGIE_DEBUG="0",
        SECRET_KEY="bench-" + "k" * 50, RUGGIE_CASE_KEY=case_key, PYTHONWARNINGS="ignore",
        ALLOWED_HOSTS="127.0.0.1,localhost", RUGGIE_LOG_LEVEL="ERROR",
    )  # fmt: skip
    env.pop("RUGGIE_PRODUCTION", None)
    return env


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


SETUP = """
import django; django.setup()
from ruggie.accounts.services import organisation_create
from ruggie.grievance.models import Channel
from ruggie.register.services import site_create, supplier_create
org = organisation_create(slug="bench", name="Bench Buyer", kind="company")
supplier = supplier_create(organisation=org, actor=None, name="Bench Garments Ltd", country="BD")
site = site_create(supplier=supplier, actor=None, name="Bench Garments Unit 1", country="BD", headcount=5000)
print(Channel.objects.create(organisation=org, site=site, name=site.name).token)
"""

COUNT = """
import django, json, re; django.setup()
from collections import Counter
from ruggie.grievance.keys import keyring, organisation_keys
from ruggie.grievance.domain.sealing import unseal_text
from ruggie.grievance.models import Case
cases = list(Case.objects.select_related("organisation"))
marks = Counter()
if cases:
    private = keyring().private_key(organisation_keys(cases[0].organisation))
    for case in cases:
        found = re.search(r"bench-report-(\\d+)", unseal_text(private, bytes(case.sealed_text)))
        marks[found.group(1) if found else "?"] += 1
print(json.dumps({"stored": len(cases), "marks": marks}))
"""


def _python(code: str, env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"setup failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


# --- the client ----------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.ok = 0
        self.failed = 0
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self.first: float | None = None
        self.last = 0.0


async def _connection(
    port: int, token: str, numbers: asyncio.Queue[int], tally: Tally, stop_at: float
) -> None:  # noqa: E501
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < stop_at:
            try:
                n = numbers.get_nowait()
            except asyncio.QueueEmpty:
                return
            text = f"Wages paid late again this month. bench-report-{n}"
            body = urlencode({"kind": "pay", "who": "anonymous", "text": text}).encode()
            request = (
                f"POST /g/{token}/?lang=en HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
            ).encode() + body
            started = time.monotonic()
            writer.write(request)
            await writer.drain()
            status, keep = await _read_response(reader)
            now = time.monotonic()
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if status == 200:
                tally.ok += 1
                tally.latencies.append(now - started)
                tally.first = tally.first or now
                tally.last = now
            else:
                tally.failed += 1
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection", "").lower() != "close"


async def _load(port: int, token: str, reports: int, connections: int, limit: float, first: int = 0) -> Tally:
    numbers: asyncio.Queue[int] = asyncio.Queue()
    for n in range(first, first + reports):
        numbers.put_nowait(n)
    tally = Tally()
    stop_at = time.monotonic() + limit
    await asyncio.gather(*(_connection(port, token, numbers, tally, stop_at) for _ in range(connections)))
    return tally


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="600 reports (for CI)")
    parser.add_argument("--reports", type=int, help="reports to send (default 6,000)")
    parser.add_argument("--connections", type=int, default=24, help="keep-alive connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--time-limit", type=float, default=120.0, help="stop sending after this (s)")
    args = parser.parse_args(argv)
    reports = args.reports or (600 if args.quick else 6000)
    case_key = base64.b64encode(os.urandom(32)).decode()
    env = _env(case_key)
    try:
        _admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        _admin(f"CREATE DATABASE {PG_DB}")
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL: say so and print null figures
        log(f"note: PostgreSQL unreachable at 127.0.0.1:5432 ({exc}); no figures.")
        print(json.dumps({"reports_per_s": None, "sent": 0, "stored": 0, "lost": None, "duplicated": None}))
        return
    server = None
    try:
        subprocess.run([str(VENV_BIN / "ruggie"), "migrate", "-v", "0"], env=env, cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        token = _python(SETUP, env)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [str(VENV_BIN / "gunicorn"), "ruggie.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
             "--keep-alive", "30", "--log-level", "warning"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        _wait_for(port, time.monotonic() + 30)
        log(f"gunicorn on 127.0.0.1:{port} ({args.workers} workers x {args.threads} threads), PostgreSQL; "
            f"sending {reports:,} reports over {args.connections} connections...")  # fmt: skip
        # Warm every worker up, with markers apart from the measured run's.
        asyncio.run(_load(port, token, min(50, reports), 8, 30.0, first=WARM_UP_FIRST))
        warm = json.loads(_python(COUNT, env))["stored"]
        tally = asyncio.run(_load(port, token, reports, args.connections, args.time_limit))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    counted = json.loads(_python(COUNT, env))
    _admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    marks: dict[str, int] = counted["marks"]
    sent = tally.ok + tally.failed
    stored = counted["stored"] - warm
    # Every report the client sent (warm-up included) must be there exactly once.
    expected = {str(n) for n in range(reports)}
    marks = {k: v for k, v in marks.items() if k == "?" or int(k) < WARM_UP_FIRST}
    lost = len(expected - set(marks))
    duplicated = sum(count - 1 for count in marks.values() if count > 1)
    elapsed = (tally.last - tally.first) if tally.first else 0.0
    rate = round((tally.ok - 1) / elapsed, 1) if elapsed > 0 else None
    log(f"sent {sent:,} reports: {tally.ok:,} answered 200, statuses {tally.statuses}")
    log(f"stored {stored:,} (after {warm} warm-up reports); lost {lost}, duplicated {duplicated}")
    p50, p95 = (1000 * _percentile(tally.latencies, q) for q in (0.5, 0.95))
    log(f"sustained {rate} reports/s (target >= {TARGET:.0f}); latency p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    if rate is not None and rate < TARGET:
        log("note: below the 200 reports/s target")
    print(json.dumps({
        "reports_per_s": rate, "sent": sent, "stored": stored, "lost": lost, "duplicated": duplicated,
        "answered_200": tally.ok, "statuses": tally.statuses, "warm_up": warm,
        "latency_p50_ms": round(p50, 1), "latency_p95_ms": round(p95, 1),
        "workers": args.workers, "threads": args.threads, "connections": args.connections,
        "target_reports_per_s": TARGET,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
