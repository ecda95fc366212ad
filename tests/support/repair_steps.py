"""The repair steps behind :mod:`tests.support.spec_repairs` (which lists them with their reasons).

Each step edits a spec document in place and returns how many spots it changed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from tests.support.operations import OZON_OPERATIONS, WB_OPERATIONS

Node = dict[str, Any]

# Values under these keys are sample data, not schema: a field called "type" there is data.
_SAMPLE_KEYS = frozenset({"example", "examples"})
_STATUS_KEYS = frozenset({"default"} | {f"{code}" for code in range(100, 600)})
_RPC_STATUS_REF = "#/components/schemas/rpcStatus"


def _schema_nodes(node: Any, in_properties: bool = False) -> Iterator[tuple[Node, bool]]:
    """Every dict outside sample data, flagged when it is a property schema."""
    if isinstance(node, dict):
        yield node, in_properties
        for key, value in list(node.items()):
            if key in _SAMPLE_KEYS:
                continue
            if key == "properties" and isinstance(value, dict):
                for child in value.values():
                    yield from _schema_nodes(child, True)
            else:
                yield from _schema_nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schema_nodes(item)


def _operations(doc: Node) -> Iterator[tuple[str, Node]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield f"{method.upper()} {path}", operation


# --- Ozon ---------------------------------------------------------------------------------


def ozon_version_string(doc: Node) -> int:
    if isinstance(doc["info"]["version"], str):
        return 0
    doc["info"]["version"] = str(doc["info"]["version"])
    return 1


def ozon_server_scheme(doc: Node) -> int:
    changed = 0
    for server in doc.get("servers", []):
        if server["url"].startswith("//"):
            server["url"] = "https:" + server["url"]
            changed += 1
    return changed


def ozon_rpc_status_refs(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if node.get("$ref") == "../../components/schemas/rpcStatus.yaml":
            node["$ref"] = _RPC_STATUS_REF
            changed += 1
    return changed


_TYPE_FIXES: dict[str, dict[str, str]] = {
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
    "enum": {"type": "string"},  # the allowed values are only listed in prose
    "file": {"type": "string", "format": "binary"},
    "array of strings": {"type": "array"},
}


def ozon_types(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if "type" not in node or isinstance(node["type"], dict):
            continue  # a dict here is a property called "type", not the keyword
        kind = node["type"]
        if kind is None:
            del node["type"]
            changed += 1
        elif isinstance(kind, str) and kind in _TYPE_FIXES:
            node.update(_TYPE_FIXES[kind])
            if kind == "array of strings" and "items" not in node:
                node["items"] = {"type": "string"}
            changed += 1
    return changed


def ozon_enum_null(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if "enum" in node and node["enum"] is None:
            del node["enum"]
            changed += 1
    return changed


def ozon_property_required(doc: Node) -> int:
    changed = 0
    for node, is_property in _schema_nodes(doc):
        if is_property and isinstance(node.get("required"), bool):
            del node["required"]
            changed += 1
    return changed


def ozon_ype(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if "ype" in node and "type" not in node:
            node["type"] = node.pop("ype")
            changed += 1
    return changed


def ozon_nested_responses(doc: Node) -> int:
    changed = 0
    for _, operation in _operations(doc):
        responses = operation.get("responses", {})
        for response in list(responses.values()):
            for key in [k for k in response if k in _STATUS_KEYS]:
                nested = response.pop(key)
                responses.setdefault(key, nested)
                changed += 1
    return changed


def ozon_operation_default(doc: Node) -> int:
    changed = 0
    for _, operation in _operations(doc):
        if "default" in operation:
            operation.setdefault("responses", {}).setdefault("default", operation.pop("default"))
            changed += 1
    return changed


def ozon_null_descriptions(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if "description" in node and node["description"] is None:
            del node["description"]
            changed += 1
    return changed


def ozon_untyped_arrays(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        if "items" in node and "type" not in node and isinstance(node["items"], dict):
            node["type"] = "array"
            changed += 1
    return changed


def ozon_attributes_drift(doc: Node) -> int:
    schemas = doc["components"]["schemas"]
    result = schemas["productv4GetProductAttributesV4ResponseResult"]["properties"]
    either_int = {"anyOf": [{"type": "integer", "format": "int64"}, {"type": "string"}]}
    result["sku"] = {**either_int, "description": result["sku"].get("description", "")}
    total = schemas["productv4GetProductAttributesV4Response"]["properties"]["total"]
    schemas["productv4GetProductAttributesV4Response"]["properties"]["total"] = {
        **either_int,
        "description": total.get("description", ""),
    }
    images = result["images"]
    images["items"] = {"anyOf": [{"type": "string"}, images["items"]]}
    return 3


def ozon_read_429(doc: Node) -> int:
    changed = 0
    for path in OZON_OPERATIONS:
        responses = doc["paths"][path]["post"]["responses"]
        if "429" not in responses and "default" not in responses:
            responses["429"] = {
                "description": "Превышен лимит запросов",
                "content": {"application/json": {"schema": {"$ref": _RPC_STATUS_REF}}},
            }
            changed += 1
    return changed


def wb_plain_text(doc: Node) -> int:
    changed = 0
    for node, _ in _schema_nodes(doc):
        content = node.get("content")
        if isinstance(content, dict) and "plain/text" in content:
            content["text/plain"] = content.pop("plain/text")
            changed += 1
    return changed


def wb_additional_errors(doc: Node) -> int:
    envelope = doc["components"]["schemas"]["responseItemList"]["properties"]["additionalErrors"]
    envelope["anyOf"] = envelope.pop("oneOf")
    return 1


def wb_gateway_problem_json(doc: Node) -> int:
    """Let 403/413 on the methods ozwb uses also be the gateway's problem+json (schema of the 401)."""
    gateway = doc["components"]["responses"]["401"]["content"]["application/problem+json"]
    titles = {"403": "Доступ запрещён", "413": "Превышен лимит объёма данных в запросе"}
    changed = 0
    for method, path in WB_OPERATIONS:
        responses = doc["paths"][path][method]["responses"]
        for status in ("403", "413") if "413" in responses else ("403",):
            response = responses.get(status, {"description": titles[status], "content": {}})
            if "$ref" in response:
                response = copy.deepcopy(doc["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]])
            response.setdefault("content", {}).setdefault("application/problem+json", copy.deepcopy(gateway))
            responses[status] = response
            changed += 1
    return changed
