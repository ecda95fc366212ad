"""Auth, roles, the 50 rps limit and malformed requests: all answered in Ozon's error shape."""

import httpx
import pytest

from sandbox.config import SandboxConfig
from sandbox.server import run_sandbox
from tests.sandbox_ozon.conftest import HEADERS

LIST = "/v3/product/list"


def error_of(response: httpx.Response) -> tuple[int, int, str]:
    body = response.json()
    assert set(body) == {"code", "message", "details"} and body["details"] == []
    return response.status_code, int(body["code"]), str(body["message"])


@pytest.mark.parametrize("client_id", [None, "", "abc", "0", "-5", "1.5"])
def test_client_id_must_be_a_positive_integer(sandbox, client_id):
    headers = {"Api-Key": HEADERS["Api-Key"]}
    if client_id is not None:
        headers["Client-Id"] = client_id
    response = httpx.post(f"{sandbox.ozon_url}{LIST}", json={}, headers=headers)
    assert error_of(response) == (400, 3, "Client-Id header value should be positive integer")


@pytest.mark.parametrize("headers", [{"Api-Key": "wrong"}, {"Api-Key": ""}, {"Client-Id": "100001"}])
def test_wrong_key_is_404_code_5(ozon, headers):
    response = ozon.post(LIST, json={}, headers=headers)
    assert error_of(response) == (404, 5, "Invalid Api-Key, please check the key and try again")


def test_readonly_key_lacks_the_prices_and_stocks_role(ozon):
    headers = {"Api-Key": "sandbox-ozon-key-readonly"}
    roles = ozon.post("/v1/roles", headers=headers).json()
    methods = {m for role in roles["roles"] for m in role["methods"]}
    assert LIST in methods and "/v5/product/info/prices" not in methods
    assert ozon.post(LIST, json={}, headers=headers).status_code == 200
    for path in ("/v5/product/info/prices", "/v4/product/info/stocks"):
        response = ozon.post(path, json={"filter": {}, "limit": 1}, headers=headers)
        assert error_of(response) == (403, 7, "Api-Key is missing a required role for a method")


def test_roles_of_the_full_key(ozon):
    data = ozon.post("/v1/roles").json()
    assert data["expires_at"].endswith("Z")
    assert {"/v5/product/info/prices", "/v4/product/info/stocks"} <= {m for r in data["roles"] for m in r["methods"]}


def test_unknown_method_is_ozon_not_found(ozon):
    for response in (ozon.post("/v2/product/list", json={}), ozon.get(LIST)):
        assert error_of(response) == (404, 5, "Not Found")


@pytest.mark.parametrize(
    ("path", "content"),
    [
        (LIST, b"{not json"),
        (LIST, b"[1, 2]"),
        (LIST, b'{"limit": 1001}'),
        (LIST, b'{"limit": -1}'),
        (LIST, b'{"limit": "ten"}'),
        (LIST, b'{"filter": {"visibility": "SOMETIMES"}}'),
        (LIST, b'{"filter": {"product_id": ["12x"]}}'),
        (LIST, b'{"filter": {"product_id": [true]}}'),
        (LIST, b'{"filter": "all"}'),
        (LIST, b'{"last_id": "%%%not-base64"}'),
        (LIST, b'{"last_id": "bm90IGpzb24="}'),
        ("/v4/product/info/attributes", b'{"limit": 0, "filter": {"offer_id": [{"a": 1}]}}'),
        ("/v4/product/info/stocks", b'{"limit": 10}'),
        ("/v4/product/info/stocks", b'{"filter": {}}'),
        ("/v5/product/info/prices", b'{"filter": {}, "limit": 5000}'),
        ("/v5/product/info/prices", b'{"filter": {}, "limit": 5, "cursor": 12}'),
        ("/v1/product/info/description", b"{}"),
        ("/v1/product/info/description", b'{"product_id": "abc"}'),
        ("/v1/description-category/attribute/values", b'{"attribute_id": 85}'),
        ("/v3/product/info/list", b'{"sku": [1e400]}'),
    ],
)
def test_bad_bodies_are_400_code_3(ozon, path, content):
    response = ozon.post(path, content=content, headers={"Content-Type": "application/json"})
    status, code, message = error_of(response)
    assert (status, code) == (400, 3) and message


def test_too_many_ids_in_a_filter(ozon):
    body = {"filter": {"offer_id": [str(i) for i in range(1001)]}, "limit": 10}
    assert error_of(ozon.post(LIST, json=body))[:2] == (400, 3)


def test_fifty_requests_per_second_then_429_code_8():
    # At speed 0.1 the bucket refills at 5 requests/s, so the 50-request burst is soon spent.
    with run_sandbox(SandboxConfig(speed=0.1)) as sb, httpx.Client(base_url=sb.ozon_url, headers=HEADERS) as client:
        statuses = [client.post(LIST, json={"limit": 1}).status_code for _ in range(60)]
        assert statuses[:50] == [200] * 50
        assert 429 in statuses[50:]
        limited = client.post(LIST, json={"limit": 1})
        assert error_of(limited) == (429, 8, "You have reached request rate limit per second")
        stats = client.get(f"{sb.url}/_sandbox/stats").json()
        assert stats["events"]["ozon.rate_limited"] >= 2
