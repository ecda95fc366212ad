"""The official Ozon and WB specs, repaired, as validators of observed HTTP exchanges.

``validate_exchange("ozon", "post", "/ozon/v3/product/list", 200, headers, body)`` maps the
sandbox URL onto the spec's server and path, validates status, content type and body with
openapi-core and raises :class:`NonConformanceError` listing every problem (JSON path, expected,
got). ``check_*`` functions return the problems instead of raising; ``httpx_checks`` applies the
same to ``httpx`` requests and responses.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.support.errors import NonConformanceError, UnknownOperationError
from tests.support.problems import Problem, problems_from, shorten
from tests.support.spec_repairs import OZON_REPAIRS, WB_GENERAL_REPAIRS, WB_ITEMS_REPAIRS, Repair, apply_repairs

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"

Marketplace = Literal["ozon", "wb"]
DocumentName = Literal["ozon", "wb-items", "wb-general"]

SPEC_FILES: dict[DocumentName, Path] = {
    "ozon": SHARED_DIR / "specs" / "ozon" / "swagger.json",
    "wb-items": SHARED_DIR / "specs" / "wb" / "02-items.yaml",
    "wb-general": SHARED_DIR / "specs" / "wb" / "01-general.yaml",
}
REPAIRS: dict[DocumentName, tuple[Repair, ...]] = {
    "ozon": OZON_REPAIRS,
    "wb-items": WB_ITEMS_REPAIRS,
    "wb-general": WB_GENERAL_REPAIRS,
}
_DOCUMENTS: dict[Marketplace, tuple[DocumentName, ...]] = {"ozon": ("ozon",), "wb": ("wb-items", "wb-general")}
_SANDBOX_PREFIX: dict[Marketplace, str] = {"ozon": "/ozon", "wb": "/wb"}
_METHODS = ("get", "post", "put", "patch", "delete")
# libyaml parses the 380 KB WB file ten times faster than the pure-Python loader.
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_raw(name: DocumentName) -> dict[str, Any]:
    """The spec file exactly as shipped (a fresh copy on every call)."""
    path = SPEC_FILES[name]
    with path.open(encoding="utf-8") as handle:
        loaded = json.load(handle) if path.suffix == ".json" else yaml.load(handle, Loader=_YamlLoader)
    assert isinstance(loaded, dict)
    return loaded


@cache
def _repaired(name: DocumentName) -> tuple[dict[str, Any], dict[str, int]]:
    doc = read_raw(name)
    counts = apply_repairs(doc, REPAIRS[name])
    return doc, counts


def document(name: DocumentName) -> dict[str, Any]:
    """The repaired spec, shared and cached: read it, never change it (see :func:`repaired`)."""
    return _repaired(name)[0]


def repaired(name: DocumentName) -> dict[str, Any]:
    """A private, mutable copy of the repaired spec."""
    return copy.deepcopy(_repaired(name)[0])


def repair_counts(name: DocumentName) -> dict[str, int]:
    return dict(_repaired(name)[1])


@cache
def openapi(name: DocumentName) -> OpenAPI:
    # The full Ozon file still has ~40 defects in methods ozwb never calls, so whole-file spec
    # validation is off; tests check that the operations ozwb uses are valid on their own.
    config = Config(
        spec_validator_cls=None,
        # WB's gateway errors are problem+json, which openapi-core would otherwise read as bytes.
        extra_media_type_deserializers={"application/problem+json": json_loads},
    )
    return OpenAPI.from_dict(_repaired(name)[0], config=config)


@dataclass(frozen=True)
class Route:
    """Where a sandbox URL lands in the spec."""

    document: DocumentName
    method: str
    template: str  # the spec's path key, e.g. /content/v2/object/charcs/{subjectId}
    path: str  # the concrete path as the real host would see it
    host_url: str


@cache
def _templates(name: DocumentName) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...], str], ...]:
    doc = _repaired(name)[0]
    found = []
    for template, item in doc["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        methods = tuple(m for m in _METHODS if m in item)
        servers = item.get("servers") or doc.get("servers") or [{"url": ""}]
        found.append((template, pattern, methods, str(servers[0]["url"]).rstrip("/")))
    # Literal paths before templated ones, as a router would match them.
    return tuple(sorted(found, key=lambda entry: entry[0].count("{")))


def spec_path(marketplace: Marketplace, url_path: str) -> str:
    """``/ozon/v3/product/list`` -> ``/v3/product/list``; real-host paths pass through."""
    prefix = _SANDBOX_PREFIX[marketplace]
    return url_path[len(prefix) :] if url_path.startswith(prefix + "/") else url_path


def route(marketplace: Marketplace, method: str, url_path: str) -> Route:
    path = spec_path(marketplace, url_path)
    verb = method.lower()
    for name in _DOCUMENTS[marketplace]:
        for template, pattern, methods, host in _templates(name):
            if pattern.match(path):
                if verb not in methods:
                    raise UnknownOperationError(f"{method.upper()} {path}: the spec declares only {methods}")
                return Route(name, verb, template, path, host)
    raise UnknownOperationError(f"{method.upper()} {path}: no such path in the {marketplace} spec")


@dataclass
class SpecRequest:
    """openapi-core's Request protocol over plain values."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters = field(default_factory=RequestParameters)


@dataclass
class SpecResponse:
    """openapi-core's Response protocol over plain values."""

    status_code: int
    data: bytes | None
    headers: Headers
    content_type: str


def _as_bytes(body: Any) -> bytes | None:
    if body is None or isinstance(body, bytes):
        return body or None
    if isinstance(body, str):
        return body.encode() or None
    return json.dumps(body, ensure_ascii=False).encode()


def _query_pairs(query: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in (query or {}).items():
        for one in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, json.dumps(one) if isinstance(one, bool) else str(one)))
    return pairs


def _request(
    target: Route,
    body: Any,
    query: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    content_type: str | None = None,
) -> SpecRequest:
    data = _as_bytes(body)
    header_map = Headers(dict(headers or {}))
    kind = content_type or header_map.get("content-type") or ("application/json" if data else "")
    parameters = RequestParameters(query=ImmutableMultiDict(_query_pairs(query)), header=header_map)
    return SpecRequest(target.host_url, target.path, target.method, data, kind.lower(), parameters)


def _operation_response(target: Route, status: int) -> dict[str, Any] | None:
    responses = _repaired(target.document)[0]["paths"][target.template][target.method]["responses"]
    found: dict[str, Any] | None = (
        responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    )
    if found and "$ref" in found:
        name = found["$ref"].rsplit("/", 1)[-1]
        found = _repaired(target.document)[0]["components"]["responses"][name]
    return found


def check_request(
    marketplace: Marketplace,
    method: str,
    path: str,
    body: Any = None,
    query: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    content_type: str | None = None,
) -> list[Problem]:
    """Problems with a request as we would send it (parameters, security, body)."""
    try:
        target = route(marketplace, method, path)
    except UnknownOperationError as exc:
        return [Problem("operation", "a path and method the spec declares", str(exc))]
    request = _request(target, body, query, headers, content_type)
    problems: list[Problem] = []
    for error in openapi(target.document).iter_request_errors(request):
        problems.extend(problems_from("request", error))
    return problems


def check_exchange(
    marketplace: Marketplace,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: Any,
    request_body: Any = None,
    query: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Problems with a response (status, content type, body) to a request on ``path``."""
    try:
        target = route(marketplace, method, path)
    except UnknownOperationError as exc:
        return [Problem("operation", "a path and method the spec declares", str(exc))]
    header_map = Headers(dict(headers))
    data = _as_bytes(body)
    kind = (header_map.get("content-type") or "").lower()
    response = SpecResponse(status, data, header_map, kind)
    problems: list[Problem] = []
    for error in openapi(target.document).iter_response_errors(_request(target, request_body, query, None), response):
        problems.extend(problems_from("response", error, status))
    documented = _operation_response(target, status)
    if documented is not None and "content" not in documented and data:
        # openapi-core skips bodies the spec does not declare; a 204 with a body is still wrong.
        problems.append(
            Problem("response body", "no body (the spec declares none)", shorten(data.decode(errors="replace")))
        )
    return problems


def raise_if(problems: list[Problem], title: str) -> None:
    """Raise :class:`NonConformanceError` listing ``problems`` under ``title``, if there are any."""
    if problems:
        raise NonConformanceError(title + "\n" + "\n".join(f"  - {p}" for p in problems))


def validate_exchange(
    marketplace: Marketplace,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: Any,
    request_body: Any = None,
    query: Mapping[str, Any] | None = None,
) -> None:
    problems = check_exchange(marketplace, method, path, status, headers, body, request_body, query)
    raise_if(problems, f"{method.upper()} {path} -> {status} does not conform to the {marketplace} spec:")


def validate_request(marketplace: Marketplace, method: str, path: str, **kwargs: Any) -> None:
    problems = check_request(marketplace, method, path, **kwargs)
    raise_if(problems, f"request {method.upper()} {path} does not conform to the {marketplace} spec:")
