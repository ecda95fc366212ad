"""Ozon's error answers: ``{"code": <gRPC status>, "message": ..., "details": []}`` with its HTTP status."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from sandbox.errors import SandboxError


class OzonApiError(SandboxError):
    """Raised anywhere in the emulator to answer the request with an Ozon error body."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def response(self) -> JSONResponse:
        return JSONResponse({"code": self.code, "message": self.message, "details": []}, status_code=self.status)


def invalid_argument(message: str) -> OzonApiError:
    return OzonApiError(400, 3, message)


def not_found(message: str = "Not Found") -> OzonApiError:
    return OzonApiError(404, 5, message)


BAD_CLIENT_ID = OzonApiError(400, 3, "Client-Id header value should be positive integer")
INVALID_KEY_MESSAGE = "Invalid Api-Key, please check the key and try again"
MISSING_ROLE_MESSAGE = "Api-Key is missing a required role for a method"
RATE_LIMIT_MESSAGE = "You have reached request rate limit per second"
