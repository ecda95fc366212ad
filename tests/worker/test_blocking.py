"""Blocking a seller through real Redis and a real worker: their running push gets no further slice, their queued
one never starts, neither is queued again by recovery — and the stopped push, once unblocked, resumes from its
checkpoints without creating any card twice."""

from __future__ import annotations

import time
from collections import Counter

import httpx
import pytest
from rq import Queue

from engine.accounts import block_user, unblock_user
from engine.jobs.records import new_job
from engine.jobs.stops import BLOCKED
from engine.push import job_progress, run_slice
from engine.store import PushJob, User, WebJob
from engine.store.account_models import AuditEvent, Notice
from engine.wb.client import WbClient
from sandbox.wb import cards_of
from tests.connections.support import make_owners
from tests.push.catalogs import sandbox_settings
from tests.worker.test_reliability import check_no_duplicates
from worker.queueing import enqueue_push, recover_pushes

pytestmark = pytest.mark.slow
SELLER = "blocked"


def web_push(rig, push_id: int, owner: int) -> int:
    with rig.store.session() as session:
        return new_job(session, owner, "push", push_job_id=push_id).id


def push_row(rig, push_id: int) -> tuple[str, int]:
    with rig.store.session() as session:
        job = session.get_one(PushJob, push_id)
        return job.status, job.slices


def web_row(rig, web_id: int) -> tuple[str, str, float | None]:
    with rig.store.session() as session:
        job = session.get_one(WebJob, web_id)
        return job.status, job.message, job.finished_at


def test_a_blocked_sellers_push_stops_between_slices_and_resumes_after_unblock(catalog, calm_wb, rig):
    owners = make_owners(rig.store)
    running_push = rig.job(catalog, calm_wb, SELLER)
    queued_push = rig.job(catalog, calm_wb, SELLER)
    running_web, queued_web = web_push(rig, running_push, owners.alice), web_push(rig, queued_push, owners.alice)
    rig.slice_seconds = 1.0  # many slices, so the block lands between two of them
    worker = rig.worker()
    try:
        enqueue_push(rig.store, rig.connection, rig.queue, running_push)
        enqueue_push(rig.store, rig.connection, rig.queue, queued_push, delay=600)  # waits in RQ's schedule
        progress = rig.wait(running_push, lambda p: Counter(p["cards"])["created"] > 50, 120)
        assert progress["status"] == "running"
        with rig.store.session() as session:
            block_user(session, session.get_one(User, owners.bob), owners.alice)
        deadline = time.monotonic() + 30
        while web_row(rig, running_web)[2] is None or web_row(rig, queued_web)[2] is None:
            assert time.monotonic() < deadline, "the blocked seller's jobs were not stopped"
            time.sleep(0.2)
        stopped = push_row(rig, running_push)
        cards = rig.wait(running_push, lambda _p: True, 5)["cards"]
        time.sleep(5 * rig.slice_seconds)  # the worker and its recovery pass keep running meanwhile
        assert push_row(rig, running_push) == stopped  # no slice since
        assert rig.wait(running_push, lambda _p: True, 5)["cards"] == cards
        assert stopped[0] == "running"  # left open at its checkpoint: neither done nor failed
        assert push_row(rig, queued_push) == ("queued", 0)  # never started
        assert recover_pushes(rig.store, rig.connection, rig.queue) == []
        assert Queue(rig.queue, connection=rig.connection).count == 0
    finally:
        worker.terminate()
        worker.wait(30)
    for web_id in (running_web, queued_web):
        assert web_row(rig, web_id)[:2] == ("failed", BLOCKED)
    with rig.store.session() as session:
        notices = [n.text for n in session.query(Notice).filter_by(user_id=owners.alice)]
        audited = sorted(e.target for e in session.query(AuditEvent).filter_by(action="job_stopped"))
    assert sorted(notices) == sorted(f"Перенос на WB №{w}: остановлено — аккаунт заблокирован администратором."
                                     for w in (running_web, queued_web))
    assert audited == sorted(f"job:{w}" for w in (running_web, queued_web))

    with rig.store.session() as session:
        unblock_user(session, session.get_one(User, owners.bob), owners.alice)
    settings = sandbox_settings(calm_wb, seller=SELLER)
    while not run_slice(rig.store, running_push, lambda _job: WbClient(settings), budget=30).finished:
        pass
    with rig.store.session() as session:
        assert job_progress(session, running_push).status == "done"
    check_no_duplicates(rig, calm_wb, running_push, SELLER, len(catalog.prepared.report.rows))
    stats = httpx.get(f"{calm_wb.url}/_sandbox/stats").json()
    assert stats["events"]["wb.card_created"] == len(cards_of(calm_wb, SELLER))
