"""The RQ side of a push: enqueueing slices, and picking up pushes whose worker died.

Fairness: a push runs as a chain of time-boxed slices (``SLICE_SECONDS``); each slice ends by
putting the next one at the *back* of the queue. Several sellers' pushes therefore take turns on
however many workers there are, and a 10,000-card push cannot hold a worker for an hour while a
small one waits. Within a slice every WB call goes through the Redis rate limiter, so workers acting
for the same seller stay inside that seller's WB limits together. Progress is checkpointed in the
database, so a slice may stop anywhere.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

import redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import select

from engine.jobs.exports import forget_scratch
from engine.jobs.notices import announce_job_end
from engine.jobs.records import QUEUED, RUNNING, mark_finished
from engine.jobs.stops import owner_blocked, stop_job
from engine.push.states import JobStatus as PushStatus
from engine.russian import plural
from engine.settings import Settings, get_settings
from engine.store.account_models import User
from engine.store.database import Store
from engine.store.push_models import PushJob
from engine.store.web_models import WebJob
from worker.leases import lease_alive

logger = logging.getLogger("worker.push")

DEFAULT_QUEUE = "ozwb-push"
SLICE_SECONDS = 20.0
JOB_TIMEOUT = 3600  # a slice stops itself after SLICE_SECONDS; this only catches a hung call
EXPORT_TIMEOUT = 6 * 3600  # a 100,000-product catalog is read at Ozon's pace
LIVE_RQ_STATES = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
EXPORT_ATTEMPTS = 3  # a catalog that kills its worker this often would kill the next one too
ENQUEUE_GRACE = 60.0  # seconds a new web job may sit unqueued (created, not yet handed to RQ)


def key_prefix(queue_name: str) -> str:
    return f"ozwb:{queue_name}:"


def export_prefix(queue_name: str) -> str:
    """Leases of export jobs live apart from pushes': the two are numbered independently."""
    return f"{key_prefix(queue_name)}export:"


def enqueue_push(store: Store, connection: redis.Redis, queue_name: str, job_id: int,
                 delay: float = 0.0) -> str:
    """Queue the next slice of push ``job_id`` at the back (after ``delay`` seconds); returns the RQ job id."""
    queue = Queue(queue_name, connection=connection)
    options = {"job_timeout": JOB_TIMEOUT, "result_ttl": 3600, "failure_ttl": 86400,
               "description": f"ozwb push {job_id}"}
    if delay > 0:
        rq_job = queue.enqueue_in(timedelta(seconds=delay), "worker.tasks.run_push", job_id, **options)
    else:
        rq_job = queue.enqueue("worker.tasks.run_push", job_id, **options)
    with store.session() as session:
        job = session.get(PushJob, job_id)
        if job is not None:
            job.rq_job_id = rq_job.id
    return str(rq_job.id)


def enqueue_web_job(store: Store, connection: redis.Redis, queue_name: str, web_job_id: int) -> str:
    """Queue a web job: an export runs as one task, a push as the usual chain of slices."""
    with store.session() as session:
        job = session.get(WebJob, web_job_id)
        if job is None:
            raise LookupError(f"web job {web_job_id} does not exist")
        kind, push_job_id = job.kind, job.push_job_id
    if kind == "push" and push_job_id is not None:
        rq_id = _waiting_slice(store, connection, push_job_id) or enqueue_push(store, connection, queue_name,
                                                                                push_job_id)
    else:
        rq_id = _enqueue_export(connection, queue_name, web_job_id)
    with store.session() as session:
        found = session.get(WebJob, web_job_id)
        if found is not None:
            found.rq_job_id = rq_id
    return rq_id


def _waiting_slice(store: Store, connection: redis.Redis, push_job_id: int) -> str:
    """The RQ id of a slice of the push still waiting in the queue, or "". A push resumed after a block may
    have one (queued before the stop, or by recovery meanwhile): a second would run it as two chains."""
    with store.session() as session:
        push = session.get(PushJob, push_job_id)
        rq_id = push.rq_job_id if push is not None else ""
    return rq_id if _queued(connection, rq_id) else ""


def recover_pushes(store: Store, connection: redis.Redis, queue_name: str, *,
                   settings: Settings | None = None) -> list[int]:
    """Re-queue every unfinished push that nobody runs and nothing in the queue will run (its worker died).

    A web push whose web job has ended (stopped for a block, or never queued) is never re-queued — until the
    seller continues it (:func:`engine.jobs.resume_stopped_push`), which opens the web job again; a blocked
    seller's push that no worker holds is stopped here (queued ones too: they must not start), and its
    owner told (mail through ``settings``, :func:`engine.settings.get_settings` when not given).
    """
    prefix = key_prefix(queue_name)
    lock = connection.set(f"{prefix}recovering", "1", nx=True, px=2000)
    if not lock:
        return []  # another worker is looking right now
    open_states = (PushStatus.QUEUED, PushStatus.RUNNING)
    with store.session() as session:
        open_jobs = list(session.execute(
            select(PushJob.id, PushJob.rq_job_id, WebJob.id, WebJob.finished_at, User.blocked_at)
            .outerjoin(WebJob, WebJob.push_job_id == PushJob.id).outerjoin(User, User.id == WebJob.owner_id)
            .where(PushJob.status.in_(open_states))))
    revived: list[int] = []
    for job_id, rq_id, web_id, web_ended, blocked in open_jobs:
        if web_id is not None and web_ended is not None:
            continue
        if lease_alive(connection, prefix, job_id):
            continue  # being run: should its seller be blocked, that worker stops it before the next slice
        if blocked is not None:
            _stop_blocked(store, settings, web_id)
            continue
        if _queued(connection, rq_id):
            continue
        logger.warning("push %s: its worker is gone; queueing it again", job_id)
        enqueue_push(store, connection, queue_name, job_id)
        revived.append(job_id)
    return revived


def _stop_blocked(store: Store, settings: Settings | None, web_job_id: int) -> None:
    with store.session() as session:
        job = session.get(WebJob, web_job_id)
        stopped = job is not None and stop_job(session, job)
    if stopped:
        logger.info("push of web job %s: its owner is blocked; stopped", web_job_id)
        announce_job_end(store, settings or get_settings(), web_job_id)


def _enqueue_export(connection: redis.Redis, queue_name: str, web_job_id: int) -> str:
    queue = Queue(queue_name, connection=connection)
    rq_job = queue.enqueue("worker.tasks.run_export", web_job_id, job_timeout=EXPORT_TIMEOUT, result_ttl=3600,
                           failure_ttl=86400, description=f"ozwb export {web_job_id}")
    return str(rq_job.id)


@dataclass
class RecoveredExports:
    requeued: list[int] = field(default_factory=list)
    # Ended here — gave up after EXPORT_ATTEMPTS, or stopped for a block: their owners are to be told.
    failed: list[int] = field(default_factory=list)


def recover_exports(store: Store, connection: redis.Redis, queue_name: str) -> RecoveredExports:
    """Export jobs whose worker died (no lease, nothing queued): queued again, or failed after
    ``EXPORT_ATTEMPTS`` starts, so that no export stays "running" forever. A blocked seller's export
    that no worker holds is stopped instead (a queued one too: it must not start). Whatever the dead
    attempt left half-written is removed."""
    found = RecoveredExports()
    prefix = export_prefix(queue_name)
    if not connection.set(f"{prefix}recovering", "1", nx=True, px=2000):
        return found  # another worker is looking right now
    with store.session() as session:
        open_jobs = list(session.execute(select(WebJob.id, WebJob.rq_job_id, WebJob.created_at)
                                         .where(WebJob.kind == "export", WebJob.status.in_((QUEUED, RUNNING)))))
    for job_id, rq_id, created_at in open_jobs:
        if not rq_id and time.time() - created_at < ENQUEUE_GRACE:
            continue  # just created; whoever created it is queueing it
        if lease_alive(connection, prefix, job_id):
            continue  # being run: should its seller be blocked, that worker stops it at the next stage
        with store.session() as session:
            job = session.get(WebJob, job_id)
            if job is None or job.status not in (QUEUED, RUNNING):
                continue
            if owner_blocked(session, job.owner_id):
                forget_scratch(job)
                stop_job(session, job)
                found.failed.append(job_id)
                continue
            if _queued(connection, rq_id):
                continue
            forget_scratch(job)  # its worker is gone: nobody writes that file any more
            if job.attempts >= EXPORT_ATTEMPTS:
                times = plural(job.attempts, "раз", "раза", "раз")
                mark_finished(job, False, f"Выгрузка прерывалась {times}: обработчик очереди "
                                          "останавливался посреди работы. Запустите выгрузку заново; если это "
                                          "повторится, напишите в поддержку")
                found.failed.append(job_id)
                continue
        logger.warning("export %s: its worker is gone; queueing it again", job_id)
        new_rq_id = _enqueue_export(connection, queue_name, job_id)
        with store.session() as session:
            job = session.get(WebJob, job_id)
            if job is not None:
                job.rq_job_id = new_rq_id
        found.requeued.append(job_id)
    return found


def _queued(connection: redis.Redis, rq_id: str) -> bool:
    if not rq_id:
        return False
    try:
        status = Job.fetch(rq_id, connection=connection).get_status(refresh=True)
    except NoSuchJobError:
        return False
    # A started job whose lease lapsed belongs to a dead worker; a queued one will run.
    return status in LIVE_RQ_STATES
