"""The api package's exception tree and the one JSON error shape of /api/v1.

``{"error": {"code": "<stable_code>", "message": "<Russian text>"}}``; pages render
``templates/errors/error.html`` with the same message instead.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """Every /api/v1 error."""

    error: ErrorBody


class ApiError(Exception):
    """Root of the web adapter's errors: an HTTP status, a stable code and a Russian message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        super().__init__(message)


class NotFoundApiError(ApiError):
    status = 404
    code = "not_found"


class UnauthorizedError(ApiError):
    status = 401
    code = "unauthorized"


class CsrfError(ApiError):
    status = 403
    code = "csrf_failed"


class PayloadTooLargeError(ApiError):
    status = 413
    code = "payload_too_large"


class LoginRequiredError(UnauthorizedError):
    """A page needs a signed-in user: the handler redirects to /login?next=…"""

    def __init__(self, message: str = "Войдите, чтобы продолжить.") -> None:
        super().__init__(message)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: the documented error statuses, all with :class:`ErrorResponse`."""
    return {status: {"model": ErrorResponse, "description": _DESCRIPTIONS.get(status, "Ошибка")}
            for status in statuses}


_DESCRIPTIONS = {
    400: "Неверный запрос",
    401: "Нужен действующий токен (Authorization: Bearer …)",
    404: "Не найдено",
    409: "Конфликт",
    413: "Слишком большой запрос",
    422: "Неверные параметры запроса",
    429: "Слишком много попыток",
}
