"""The sample data, served as the WB emulator serves it, validates against the official 02-items.yaml."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator

# Our own keys that WB never sends; the emulator strips them.
PRIVATE_KEYS = {"dictionary"}
# WB's 2026 flag, newer than the saved spec: allowed on top of the spec's fields.
REQUIRED_FOR_CREATE = {"isRequiredForCreate": {"type": "boolean"}}
COMPONENT_PREFIX = "#/components/schemas/"


def inline_refs(node: Any, spec: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            return inline_refs(spec["components"]["schemas"][ref.removeprefix(COMPONENT_PREFIX)], spec)
        return {key: inline_refs(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(value, spec) for value in node]
    return node


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    schema: dict[str, Any] = inline_refs(
        spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"], spec)
    return schema


def strict_items(schema: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The item schema with every listed field required and nothing else allowed: the sample must be complete."""
    items = copy.deepcopy(schema)
    items["properties"].update(extra or {})
    items["required"] = sorted(items["properties"])
    items["additionalProperties"] = False
    return items


def envelope(data: Any) -> dict[str, Any]:
    return {"data": data, "error": False, "errorText": "", "additionalErrors": None}


def public(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key not in PRIVATE_KEYS}


def check(schema: dict[str, Any], instance: Any) -> None:
    OAS30Validator(schema).validate(instance)


def check_each(schema: dict[str, Any], instances: list[Any]) -> None:
    validator = OAS30Validator(schema)
    for instance in instances:
        validator.validate(instance)


CONTENT_SECTIONS = [
    ("/content/v2/directory/colors", "colors"),
    ("/content/v2/directory/kinds", "kinds"),
    ("/content/v2/directory/countries", "countries"),
    ("/content/v2/directory/seasons", "seasons"),
    ("/content/v2/directory/vat", "vat"),
]


def test_parents_and_subjects_match_their_responses(wb_spec, parents, subjects):
    parent_schema = response_schema(wb_spec, "/content/v2/object/parent/all")
    check(parent_schema, envelope(parents))
    check_each(strict_items(parent_schema["properties"]["data"]["items"]), parents)
    subject_schema = response_schema(wb_spec, "/content/v2/object/all")
    check(subject_schema, envelope(subjects))
    check_each(strict_items(subject_schema["properties"]["data"]["items"]), subjects)


def test_charcs_match_their_response(wb_spec, charcs):
    schema = response_schema(wb_spec, "/content/v2/object/charcs/{subjectId}")
    strict = strict_items(schema["properties"]["data"]["items"], REQUIRED_FOR_CREATE)
    validator = OAS30Validator(strict)
    for items in charcs.values():
        served = [public(item) for item in items]
        check(schema, envelope(served))
        for item in served:
            validator.validate(item)


def test_strict_charc_schema_rejects_an_incomplete_item(wb_spec, charcs):
    schema = response_schema(wb_spec, "/content/v2/object/charcs/{subjectId}")
    validator = OAS30Validator(strict_items(schema["properties"]["data"]["items"], REQUIRED_FOR_CREATE))
    item = public(charcs["192"][0])
    validator.validate(item)
    with pytest.raises(ValidationError):
        validator.validate({key: value for key, value in item.items() if key != "hasFilter"})
    with pytest.raises(ValidationError):
        validator.validate({**item, "dictionary": "kinds"})


@pytest.mark.parametrize(("path", "section"), CONTENT_SECTIONS)
def test_directories_match_their_responses(wb_spec, directories, path, section):
    schema = response_schema(wb_spec, path)
    check(schema, envelope(directories[section]))
    items = schema["properties"]["data"]["items"]
    if items.get("type") == "object":
        check_each(strict_items(items), directories[section])


def test_tnved_matches_its_response(wb_spec, directories):
    schema = response_schema(wb_spec, "/content/v2/directory/tnved")
    validator = OAS30Validator(strict_items(schema["properties"]["data"]["items"]))
    for codes in directories["tnved"].values():
        check(schema, envelope(codes))
        for code in codes:
            validator.validate(code)


def test_brands_match_their_response(wb_spec, directories):
    schema = response_schema(wb_spec, "/api/content/v1/brands")
    validator = OAS30Validator(strict_items(schema["properties"]["brands"]["items"]))
    for brands in directories["brands"].values():
        check(schema, {"brands": brands, "total": len(brands)})
        for brand in brands:
            validator.validate(brand)


@pytest.mark.parametrize(("path", "section"), [("/api/v3/offices", "offices"), ("/api/v3/warehouses", "warehouses")])
def test_marketplace_lists_match_their_responses(wb_spec, warehouses, path, section):
    schema = response_schema(wb_spec, path)
    check(schema, warehouses[section])
    check_each(strict_items(schema["items"]), warehouses[section])
