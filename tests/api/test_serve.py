"""``ozwb serve`` on a fresh machine: SQLite + embedded Redis + a worker, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
import redis
from rq import Worker

from cli.serve import embedded_redis
from sandbox.server import free_port

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 180  # a generous upper bound for a loaded machine, not a speed check


def test_embedded_redis_starts_and_stops():
    with embedded_redis() as url:
        socket_path = url.removeprefix("unix://")
        client = redis.Redis.from_url(url)
        assert client.ping()
        client.set("k", "v")
        assert client.get("k") == b"v"
        client.close()
    assert not os.path.exists(socket_path)
    with pytest.raises(redis.RedisError):
        redis.Redis.from_url(url).ping()


def _wait_for(predicate, what: str, process: subprocess.Popen[bytes], log: Path):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ozwb serve exited early ({what}): {log.read_text()[-3000:]}")
        try:
            found = predicate()
            if found:
                return found
        except (OSError, redis.RedisError):
            pass
        time.sleep(0.3)
    pytest.fail(f"ozwb serve: {what} did not happen: {log.read_text()[-3000:]}")


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_serve_brings_up_web_and_worker_and_stops_cleanly(tmp_path, stop):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("OZWB_")}
    env.update({"OZWB_DATABASE_URL": f"sqlite:///{tmp_path / 'ozwb.sqlite3'}",
                "OZWB_FILES_DIR": str(tmp_path / "files"), "COLUMNS": "200"})
    log = tmp_path / "serve.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--workers", "1"],
            cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        def login_page() -> bool:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                return response.status == 200 and "Вход" in response.read().decode()

        _wait_for(login_page, "the login page", process, log)
        found = re.search(r"Встроенный Redis: (unix://\S+)", log.read_text())
        assert found
        url = found.group(1)
        connection = redis.Redis.from_url(url)
        _wait_for(lambda: Worker.all(connection=connection), "a registered RQ worker", process, log)
        connection.close()
        assert (tmp_path / "ozwb.sqlite3").exists()
        if stop == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        else:
            process.terminate()  # docker stop / a supervisor: the main process only
        assert process.wait(timeout=WAIT_SECONDS) == 0, log.read_text()[-3000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert "ozwb остановлен" in log.read_text()
    assert not [p for p in psutil.process_iter(["cmdline"]) if url.removeprefix("unix://") in " ".join(
        p.info["cmdline"] or [])], "the embedded redis-server is still running"
    assert not os.path.exists(url.removeprefix("unix://"))
    with pytest.raises(redis.RedisError):
        redis.Redis.from_url(url).ping()
