"""The spec checks applied to httpx requests and responses, as our clients send and receive them."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from tests.support.problems import Problem
from tests.support.specs import Marketplace, check_exchange, check_request, raise_if


def marketplace_of(url: httpx.URL | str) -> Marketplace | None:
    """Which spec governs a URL: sandbox prefixes first, then the real hosts."""
    parts = urlsplit(str(url))
    host = parts.hostname or ""
    if parts.path.startswith("/ozon/") or host == "api-seller.ozon.ru":
        return "ozon"
    if parts.path.startswith("/wb/") or host.endswith(".wildberries.ru"):
        return "wb"
    return None


def check_httpx_request(request: httpx.Request) -> list[Problem]:
    """Problems with a request one of our clients built."""
    marketplace = marketplace_of(request.url)
    if marketplace is None:
        return [Problem("url", "an Ozon or WB URL", str(request.url))]
    query = {key: request.url.params.get_list(key) for key in request.url.params}
    try:
        body = request.content
    except httpx.RequestNotRead:
        # Multipart bodies stream; ours are in memory, so reading them here is safe and they still get sent.
        body = request.read()
    return check_request(
        marketplace,
        request.method,
        request.url.path,
        body=body,
        query=query,
        headers=dict(request.headers),
    )


def check_httpx_response(response: httpx.Response) -> list[Problem]:
    """Problems with a response (read) to one of our requests."""
    request = response.request
    marketplace = marketplace_of(request.url)
    if marketplace is None:
        return [Problem("url", "an Ozon or WB URL", str(request.url))]
    return check_exchange(
        marketplace, request.method, request.url.path, response.status_code, dict(response.headers), response.content
    )


def validate_httpx_request(request: httpx.Request) -> None:
    raise_if(check_httpx_request(request), f"request {request.method} {request.url} does not conform:")


def validate_httpx_response(response: httpx.Response) -> None:
    request = response.request
    title = f"{request.method} {request.url} -> {response.status_code} does not conform:"
    raise_if(check_httpx_response(response), title)
