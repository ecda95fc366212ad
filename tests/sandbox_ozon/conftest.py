from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_OZON_CLIENT_ID
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox

HEADERS = {"Client-Id": SANDBOX_OZON_CLIENT_ID, "Api-Key": SANDBOX_OZON_API_KEY}


@pytest.fixture(scope="session")
def sandbox() -> Iterator[RunningSandbox]:
    # A high speed lifts the 50 rps limit far above what the tests send.
    with run_sandbox(SandboxConfig(speed=1000)) as running:
        yield running


@pytest.fixture(scope="session")
def ozon(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.ozon_url, headers=HEADERS, timeout=30) as client:
        yield client


def collect(
    client: httpx.Client, path: str, body: dict[str, Any], items: Callable[[Any], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Page through a last_id method until an empty page; guard against a repeating cursor."""
    out: list[dict[str, Any]] = []
    seen_cursors: set[str] = set()
    body = {**body, "last_id": ""}
    while True:
        response = client.post(path, json=body)
        assert response.status_code == 200, response.text
        data = response.json()
        page = items(data)
        if not page:
            return out
        out.extend(page)
        last_id = data["result"]["last_id"] if isinstance(data["result"], dict) else data["last_id"]
        assert last_id and last_id not in seen_cursors
        seen_cursors.add(last_id)
        body["last_id"] = last_id
