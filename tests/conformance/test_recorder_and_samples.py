"""The httpx recorder and the schema sampler, against an in-process mock transport."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from tests.support.errors import NonConformanceError
from tests.support.httpx_checks import check_httpx_request, validate_httpx_request
from tests.support.operations import OZON_OPERATIONS, WB_GENERAL_OPERATIONS, WB_OPERATIONS
from tests.support.recorder import SpecRecorder
from tests.support.request_plans import plan_requests
from tests.support.samples import MODES, SchemaSampler
from tests.support.specs import DocumentName, check_exchange, document

OZON_AUTH = {"Client-Id": "100000", "Api-Key": "sandbox-ozon-key"}
WB_AUTH = {"Authorization": "sandbox-wb-token"}


def _marketplace(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/ozon/v3/product/list":
        return httpx.Response(200, json={"result": {"items": [], "total": 0, "last_id": ""}})
    if path == "/ozon/v1/product/info/description":
        return httpx.Response(200, json={"result": {"id": "not-an-int"}})
    if path == "/wb/content/v2/directory/kinds":
        return httpx.Response(
            200, json={"data": ["Мужской"], "error": False, "errorText": "", "additionalErrors": None}
        )
    return httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})


def test_recorder_passes_conforming_traffic_and_ignores_other_urls():
    recorder = SpecRecorder()
    with httpx.Client(
        transport=httpx.MockTransport(_marketplace), base_url="http://sb", event_hooks=recorder.hooks()
    ) as c:
        assert c.post("/ozon/v3/product/list", json={"limit": 10}, headers=OZON_AUTH).status_code == 200
        c.get("/wb/content/v2/directory/kinds", headers=WB_AUTH)
        c.get("/cdn/photo/1.jpg")
    assert [(r.method, r.status) for r in recorder.exchanges] == [("POST", 200), ("GET", 200)]
    recorder.assert_conforms()


def test_recorder_reports_bad_requests_and_responses_per_exchange():
    recorder = SpecRecorder()
    with httpx.Client(transport=httpx.MockTransport(_marketplace), base_url="http://sb") as client:
        recorder.attach(client)
        client.post("/ozon/v1/product/info/description", json={"offer_id": "A-1"}, headers=OZON_AUTH)
        client.post("/ozon/v3/product/list", json={"limit": "ten"}, headers={"Client-Id": "1"})
    assert len(recorder.failures) == 2
    with pytest.raises(NonConformanceError) as caught:
        recorder.assert_conforms()
    text = str(caught.value)
    assert "2 of 2 exchanges break the spec" in text
    assert 'response body $.result.id: expected type="integer"; got "not-an-int"' in text
    assert "request header Api-Key: expected the required parameter; got it missing" in text
    assert 'request body $.limit: expected type="integer"; got "ten"' in text


def test_recorder_without_traffic_fails_unless_allowed():
    recorder = SpecRecorder()
    with pytest.raises(NonConformanceError, match="no marketplace request"):
        recorder.assert_conforms()
    recorder.assert_conforms(require_traffic=False)


def test_async_hooks_record_too():
    import asyncio

    async def run() -> SpecRecorder:
        recorder = SpecRecorder()
        transport = httpx.MockTransport(_marketplace)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://sb", event_hooks=recorder.async_hooks()
        ) as c:
            await c.post("/ozon/v1/product/info/description", json={"offer_id": "A-1"}, headers=OZON_AUTH)
        return recorder

    recorder = asyncio.run(run())
    assert [str(p.where) for p in recorder.failures[0].problems] == ["response body $.result.id"]


def test_httpx_request_check_covers_query_and_real_hosts():
    good = httpx.Request(
        "GET",
        "https://content-api.wildberries.ru/content/v2/object/all",
        params={"limit": 5, "name": "Носки"},
        headers=WB_AUTH,
    )
    validate_httpx_request(good)
    bad = httpx.Request("GET", "http://sb/wb/content/v2/object/all", params={"limit": "x"}, headers=WB_AUTH)
    assert [p.where for p in check_httpx_request(bad)] == ["request query limit"]
    stranger = httpx.Request("GET", "http://example.com/v3/product/list")
    assert [p.where for p in check_httpx_request(stranger)] == ["url"]


ALL_OPERATIONS = [("ozon", "post", path, OZON_AUTH) for path in OZON_OPERATIONS] + [
    ("wb", method, path, WB_AUTH) for method, path in WB_OPERATIONS + WB_GENERAL_OPERATIONS
]


@pytest.mark.parametrize(("marketplace", "method", "template", "auth"), ALL_OPERATIONS, ids=lambda v: str(v)[:40])
def test_planned_requests_are_spec_valid_in_every_mode(marketplace, method, template, auth):
    planned = plan_requests(marketplace, method, template, auth, per_mode=2, seed=3)
    assert {p.mode for p in planned} == set(MODES)
    for one in planned:
        assert one.problems() == [], one.describe()
    again = plan_requests(marketplace, method, template, auth, per_mode=2, seed=3)
    assert [p.describe() for p in again] == [p.describe() for p in planned]  # reproducible


def _success_schema(doc: dict[str, Any], operation: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    for code in ("200", "201"):
        if code in operation["responses"]:
            response = operation["responses"][code]
            if "$ref" in response:
                response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
            return int(code), response["content"]["application/json"]["schema"]
    return None


@pytest.mark.parametrize(("marketplace", "method", "template", "auth"), ALL_OPERATIONS, ids=lambda v: str(v)[:40])
def test_sampled_success_bodies_validate(marketplace, method, template, auth):
    name: DocumentName = "ozon" if marketplace == "ozon" else ("wb-general" if template == "/ping" else "wb-items")
    doc = document(name)
    found = _success_schema(doc, doc["paths"][template][method])
    if found is None:
        assert (method, template) == ("put", "/api/v3/stocks/{warehouseId}")  # 204, no body
        return
    status, schema = found
    path = template.replace("{subjectId}", "105").replace("{warehouseId}", "7")
    for mode in MODES:
        body = SchemaSampler(doc, random.Random(mode), mode).sample(schema)
        json.dumps(body)
        problems = check_exchange(
            marketplace, method, f"/{marketplace}{path}", status, {"content-type": "application/json"}, body
        )
        assert problems == [], (mode, [str(p) for p in problems])
