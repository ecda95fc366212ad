"""``ozwb worker``: run push slices from the RQ queue (Redis from ``OZWB_REDIS_URL``).

A ``SimpleWorker`` (no fork per job): a slice is short and I/O-bound, and killing the worker kills
its work with it — no orphaned child keeps a push's lease alive. A side thread re-queues pushes
and exports whose worker died (their lease ran out) and, once an hour, deletes expired sessions and links.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

import redis
import typer
from rich.console import Console
from rq import Queue, SimpleWorker
from sqlalchemy.exc import SQLAlchemyError

from engine.errors import OzwbError
from engine.jobs import announce_job_end
from engine.settings import Settings, get_settings
from engine.store import Store, upgrade_to_head
from worker.housekeeping import Housekeeping
from worker.queueing import DEFAULT_QUEUE, recover_exports, recover_pushes
from worker.tasks import store_for

RECOVER_EVERY = 2.0  # seconds between looks for pushes and exports whose worker died


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_command)


def worker_command(
    queue: Annotated[str, typer.Option("--queue", help="Очередь RQ")] = DEFAULT_QUEUE,
    burst: Annotated[bool, typer.Option("--burst", help="Выйти, когда очередь опустеет")] = False,
) -> None:
    """Запустить обработчик очереди переносов (нужен OZWB_REDIS_URL)."""
    console = Console(soft_wrap=True)
    settings = get_settings()
    if not settings.redis_url:
        console.print("[red]Ошибка:[/red] не задан OZWB_REDIS_URL (адрес Redis для очереди)")
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        store = store_for(settings)
        upgrade_to_head(settings, store.engine)
        connection = redis.Redis.from_url(settings.redis_url)
        connection.ping()
    except (OzwbError, redis.RedisError) as exc:
        console.print(f"[red]Ошибка:[/red] {exc}")
        raise typer.Exit(2) from exc
    stop = threading.Event()
    housekeeping = Housekeeping(store, settings)

    def recover() -> None:
        while not stop.wait(RECOVER_EVERY):
            try:
                recover_all(store, connection, queue, settings)
                housekeeping.maybe_run()
            except (OzwbError, SQLAlchemyError, redis.RedisError) as exc:
                logging.getLogger("worker.push").warning("recovery pass failed: %s", exc)

    recover_all(store, connection, queue, settings)
    helper = threading.Thread(target=recover, name="ozwb-recover", daemon=True)
    helper.start()
    console.print(f"Обработчик очереди «{queue}» запущен")
    try:
        SimpleWorker([Queue(queue, connection=connection)], connection=connection).work(
            burst=burst, with_scheduler=True, logging_level="WARNING")
    finally:
        stop.set()


def recover_all(store: Store, connection: redis.Redis, queue: str, settings: Settings) -> None:
    recover_pushes(store, connection, queue)
    for job_id in recover_exports(store, connection, queue).failed:
        announce_job_end(store, settings, job_id)
