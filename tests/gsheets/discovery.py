"""Google's Sheets API v4 discovery document as JSON Schema, to check every request the fake receives.

The discovery document ships with google-api-python-client. Its schemas become JSON Schema
``$defs``; every object that lists its properties is closed (``additionalProperties: false``), so a
misspelt field fails here the way Google answers "Invalid JSON payload received. Unknown name".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import googleapiclient
from jsonschema import Draft202012Validator

DOCUMENT = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "sheets.v4.json"
INT32 = (-(2**31), 2**31 - 1)


def load_document() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(DOCUMENT.read_text("utf-8"))
    return found


def to_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """One discovery schema (or property) as JSON Schema."""
    if "$ref" in schema:
        return {"$ref": f"#/$defs/{schema['$ref']}"}
    kind = schema.get("type")
    found: dict[str, Any] = {}
    if kind == "object":
        found["type"] = "object"
        if "properties" in schema:
            found["properties"] = {k: to_json_schema(v) for k, v in schema["properties"].items()}
        if "additionalProperties" in schema:
            found["additionalProperties"] = to_json_schema(schema["additionalProperties"])
        elif "properties" in schema:
            found["additionalProperties"] = False
    elif kind == "array":
        found["type"] = "array"
        found["items"] = to_json_schema(schema.get("items", {}))
    elif kind == "integer":
        found["type"] = "integer"
        if schema.get("format") == "int32":
            found["minimum"], found["maximum"] = INT32
    elif kind == "number":
        found["type"] = "number"
    elif kind == "boolean":
        found["type"] = "boolean"
    elif kind == "string":
        found["type"] = "string"
        if schema.get("format") in ("int64", "uint64"):
            found["pattern"] = r"^-?\d+$"
    # "any" (a cell value) stays unconstrained
    if "enum" in schema:
        found["enum"] = list(schema["enum"])
    return found


@dataclass(frozen=True)
class Method:
    id: str
    http_method: str
    pattern: re.Pattern[str]
    parameters: dict[str, Any]
    request: str | None
    response: str | None


@cache
def definitions() -> dict[str, Any]:
    return {name: to_json_schema(schema) for name, schema in load_document()["schemas"].items()}


def validator(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{schema_name}", "$defs": definitions()})


@cache
def methods() -> list[Method]:
    document = load_document()
    found: list[Method] = []

    def walk(resource: dict[str, Any]) -> None:
        for method in resource.get("methods", {}).values():
            path = re.escape(method["flatPath"]).replace(r"\{", "{").replace(r"\}", "}")
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/:]+", path) + "$")
            found.append(Method(method["id"], method["httpMethod"], pattern,
                                {**document["parameters"], **method.get("parameters", {})},
                                method.get("request", {}).get("$ref"), method.get("response", {}).get("$ref")))
        for child in resource.get("resources", {}).values():
            walk(child)

    walk(document)
    return found


def find_method(http_method: str, path: str) -> Method:
    """The API method a request path (``v4/spreadsheets/ID/values:batchUpdate``) calls."""
    for method in methods():
        if method.http_method == http_method and method.pattern.match(path):
            return method
    raise LookupError(f"no Sheets API v4 method {http_method} {path}")


def problems(schema_name: str, body: object) -> list[str]:
    """Every way ``body`` breaks ``schema_name``; empty when it is valid."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator(schema_name).iter_errors(body)]


def parameter_problems(method: Method, params: dict[str, list[str]]) -> list[str]:
    """Unknown query parameters, wrong enum values, a repeated non-repeated parameter."""
    found: list[str] = []
    for name, values in params.items():
        spec = method.parameters.get(name)
        if spec is None or spec.get("location") != "query":
            found.append(f"unknown query parameter {name!r} for {method.id}")
            continue
        if len(values) > 1 and not spec.get("repeated"):
            found.append(f"parameter {name!r} of {method.id} is not repeated")
        for value in values:
            if "enum" in spec and value not in spec["enum"]:
                found.append(f"parameter {name}={value!r} not in {spec['enum']}")
            if spec.get("type") == "boolean" and value not in ("true", "false"):
                found.append(f"parameter {name}={value!r} is not a boolean")
    return found
