"""A whole installation for the browser story: web app (uvicorn thread), RQ worker process, sandbox, SMTP.

Everything is real and local: the web app serves HTTP on a free port, the worker is ``ozwb worker``
on a queue of this test's own (real Redis at OZWB_TEST_REDIS_URL), the sandbox plays Ozon and WB
(small catalog, high speed), and aiosmtpd catches the confirmation mail.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import uvicorn
from cryptography.fernet import Fernet

from api.app import create_app
from engine.settings import Settings, get_settings
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, free_port, run_sandbox
from tests.support.smtp import Inbox, inbox_fixture  # noqa: F401 - the `inbox` fixture `live` uses

CHROMIUM = Path("/usr/bin/chromium")
REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "var" / "test-artifacts" / "browser"
SPEED = 150.0
CATALOG_SIZE = 20


@dataclass
class Live:
    url: str
    settings: Settings
    inbox: Inbox
    sandbox: RunningSandbox
    queue: str


def worker_env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "OZWB_DATABASE_URL": settings.database_url, "OZWB_FILES_DIR": settings.files_dir,
            "OZWB_CACHE_DIR": settings.cache_dir, "OZWB_SECRET_KEYS": settings.secret_keys.get_secret_value(),
            "OZWB_REDIS_URL": REDIS_URL, "OZWB_LIMIT_SPEED": str(SPEED), "OZWB_PUBLIC_URL": settings.public_url,
            "OZWB_SMTP_HOST": settings.smtp_host, "OZWB_SMTP_PORT": str(settings.smtp_port),
            "OZWB_SMTP_STARTTLS": "false", "OZWB_HTTP_TIMEOUT": "5", "OZWB_HTTP_MAX_RETRIES": "8",
            "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.3", "OZWB_PUSH_SLICE_SECONDS": "5"}


@pytest.fixture
def live(tmp_path: Path, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's chromium (.ci/run does) to run the browser story")
    handler, smtp_port = inbox
    port = free_port()
    queue = f"test-browser-{secrets.token_hex(4)}"
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=CATALOG_SIZE, card_creation_delay=5.0)) as sandbox:
        settings = get_settings(
            database_url=f"sqlite:///{tmp_path / 'ozwb.sqlite3'}", files_dir=str(tmp_path / "files"),
            cache_dir=str(tmp_path / "cache"), secret_keys=Fernet.generate_key().decode(),
            public_url=f"http://127.0.0.1:{port}", redis_url=REDIS_URL, demo_sandbox_url=sandbox.url,
            limit_speed=SPEED, validation_processes=0, smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_starttls=False,
            smtp_from="ozwb@example.ru")
        app = create_app(settings)
        app.state.queue_name = queue
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               access_log=False))
        thread = threading.Thread(target=server.run, name="ozwb-web", daemon=True)
        thread.start()
        worker = subprocess.Popen([sys.executable, "-m", "cli.main", "worker", "--queue", queue], cwd=REPO,
                                  env=worker_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 20
            while not server.started:
                assert thread.is_alive() and time.monotonic() < deadline, "web server did not start"
                time.sleep(0.05)
            yield Live(settings.public_url, settings, handler, sandbox, queue)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            server.should_exit = True
            thread.join(timeout=10)
            connection = redis.Redis.from_url(REDIS_URL)
            for key in connection.scan_iter(f"*{queue}*"):
                connection.delete(key)
            connection.close()
