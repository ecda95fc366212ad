"""The real thing, where a Docker engine with the compose plugin exists (not on CI's machines): config, build,
up, the login page answers, down. Everywhere else it skips and says which part is missing."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time

import httpx
import pytest

from tests.deploy.conftest import COMPOSE_FILE, REPO, operator_env

pytestmark = pytest.mark.docker


def docker_missing() -> str | None:
    """Why the real check cannot run here, or None when it can."""
    if shutil.which("docker") is None:
        return "no docker client"
    for argv, what in ((["docker", "compose", "version"], "compose plugin"), (["docker", "info"], "Docker engine")):
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
        if done.returncode != 0:
            first_line = (done.stderr or done.stdout or "failed").strip().splitlines()[0]
            return f"no {what} (`{' '.join(argv)}`: {first_line[:200]})"
    return None


def test_docker_compose_builds_and_serves() -> None:
    missing = docker_missing()
    if missing:
        pytest.skip(f"needs a Docker engine with the compose plugin: {missing}")
    compose = ["docker", "compose", "-f", str(COMPOSE_FILE), "-p", f"ozwb-test-{secrets.token_hex(3)}"]
    env = {**os.environ, **operator_env()}

    def run(*args: str, timeout: float = 900) -> None:
        done = subprocess.run([*compose, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False,
                              timeout=timeout)
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    run("config", "--quiet")
    run("build")
    try:
        run("up", "--detach", "--wait")
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get("http://127.0.0.1:8000/login", timeout=5, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the web service did not answer on :8000"
            time.sleep(1)
    finally:
        run("down", "--volumes", "--remove-orphans", timeout=300)
