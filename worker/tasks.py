"""RQ tasks: they take ids, return plain dicts, and keep everything else in the database.

``run_push(job_id)`` runs one slice of a push (see ``worker.queueing``) and queues the next one
at the back of the queue until the push is finished.
"""

from __future__ import annotations

import os
import threading

import redis
from pydantic import SecretStr
from rq import get_current_job

from engine.errors import ConfigurationError
from engine.push import run_slice, seller_key
from engine.ratelimit import RateLimiter
from engine.settings import SANDBOX_WB_TOKEN, Settings, get_settings
from engine.store.database import Store, open_store
from engine.store.push_models import PushJob
from engine.wb.client import WbClient
from worker.leases import Lease
from worker.queueing import DEFAULT_QUEUE, SLICE_SECONDS, enqueue_push, key_prefix
from worker.ratelimit import limiter_for

_lock = threading.Lock()
_stores: dict[str, Store] = {}
_limiters: dict[tuple[str, float], RateLimiter] = {}

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


def job_settings(job: PushJob, settings: Settings) -> Settings:
    """The WB account a job is for: its sandbox (public demo tokens), or the worker's own token."""
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

            def client(job: PushJob) -> WbClient:
                own = job_settings(job, settings)
                return WbClient(own, limiter=_limiter(own, prefix))

            result = run_slice(store, job_id, client, budget=budget)
        if not result.finished:
            enqueue_push(store, connection, queue_name, job_id, delay=result.retry_in)
        return result.to_dict()
    finally:
        connection.close()


__all__ = ["run_push"]
