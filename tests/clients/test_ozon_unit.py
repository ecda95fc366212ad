import math

import httpx
import pytest

from engine.errors import ConfigurationError
from engine.http import RetryPolicy
from engine.ozon import OzonClient
from engine.ratelimit import UnlimitedRateLimiter
from engine.settings import get_settings
from tests.clients.fake_ozon import FakeOzon, make_products


def client_for(fake: FakeOzon) -> OzonClient:
    settings = get_settings(ozon_base_url="https://ozon.test", ozon_client_id="1", ozon_api_key="key-0000")
    policy = RetryPolicy(max_attempts=3, backoff_base=0.001, backoff_cap=0.002, timeout=5)
    return OzonClient(settings, limiter=UnlimitedRateLimiter(), policy=policy, transport=httpx.MockTransport(fake))


def test_missing_credentials_are_a_configuration_error():
    with pytest.raises(ConfigurationError):
        OzonClient(get_settings(ozon_client_id="", ozon_api_key=""))


@pytest.mark.parametrize(("active", "archived", "missing"), [(2500, 30, 4), (1000, 0, 0), (999, 1, 1), (3, 2, 5)])
def test_read_catalog_uses_the_minimum_number_of_requests(active, archived, missing):
    fake = FakeOzon(make_products(active, archived, without_annotation=missing))
    with client_for(fake) as client:
        products = client.read_catalog(max_workers=3)
    total = active + archived
    assert len(products) == total
    assert len({p.product_id for p in products}) == total  # each exactly once
    assert sum(p.archived for p in products) == archived
    batches = math.ceil(total / 1000)
    expected_list = max(1, math.ceil(active / 1000)) + max(1, math.ceil(archived / 1000))
    assert fake.calls == {
        "/v3/product/list": expected_list,
        "/v3/product/info/list": batches,
        "/v4/product/info/attributes": batches,
        "/v5/product/info/prices": batches,
        "/v4/product/info/stocks": batches,
        **({"/v1/product/info/description": missing} if missing else {}),
    }
    by_id = {p.product_id: p for p in products}
    first = by_id[1000]
    if missing:
        assert first.description == "<p>Описание 1000</p>" and first.description_source == "endpoint"
    last = by_id[1000 + total - 1]
    assert last.description_source == ("attribute" if missing < total else "endpoint")
    assert last.price == pytest.approx(99.5) and last.stocks[0].present == 3
    assert first.sku is None  # sku 0: not moderated yet
    if archived:
        twins = [p for p in products if p.offer_id == "OF-0"]
        assert sorted(p.archived for p in twins) == [False, True]


def test_read_catalog_survives_a_failing_batch():
    fake = FakeOzon(make_products(1500, 0), fail_once={"/v3/product/info/list": 500, "/v3/product/list": 503})
    with client_for(fake) as client:
        products = client.read_catalog()
    assert len(products) == 1500 and all(p.info is not None for p in products)
    assert fake.calls["/v3/product/info/list"] == 3  # two batches + one retry


def test_iterators_page_to_the_end():
    fake = FakeOzon(make_products(25, 3))
    with client_for(fake) as client:
        assert len(list(client.iter_product_list("ALL", limit=10))) == 25
        assert fake.calls["/v3/product/list"] == 3
        assert len(list(client.iter_product_list("ARCHIVED"))) == 3
        assert len(list(client.iter_product_attributes(visibility="ALL", limit=10))) == 25
        assert len(list(client.iter_prices(visibility="ALL", limit=7))) == 25
        assert len(list(client.iter_stocks([1000, 1001, 1026]))) == 3
        ids = [p["id"] for p in fake.products]
        assert [p.id for p in client.get_product_info(ids)] == ids


def test_ids_go_out_as_strings_in_batches_of_1000():
    seen = []

    def transport(request: httpx.Request) -> httpx.Response:
        import json

        body = json.loads(request.content)
        seen.append(body["product_id"])
        return httpx.Response(200, json={"items": []})

    settings = get_settings(ozon_base_url="https://ozon.test", ozon_client_id="1", ozon_api_key="key-0000")
    with OzonClient(settings, limiter=UnlimitedRateLimiter(), transport=httpx.MockTransport(transport)) as client:
        client.get_product_info(list(range(1, 2502)))
    assert [len(b) for b in seen] == [1000, 1000, 501]
    assert seen[0][0] == "1" and all(isinstance(x, str) for b in seen for x in b)


def test_attribute_values_follow_last_value_id():
    pages = {0: ([1, 2], True), 2: ([3], False)}
    requests = []

    def transport(request: httpx.Request) -> httpx.Response:
        import json

        body = json.loads(request.content)
        requests.append(body)
        ids, more = pages[body["last_value_id"]]
        return httpx.Response(200, json={"result": [{"id": i, "value": f"v{i}"} for i in ids], "has_next": more})

    settings = get_settings(ozon_base_url="https://ozon.test", ozon_client_id="1", ozon_api_key="key-0000")
    with OzonClient(settings, limiter=UnlimitedRateLimiter(), transport=httpx.MockTransport(transport)) as client:
        values = list(client.iter_attribute_values(85, 17054869, 97311, limit=2))
    assert [v.value for v in values] == ["v1", "v2", "v3"]
    assert requests[0]["limit"] == 2 and requests[1]["last_value_id"] == 2
