"""429s: Ozon's rpcStatus code 8, WB's problem+json with X-Ratelimit-* headers (wb-api.md §3).

This module runs its own sandbox at real speed so a burst is exhausted long before it refills.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx
import pytest

from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.support.callers import SpecCaller


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=0.5, seed=7)) as running:
        yield running


def _until_429(send, limit: int = 400) -> tuple[list[httpx.Response], httpx.Response]:
    allowed: list[httpx.Response] = []
    for _ in range(limit):
        response = send()
        if response.status_code == 429:
            return allowed, response
        allowed.append(response)
    pytest.fail(f"no 429 after {limit} requests")


def test_ozon_429_is_code_8(ozon: SpecCaller):
    body = {"filter": {"visibility": "ALL"}, "limit": 1}
    allowed, limited = _until_429(lambda: ozon.post("/v3/product/list", body, retry_429=False, expect=None))
    assert all(r.status_code == 200 for r in allowed) and len(allowed) >= 25
    assert limited.json() == {"code": 8, "message": "You have reached request rate limit per second", "details": []}


def _number(value: str) -> float:
    number = float(value)
    assert number >= 0
    return number


@pytest.mark.parametrize(
    ("method", "path", "body", "burst"),
    [
        ("GET", "/content/v2/directory/colors", None, 5),
        ("POST", "/content/v2/cards/error/list", {"cursor": {"limit": 1}}, 5),
        ("GET", "/api/content/v1/brands?subjectId=192", None, 5),
        ("GET", "/api/v2/history/tasks?uploadID=1", None, 5),
        ("GET", "/api/v3/warehouses", None, 20),
        ("GET", "/ping", None, 3),
    ],
)
def test_wb_429_is_problem_json_with_ratelimit_headers(wb: SpecCaller, method, path, body, burst):
    token = f"sandbox-wb-token.limits{zlib.crc32(path.encode())}"  # a fresh bucket per case
    seller = wb.with_headers(Authorization=token)
    allowed, limited = _until_429(lambda: seller.call(method, path, json=body, retry_429=False, expect=None))
    assert len(allowed) == burst
    remaining = [int(r.headers["X-Ratelimit-Remaining"]) for r in allowed]
    assert remaining == sorted(remaining, reverse=True) and remaining[-1] == 0
    assert limited.headers["content-type"].startswith("application/problem+json")
    problem = limited.json()
    assert problem["status"] == 429 and problem["title"] and problem["statusText"] == "Too Many Requests"
    assert _number(limited.headers["X-Ratelimit-Retry"]) > 0
    assert int(limited.headers["X-Ratelimit-Limit"]) == burst
    assert _number(limited.headers["X-Ratelimit-Reset"]) >= _number(limited.headers["X-Ratelimit-Retry"])
