"""Run the sandbox: in the foreground for the CLI, or in a thread for tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from sandbox.app import create_app
from sandbox.config import SandboxConfig


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningSandbox:
    url: str
    config: SandboxConfig
    server: uvicorn.Server

    @property
    def ozon_url(self) -> str:
        return f"{self.url}/ozon"

    @property
    def wb_url(self) -> str:
        return f"{self.url}/wb"


def _server(config: SandboxConfig, host: str, port: int) -> uvicorn.Server:
    uv_config = uvicorn.Config(
        create_app(config), host=host, port=port, log_level="warning", access_log=False,
        timeout_keep_alive=30,
    )
    return uvicorn.Server(uv_config)


def serve(config: SandboxConfig, host: str = "127.0.0.1", port: int = 8099) -> None:
    """Serve until interrupted."""
    _server(config, host, port).run()


@contextmanager
def run_sandbox(config: SandboxConfig | None = None, host: str = "127.0.0.1") -> Iterator[RunningSandbox]:
    """Start a sandbox on a free port in a background thread; stop it on exit."""
    config = config or SandboxConfig()
    port = free_port(host)
    server = _server(config, host, port)
    thread = threading.Thread(target=server.run, name="ozwb-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("sandbox did not start")
        time.sleep(0.02)
    try:
        yield RunningSandbox(f"http://{host}:{port}", config, server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def run_sandbox_process(options: list[str], log: Path, *, startup_timeout: float = 600) -> Iterator[str]:
    """``ozwb sandbox OPTIONS`` in its own process (benchmarks keep its CPU apart); yields its URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "cli.main", "sandbox", "--port", str(port), *options]
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            command, cwd=Path(__file__).resolve().parents[1], stdout=sink,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/_sandbox/stats", timeout=2).close()  # noqa: S310 - our own loopback URL
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"sandbox did not start: {log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
