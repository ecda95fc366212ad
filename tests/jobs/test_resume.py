"""«Продолжить перенос»: which jobs may be continued after an unblock, what continuing does to the web job, and how
the queue and the recovery pass see a continued push. SQLite store; Redis for the queue tests."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from rq import Queue
from rq.job import Job
from sqlalchemy import select

from engine.accounts import block_user, unblock_user
from engine.connections import add_demo_pair, remove_connection
from engine.errors import RecordNotFoundError
from engine.jobs import JobInputError, resume_refusal, resume_stopped_push
from engine.jobs.records import mark_finished, new_job, progress_of
from engine.jobs.stops import (
    BLOCKED,
    CONNECTION_GONE,
    GOING,
    NOT_STOPPED,
    STILL_BLOCKED,
    halt_push,
    stop_job,
    stopped_for_block,
)
from engine.store import PushJob, User, WebJob
from engine.store.account_models import AuditEvent
from tests.connections.support import make_owners
from tests.jobs.test_flow import Site
from worker.queueing import enqueue_web_job, key_prefix, recover_pushes

UNREACHABLE = "http://127.0.0.1:9"  # nothing here calls a marketplace


class Queued:
    """A stand-in for the web's queueing: remembers what it was asked to queue, or refuses like a dead Redis."""

    def __init__(self, error: Exception | None = None) -> None:
        self.jobs: list[int] = []
        self.error = error

    def __call__(self, job_id: int) -> None:
        if self.error is not None:
            raise self.error
        self.jobs.append(job_id)


def admin(site: Site) -> User:
    with site.store.session() as session:
        return session.get_one(User, make_owners(site.store).bob)  # any other account may act as the admin


def set_blocked(site: Site, blocked: bool, by: User) -> None:
    with site.store.session() as session:
        acting = session.get_one(User, by.id)
        (block_user if blocked else unblock_user)(session, acting, site.owner)


def web_push(site: Site, status: str = "running") -> tuple[int, int, int]:
    """A web push of the owner's demo WB connection, its push at a checkpoint: (web job, push, connection)."""
    with site.store.session() as session:
        _, wb = add_demo_pair(session, site.keyring, site.owner, UNREACHABLE)
        push = PushJob(seller="seller", status=status, created_at=time.time(), connection_id=wb.id, slices=2)
        session.add(push)
        session.flush()
        job = new_job(session, site.owner, "push", connection_id=wb.id, push_job_id=push.id,
                      progress={"only_failed": False})
        if status == "running":
            job.status, job.started_at, job.attempts = "running", time.time(), 1
        return job.id, push.id, wb.id


def stopped_push(site: Site, by: User, status: str = "running") -> tuple[int, int, int]:
    """A web push stopped at its safe point by its owner's block; the owner unblocked afterwards."""
    web_id, push_id, wb_id = web_push(site, status)
    set_blocked(site, True, by)
    assert halt_push(site.store, push_id).stopped == web_id
    set_blocked(site, False, by)
    return web_id, push_id, wb_id


def web_row(site: Site, job_id: int) -> tuple[str, str, bool, dict[str, object]]:
    with site.store.session() as session:
        job = session.get_one(WebJob, job_id)
        return job.status, job.message, job.finished_at is None, progress_of(job)


def resumes(site: Site) -> list[tuple[str, int | None, dict[str, object]]]:
    with site.store.session() as session:
        return [(e.target, e.user_id, dict(e.detail)) for e in
                session.scalars(select(AuditEvent).where(AuditEvent.action == "job_resumed"))]


def test_a_stopped_push_is_reopened_and_queued_once_its_owner_is_unblocked(site):
    web_id, push_id, _ = stopped_push(site, admin(site))
    with site.store.session() as session:
        assert resume_refusal(session, session.get_one(WebJob, web_id)) is None
    queued = Queued()
    resume_stopped_push(site.store, site.owner, web_id, queued, ip="10.0.0.7")
    assert queued.jobs == [web_id]
    status, message, open_again, progress = web_row(site, web_id)
    assert (status, message, open_again) == ("queued", "", True)
    assert progress == {"only_failed": False}  # the stop mark dropped, the rest kept
    with site.store.session() as session:
        push = session.get_one(PushJob, push_id)
        assert (push.status, push.slices) == ("running", 2)  # checkpoints untouched: the same push goes on
        assert session.scalars(select(WebJob.id).where(WebJob.push_job_id == push_id)).all() == [web_id]
    assert resumes(site) == [(f"job:{web_id}", site.owner,
                              {"reason": "user_blocked", "kind": "push", "push_job_id": push_id})]
    with pytest.raises(JobInputError, match=GOING):  # a second click: it goes on already
        resume_stopped_push(site.store, site.owner, web_id, queued)
    assert queued.jobs == [web_id] and len(resumes(site)) == 1


def refuse(site: Site, job_id: int, message: str) -> None:
    before = web_row(site, job_id)
    queued = Queued()
    with pytest.raises(JobInputError) as raised:
        resume_stopped_push(site.store, site.owner, job_id, queued)
    assert str(raised.value) == message
    assert queued.jobs == [] and web_row(site, job_id) == before and resumes(site) == []
    with site.store.session() as session:
        assert resume_refusal(session, session.get_one(WebJob, job_id)) == message


def test_an_owner_still_blocked_cannot_continue(site):
    by = admin(site)
    web_id, push_id, _ = web_push(site)
    set_blocked(site, True, by)
    assert halt_push(site.store, push_id).stopped == web_id
    refuse(site, web_id, STILL_BLOCKED)
    assert web_row(site, web_id)[:2] == ("failed", BLOCKED)


def test_a_push_whose_wb_connection_was_removed_cannot_continue(site):
    web_id, _, wb_id = stopped_push(site, admin(site))
    with site.store.session() as session:
        remove_connection(session, site.owner, wb_id)
    refuse(site, web_id, CONNECTION_GONE)


def test_only_a_push_stopped_by_a_block_can_continue(site):
    running, _, _ = web_push(site)
    refuse(site, running, GOING)
    failed, _, _ = web_push(site)
    with site.store.session() as session:
        mark_finished(session.get_one(WebJob, failed), False, "WB не отвечал")
    refuse(site, failed, NOT_STOPPED)
    done, _, _ = web_push(site, status="done")
    with site.store.session() as session:
        mark_finished(session.get_one(WebJob, done), True, "Строк: 3")
    refuse(site, done, NOT_STOPPED)
    with site.store.session() as session:
        ozon_id = add_demo_pair(session, site.keyring, site.owner, UNREACHABLE)[0].id
        export = new_job(session, site.owner, "export", connection_id=ozon_id, progress={"stages": []})
        stop_job(session, export)  # an export stopped by a block starts over; it has nothing to continue
        export_id = export.id
    with site.store.session() as session:
        assert stopped_for_block(session.get_one(WebJob, export_id))
    refuse(site, export_id, NOT_STOPPED)


def test_another_sellers_push_is_not_found(site):
    by = admin(site)
    web_id, _, _ = stopped_push(site, by)
    queued = Queued()
    with pytest.raises(RecordNotFoundError):
        resume_stopped_push(site.store, by.id, web_id, queued)
    assert queued.jobs == [] and web_row(site, web_id)[:2] == ("failed", BLOCKED)


def test_a_resume_that_cannot_be_queued_leaves_the_push_stopped_to_be_continued_later(site):
    web_id, _, _ = stopped_push(site, admin(site))

    def marks_failed_then_refuses(job_id: int) -> None:
        with site.store.session() as session:  # as api.jobqueue.enqueue does when Redis refuses
            mark_finished(session.get_one(WebJob, job_id), False, "Очередь задач недоступна.")
        raise ConnectionError("no redis")

    with pytest.raises(ConnectionError):
        resume_stopped_push(site.store, site.owner, web_id, marks_failed_then_refuses)
    status, message, open_again, progress = web_row(site, web_id)
    assert (status, message, open_again, progress.get("stopped")) == ("failed", BLOCKED, False, "user_blocked")
    assert resumes(site) == []
    queued = Queued()
    resume_stopped_push(site.store, site.owner, web_id, queued)
    assert queued.jobs == [web_id]


def recover(site: Site, connection, name: str) -> list[int]:
    connection.delete(f"{key_prefix(name)}recovering")  # each pass here is a separate, later pass
    return recover_pushes(site.store, connection, name, settings=site.settings)


def queue_web_job(site: Site, connection, name: str) -> Callable[[int], None]:
    def queue(job_id: int) -> None:
        enqueue_web_job(site.store, connection, name, job_id)

    return queue


def test_recovery_treats_a_continued_push_like_any_running_one(site, queue):
    name, connection = queue
    web_id, push_id, _ = stopped_push(site, admin(site))
    assert recover(site, connection, name) == []  # stopped: never queued again by itself
    resume_stopped_push(site.store, site.owner, web_id, queue_web_job(site, connection, name))
    rq_queue = Queue(name, connection=connection)
    assert [j.args for j in rq_queue.jobs] == [(push_id,)]
    assert recover(site, connection, name) == []  # its slice waits in the queue
    for lost in rq_queue.jobs:  # the worker that took it died, and took it along
        lost.delete()
    assert recover(site, connection, name) == [push_id]
    assert [j.args for j in rq_queue.jobs] == [(push_id,)]


def test_a_slice_still_waiting_in_the_queue_is_kept_rather_than_doubled(site, queue):
    name, connection = queue
    by = admin(site)
    web_id, push_id, _ = web_push(site, status="queued")
    first = enqueue_web_job(site.store, connection, name, web_id)  # no worker has taken it yet
    set_blocked(site, True, by)
    assert recover(site, connection, name) == []  # stopped there, its queue entry left behind
    assert web_row(site, web_id)[:2] == ("failed", BLOCKED)
    set_blocked(site, False, by)
    resume_stopped_push(site.store, site.owner, web_id, queue_web_job(site, connection, name))
    assert [j.id for j in Queue(name, connection=connection).jobs] == [first]
    with site.store.session() as session:
        assert session.get_one(WebJob, web_id).rq_job_id == first
    assert Job.fetch(first, connection=connection).args == (push_id,)
