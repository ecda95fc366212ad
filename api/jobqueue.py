"""Handing web jobs to the RQ workers: ``enqueue(request, job_id)`` — by id only, on the queue the worker reads.

One Redis connection per app (``settings.redis_url``); the queue is ``app.state.queue_name`` when set
(tests run a queue of their own), else the worker's default. If there is no Redis or it refuses,
the job row is marked failed with a Russian message (never left "queued" forever) and
:class:`QueueUnavailableError` (503) is raised: JSON on /api/v1, the error page elsewhere.
"""

from __future__ import annotations

import logging

import redis
from fastapi import Request

from api.errors import ApiError
from engine.jobs.records import mark_finished
from engine.settings import Settings
from engine.store import Store
from engine.store.web_models import WebJob
from worker.queueing import DEFAULT_QUEUE, enqueue_web_job

log = logging.getLogger("ozwb.web")

UNAVAILABLE = "Очередь задач недоступна. Попробуйте позже или обратитесь к администратору сервиса."


class QueueUnavailableError(ApiError):
    status = 503
    code = "queue_unavailable"


def queue_name(request: Request) -> str:
    return str(getattr(request.app.state, "queue_name", DEFAULT_QUEUE))


def enqueue(request: Request, job_id: int) -> None:
    """Queue web job ``job_id`` (export, or a push's slices)."""
    store: Store = request.app.state.store
    try:
        enqueue_web_job(store, _connection(request), queue_name(request), job_id)
    except (redis.RedisError, QueueUnavailableError) as exc:
        log.warning("job %s not queued: %s", job_id, type(exc).__name__)
        with store.session() as session:
            job = session.get(WebJob, job_id)
            if job is not None and job.finished_at is None:
                mark_finished(job, False, UNAVAILABLE)
        raise QueueUnavailableError(UNAVAILABLE) from exc


def _connection(request: Request) -> redis.Redis:
    settings: Settings = request.app.state.settings
    if not settings.redis_url:
        raise QueueUnavailableError(UNAVAILABLE)
    connection: redis.Redis | None = getattr(request.app.state, "redis", None)
    if connection is None:
        connection = redis.Redis.from_url(settings.redis_url, socket_timeout=10, health_check_interval=30)
        request.app.state.redis = connection
    return connection
