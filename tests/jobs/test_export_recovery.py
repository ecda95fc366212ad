"""An export job whose worker dies is not left "running": its lease lapses, it is queued again and finished by
another worker — or, after ``EXPORT_ATTEMPTS`` starts, failed with a Russian message. Real Redis, real workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from engine.jobs import create_export_job, job_view
from engine.store import WebJob
from engine.store.account_models import Notice
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.jobs.test_flow import REPO, Site, demo_pair
from worker.leases import LEASE_SECONDS
from worker.queueing import EXPORT_ATTEMPTS, enqueue_web_job, recover_exports

SLOW = 0.3  # the sandbox's pace: a 12-product export takes several seconds, long enough to be killed in


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SLOW, catalog_size=12)) as running:
        yield running


def start_worker(site: Site, queue: str) -> subprocess.Popen[bytes]:
    env = {**site.env(queue), "OZWB_LIMIT_SPEED": str(SLOW)}
    return subprocess.Popen([sys.executable, "-m", "cli.main", "worker", "--queue", queue], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def job_row(site: Site, job_id: int) -> tuple[str, int, float | None]:
    with site.store.session() as session:
        job = session.get_one(WebJob, job_id)
        return job.status, job.attempts, job.finished_at


def wait_for(check: object, timeout: float, what: str) -> None:
    assert callable(check)
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_a_killed_workers_export_is_queued_again_and_finished_by_another(site, slow_sandbox, queue):
    name, connection = queue
    ozon_id, _ = demo_pair(site, slow_sandbox)
    job_id = create_export_job(site.store, site.owner, ozon_id)
    first = start_worker(site, name)
    try:
        enqueue_web_job(site.store, connection, name, job_id)
        wait_for(lambda: job_row(site, job_id)[0] == "running", 60, "the export never started")
        os.killpg(first.pid, signal.SIGKILL)  # the worker and RQ's scheduler process it forked, as a crash would
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert job_row(site, job_id)[:2] == ("running", 1)  # killed mid-way: nobody will ever finish it by itself
    revived: list[int] = []
    deadline = time.monotonic() + LEASE_SECONDS + 10
    while not revived:  # nothing until the dead worker's lease lapses
        revived = recover_exports(site.store, connection, name).requeued
        assert time.monotonic() < deadline, "the export was never re-queued"
        time.sleep(0.5)
    assert revived == [job_id]
    assert recover_exports(site.store, connection, name).requeued == []  # queued now: not twice
    second = start_worker(site, name)
    try:
        wait_for(lambda: job_row(site, job_id)[2] is not None, 120, "the re-queued export never ended")
    finally:
        second.terminate()
        second.wait(30)
    with site.store.session() as session:
        view = job_view(session, site.owner, job_id)
        notices = session.query(Notice).filter_by(user_id=site.owner).count()
    assert (view.status, view.has_result, notices) == ("done", True, 1), view.message
    assert job_row(site, job_id)[1] == 2


def test_an_export_that_keeps_killing_its_worker_is_failed_with_a_message(site, slow_sandbox, queue):
    name, connection = queue
    ozon_id, _ = demo_pair(site, slow_sandbox)
    dead = create_export_job(site.store, site.owner, ozon_id)
    fresh = create_export_job(site.store, site.owner, ozon_id)
    with site.store.session() as session:
        job = session.get_one(WebJob, dead)
        job.status, job.attempts, job.started_at, job.created_at = "running", EXPORT_ATTEMPTS, time.time(), 0.0
    found = recover_exports(site.store, connection, name)
    assert (found.failed, found.requeued) == ([dead], [])  # the fresh one is still being queued by its creator
    with site.store.session() as session:
        view = job_view(session, site.owner, dead)
        assert job_view(session, site.owner, fresh).status == "queued"
    assert view.status == "failed"
    assert view.message.startswith(f"Выгрузка прерывалась {EXPORT_ATTEMPTS} раза: обработчик очереди")
