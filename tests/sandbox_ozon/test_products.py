"""Product read methods over real HTTP: wrappers, types, paging, filters."""

import base64
import json
from typing import Any

import pytest

from sandbox.catalog import generate_catalog, is_valid_ean13
from tests.sandbox_ozon.conftest import collect


@pytest.fixture(scope="module")
def catalog():
    return generate_catalog()


def test_product_list_pages_cover_everything_exactly_once(ozon, catalog):
    body: dict[str, Any] = {"filter": {"visibility": "ALL"}, "limit": 37}
    active = collect(ozon, "/v3/product/list", body, lambda d: d["result"]["items"])
    body["filter"]["visibility"] = "ARCHIVED"
    archived = collect(ozon, "/v3/product/list", body, lambda d: d["result"]["items"])
    assert archived and all(item["archived"] for item in archived)
    assert not any(item["archived"] for item in active)
    ids = [item["product_id"] for item in active + archived]
    assert len(ids) == len(set(ids)) == len(catalog)
    assert set(ids) == {p.product_id for p in catalog}
    first = ozon.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 5}).json()
    assert first["result"]["total"] == len(active)
    assert set(first["result"]["items"][0]) >= {"product_id", "offer_id", "sku", "archived", "has_fbo_stocks",
                                                "has_fbs_stocks", "is_discounted", "quants"}
    assert isinstance(first["result"]["items"][0]["sku"], int)
    # The cursor is opaque base64, like Ozon's.
    json.loads(base64.b64decode(first["result"]["last_id"]))


def test_product_list_filters_by_ids_ignore_visibility(ozon, catalog):
    archived = next(p for p in catalog if p.archived)
    response = ozon.post("/v3/product/list", json={"filter": {"product_id": [str(archived.product_id)],
                                                              "visibility": "ALL"}, "limit": 10})
    assert [i["product_id"] for i in response.json()["result"]["items"]] == [archived.product_id]
    reuse = ozon.post("/v3/product/list", json={"filter": {"offer_id": ["LM-MG-REUSE-01"]}, "limit": 10}).json()
    assert sorted(i["archived"] for i in reuse["result"]["items"]) == [False, True]
    sku = next(p for p in catalog if p.sku).sku
    by_sku = ozon.post("/v3/product/list", json={"filter": {"skus": [sku]}, "limit": 10}).json()
    assert [i["sku"] for i in by_sku["result"]["items"]] == [sku]


def test_visibility_values_select_sensible_subsets(ozon, catalog):
    def total(visibility: str) -> int:
        body = {"filter": {"visibility": visibility}, "limit": 1}
        return int(ozon.post("/v3/product/list", json=body).json()["result"]["total"])

    assert total("NOT_MODERATED") == sum(1 for p in catalog if p.sku == 0 and not p.archived) >= 2
    assert total("EMPTY_BARCODE") == sum(1 for p in catalog if not p.barcodes and not p.archived)
    assert total("VISIBLE") + total("INVISIBLE") == total("ALL")
    assert total("QUARANTINE") == 0


def test_info_list_wrapper_and_type_drift(ozon, catalog, sandbox):
    ids = [str(p.product_id) for p in catalog[:50]]
    data = ozon.post("/v3/product/info/list", json={"product_id": ids}).json()
    assert set(data) == {"items"}
    assert len(data["items"]) == 50
    item = data["items"][0]
    assert isinstance(item["price"], str) and "." in item["price"]
    assert isinstance(item["primary_image"], list) and isinstance(item["color_image"], list)
    assert all(url.startswith(f"{sandbox.url}/cdn/img/") for url in item["images"])
    assert isinstance(item["sku"], int) and isinstance(item["model_info"]["model_id"], int)
    assert set(item["statuses"]) >= {"status", "moderate_status", "validation_status", "is_created"}
    small = ozon.post("/v3/product/info/list", json={"offer_id": ["ADV-PHOTO-SMALL"]}).json()["items"][0]
    assert small["errors"][0]["level"] == "ERROR_LEVEL_WARNING"


def test_info_list_limits(ozon):
    both = ozon.post("/v3/product/info/list", json={"offer_id": ["a"], "product_id": ["1"]})
    assert both.status_code == 400 and both.json()["code"] == 3
    many = ozon.post("/v3/product/info/list", json={"product_id": [str(i) for i in range(1001)]})
    assert many.status_code == 400 and many.json()["code"] == 3
    assert ozon.post("/v3/product/info/list", json={}).json() == {"items": []}


def test_attributes_result_is_a_list_with_paging_and_drift(ozon, catalog, sandbox):
    body: dict[str, Any] = {"filter": {"visibility": "ALL"}, "limit": 100}
    items = collect(ozon, "/v4/product/info/attributes", body, lambda d: d["result"])
    body["filter"]["visibility"] = "ARCHIVED"
    items += collect(ozon, "/v4/product/info/attributes", body, lambda d: d["result"])
    assert sorted(i["id"] for i in items) == sorted(p.product_id for p in catalog)
    by_offer = {i["offer_id"]: i for i in items if i["offer_id"] != "LM-MG-REUSE-01"}
    plain = by_offer["ADV-FORMULA-01"]
    assert isinstance(plain["primary_image"], str) and plain["primary_image"].startswith(sandbox.url)
    assert isinstance(plain["images"][0], str)
    objects = by_offer["ADV-IMG-OBJECTS"]["images"]
    assert objects[0]["default"] is True and objects[0]["file_name"].startswith(sandbox.url)
    assert "depth" not in by_offer["ADV-NODIM-ABSENT"] and by_offer["ADV-NODIM-ZERO"]["depth"] == 0
    size = next(a for a in by_offer["ADV-SIZE2-48"]["attributes"] if a["id"] == 4295)
    assert [v["value"] for v in size["values"]] == ["48", "50"]
    assert {i["dimension_unit"] for i in items if "dimension_unit" in i} >= {"mm", "cm", "in"}
    assert {i["weight_unit"] for i in items if "weight_unit" in i} >= {"g", "kg", "lb"}
    first = ozon.post("/v4/product/info/attributes", json={"filter": {}, "limit": 1}).json()
    assert isinstance(first["total"], int)


def test_attributes_sorting(ozon):
    body = {"filter": {"visibility": "ALL"}, "limit": 20, "sort_by": "offer_id", "sort_dir": "DESC"}
    offers = [i["offer_id"] for i in ozon.post("/v4/product/info/attributes", json=body).json()["result"]]
    assert offers == sorted(offers, reverse=True)
    bad = ozon.post("/v4/product/info/attributes", json={**body, "sort_by": "colour"})
    assert bad.status_code == 400


def test_description_takes_one_identifier(ozon):
    data = ozon.post("/v1/product/info/description", json={"offer_id": "ADV-HTML-01"}).json()
    assert set(data["result"]) == {"id", "offer_id", "name", "description"}
    assert "<script>" in data["result"]["description"]
    reused = ozon.post("/v1/product/info/description", json={"offer_id": "LM-MG-REUSE-01"}).json()
    assert "Старая" not in reused["result"]["description"]
    by_id = ozon.post("/v1/product/info/description", json={"product_id": data["result"]["id"]}).json()
    assert by_id == data
    assert ozon.post("/v1/product/info/description", json={"offer_id": "x", "product_id": 1}).status_code == 400
    missing = ozon.post("/v1/product/info/description", json={"offer_id": "no-such-offer"})
    assert missing.status_code == 404 and missing.json() == {"code": 5, "message": "Not Found", "details": []}


@pytest.mark.parametrize("path", ["/v4/product/info/stocks", "/v5/product/info/prices"])
def test_cursor_methods_cover_the_catalog(ozon, catalog, path):
    seen: list[int] = []
    for visibility in ("ALL", "ARCHIVED"):
        cursor = ""
        while True:
            response = ozon.post(path, json={"filter": {"visibility": visibility}, "limit": 150, "cursor": cursor})
            assert response.status_code == 200, response.text
            data = response.json()
            assert set(data) == {"items", "cursor", "total"}
            seen.extend(i["product_id"] for i in data["items"])
            cursor = data["cursor"]
            if not cursor:
                break
    assert sorted(seen) == sorted(p.product_id for p in catalog)


def test_prices_are_numbers_and_stocks_have_types(ozon, catalog):
    product = next(p for p in catalog if p.sku and not p.archived)
    body = {"filter": {"product_id": [product.product_id]}, "limit": 10}
    price = ozon.post("/v5/product/info/prices", json=body).json()["items"][0]["price"]
    assert price["price"] == float(product.price) and isinstance(price["vat"], float)
    stocks = ozon.post("/v4/product/info/stocks", json=body).json()["items"][0]["stocks"]
    assert {s["type"] for s in stocks} == {"fbs", "fbo"}
    assert next(s for s in stocks if s["type"] == "fbs")["present"] == product.fbs_present


def test_barcodes_in_answers_are_valid(ozon, catalog):
    ids = [str(p.product_id) for p in catalog[:200]]
    for item in ozon.post("/v3/product/info/list", json={"product_id": ids}).json()["items"]:
        assert all(is_valid_ean13(b) for b in item["barcodes"])
