"""RQ tasks: they take ids, return plain dicts, and keep everything else in the database.

``run_push(job_id)`` runs one slice of a push (see ``worker.queueing``) and queues the next one
at the back of the queue until the push is finished; a web push then gets its result workbook.
``run_export(job_id)`` runs a web export job to its end. Credentials never travel in the arguments:
a web job names a connection, decrypted here with the keyring. A blocked seller's push gets no
further slice (:mod:`engine.jobs.stops`); their export stops at its next stage.
"""

from __future__ import annotations

import os
import threading
from contextlib import nullcontext

import redis
from pydantic import SecretStr
from rq import get_current_job
from sqlalchemy.orm import object_session

from engine.errors import ConfigurationError
from engine.jobs import announce_job_end, finish_push_job, push_settings, run_export_job, start_push_job
from engine.jobs.records import web_job_of_push
from engine.jobs.stops import halt_push
from engine.keyring import Keyring, keyring_from_settings
from engine.push import run_slice, seller_key
from engine.ratelimit import RateLimiter
from engine.settings import SANDBOX_WB_TOKEN, Settings, get_settings
from engine.store.database import Store, open_store
from engine.store.push_models import PushJob
from engine.store.web_models import WebJob
from engine.wb.client import WbClient
from worker.leases import Lease
from worker.queueing import DEFAULT_QUEUE, SLICE_SECONDS, enqueue_push, export_prefix, key_prefix
from worker.ratelimit import limiter_for

_lock = threading.Lock()
_stores: dict[str, Store] = {}
_limiters: dict[tuple[str, float], RateLimiter] = {}
_keyrings: dict[str, Keyring] = {}

SLICE_ENV = "OZWB_PUSH_SLICE_SECONDS"  # tests shorten slices to see many hand-overs


def store_for(settings: Settings) -> Store:
    """One store (connection pool) per database per worker process."""
    with _lock:
        found = _stores.get(settings.database_url)
        if found is None:
            found = _stores[settings.database_url] = open_store(settings)
        return found


def _limiter(settings: Settings, prefix: str) -> RateLimiter:
    key = (settings.redis_url or "", settings.limit_speed)
    with _lock:
        found = _limiters.get(key)
        if found is None:
            found = _limiters[key] = limiter_for(settings, prefix=f"{prefix}ratelimit:") if settings.redis_url \
                else limiter_for(settings)
        return found


def keyring_for(settings: Settings) -> Keyring:
    key = settings.secret_keys.get_secret_value() or settings.files_dir
    with _lock:
        found = _keyrings.get(key)
        if found is None:
            found = _keyrings[key] = keyring_from_settings(settings)
        return found


def job_settings(job: PushJob, settings: Settings) -> Settings:
    """The WB account a job is for: its connection (web), its sandbox (public demo tokens), or the worker's token."""
    if job.connection_id is not None:
        # The slice's own session when there is one: a second one in this thread would wait for the
        # first's SQLite write lock (BEGIN IMMEDIATE) until "database is locked".
        running = object_session(job)
        if running is not None:
            own = push_settings(running, keyring_for(settings), settings, job)
        else:
            with store_for(settings).session() as session:
                own = push_settings(session, keyring_for(settings), settings, job)
        if own is not None:
            return own
    if job.sandbox_url:
        token = SANDBOX_WB_TOKEN + (f".{job.sandbox_seller}" if job.sandbox_seller else "")
        return settings.for_sandbox(job.sandbox_url).model_copy(update={"wb_token": SecretStr(token)})
    if seller_key(settings) != job.seller:
        raise ConfigurationError("this worker's OZWB_WB_TOKEN belongs to another WB account than the push")
    return settings


def run_push(job_id: int) -> dict[str, object]:
    """One slice of push ``job_id``; queues the next slice unless the push is finished."""
    settings = get_settings()
    if not settings.redis_url:
        raise ConfigurationError("OZWB_REDIS_URL is not set")
    current = get_current_job()
    queue_name = current.origin if current is not None else DEFAULT_QUEUE
    prefix = key_prefix(queue_name)
    connection = redis.Redis.from_url(settings.redis_url)
    store = store_for(settings)
    budget = float(os.environ.get(SLICE_ENV, SLICE_SECONDS))
    try:
        with Lease(connection, prefix, job_id) as held:
            if not held:
                return {"job_id": job_id, "status": "busy", "finished": False}
            if _halted(store, settings, job_id):
                return {"job_id": job_id, "status": "stopped", "finished": False}

            def client(job: PushJob) -> WbClient:
                own = job_settings(job, settings)
                return WbClient(own, limiter=_limiter(own, prefix))

            start_push_job(store, job_id)
            result = run_slice(store, job_id, client, budget=budget)
            # Between slices: a seller blocked meanwhile gets no next slice; the checkpoints stay as committed.
            if not result.finished and _halted(store, settings, job_id):
                return {**result.to_dict(), "status": "stopped"}
        if not result.finished:
            enqueue_push(store, connection, queue_name, job_id, delay=result.retry_in)
        elif _is_web_push(store, job_id):
            ended = finish_push_job(store, keyring_for(settings), settings, job_id)
            if ended is not None:
                announce_job_end(store, settings, int(str(ended["job_id"])))
        return result.to_dict()
    finally:
        connection.close()


def _halted(store: Store, settings: Settings, push_job_id: int) -> bool:
    """The push's safe point (:func:`engine.jobs.stops.halt_push`); its owner hears of a stop made here."""
    halt = halt_push(store, push_job_id)
    if halt.stopped is not None:
        announce_job_end(store, settings, halt.stopped)
    return halt.halted


def _is_web_push(store: Store, push_job_id: int) -> bool:
    with store.session() as session:
        return web_job_of_push(session, push_job_id) is not None


def run_export(job_id: int) -> dict[str, object]:
    """Web export job ``job_id`` from start to end (an export is not sliced: it is one seller's read)."""
    settings = get_settings()
    store = store_for(settings)
    current = get_current_job()
    connection = redis.Redis.from_url(settings.redis_url) if settings.redis_url else None
    try:
        # The lease tells ``recover_exports`` this export is alive; a killed worker's lapses and it is re-queued.
        lease = nullcontext(True) if connection is None else \
            Lease(connection, export_prefix(current.origin if current is not None else DEFAULT_QUEUE), job_id)
        with lease as held:
            if not held:
                return {"job_id": job_id, "status": "busy"}
            if _export_ended(store, job_id):
                return {"job_id": job_id, "status": "ended"}  # a second queue entry (recovery): told once already
            outcome = run_export_job(store, keyring_for(settings), settings, job_id)
    finally:
        if connection is not None:
            connection.close()
    announce_job_end(store, settings, job_id)
    return outcome


def _export_ended(store: Store, job_id: int) -> bool:
    with store.session() as session:
        job = session.get(WebJob, job_id)
        return job is not None and job.finished_at is not None


__all__ = ["run_export", "run_push"]
