"""The Ozon client against the sandbox over real HTTP."""

import logging
import math
from collections.abc import Iterator

import pytest

from engine.errors import AuthenticationError, NotFoundError
from engine.ozon import OzonClient
from sandbox.catalog import generate_catalog
from sandbox.server import RunningSandbox
from tests.clients.sandbox_support import calls, reset_stats, sandbox, settings_for
from tests.support.recorder import SpecRecorder

SPEED = 40


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with sandbox(speed=SPEED) as running:
        yield running


@pytest.fixture
def client(sb: RunningSandbox) -> Iterator[OzonClient]:
    with OzonClient(settings_for(sb)) as ozon:
        yield ozon


def test_full_catalog_is_read_exactly_once_with_minimal_requests(sb, client):
    truth = generate_catalog(None, sb.config.seed)
    recorder = SpecRecorder()
    recorder.attach(client.http.session)
    reset_stats(sb)
    products = client.read_catalog()
    assert sorted(p.product_id for p in products) == sorted(p.product_id for p in truth)
    assert len({p.product_id for p in products}) == len(products)
    expected_archived = {p.product_id for p in truth if p.archived}
    assert {p.product_id for p in products if p.archived} == expected_archived and expected_archived
    # An offer_id shared by an archived and an active product: both are there.
    by_offer: dict[str, list[bool]] = {}
    for product in products:
        by_offer.setdefault(product.offer_id, []).append(product.archived)
    assert any(sorted(flags) == [False, True] for flags in by_offer.values())
    active = len(truth) - len(expected_archived)
    batches = math.ceil(len(truth) / 1000)
    missing = sum(1 for p in products if p.description_source != "attribute")
    expected = {
        "/v3/product/list": math.ceil(active / 1000) + max(1, math.ceil(len(expected_archived) / 1000)),
        "/v3/product/info/list": batches,
        "/v4/product/info/attributes": batches,
        "/v5/product/info/prices": batches,
        "/v4/product/info/stocks": batches,
    }
    if missing:
        expected["/v1/product/info/description"] = missing
    assert calls(sb, "ozon") == expected
    recorder.assert_conforms()
    # Joined fields are there, with the drifted types normalised.
    truth_by_id = {p.product_id: p for p in truth}
    for product in products:
        source = truth_by_id[product.product_id]
        assert product.offer_id == source.offer_id and product.name == source.name
        assert product.barcodes == list(source.barcodes)
        assert product.info is not None and product.details is not None and product.prices is not None
        assert all(url.startswith("http") for url in product.images)
    drifted = [p for p in truth if p.images_as_objects]
    for source in drifted:
        assert truth_by_id[source.product_id].images  # the product with image objects still has URLs
        assert all(isinstance(u, str) and u for u in next(
            p for p in products if p.product_id == source.product_id).images)


def test_each_endpoint(client):
    key = client.check_key()
    assert key.expires_at and any("/v3/product/list" in role.methods for role in key.roles)
    active = list(client.iter_product_list("ALL", limit=100))
    archived = list(client.iter_product_list("ARCHIVED", limit=100))
    assert active and archived and not {p.product_id for p in active} & {p.product_id for p in archived}
    ids = [p.product_id for p in active[:5]]
    info = client.get_product_info(ids)
    assert [i.id for i in info] == ids and all(i.price is not None for i in info)
    attributes = list(client.iter_product_attributes(ids))
    assert {a.id for a in attributes} == set(ids)
    by_visibility = list(client.iter_product_attributes(visibility="ARCHIVED", limit=7))
    assert {a.id for a in by_visibility} == {p.product_id for p in archived}
    description = client.get_description(ids[0])
    assert description.id == ids[0] and description.description
    prices = list(client.iter_prices(ids))
    assert {p.product_id for p in prices} == set(ids)
    assert len(list(client.iter_prices(visibility="ALL", limit=100))) == len(active)
    stocks = list(client.iter_stocks(ids))
    assert {s.product_id for s in stocks} == set(ids) and all(s.stocks for s in stocks)
    tree = client.get_category_tree()
    assert tree and tree[0].children
    detail = attributes[0]
    assert detail.description_category_id and detail.type_id
    category_attributes = client.get_category_attributes(detail.description_category_id, detail.type_id)
    by_id = {a.id: a for a in category_attributes}
    assert 85 in by_id or 31 in by_id
    dictionary_attribute = next(a for a in category_attributes if a.dictionary_id)
    values = list(client.iter_attribute_values(dictionary_attribute.id, detail.description_category_id,
                                               detail.type_id, limit=3))
    assert values and len({v.id for v in values}) == len(values)


def test_wrong_key_is_an_authentication_error(sb):
    settings = settings_for(sb)
    settings = settings.model_copy(update={"ozon_api_key": settings.ozon_api_key.__class__("wrong-key")})
    with OzonClient(settings) as client, pytest.raises(AuthenticationError) as caught:
        client.check_key()
    assert caught.value.status == 404 and caught.value.code == 5
    assert "wrong-key" not in str(caught.value)


def test_unknown_product_description_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.get_description(999)


def test_429_from_a_slower_server_is_retried(caplog):
    """The client believes Ozon is 20x faster than it is: the sandbox answers 429 and we recover."""
    caplog.set_level(logging.INFO, logger="engine.http.client")
    with sandbox(speed=0.4) as slow, OzonClient(settings_for(slow, speed=20)) as client:
        # 50 tokens of burst, then 20/s: 70 calls need ~1 s of 429s and waits.
        for _ in range(70):
            client.check_key()
    assert any("HTTP 429" in r.getMessage() for r in caplog.records)
