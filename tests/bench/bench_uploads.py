"""Benchmark: 50 sellers upload a 10,000-row workbook at once to the running web service; page loads meanwhile.

    .venv/bin/python tests/bench/bench_uploads.py [--clients 50] [--products 10000] [--db postgresql|sqlite]

Prints one JSON line. Not a pytest test.

The service is started the way a seller starts it: ``ozwb serve --workers 1`` in its own process (uvicorn,
the app with its validation pool, one RQ worker), on a real Redis (``--redis``, default db 12 of the local
server) and PostgreSQL (a fresh schema of the ``--pg`` database, dropped afterwards) or a SQLite file.
The workbook is the export benchmark's synthetic catalog written once by our own writer and kept in
``var/bench/`` for the next run. Each client registers through ``POST /api/v1/auth/register``, takes a
token, then all upload at the same moment (``POST /api/v1/imports``, multipart) and wait for their report.
*Accepted and validated*: HTTP 201 with a report counting every data row; *none lost*: the ``imports``
table holds one row per client afterwards. Meanwhile one signed-in seller loads pages in a loop — home,
the jobs list and one job page — over its own connection; their latencies before the load (idle) and
during it are reported as p50/p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from engine.connections import add_ozon, add_wb  # noqa: E402
from engine.jobs import create_export_job  # noqa: E402
from engine.keyring import Keyring  # noqa: E402
from engine.settings import get_settings  # noqa: E402
from engine.store import open_store  # noqa: E402
from engine.store.account_models import User  # noqa: E402
from engine.store.web_models import ImportRecord  # noqa: E402
from engine.workbook.writer import write_workbook  # noqa: E402
from tests.workbook.builders import sample_directories, sample_subjects, synthetic_catalog  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = ("home", "jobs", "job")


def workbook(products: int, seed: int) -> Path:
    """The synthetic catalog as our writer writes it, made once and kept for the next runs."""
    path = REPO / "var" / "bench" / f"uploads-{products}-{seed}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subjects, directories = sample_subjects(), sample_directories()
        scratch = path.with_name(f".{path.name}.tmp")
        write_workbook(scratch, synthetic_catalog(products, subjects, directories, seed), subjects, directories)
        scratch.replace(path)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database(kind: str, pg: str, root: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{root / 'ozwb.sqlite3'}"
        return
    schema = f"ozwb_bench_{secrets.token_hex(4)}"
    admin = create_engine(pg)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def service(env: dict[str, str], log: Path) -> Iterator[str]:
    """``ozwb serve`` in its own process; yields its URL once it answers, stops it (SIGTERM) afterwards."""
    port = free_port()
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--workers", "1"], cwd=REPO, env=env,
            stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ozwb serve did not start; see {log}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def page_user(url: str, database_url: str, key: str) -> tuple[httpx.Client, dict[str, str]]:
    """A signed-in browser of a seller with one job, and the paths of the pages to load."""
    browser = httpx.Client(base_url=url, timeout=120)
    email = f"pages-{secrets.token_hex(4)}@example.ru"
    for path, data in (("/register", {"email": email, "password": PASSWORD}),
                       ("/login", {"email": email, "password": PASSWORD})):
        token = CSRF.search(browser.get(path).text)
        assert token, f"no form on {path}"
        answer = browser.post(path, data={**data, "csrf_token": token.group(1)})
        assert answer.status_code in (200, 303), answer.text[:300]
    store = open_store(get_settings(database_url=database_url))
    keyring = Keyring([key.encode()])
    with store.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        owner = user.id
        ozon = add_ozon(session, keyring, owner, name="Ozon", client_id="1", api_key="bench-key").id
        add_wb(session, keyring, owner, name="WB", token="bench-token")
    job = create_export_job(store, owner, ozon)  # stays queued (never sent to the worker): a page to show
    store.close()
    return browser, {"home": "/home", "jobs": "/jobs", "job": f"/jobs/{job}"}


def load_pages(browser: httpx.Client, paths: dict[str, str], stop: threading.Event,
               times: dict[str, list[float]], limit: int | None = None) -> None:
    rounds = 0
    while not stop.is_set() and (limit is None or rounds < limit):
        for name in PAGES:
            started = time.perf_counter()
            answer = browser.get(paths[name])
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                raise RuntimeError(f"{paths[name]}: {answer.status_code}")
            times[name].append(elapsed)
        rounds += 1


async def sellers(url: str, count: int) -> list[dict[str, str]]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        async def one(index: int) -> dict[str, str]:
            email = f"bench-{index}-{secrets.token_hex(3)}@example.ru"
            created = await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
            assert created.status_code == 201, created.text
            token = await client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
            assert token.status_code == 200, token.text
            return {"Authorization": f"Bearer {token.json()['access_token']}"}

        # All at once, like the uploads: the sign-ups must not collide on SQLite either.
        return list(await asyncio.gather(*(one(i) for i in range(count))))


async def uploads(url: str, headers: list[dict[str, str]], content: bytes) -> list[tuple[float, int, dict[str, Any]]]:
    limits = httpx.Limits(max_connections=len(headers) + 5, max_keepalive_connections=len(headers) + 5)
    async with httpx.AsyncClient(base_url=url, timeout=1800, limits=limits) as client:
        gate = asyncio.Event()

        async def one(auth: dict[str, str]) -> tuple[float, int, dict[str, Any]]:
            await gate.wait()
            started = time.perf_counter()
            answer = await client.post("/api/v1/imports", headers=auth,
                                       files={"file": ("catalog.xlsx", content, XLSX)})
            body: dict[str, Any] = answer.json()
            return time.perf_counter() - started, answer.status_code, body

        tasks = [asyncio.create_task(one(auth)) for auth in headers]
        await asyncio.sleep(0.1)
        gate.set()
        return list(await asyncio.gather(*tasks))


def p95(ordered: list[float]) -> float:
    """The nearest-rank 95th percentile of sorted values."""
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(p95(ordered) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--pg", default=os.environ.get("OZWB_TEST_DATABASE_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    book = workbook(args.products, args.seed)
    content = book.read_bytes()
    key = Fernet.generate_key().decode()
    with tempfile.TemporaryDirectory(prefix="ozwb-bench-web-") as tmp, database(args.db, args.pg, Path(tmp)) as db:
        root = Path(tmp)
        env = {**os.environ, "OZWB_DATABASE_URL": db, "OZWB_REDIS_URL": args.redis,
               "OZWB_FILES_DIR": str(root / "files"), "OZWB_CACHE_DIR": str(root / "cache"),
               "OZWB_SECRET_KEYS": key, "OZWB_SMTP_HOST": "", "OZWB_PUBLIC_URL": "http://127.0.0.1"}
        log = Path(os.environ.get("OZWB_BENCH_LOG") or root / "serve.log")
        with service(env, log) as url:
            browser, paths = page_user(url, db, key)
            idle: dict[str, list[float]] = {name: [] for name in PAGES}
            load_pages(browser, paths, threading.Event(), idle, limit=20)
            headers = asyncio.run(sellers(url, args.clients))
            loaded: dict[str, list[float]] = {name: [] for name in PAGES}
            stop = threading.Event()
            loader = threading.Thread(target=load_pages, args=(browser, paths, stop, loaded), daemon=True)
            started = time.perf_counter()
            loader.start()
            answers = asyncio.run(uploads(url, headers, content))
            wall = time.perf_counter() - started
            stop.set()
            loader.join(timeout=120)
            browser.close()
            store = open_store(get_settings(database_url=db))
            with store.session() as session:
                stored = session.scalar(select(func.count()).select_from(ImportRecord)) or 0
            store.close()
    accepted = [body for _, status, body in answers if status == 201]
    rows = [int(body["counts"].get("rows", 0)) for body in accepted]
    seconds = sorted(s for s, _, _ in answers)
    during = [t for name in PAGES for t in loaded[name]]
    result = {
        "bench": "uploads", "database": args.db, "clients": args.clients, "products": args.products,
        "file_mb": round(len(content) / 2**20, 2), "accepted": len(accepted),
        "validated": sum(1 for body, n in zip(accepted, rows, strict=True) if n > 0 and body["file_problem"] is None),
        "rows_each": sorted(set(rows)), "imports_in_db": stored,
        "statuses": sorted({status for _, status, _ in answers}),
        "wall_s": round(wall, 1), "upload_p50_s": round(statistics.median(seconds), 1),
        "upload_p95_s": round(p95(seconds), 1),
        "upload_max_s": round(seconds[-1], 1),
        "pages_idle": {name: quantiles(idle[name]) for name in PAGES},
        "pages_under_load": {name: quantiles(loaded[name]) for name in PAGES},
        "page_loads_under_load": quantiles(during),
        "validation_processes": int(os.environ.get("OZWB_VALIDATION_PROCESSES") or min(4, os.cpu_count() or 1)),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
