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

from engine.jobs.records import QUEUED, RUNNING, mark_finished
from engine.push.states import JobStatus as PushStatus
from engine.russian import plural
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
        rq_id = enqueue_push(store, connection, queue_name, push_job_id)
    else:
        rq_id = _enqueue_export(connection, queue_name, web_job_id)
    with store.session() as session:
        found = session.get(WebJob, web_job_id)
        if found is not None:
            found.rq_job_id = rq_id
    return rq_id


def recover_pushes(store: Store, connection: redis.Redis, queue_name: str) -> list[int]:
    """Re-queue every unfinished push that nobody runs and nothing in the queue will run (its worker died)."""
    prefix = key_prefix(queue_name)
    lock = connection.set(f"{prefix}recovering", "1", nx=True, px=2000)
    if not lock:
        return []  # another worker is looking right now
    with store.session() as session:
        open_jobs = list(session.execute(select(PushJob.id, PushJob.rq_job_id)
                                         .where(PushJob.status.in_((PushStatus.QUEUED, PushStatus.RUNNING)))))
    revived: list[int] = []
    for job_id, rq_id in open_jobs:
        if lease_alive(connection, prefix, job_id) or _queued(connection, rq_id):
            continue
        logger.warning("push %s: its worker is gone; queueing it again", job_id)
        enqueue_push(store, connection, queue_name, job_id)
        revived.append(job_id)
    return revived


def _enqueue_export(connection: redis.Redis, queue_name: str, web_job_id: int) -> str:
    queue = Queue(queue_name, connection=connection)
    rq_job = queue.enqueue("worker.tasks.run_export", web_job_id, job_timeout=EXPORT_TIMEOUT, result_ttl=3600,
                           failure_ttl=86400, description=f"ozwb export {web_job_id}")
    return str(rq_job.id)


@dataclass
class RecoveredExports:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # gave up after EXPORT_ATTEMPTS: their owners are told


def recover_exports(store: Store, connection: redis.Redis, queue_name: str) -> RecoveredExports:
    """Export jobs whose worker died (no lease, nothing queued): queued again, or failed after
    ``EXPORT_ATTEMPTS`` starts, so that no export stays "running" forever."""
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
        if lease_alive(connection, prefix, job_id) or _queued(connection, rq_id):
            continue
        with store.session() as session:
            job = session.get(WebJob, job_id)
            if job is None or job.status not in (QUEUED, RUNNING):
                continue
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
