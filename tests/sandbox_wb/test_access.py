"""Tokens, token categories, sellers and WB's per-seller rate buckets."""

from __future__ import annotations

import time

import httpx
import pytest

from sandbox.config import SandboxConfig
from sandbox.wb import store_for
from tests.sandbox_wb.helpers import WbClient, fresh_seller, group, tshirt, wait_for

CONTENT_READ = "/content/v2/object/parent/all"


BAD_HEADERS = [None, "", "Bearer", "wrong-token", "sandbox-wb-token.UPPER", "sandbox-wb-token~expired"]


@pytest.mark.parametrize("header", BAD_HEADERS)
def test_missing_unknown_or_expired_token_is_401_problem_json(sandbox, header):
    headers = {} if header is None else {"Authorization": header}
    response = httpx.get(f"{sandbox.wb_url}{CONTENT_READ}", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "unauthorized" and body["status"] == 401 and body["origin"] == "s2s-api-auth-catalog"


@pytest.mark.parametrize("token", ["sandbox-wb-token", "Bearer sandbox-wb-token", "bearer sandbox-wb-token.abc1"])
def test_token_works_with_or_without_bearer(sandbox, token):
    response = httpx.get(f"{sandbox.wb_url}{CONTENT_READ}", headers={"Authorization": token})
    assert response.status_code == 200
    assert response.json()["error"] is False


def test_content_only_token_gets_403_on_prices_and_marketplace(sandbox):
    client = WbClient(sandbox.url, token=f"sandbox-wb-token.{fresh_seller()}~content")
    assert client.get(CONTENT_READ).status_code == 200
    prices = client.post("/api/v2/upload/task", json={"data": [{"nmID": 1, "price": 100}]})
    stocks = client.get("/api/v3/warehouses")
    # Each in the shape the spec declares for that host.
    assert prices.status_code == 403 and prices.headers["content-type"].startswith("application/json")
    assert prices.json()["error"] is True and "Access denied" in prices.json()["errorText"]
    assert stocks.status_code == 403 and stocks.json()["code"] == "AccessDenied"
    assert client.get("/ping").status_code == 200  # /ping answers any category


def test_prices_token_cannot_read_content(sandbox):
    client = WbClient(sandbox.url, token="sandbox-wb-token.pricer~prices,marketplace")
    assert client.get(CONTENT_READ).status_code == 403
    assert client.get("/api/v3/warehouses").status_code == 200


def test_two_sellers_see_only_their_own_cards(sandbox):
    first, second = WbClient(sandbox.url, fresh_seller()), WbClient(sandbox.url, fresh_seller())
    code = "shared-code"
    assert first.upload(group(tshirt(code))).status_code == 200
    # The same vendor code is free for another seller.
    assert second.upload(group(tshirt(code, colour="черный"))).status_code == 200
    mine = wait_for(lambda: first.card(code))
    theirs = wait_for(lambda: second.card(code))
    assert mine["nmID"] != theirs["nmID"]
    assert [c["nmID"] for c in first.cards()] == [mine["nmID"]]
    assert [c["nmID"] for c in second.cards()] == [theirs["nmID"]]
    assert len(store_for(sandbox).seller(first.seller).cards) == 1


def _burst(client: WbClient, method: str, path: str, n: int, **kwargs) -> list[httpx.Response]:
    return [client.call(method, path, raw=True, **kwargs) for _ in range(n)]


@pytest.mark.parametrize(
    ("method", "path", "burst", "kwargs"),
    [
        ("GET", CONTENT_READ, 5, {}),
        ("POST", "/content/v2/cards/upload", 5, {"json": "not a list"}),
        ("POST", "/content/v2/cards/error/list", 5, {"json": {}}),
        ("POST", "/content/v3/media/save", 5, {"json": {}}),
        ("GET", "/api/content/v1/brands?subjectId=192", 5, {}),
        ("GET", "/api/v2/history/tasks?uploadID=1", 5, {}),
        ("GET", "/api/v3/warehouses", 20, {}),
        ("GET", "/ping", 3, {}),
    ],
)
def test_each_bucket_answers_429_with_wb_headers_after_its_burst(start_sandbox, method, path, burst, kwargs):
    with start_sandbox(SandboxConfig(speed=0.01)) as slow:
        client = WbClient(slow.url, fresh_seller())
        responses = _burst(client, method, path, burst + 1, **kwargs)
    assert all(r.status_code != 429 for r in responses[:burst])
    assert "X-Ratelimit-Remaining" in responses[0].headers
    limited = responses[-1]
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    body = limited.json()
    assert body["title"] == "too many requests" and body["status"] == 429 and body["statusText"] == "Too Many Requests"
    assert limited.headers["X-Ratelimit-Limit"] == str(burst)
    assert float(limited.headers["X-Ratelimit-Retry"]) > 0
    assert float(limited.headers["X-Ratelimit-Reset"]) >= float(limited.headers["X-Ratelimit-Retry"])


def test_card_writes_share_one_bucket(start_sandbox):
    with start_sandbox(SandboxConfig(speed=0.01)) as slow:
        client = WbClient(slow.url, fresh_seller())
        writes = ["/content/v2/cards/upload", "/content/v2/cards/upload/add", "/content/v2/cards/update"] * 2
        statuses = [client.call("POST", path, raw=True, json={}).status_code for path in writes]
    assert statuses[:5].count(429) == 0 and statuses[5] == 429


def test_buckets_are_per_seller(start_sandbox):
    with start_sandbox(SandboxConfig(speed=0.01)) as slow:
        one, two = WbClient(slow.url, fresh_seller()), WbClient(slow.url, fresh_seller())
        assert _burst(one, "GET", "/ping", 4)[-1].status_code == 429
        assert two.call("GET", "/ping", raw=True).status_code == 200


def test_marketplace_4xx_costs_ten_requests(start_sandbox):
    with start_sandbox(SandboxConfig(speed=0.01)) as slow:
        client = WbClient(slow.url, fresh_seller())
        bad = client.call("PUT", "/api/v3/stocks/1093405", raw=True, json={"stocks": []})
        assert bad.status_code == 400
        # 20 tokens of burst, minus 10 for the 4xx: the 11th request after it is refused.
        statuses = [client.call("GET", "/api/v3/warehouses", raw=True).status_code for _ in range(11)]
    assert 429 not in statuses[:10] and statuses[10] == 429


def test_retry_header_is_sub_second_at_high_speed(start_sandbox):
    with start_sandbox(SandboxConfig(speed=60)) as fast:
        client = WbClient(fast.url, fresh_seller())
        limited = _burst(client, "GET", "/ping", 4)[-1]
        assert limited.status_code == 429
        retry = float(limited.headers["X-Ratelimit-Retry"])
        assert 0 < retry < 1 and "." in limited.headers["X-Ratelimit-Retry"]
        time.sleep(retry + 0.01)
        assert client.call("GET", "/ping", raw=True).status_code == 200
