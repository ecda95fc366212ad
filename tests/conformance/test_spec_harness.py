"""The spec harness itself: repairs, examples, error messages, request checks - no sandbox needed."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator

from tests.support.errors import NonConformanceError, SpecRepairError
from tests.support.operations import OZON_OPERATIONS, WB_GENERAL_OPERATIONS, WB_OPERATIONS
from tests.support.spec_repairs import OZON_REPAIRS, Repair, apply_repairs
from tests.support.specs import (
    DocumentName,
    check_exchange,
    check_request,
    document,
    read_raw,
    repair_counts,
    route,
    validate_exchange,
)

OZON_AUTH = {"Client-Id": "100000", "Api-Key": "sandbox-ozon-key"}
WB_AUTH = {"Authorization": "sandbox-wb-token"}
JSON = {"content-type": "application/json"}


def _resolve(doc: dict[str, Any], node: dict[str, Any], section: str) -> dict[str, Any]:
    if "$ref" in node:
        return dict(doc["components"][section][node["$ref"].rsplit("/", 1)[-1]])
    return node


def _response_examples(doc: dict[str, Any], operation: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    found = []
    for code, raw in operation["responses"].items():
        response = _resolve(doc, raw, "responses")
        for media_type, media in response.get("content", {}).items():
            if "example" in media:
                found.append((code, media_type, "example", media["example"]))
            for name, example in (media.get("examples") or {}).items():
                found.append((code, media_type, name, _resolve(doc, example, "examples").get("value")))
    return found


def _example_cases() -> list[Any]:
    cases = []
    ozon = document("ozon")
    for path in OZON_OPERATIONS:
        for code, media_type, name, value in _response_examples(ozon, ozon["paths"][path]["post"]):
            cases.append(pytest.param("ozon", "post", path, code, media_type, value, id=f"ozon{path}-{code}-{name}"))
    for doc_name, operations in (("wb-items", WB_OPERATIONS), ("wb-general", WB_GENERAL_OPERATIONS)):
        wb = document(doc_name)  # type: ignore[arg-type]
        for method, template in operations:
            for code, media_type, name, value in _response_examples(wb, wb["paths"][template][method]):
                path = template.replace("{subjectId}", "105").replace("{warehouseId}", "7")
                cases.append(pytest.param("wb", method, path, code, media_type, value, id=f"wb{path}-{code}-{name}"))
    return cases


# The /v3/product/info/list example breaks its own enums (spec-quirks.md): the harness must say where.
BROKEN_EXAMPLES = {
    ("/v3/product/info/list", "200"): {
        "response body $.items[0].errors[0].level",
        "response body $.items[0].price_indexes.color_index",
        "response body $.items[0].promotions[0].type",
        "response body $.items[0].sources[0].shipment_type",
    }
}


@pytest.mark.parametrize(("marketplace", "method", "path", "code", "media_type", "value"), _example_cases())
def test_spec_response_examples_validate_after_repair(marketplace, method, path, code, media_type, value):
    status = 200 if code == "default" else int(code)
    problems = check_exchange(marketplace, method, f"/{marketplace}{path}", status, {"content-type": media_type}, value)
    expected_broken = BROKEN_EXAMPLES.get((path, code), set())
    assert {p.where for p in problems} == expected_broken, [str(p) for p in problems]


def test_examples_cover_every_operation_ozwb_uses():
    covered = {param.values[2] for param in _example_cases()}
    assert set(OZON_OPERATIONS) <= covered
    assert len([p for p in covered if p.startswith(("/content", "/api", "/ping"))]) >= 18


def test_every_repair_changes_something_and_is_explained():
    for name in ("ozon", "wb-items"):
        counts = repair_counts(name)
        assert counts and all(count > 0 for count in counts.values()), counts
    assert all(repair.reason for repair in OZON_REPAIRS)
    assert len({repair.name for repair in OZON_REPAIRS}) == len(OZON_REPAIRS)


def test_a_stale_repair_is_refused():
    noop = Repair("noop", "finds nothing", lambda doc: 0)
    with pytest.raises(SpecRepairError, match="noop"):
        apply_repairs({}, (noop,))


def test_the_raw_ozon_spec_has_the_documented_defects():
    raw = read_raw("ozon")
    assert raw["info"]["version"] == 2.1
    assert raw["servers"] == [{"url": "//api-seller.ozon.ru"}]
    attributes = raw["components"]["schemas"]["productv4GetProductAttributesV4ResponseResult"]["properties"]
    assert attributes["sku"]["type"] == "string" and attributes["images"]["type"] == "array of strings"
    assert raw["components"]["schemas"]["commonLanguage"]["enum"] is None


def _subset(name: DocumentName, keep: set[tuple[str, str]]) -> dict[str, Any]:
    """The spec reduced to ``keep`` (method, path) and every component they reach."""
    doc = document(name)
    paths = {
        path: {m: op for m, op in item.items() if (m, path) in keep or m in ("servers", "parameters")}
        for path, item in doc["paths"].items()
        if any((m, path) in keep for m in item)
    }
    reached: set[str] = set()
    pending: list[Any] = [paths]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in reached:
                reached.add(ref)
                section, _, key = ref.removeprefix("#/components/").partition("/")
                pending.append(doc["components"][section][key])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    components: dict[str, dict[str, Any]] = {}
    for ref in reached:
        section, _, key = ref.removeprefix("#/components/").partition("/")
        components.setdefault(section, {})[key] = doc["components"][section][key]
    if "securitySchemes" in doc.get("components", {}):
        components["securitySchemes"] = doc["components"]["securitySchemes"]
    extra: dict[str, Any] = {k: doc[k] for k in ("servers", "security") if k in doc}
    return {"openapi": doc["openapi"], "info": doc["info"], **extra, "paths": paths, "components": components}


@pytest.mark.parametrize(
    ("name", "keep"),
    [
        ("ozon", {("post", path) for path in OZON_OPERATIONS}),
        ("wb-items", set(WB_OPERATIONS)),
        ("wb-general", set(WB_GENERAL_OPERATIONS)),
    ],
)
def test_operations_ozwb_uses_are_valid_openapi_after_repair(name, keep):
    subset = _subset(name, keep)
    assert len([1 for item in subset["paths"].values() for m in item if m not in ("servers", "parameters")]) == len(
        keep
    )
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in OpenAPIV30SpecValidator(subset).iter_errors()]
    assert errors == []


def test_sandbox_urls_map_onto_the_spec_servers_and_templates():
    ozon = route("ozon", "POST", "/ozon/v3/product/list")
    assert (ozon.host_url, ozon.path) == ("https://api-seller.ozon.ru", "/v3/product/list")
    charcs = route("wb", "get", "/wb/content/v2/object/charcs/105")
    assert (charcs.template, charcs.host_url) == (
        "/content/v2/object/charcs/{subjectId}",
        "https://content-api.wildberries.ru",
    )
    assert route("wb", "put", "/wb/api/v3/stocks/7").host_url == "https://marketplace-api.wildberries.ru"
    assert route("wb", "post", "/wb/api/v2/upload/task").host_url == "https://discounts-prices-api.wildberries.ru"
    ping = route("wb", "get", "/wb/ping")
    assert (ping.document, ping.host_url) == ("wb-general", "https://common-api.wildberries.ru")


def test_broken_ozon_bodies_fail_with_path_expected_and_got():
    body = {"result": {"items": {"product_id": 1}, "total": "many", "last_id": 5}}
    with pytest.raises(NonConformanceError) as caught:
        validate_exchange("ozon", "post", "/ozon/v3/product/list", 200, JSON, body)
    message = str(caught.value)
    assert "POST /ozon/v3/product/list -> 200" in message
    assert 'response body $.result.items: expected type="array"; got {"product_id": 1}' in message
    assert 'response body $.result.total: expected type="integer"; got "many"' in message
    assert 'response body $.result.last_id: expected type="string"; got 5' in message


def test_drifted_v4_attribute_shapes_are_accepted_but_nonsense_is_not():
    item = {"id": 1, "sku": 423434534, "images": ["https://ir.ozone.ru/a.jpg", {"default": True, "file_name": "b.jpg"}]}
    assert (
        check_exchange("ozon", "post", "/ozon/v4/product/info/attributes", 200, JSON, {"result": [item], "total": 1})
        == []
    )
    bad = {"result": [{**item, "sku": True, "images": [5]}], "total": 1}
    wheres = {p.where for p in check_exchange("ozon", "post", "/ozon/v4/product/info/attributes", 200, JSON, bad)}
    assert wheres == {"response body $.result[0].sku", "response body $.result[0].images[0]"}


def test_ozon_errors_use_rpc_status_and_429_is_accepted_on_read_methods():
    error = {"code": 8, "message": "You have reached request rate limit per second", "details": []}
    for path in OZON_OPERATIONS:
        assert check_exchange("ozon", "post", f"/ozon{path}", 429, JSON, error) == [], path
    wrong = check_exchange("ozon", "post", "/ozon/v3/product/list", 404, JSON, {"code": "5", "message": 1})
    assert {p.where for p in wrong} == {"response body $.code", "response body $.message"}


def test_undocumented_status_content_type_and_unexpected_body_are_reported():
    undocumented = check_exchange("wb", "get", "/wb/content/v2/object/all", 400, JSON, {"error": True})
    assert [str(p) for p in undocumented] == [
        "status: expected one of the documented statuses (200, 401, 403, 429); got 400"
    ]
    problem_json = {"title": "too many requests", "status": 429}
    wrong_type = check_exchange("wb", "get", "/wb/content/v2/directory/colors", 429, JSON, problem_json)
    assert [p.where for p in wrong_type] == ["response content-type"]
    body_on_204 = check_exchange("wb", "put", "/wb/api/v3/stocks/7", 204, JSON, {"ok": True})
    assert [p.where for p in body_on_204] == ["response body"]
    assert check_exchange("wb", "put", "/wb/api/v3/stocks/7", 204, {}, b"") == []
    unknown = check_exchange("wb", "get", "/wb/content/v9/nothing", 200, JSON, {})
    assert [p.where for p in unknown] == ["operation"]


def test_wb_envelope_quirks_are_repaired():
    path = "/wb/content/v2/cards/upload"
    additional: Any
    for additional in (None, {}, "text"):
        body = {"data": None, "error": False, "errorText": "", "additionalErrors": additional}
        assert check_exchange("wb", "post", path, 200, JSON, body) == [], additional
    assert (
        check_exchange("wb", "post", "/wb/content/v2/get/cards/list", 400, {"content-type": "text/plain"}, "bad") == []
    )


def test_requests_are_checked_for_body_parameters_and_auth():
    missing = check_request(
        "ozon", "post", "/ozon/v1/description-category/attribute", body={"type_id": 1}, headers=OZON_AUTH
    )
    assert [str(p) for p in missing] == [
        "request body $: expected required property 'description_category_id'; got it missing"
    ]
    no_key = check_request("ozon", "post", "/ozon/v3/product/list", body={}, headers={"Client-Id": "1"})
    assert [p.where for p in no_key] == ["request header Api-Key"]
    no_token = check_request("wb", "get", "/wb/content/v2/directory/colors")
    assert [p.where for p in no_token] == ["request security"]
    no_headers = check_request("wb", "post", "/wb/content/v3/media/file", headers=WB_AUTH)
    assert {str(p) for p in no_headers} == {
        "request header X-Nm-Id: expected the required parameter; got it missing",
        "request header X-Photo-Number: expected the required parameter; got it missing",
        "request body: expected a body; got none",
    }
    bad_query = check_request("wb", "get", "/wb/content/v2/object/all", query={"limit": "many"}, headers=WB_AUTH)
    assert [p.where for p in bad_query] == ["request query limit"]
    assert check_request("wb", "get", "/wb/content/v2/object/all", query={"limit": 10}, headers=WB_AUTH) == []
