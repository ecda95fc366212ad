"""Real Redis (db 15, a queue and key prefix of each test's own), a 1,000-product push-ready catalog, workers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from engine.push import PushOptions, create_job, job_progress, seller_key
from engine.settings import get_settings
from engine.store import Store, open_store, upgrade_to_head
from sandbox.config import FaultSpec, SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.push.catalogs import Catalog, export_ready, sandbox_settings

REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SPEED = 150.0
FAULTS = "429=0.05,500=0.05,timeout=0.05,reset=0.05"  # 20 % of all requests
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="package")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """1,000 Ozon products exported and made push-ready; its sandbox keeps serving the photos."""
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=1000)) as source:
        yield export_ready(source, tmp_path_factory.mktemp("big") / "catalog.xlsx")


@pytest.fixture
def faulty_wb() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, faults=FaultSpec.parse(FAULTS), fault_hang_seconds=1.0,
                                   card_creation_delay=5.0, seed=11)) as running:
        yield running


@pytest.fixture
def calm_wb() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, card_creation_delay=5.0)) as running:
        yield running


@dataclass
class Rig:
    """One test's queue, database and worker environment."""

    queue: str
    database: Path
    store: Store
    connection: redis.Redis
    slice_seconds: float = 3.0

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "OZWB_REDIS_URL": REDIS_URL, "OZWB_DATABASE_URL": f"sqlite:///{self.database}",
                "OZWB_LIMIT_SPEED": str(SPEED), "OZWB_HTTP_TIMEOUT": "0.5", "OZWB_HTTP_MAX_RETRIES": "10",
                "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.3",
                "OZWB_PUSH_SLICE_SECONDS": str(self.slice_seconds)}

    def job(self, catalog: Catalog, wb: RunningSandbox, seller: str) -> int:
        settings = sandbox_settings(wb, seller=seller)
        options = PushOptions(sandbox_url=wb.url, sandbox_seller=seller, source_name=catalog.path.name)
        with self.store.session() as session:
            return create_job(session, catalog.prepared.report, seller_key(settings), options)

    def worker(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "cli.main", "worker", "--queue", self.queue]
        # A session of its own: a test that kills the worker kills RQ's forked scheduler with it.
        return subprocess.Popen(command, cwd=REPO, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def wait_for_workers(self, count: int, timeout: float = 60.0) -> None:
        """Until ``count`` workers listen on this rig's queue (a loaded machine takes seconds to start one)."""
        from rq import Queue, Worker

        queue = Queue(self.queue, connection=self.connection)
        deadline = time.monotonic() + timeout
        while len(Worker.all(queue=queue)) < count:
            assert time.monotonic() < deadline, f"fewer than {count} workers started on {self.queue}"
            time.sleep(0.2)

    def wait(self, job_id: int, until: Callable[[dict[str, object]], bool], timeout: float) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while True:
            with self.store.session() as session:
                progress = job_progress(session, job_id).to_dict()
            if until(progress):
                return progress
            assert time.monotonic() < deadline, f"job {job_id} stuck: {progress}"
            time.sleep(0.2)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    queue = f"test-push-{secrets.token_hex(4)}"
    database = tmp_path / "ozwb.sqlite3"
    settings = get_settings(database_url=f"sqlite:///{database}")
    store = open_store(settings)
    upgrade_to_head(settings, store.engine)
    connection = redis.Redis.from_url(REDIS_URL)
    yield Rig(queue, database, store, connection)
    for key in connection.scan_iter(f"*{queue}*"):
        connection.delete(key)
    connection.close()
    store.close()
