"""Flow page fixtures: the web app with a demo sandbox and a queue of its own on the test Redis.

``web_settings`` (SQLite and PostgreSQL) comes from tests/support/web.py; ``web_app`` here adds the
sandbox as the demo pair, the test Redis and a unique queue. :func:`drain` runs what the pages queued
with a real RQ worker in this process (burst mode), reading its settings from the environment like
``ozwb worker`` does.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator

import pytest
import redis
from fastapi import FastAPI
from rq import Queue, SimpleWorker

from api.app import create_app
from engine.jobs import job_view
from engine.settings import Settings
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.support.web import (  # noqa: F401 - fixtures are found by name
    client,
    new_client,
    pg_web_settings,
    sqlite_web_settings,
    web_settings,
)

REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SPEED = 150.0


@pytest.fixture(scope="package")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=8, card_creation_delay=5.0)) as running:
        yield running


@pytest.fixture
def queue_name() -> Iterator[str]:
    name = f"test-web-{secrets.token_hex(4)}"
    yield name
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)
    connection.close()


@pytest.fixture
def flow_settings(web_settings: Settings, sandbox: RunningSandbox,  # noqa: F811 - the imported fixture
                  monkeypatch: pytest.MonkeyPatch) -> Settings:
    # validation_processes 0: uploads are checked in this process, no spawned pool
    settings = web_settings.model_copy(update={"redis_url": REDIS_URL, "demo_sandbox_url": sandbox.url,
                                               "limit_speed": SPEED, "validation_processes": 0})
    for key, value in worker_env(settings).items():
        monkeypatch.setenv(key, value)
    return settings


@pytest.fixture
def web_app(flow_settings: Settings, queue_name: str) -> FastAPI:
    app = create_app(flow_settings)
    app.state.queue_name = queue_name
    return app


def worker_env(settings: Settings) -> dict[str, str]:
    """What ``ozwb worker`` needs to act for this app: same database, files, keys and Redis."""
    return {"OZWB_DATABASE_URL": settings.database_url, "OZWB_FILES_DIR": settings.files_dir,
            "OZWB_SECRET_KEYS": settings.secret_keys.get_secret_value(), "OZWB_REDIS_URL": settings.redis_url or "",
            "OZWB_LIMIT_SPEED": str(settings.limit_speed), "OZWB_SMTP_HOST": "", "OZWB_PUBLIC_URL": settings.public_url,
            "OZWB_HTTP_TIMEOUT": "5",
            "OZWB_HTTP_MAX_RETRIES": "8", "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.3",
            "OZWB_PUSH_SLICE_SECONDS": "5", "OZWB_CACHE_DIR": os.path.join(settings.files_dir, "..", "cache")}


def drain(app: FastAPI, owner_id: int, job_id: int, timeout: float = 180.0) -> None:
    """Run the app's queue with a real RQ worker until web job ``job_id`` has ended."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        worker = SimpleWorker([Queue(app.state.queue_name, connection=connection)], connection=connection)
        deadline = time.monotonic() + timeout
        while True:
            worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
            with app.state.store.session() as session:
                if job_view(session, owner_id, job_id).finished:
                    return
            assert time.monotonic() < deadline, f"web job {job_id} did not end"
            time.sleep(0.2)
    finally:
        connection.close()
