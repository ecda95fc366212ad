"""One sandbox per test module (speed 20), and spec-checking callers for each marketplace."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_OZON_CLIENT_ID, SANDBOX_WB_TOKEN
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.support.callers import SpecCaller

OZON_AUTH = {"Client-Id": SANDBOX_OZON_CLIENT_ID, "Api-Key": SANDBOX_OZON_API_KEY}
WB_AUTH = {"Authorization": SANDBOX_WB_TOKEN}
SPEED = 20.0


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, seed=7)) as running:
        yield running


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def ozon(sandbox: RunningSandbox, http: httpx.Client) -> SpecCaller:
    return SpecCaller(http, sandbox.ozon_url, "ozon", dict(OZON_AUTH))


@pytest.fixture(scope="module")
def wb(sandbox: RunningSandbox, http: httpx.Client) -> SpecCaller:
    return SpecCaller(http, sandbox.wb_url, "wb", dict(WB_AUTH))
