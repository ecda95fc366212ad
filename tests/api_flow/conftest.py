"""A whole web service for the REST flow tests: the app (TestClient), a real RQ worker process on a queue of
the test's own (real Redis), a sandbox serving Ozon and WB over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from api.app import create_app
from engine.connections import add_demo_pair, add_wb
from engine.settings import Settings
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.support.web import (  # noqa: F401 - fixtures are found by name
    api_user_headers,
    pg_web_settings,
    sqlite_web_settings,
    web_settings,
)

SPEED = 150.0
REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="package")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=12, card_creation_delay=5.0)) as running:
        yield running


@dataclass
class Seller:
    id: int
    headers: dict[str, str]
    ozon_id: int
    wb_id: int


@dataclass
class Service:
    client: TestClient
    settings: Settings
    sandbox: RunningSandbox

    def seller(self) -> Seller:
        """A new API seller with the demo Ozon connection and a WB connection of a WB seller of its own."""
        headers = api_user_headers(self.client)
        me = self.client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200, me.text
        user_id = int(me.json()["id"])
        app = self.client.app
        keyring = app.state.keyring  # type: ignore[attr-defined]
        with app.state.store.session() as session:  # type: ignore[attr-defined]
            ozon, _ = add_demo_pair(session, keyring, user_id, self.sandbox.url)
            wb = add_wb(session, keyring, user_id, name="WB", token=f"sandbox-wb-token.api{secrets.token_hex(3)}",
                        sandbox_url=self.sandbox.url)
            return Seller(user_id, headers, ozon.id, wb.id)

    def wait(self, seller: Seller, job_id: int, timeout: float = 240.0) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while True:
            response = self.client.get(f"/api/v1/jobs/{job_id}", headers=seller.headers)
            assert response.status_code == 200, response.text
            job: dict[str, object] = response.json()
            if job["status"] in ("done", "failed"):
                return job
            assert time.monotonic() < deadline, f"job {job_id} stuck: {job}"
            time.sleep(0.3)


@pytest.fixture
def service(web_settings: Settings,  # noqa: F811 - the imported fixture, requested by name
            sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Service]:
    settings = web_settings.model_copy(update={
        "redis_url": REDIS_URL, "limit_speed": SPEED, "cache_dir": str(tmp_path / "cache"), "http_timeout": 5.0,
        "http_max_retries": 8, "http_backoff_base": 0.02, "http_backoff_cap": 0.3,
    })
    queue = f"test-api-{secrets.token_hex(4)}"
    app = create_app(settings)
    app.state.queue_name = queue
    env = {**os.environ, "OZWB_REDIS_URL": REDIS_URL, "OZWB_DATABASE_URL": settings.database_url,
           "OZWB_FILES_DIR": settings.files_dir, "OZWB_CACHE_DIR": settings.cache_dir,
           "OZWB_SECRET_KEYS": settings.secret_keys.get_secret_value(), "OZWB_LIMIT_SPEED": str(SPEED),
           "OZWB_HTTP_TIMEOUT": "5", "OZWB_HTTP_MAX_RETRIES": "8", "OZWB_HTTP_BACKOFF_BASE": "0.02",
           "OZWB_HTTP_BACKOFF_CAP": "0.3", "OZWB_PUSH_SLICE_SECONDS": "3", "OZWB_SMTP_HOST": ""}
    connection = redis.Redis.from_url(REDIS_URL)
    with TestClient(app, base_url="http://testserver") as client:  # migrations run before the worker starts
        worker = subprocess.Popen([sys.executable, "-m", "cli.main", "worker", "--queue", queue], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            yield Service(client, settings, sandbox)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            for key in connection.scan_iter(f"*{queue}*"):
                connection.delete(key)
            connection.close()
