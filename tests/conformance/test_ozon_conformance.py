"""Every Ozon method the sandbox serves, success and error paths, held against swagger.json."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.callers import SpecCaller
from tests.support.operations import OZON_OPERATIONS

# Smallest valid bodies per method (tree, roles and the id-filter reads accept an empty filter).
MINIMAL_BODIES: dict[str, Any] = {
    "/v3/product/list": {"filter": {"visibility": "ALL"}, "last_id": "", "limit": 5},
    "/v3/product/info/list": {"product_id": []},
    "/v4/product/info/attributes": {"filter": {"visibility": "ALL"}, "limit": 5},
    "/v1/product/info/description": {"offer_id": "nope"},
    "/v1/description-category/tree": {"language": "DEFAULT"},
    "/v1/description-category/attribute": {"description_category_id": 1, "type_id": 1},
    "/v1/description-category/attribute/values": {
        "attribute_id": 85,
        "description_category_id": 1,
        "type_id": 1,
        "limit": 10,
    },
    "/v4/product/info/stocks": {"filter": {"visibility": "ALL"}, "limit": 5},
    "/v5/product/info/prices": {"filter": {"visibility": "ALL"}, "limit": 5},
    "/v1/roles": None,
}


def _error(response: Any, status: int, code: int) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert (response.status_code, body["code"]) == (status, code), body
    assert isinstance(body["message"], str) and body["message"] and body["details"] == []
    return body


def _all_products(ozon: SpecCaller, visibility: str = "ALL") -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    last_id, seen = "", set()
    while True:
        page = ozon.post("/v3/product/list", {"filter": {"visibility": visibility}, "last_id": last_id, "limit": 100})
        result = page.json()["result"]
        items.extend(result["items"])
        if len(result["items"]) < 100:
            return items
        assert result["last_id"] not in seen, "last_id repeats"
        seen.add(result["last_id"])
        last_id = result["last_id"]


@pytest.fixture(scope="module")
def products(ozon: SpecCaller) -> list[dict[str, Any]]:
    found = _all_products(ozon)
    assert len(found) >= 10, "the sandbox catalog should not be empty"
    return found


def test_product_list_pages_and_archive_conform(ozon, products):
    first = ozon.post("/v3/product/list", {"filter": {"visibility": "ALL"}, "last_id": "", "limit": 100}).json()
    assert first["result"]["total"] >= len(products) and isinstance(first["result"]["total"], int)
    archived = _all_products(ozon, "ARCHIVED")
    assert not {p["product_id"] for p in archived} & {p["product_id"] for p in products}
    by_offer = ozon.post("/v3/product/list", {"filter": {"offer_id": [products[0]["offer_id"]]}, "limit": 10})
    assert [i["product_id"] for i in by_offer.json()["result"]["items"]] == [products[0]["product_id"]]


def test_info_list_by_each_id_kind_conforms(ozon, products):
    ids = [p["product_id"] for p in products[:50]]
    items = ozon.post("/v3/product/info/list", {"product_id": [str(i) for i in ids]}).json()["items"]
    assert sorted(i["id"] for i in items) == sorted(ids)
    offers = ozon.post("/v3/product/info/list", {"offer_id": [products[0]["offer_id"]]}).json()["items"]
    assert [i["offer_id"] for i in offers] == [products[0]["offer_id"]]
    skus = [p["sku"] for p in products[:5] if p.get("sku")]
    assert ozon.post("/v3/product/info/list", {"sku": skus}).json()["items"]
    for item in items:  # real shapes (ozon-api.md §4.2): prices are strings, images arrays
        assert isinstance(item["price"], str) and isinstance(item.get("primary_image", []), list)


def test_attributes_page_with_last_id_and_real_shapes(ozon, products):
    collected: list[dict[str, Any]] = []
    last_id = ""
    while True:
        body = {"filter": {"visibility": "ALL"}, "last_id": last_id, "limit": 40, "sort_dir": "asc"}
        page = ozon.post("/v4/product/info/attributes", body).json()
        collected.extend(page["result"])
        if len(page["result"]) < 40:
            break
        last_id = page["last_id"]
    assert {r["id"] for r in collected} == {p["product_id"] for p in products}
    # The spec types sku/total as strings; the real API sends integers. Images are mostly URL strings
    # (real), sometimes the schema's {default, file_name, index} objects: parsers must take both.
    assert isinstance(page["total"], int) and all(isinstance(r["sku"], int) for r in collected)
    shapes = {type(image).__name__ for r in collected for image in r["images"]}
    assert "str" in shapes and shapes <= {"str", "dict"}
    by_id = ozon.post(
        "/v4/product/info/attributes", {"filter": {"product_id": [str(products[0]["product_id"])]}, "limit": 1}
    ).json()
    assert [r["id"] for r in by_id["result"]] == [products[0]["product_id"]]


def test_description_by_offer_and_product_id(ozon, products):
    product = products[0]
    by_offer = ozon.post("/v1/product/info/description", {"offer_id": product["offer_id"]}).json()["result"]
    by_id = ozon.post("/v1/product/info/description", {"product_id": product["product_id"]}).json()["result"]
    assert by_offer == by_id and by_offer["id"] == product["product_id"]
    _error(ozon.post("/v1/product/info/description", {"offer_id": "no-such-offer"}, expect=404), 404, 5)


def _leaf_pairs(nodes: list[dict[str, Any]], parent: int | None = None) -> list[tuple[int, int]]:
    pairs = []
    for node in nodes:
        if "type_id" in node and node["type_id"] and parent:
            pairs.append((parent, node["type_id"]))
        pairs.extend(_leaf_pairs(node.get("children", []), node.get("description_category_id") or parent))
    return pairs


def test_tree_attributes_and_dictionary_values_conform(ozon, products):
    tree = ozon.post("/v1/description-category/tree", {"language": "DEFAULT"}).json()["result"]
    ozon.post("/v1/description-category/tree", {"language": "EN"})
    pairs = _leaf_pairs(tree)
    assert pairs
    attribute_probe = {"filter": {"product_id": [str(products[0]["product_id"])]}, "limit": 1}
    product = ozon.post("/v4/product/info/attributes", attribute_probe).json()["result"][0]
    pair = (product["description_category_id"], product["type_id"])
    assert pair in pairs, "a product's category/type pair must be a leaf of the tree"
    body = {"description_category_id": pair[0], "type_id": pair[1], "language": "DEFAULT"}
    attributes = ozon.post("/v1/description-category/attribute", body).json()["result"]
    dictionary = next(a for a in attributes if a["dictionary_id"])
    query = {**body, "attribute_id": dictionary["id"], "last_value_id": 0, "limit": 2}
    pages = 0
    while True:
        page = ozon.post("/v1/description-category/attribute/values", query).json()
        pages += 1
        if not page["has_next"] or pages == 5:
            break
        query["last_value_id"] = page["result"][-1]["id"]
    assert pages >= 1
    _error(ozon.post("/v1/description-category/attribute", {**body, "type_id": 1}, expect=400), 400, 3)


@pytest.mark.parametrize("path", ["/v4/product/info/stocks", "/v5/product/info/prices"])
def test_stocks_and_prices_page_with_cursor(ozon, products, path):
    seen: list[int] = []
    cursor = ""
    for _ in range(100):
        page = ozon.post(path, {"cursor": cursor, "filter": {"visibility": "ALL"}, "limit": 50}).json()
        seen.extend(item["product_id"] for item in page["items"])
        cursor = page["cursor"]
        if not cursor or not page["items"]:
            break
    assert set(seen) == {p["product_id"] for p in products} and len(seen) == len(set(seen))


def test_roles_describe_the_key(ozon):
    roles = ozon.post("/v1/roles").json()
    assert roles["expires_at"] and {m for r in roles["roles"] for m in r["methods"]} >= set(OZON_OPERATIONS)


@pytest.mark.parametrize("path", OZON_OPERATIONS)
def test_a_wrong_key_is_404_code_5_everywhere(ozon, path):
    _error(ozon.with_headers(Api_Key="wrong-key").post(path, MINIMAL_BODIES[path], expect=404), 404, 5)


@pytest.mark.parametrize("path", OZON_OPERATIONS)
def test_a_bad_client_id_is_400_code_3(ozon, path):
    _error(ozon.with_headers(Client_Id="abc").post(path, MINIMAL_BODIES[path], expect=400), 400, 3)


@pytest.mark.parametrize("path", ["/v4/product/info/stocks", "/v5/product/info/prices"])
def test_a_key_without_the_role_is_403_code_7(ozon, path):
    _error(ozon.with_headers(Api_Key="sandbox-ozon-key-readonly").post(path, MINIMAL_BODIES[path], expect=403), 403, 7)


BAD_BODIES: list[tuple[str, Any]] = [
    ("/v3/product/list", {"limit": "ten"}),
    ("/v3/product/list", {"filter": {"visibility": "EVERYTHING"}, "limit": 10}),
    ("/v3/product/list", [1, 2]),
    ("/v3/product/info/list", {"product_id": "123"}),
    ("/v4/product/info/attributes", {"filter": {}, "limit": 100000}),
    ("/v1/product/info/description", {}),
    ("/v1/product/info/description", {"offer_id": 5, "product_id": "x"}),
    ("/v1/description-category/tree", {"language": 7}),
    ("/v1/description-category/attribute", {"type_id": 1}),
    ("/v1/description-category/attribute/values", {"attribute_id": 85, "description_category_id": 1, "type_id": 1}),
    ("/v4/product/info/stocks", {"filter": {}, "limit": -1}),
    ("/v5/product/info/prices", {"filter": "all", "limit": 10}),
]


@pytest.mark.parametrize(("path", "body"), BAD_BODIES, ids=lambda v: str(v)[:40])
def test_bad_bodies_are_400_code_3(ozon, path, body):
    _error(ozon.post(path, body, expect=400), 400, 3)


@pytest.mark.parametrize("raw", [b"{not json", b"null", '"строка"'.encode(), b"\xff\xfe"])
def test_undecodable_bodies_are_400_code_3(ozon, raw):
    response = ozon.call(
        "POST", "/v3/product/list", content=raw, headers={"Content-Type": "application/json"}, expect=400
    )
    _error(response, 400, 3)
