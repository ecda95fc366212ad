"""How each marketplace words its errors and its 429 hints, and which error class that means.

Ozon answers every error with ``{"code": <gRPC number>, "message", "details"}`` and a wrong
key with **404** code 5. WB uses three shapes: the content/prices envelope
(``errorText``/``additionalErrors``), ``application/problem+json`` from its gateway
(401/403/413/429), and the marketplace ``{"code", "message", "data"}`` (409: a list of those).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from engine.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MarketplaceError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from engine.http.retry import ozon_retry_after, wb_retry_after

_MAX_MESSAGE = 500
OZON_INVALID_KEY_CODE = 5


@dataclass(frozen=True)
class ErrorBody:
    """What a marketplace said about a failure, before redaction."""

    code: str | int | None
    message: str
    details: object = None


@dataclass(frozen=True)
class Dialect:
    name: str
    read_error: Callable[[httpx.Response], ErrorBody]
    retry_after: Callable[[Mapping[str, str]], float | None]
    error_class: Callable[[int, ErrorBody], type[MarketplaceError]]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def _plain(response: httpx.Response) -> str:
    try:
        text = response.text
    except (ValueError, UnicodeDecodeError):  # pragma: no cover - httpx decodes leniently
        text = ""
    text = " ".join(text.split())
    return text[:_MAX_MESSAGE] or response.reason_phrase or f"HTTP {response.status_code}"


def status_error_class(status: int) -> type[MarketplaceError]:
    """The error class a status means when the body says nothing more specific."""
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 409:
        return ConflictError
    if status == 429:
        return RateLimitedError
    if status in (400, 413, 422):
        return BadRequestError
    if status >= 500:
        return ServerError
    return MarketplaceError


def read_ozon_error(response: httpx.Response) -> ErrorBody:
    body = _json(response)
    if isinstance(body, dict) and ("message" in body or "code" in body):
        code = body.get("code")
        return ErrorBody(
            code if isinstance(code, int | str) else None,
            str(body.get("message") or "")[:_MAX_MESSAGE] or _plain(response),
            body.get("details") or None,
        )
    return ErrorBody(None, _plain(response))


def ozon_error_class(status: int, body: ErrorBody) -> type[MarketplaceError]:
    if status == 404 and body.code == OZON_INVALID_KEY_CODE and "api-key" in body.message.lower():
        return AuthenticationError
    return status_error_class(status)


def read_wb_error(response: httpx.Response) -> ErrorBody:
    body = _json(response)
    if isinstance(body, dict):
        if "errorText" in body or "error" in body:
            message = str(body.get("errorText") or "") or _plain(response)
            return ErrorBody(None, message[:_MAX_MESSAGE], body.get("additionalErrors"))
        if "title" in body or "detail" in body:
            parts = [str(body[k]) for k in ("title", "detail") if body.get(k)]
            return ErrorBody(body.get("code") or None, ": ".join(parts)[:_MAX_MESSAGE])
        if "message" in body or "code" in body:
            return ErrorBody(body.get("code") or None, str(body.get("message") or "")[:_MAX_MESSAGE], body.get("data"))
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        # Marketplace 409: one entry per problem, each with the ids it concerns.
        messages = "; ".join(str(item.get("message") or item.get("code") or "") for item in body)
        return ErrorBody(body[0].get("code") or None, messages[:_MAX_MESSAGE], body)
    return ErrorBody(None, _plain(response))


OZON = Dialect("ozon", read_ozon_error, ozon_retry_after, ozon_error_class)
WB = Dialect("wb", read_wb_error, wb_retry_after, lambda status, _body: status_error_class(status))

