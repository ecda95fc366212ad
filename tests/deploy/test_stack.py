"""``docker compose up`` rehearsed: the compose ``web`` and ``worker`` commands, with the compose environment,
run as separate processes from the rehearsed image (tests/deploy/stack.py says what stands in for Docker),
and a seller goes through the flow over HTTP: register, connect, export (done by the worker process),
download, upload, dry-run push."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import redis
from rq import Worker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_OZON_CLIENT_ID, SANDBOX_WB_TOKEN
from engine.store.migrations import head_revision
from sandbox.server import free_port
from tests.deploy.compose import ComposeFile
from tests.deploy.rehearsal import Image
from tests.deploy.stack import (
    ADMIN_DATABASE_URL,
    Process,
    dedicated_database,
    dedicated_redis,
    files_under,
    rehearsal_env,
    start,
    stop_all,
    wait_until_answers,
    with_port,
)

SPEED = "150"  # sandbox rate limits and delays, and the clients' own limiter, this many times faster
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "correct horse battery"


def wait_for_job(client: httpx.Client, job_id: int, processes: list[Process], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"job {job_id} stuck: {job}\n" + "\n".join(p.tail() for p in processes)
        time.sleep(0.3)


def migrated_revision(database: str) -> str | None:
    engine = create_engine(make_url(ADMIN_DATABASE_URL).set(database=database))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def seller_flow(web: str, volume: Path, redis_url: str, worker: Process, processes: list[Process]) -> None:
    with httpx.Client(base_url=web, trust_env=False, timeout=60) as client:
        email = "seller@example.ru"
        registered = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert registered.status_code == 201, registered.text  # no SMTP configured: active at once
        token = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD,
                                                        "grant_type": "password"})
        assert token.status_code == 200, token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

        ozon = client.post("/api/v1/connections", json={"kind": "ozon", "name": "Ozon", "secret": SANDBOX_OZON_API_KEY,
                                                        "client_id": SANDBOX_OZON_CLIENT_ID})
        wb = client.post("/api/v1/connections", json={"kind": "wb", "name": "WB", "secret": SANDBOX_WB_TOKEN})
        assert ozon.status_code == wb.status_code == 201, (ozon.text, wb.text)
        assert ozon.json()["state"] == wb.json()["state"] == "ok", (ozon.json(), wb.json())
        wb_id = wb.json()["id"]

        started = client.post("/api/v1/exports", json={"connection_id": ozon.json()["id"], "wb_connection_id": wb_id})
        assert started.status_code == 202, started.text
        export = wait_for_job(client, started.json()["job"]["id"], processes)
        assert export["status"] == "done", export
        connection = redis.Redis.from_url(redis_url)
        assert [w.pid for w in Worker.all(connection=connection)] == [worker.popen.pid]  # web runs --workers 0
        connection.close()

        downloaded = client.get(f"/api/v1/jobs/{export['id']}/result")
        assert downloaded.status_code == 200 and downloaded.headers["content-type"] == XLSX
        on_volume = [path.read_bytes() for path in (volume / "files").rglob("*.xlsx")]
        assert downloaded.content in on_volume  # the worker wrote it where the web serves it from
        book = openpyxl.load_workbook(io.BytesIO(downloaded.content), read_only=True)
        assert len(book.sheetnames) > 1
        book.close()

        uploaded = client.post("/api/v1/imports", files={"file": ("export.xlsx", downloaded.content, XLSX)},
                               data={"wb_connection_id": str(wb_id)})
        assert uploaded.status_code == 201, uploaded.text  # checked in the web's validation processes
        report = uploaded.json()
        assert report["checked_with_wb"] and report["counts"]["rows"] > 0 and report["file_problem"] is None
        pushed = client.post(f"/api/v1/imports/{report['id']}/push",
                             json={"wb_connection_id": wb_id, "dry_run": True, "skip_invalid": True})
        assert pushed.status_code == 202, pushed.text
        dry_run = wait_for_job(client, pushed.json()["job"]["id"], processes)
        assert dry_run["status"] == "done" and dry_run["kind"] == "push", dry_run


def test_compose_web_and_worker_serve_the_flow_from_the_image(image: Image, compose: ComposeFile,
                                                              tmp_path: Path) -> None:
    volumes = {name: tmp_path / "volumes" / name for name in compose.raw["volumes"]}
    for folder in volumes.values():
        folder.mkdir(parents=True)
    sandbox_port, web_port = free_port(), free_port()
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    # Ozon and WB are the internet for the containers; here the sandbox stands in for both.
    wb_hosts = ("CONTENT", "PRICES", "MARKETPLACE", "COMMON")
    marketplaces = {"OZWB_OZON_BASE_URL": f"{sandbox}/ozon", "OZWB_LIMIT_SPEED": SPEED,
                    **{f"OZWB_WB_{host}_URL": f"{sandbox}/wb" for host in wb_hosts}}
    before = files_under(image.workdir)
    logs = tmp_path / "logs"
    with dedicated_database() as database, dedicated_redis() as redis_url:
        def env(service: str) -> dict[str, str]:
            return image.env({**rehearsal_env(compose.service(service), database, redis_url, volumes),
                              **marketplaces})

        processes: list[Process] = []
        try:
            processes.append(start("sandbox", image.command(
                ["sandbox", "--port", str(sandbox_port), "--speed", SPEED, "--catalog-size", "12"]), image.env(),
                image.workdir, logs))
            processes.append(start("web", image.command(with_port(compose.service("web").command, web_port)),
                                   env("web"), image.workdir, logs))
            worker = start("worker", image.command(compose.service("worker").command), env("worker"), image.workdir,
                           logs)
            processes.append(worker)
            wait_until_answers(f"{sandbox}/_sandbox/stats", processes)
            wait_until_answers(f"http://127.0.0.1:{web_port}/login", processes)
            assert migrated_revision(database) == head_revision()  # the web migrated PostgreSQL on start
            seller_flow(f"http://127.0.0.1:{web_port}", volumes["ozwb-data"], redis_url, worker, processes)
        finally:
            still_running = stop_all(processes)
        assert still_running == [], "process groups left running: " + ", ".join(still_running)
    assert files_under(image.workdir) == before  # nothing written relative to WORKDIR (not writable in the image)


def test_the_image_alone_serves_the_demo_with_its_state_on_data(image: Image, tmp_path: Path) -> None:
    """``docker run -p 8000:8000 IMAGE``: CMD serves the demo (SQLite, embedded Redis, in-process sandbox and a
    worker), keeping every piece of state on /data — the only folder of the image its user may write."""
    data = image.path("/data")
    env = {key: value.replace("/data/", f"{data}/") if key.startswith("OZWB_") else value
           for key, value in image.env().items()}
    port = free_port()
    before = files_under(image.workdir)
    processes = [start("demo", image.command([*image.stage.cmd, "--port", str(port)]), env, image.workdir,
                       tmp_path / "logs")]
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/login", processes)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=30) as client:
            registered = client.post("/api/v1/auth/register", json={"email": "demo@example.ru", "password": PASSWORD})
            assert registered.status_code == 201, registered.text + processes[0].tail()
    finally:
        still_running = stop_all(processes)
    assert still_running == [], "process groups left running: " + ", ".join(still_running)
    assert {"ozwb.sqlite3", "secret.key"} <= {path.name for path in data.iterdir()}
    assert files_under(image.workdir) == before
