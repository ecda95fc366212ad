"""The answers' bytes: compact UTF-8 JSON exactly as Starlette's ``JSONResponse`` writes it.

The router encodes with orjson and splices pre-serialised parts; a client must not be able to tell.
"""

import json
from typing import Any

import orjson
import pytest

from sandbox.catalog import generate_catalog


def starlette_bytes(content: Any) -> bytes:
    """What ``JSONResponse(content).body`` is (starlette.responses.JSONResponse.render)."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def product_ids() -> list[str]:
    return [str(p.product_id) for p in generate_catalog()]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v3/product/list", {"filter": {"visibility": "ALL"}, "limit": 1000}),
        ("/v3/product/list", {"filter": {"visibility": "ARCHIVED"}, "limit": 1000}),
        ("/v4/product/info/attributes", {"filter": {"visibility": "ALL"}, "limit": 1000}),
        ("/v4/product/info/attributes", {"filter": {"visibility": "ARCHIVED"}, "limit": 1000}),
        ("/v4/product/info/stocks", {"filter": {"visibility": "ALL"}, "limit": 1000}),
        ("/v5/product/info/prices", {"filter": {"visibility": "ALL"}, "limit": 1000}),
        ("/v1/description-category/tree", {"language": "DEFAULT"}),
    ],
)
def test_answers_are_the_bytes_json_response_writes(ozon, path, body):
    response = ozon.post(path, json=body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == starlette_bytes(json.loads(response.content))


def test_info_list_of_the_whole_sample_catalog_encodes_the_same(ozon, product_ids):
    # Every adversarial sample product (odd names, prices, images) in one answer.
    response = ozon.post("/v3/product/info/list", json={"product_id": product_ids[:1000]})
    assert response.status_code == 200
    items = json.loads(response.content)["items"]
    assert len(items) == min(len(product_ids), 1000)
    assert response.content == starlette_bytes({"items": items})


def test_attributes_splice_the_same_text_as_a_fresh_rendering(ozon):
    from sandbox.catalog import Attribute
    from sandbox.ozon.render import attribute_json

    attribute = Attribute(85, ((0, 'Бренд "Кавычки" \\ \u2028 \x01'), (5, "☀")), complex_id=0)
    spliced = orjson.dumps([attribute_json(attribute), attribute_json(attribute)])
    fresh = starlette_bytes([attribute.to_dict()] * 2)
    assert spliced == fresh
