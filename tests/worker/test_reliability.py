"""A 1,000-product push through real Redis and real workers: with 20 % injected faults, with the worker
SIGKILLed halfway, and two sellers at once — every row ends final and no card is ever created twice."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

import httpx
import pytest
from rq import Queue, SimpleWorker

from engine.push import row_results
from engine.push.states import RowStatus
from sandbox.wb import cards_of
from worker.queueing import enqueue_push, recover_pushes

FINAL = {RowStatus.CREATED, RowStatus.UPDATED, RowStatus.REJECTED, RowStatus.SKIPPED, RowStatus.FAILED}
pytestmark = pytest.mark.slow


def finished(progress: dict[str, object]) -> bool:
    return progress["status"] in ("done", "failed")


def check_no_duplicates(rig, wb, job_id: int, seller: str, rows: int) -> None:
    with rig.store.session() as session:
        results = row_results(session, job_id)
    assert len(results) == rows
    assert {r.status for r in results} <= FINAL
    on_wb = cards_of(wb, seller)
    codes = [c["vendorCode"] for c in on_wb]
    assert len(codes) == len(set(codes)), "a vendor code exists twice"
    created = {r.nm_id for r in results if r.status == RowStatus.CREATED}
    assert created == {c["nmID"] for c in on_wb}
    assert len(created) > 100


def test_faulty_wb_every_row_final_no_duplicate(catalog, faulty_wb, rig, monkeypatch):
    for key, value in rig.env.items():
        if key.startswith("OZWB_"):
            monkeypatch.setenv(key, value)
    job_id = rig.job(catalog, faulty_wb, "faulty")
    enqueue_push(rig.store, rig.connection, rig.queue, job_id)
    worker = SimpleWorker([Queue(rig.queue, connection=rig.connection)], connection=rig.connection)
    deadline = time.monotonic() + 240
    while not finished(rig.wait(job_id, lambda _p: True, 5)):
        worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
        recover_pushes(rig.store, rig.connection, rig.queue)  # a retry delayed by the scheduler
        assert time.monotonic() < deadline
        time.sleep(0.1)
    stats = httpx.get(f"{faulty_wb.url}/_sandbox/stats").json()
    assert sum(stats["faults"].values()) > 50  # the push really went through the faults
    check_no_duplicates(rig, faulty_wb, job_id, "faulty", len(catalog.prepared.report.rows))
    assert stats["events"]["wb.card_created"] == len(cards_of(faulty_wb, "faulty"))


def test_sigkilled_worker_is_replaced_and_nothing_is_created_twice(catalog, faulty_wb, rig):
    job_id = rig.job(catalog, faulty_wb, "killed")
    first = rig.worker()
    try:
        enqueue_push(rig.store, rig.connection, rig.queue, job_id)
        rig.wait(job_id, lambda p: Counter(p["cards"])["accepted"] + Counter(p["cards"])["created"] > 50, 90)
        os.killpg(first.pid, signal.SIGKILL)  # the worker and RQ's scheduler process it forked, as a crash would
        first.wait(10)
        halfway = rig.wait(job_id, lambda _p: True, 5)
        assert not finished(halfway)
        second = rig.worker()
        try:
            rig.wait(job_id, finished, 240)
        finally:
            second.terminate()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    check_no_duplicates(rig, faulty_wb, job_id, "killed", len(catalog.prepared.report.rows))
    stats = httpx.get(f"{faulty_wb.url}/_sandbox/stats").json()
    assert stats["events"]["wb.card_created"] == len(cards_of(faulty_wb, "killed"))


def test_two_sellers_at_once_both_finish(catalog, calm_wb, rig):
    jobs = {seller: rig.job(catalog, calm_wb, seller) for seller in ("north", "south")}
    rig.slice_seconds = 1.0  # each push spans several slices however fast it runs, so hand-overs are seen
    workers = [rig.worker(), rig.worker()]
    try:
        rig.wait_for_workers(2)
        for job_id in jobs.values():
            enqueue_push(rig.store, rig.connection, rig.queue, job_id)
        for job_id in jobs.values():
            rig.wait(job_id, finished, 240)
    finally:
        for process in workers:
            process.terminate()
            process.wait(10)
    for seller, job_id in jobs.items():
        check_no_duplicates(rig, calm_wb, job_id, seller, len(catalog.prepared.report.rows))
    from engine.store import PushJob

    with rig.store.session() as session:
        spans = [(j.started_at, j.finished_at, j.slices) for j in session.query(PushJob).all()]
    (start_a, end_a, slices_a), (start_b, end_b, slices_b) = spans
    assert start_a < end_b and start_b < end_a  # they ran side by side, neither waited for the other
    assert slices_a > 1 and slices_b > 1  # handed over between slices, so neither held a worker throughout
