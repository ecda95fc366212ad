"""The three answer shapes WB uses, and the one exception that carries a ready answer.

Content and prices speak the ``{data, error, errorText, additionalErrors}`` envelope; the
gateway (401/403/413/429) speaks ``application/problem+json``; marketplace speaks
``{code, message, data}``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.responses import JSONResponse, Response

from sandbox.errors import SandboxError

GATEWAY_ORIGIN = "s2s-api-auth-catalog"
STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Request Entity Too Large",
    429: "Too Many Requests",
}


class WbSandboxError(SandboxError):
    """Root of the WB emulator's exceptions."""


class RefusedError(WbSandboxError):
    """A request the marketplace refuses; ``response`` is exactly what WB would answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class Utf8JSONResponse(JSONResponse):
    """JSON with Cyrillic kept readable, as WB sends it."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def utc_stamp(seconds: float | None = None) -> str:
    moment = datetime.now(UTC) if seconds is None else datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    data: Any = None,
    *,
    status: int = 200,
    error_text: str = "",
    additional: Any = None,
    with_additional: bool = True,
) -> Response:
    """Content/prices envelope; ``error`` follows from ``error_text`` being set."""
    body: dict[str, Any] = {"data": data, "error": bool(error_text), "errorText": error_text}
    if with_additional:
        body["additionalErrors"] = additional
    return Utf8JSONResponse(body, status_code=status)


def content_error(error_text: str, additional: Any = None, status: int = 400) -> RefusedError:
    """A content 4xx: WB sends an object (often ``{}``) in ``additionalErrors`` there."""
    return RefusedError(envelope(None, status=status, error_text=error_text, additional=additional or {}))


def prices_error(error_text: str, status: int = 400) -> RefusedError:
    """Prices errors carry no ``additionalErrors`` key."""
    return RefusedError(envelope(None, status=status, error_text=error_text, with_additional=False))


def problem(status: int, title: str, detail: str, origin: str = GATEWAY_ORIGIN,
            media_type: str = "application/problem+json", **extra: Any) -> Response:
    body: dict[str, Any] = {
        "title": title,
        "detail": detail,
        "code": uuid.uuid4().hex[:8] + "-sandbox",
        "requestId": uuid.uuid4().hex,
        "origin": origin,
        "status": status,
        "statusText": STATUS_TEXT.get(status, ""),
        "timestamp": utc_stamp(),
        **extra,
    }
    return Utf8JSONResponse(body, status_code=status, media_type=media_type)


def marketplace_error(status: int, code: str, message: str, data: Any = None) -> RefusedError:
    body: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        body["data"] = data
    return RefusedError(Utf8JSONResponse(body, status_code=status))
