"""The compose services as processes of the rehearsed image: what stands in for Docker's network,
volumes and the postgres/redis containers.

* ``postgres`` and ``redis`` are the machine's servers on 127.0.0.1: a PostgreSQL database created and
  dropped for the run (user postgres, trust auth) and a Redis database number of the rehearsal's own
  (``OZWB_TEST_DEPLOY_REDIS_URL``, default db 13; the rest of the suite uses db 15, benchmarks db 12),
  held by a lock key so two rehearsals never share it.
* A named volume is a folder; every environment value under a mount target is rewritten to it.
* Every process gets a session of its own, so stopping kills its whole group (RQ's forked scheduler, the
  web's validation processes) and :func:`stop_all` can check that nothing is left.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.deploy.compose import Service

ADMIN_DATABASE_URL = os.environ.get("OZWB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("OZWB_TEST_DEPLOY_REDIS_URL", "redis://127.0.0.1:6379/13")
LOCK_KEY = "ozwb-deploy-rehearsal:lock"
LOCK_WAIT = 300.0  # another rehearsal (a second checkout's suite) holds the db: wait for it, do not share it
STOP_WAIT = 20.0


@contextmanager
def dedicated_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the local server; yields its name, drops it (connections and all)."""
    name = f"ozwb_deploy_{secrets.token_hex(5)}"
    admin = create_engine(ADMIN_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def dedicated_redis() -> Iterator[str]:
    """The rehearsal's Redis database, emptied before and after; yields its URL."""
    connection = redis.Redis.from_url(REDIS_URL)
    token = secrets.token_hex(8)
    deadline = time.monotonic() + LOCK_WAIT
    while not connection.set(LOCK_KEY, token, nx=True, ex=int(LOCK_WAIT)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{REDIS_URL} stayed locked by another rehearsal")
        time.sleep(1.0)
    try:
        for key in connection.scan_iter():
            if key != LOCK_KEY.encode():
                connection.delete(key)
        yield REDIS_URL
    finally:
        connection.flushdb()  # the lock key with it: the database is ours alone
        connection.close()


def rehearsal_env(service: Service, database: str, redis_url: str, volumes: dict[str, Path]) -> dict[str, str]:
    """The service's environment with compose's hostnames and mounts replaced by this machine's."""
    env = service.environment
    database_url = make_url(env["OZWB_DATABASE_URL"])
    assert database_url.host == "postgres", database_url
    env["OZWB_DATABASE_URL"] = database_url.set(host="127.0.0.1", port=5432, username="postgres",
                                                database=database).render_as_string(hide_password=False)
    assert env["OZWB_REDIS_URL"].startswith("redis://redis:6379/"), env["OZWB_REDIS_URL"]
    env["OZWB_REDIS_URL"] = redis_url
    for target, source in service.volumes.items():
        for key, value in env.items():
            if value == target or value.startswith(f"{target}/"):
                env[key] = str(volumes[source]) + value[len(target):]
    return env


def with_port(command: list[str], port: int) -> list[str]:
    """The command with its ``--port`` value replaced (compose publishes a fixed port; tests need a free one)."""
    index = command.index("--port")
    return [*command[: index + 1], str(port), *command[index + 2:]]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, size: int = 3000) -> str:
        return f"--- {self.name} (exit {self.popen.poll()}):\n" + self.log.read_text(errors="replace")[-size:]


def start(name: str, argv: list[str], env: dict[str, str], cwd: Path, logs: Path) -> Process:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with open(log, "wb") as sink:
        popen = subprocess.Popen(argv, cwd=cwd, env={**env, "COLUMNS": "200"}, stdout=sink,
                                 stderr=subprocess.STDOUT, start_new_session=True)
    return Process(name, popen, log)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_all(processes: list[Process]) -> list[str]:
    """SIGTERM to every group (compose's stop), SIGKILL after a grace period; returns groups still alive."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait(timeout=10)
    # Members whose parent died are reaped by init a moment later; until then they still count as alive.
    deadline = time.monotonic() + 5.0
    while True:
        alive = [process.name for process in processes if _group_alive(process.popen.pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def wait_until_answers(url: str, processes: list[Process], timeout: float = 120.0) -> None:
    """Until ``url`` answers 200; fails at once with the logs if any of the processes exits."""
    deadline = time.monotonic() + timeout
    while True:
        for process in processes:
            if process.popen.poll() is not None:
                raise AssertionError("a service exited early\n" + "\n".join(p.tail() for p in processes))
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=5, trust_env=False).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer\n" + "\n".join(p.tail() for p in processes))
        time.sleep(0.3)


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}
