"""``--catalog-size``: the emulator serves exactly N products and pages through them quickly."""

import time
from typing import Any

import httpx

from sandbox.config import SandboxConfig
from sandbox.server import run_sandbox
from tests.sandbox_ozon.conftest import HEADERS, collect


def test_ten_thousand_products_page_by_page():
    config = SandboxConfig(speed=1000, catalog_size=10_000, seed=7)
    with run_sandbox(config) as sb, httpx.Client(base_url=sb.ozon_url, headers=HEADERS, timeout=30) as client:
        started = time.perf_counter()
        ids = []
        for visibility in ("ALL", "ARCHIVED"):
            body: dict[str, Any] = {"filter": {"visibility": visibility}, "limit": 1000}
            ids += [i["product_id"] for i in collect(client, "/v3/product/list", body, lambda d: d["result"]["items"])]
        assert len(ids) == len(set(ids)) == 10_000
        page = client.post("/v4/product/info/attributes", json={"filter": {}, "limit": 1000})
        assert len(page.json()["result"]) == 1000
        assert time.perf_counter() - started < 10


def test_small_catalog_size_is_exact():
    with run_sandbox(SandboxConfig(speed=1000, catalog_size=3)) as sb:
        body: dict[str, Any] = {"filter": {"visibility": "ALL"}, "limit": 1000}
        active = httpx.post(f"{sb.ozon_url}/v3/product/list", json=body, headers=HEADERS).json()["result"]["total"]
        body["filter"]["visibility"] = "ARCHIVED"
        archived = httpx.post(f"{sb.ozon_url}/v3/product/list", json=body, headers=HEADERS).json()["result"]["total"]
        assert active + archived == 3
