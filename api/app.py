"""The web service: ``create_app(settings)`` builds the FastAPI app (pages + /api/v1).

``app.state`` holds ``settings``, ``store``, ``keyring``, ``mailer``, ``templates`` and ``web_key``.
Every module in ``api/routes`` that defines ``router`` is mounted (sorted by name), so a new area
is added by creating its module — no edit here.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import api.routes
from api.errors import ApiError, LoginRequiredError, error_body
from api.security import API_PREFIX, SecurityMiddleware, verify_csrf, web_key
from api.templating import ROOT, build_templates, render, resource_dir
from engine.accounts import AccountError, TooManyAttemptsError
from engine.accounts.bearer import signing_key
from engine.accounts.errors import InvalidCredentialsError, TotpInvalidError, TotpRequiredError
from engine.errors import RecordNotFoundError
from engine.keyring import keyring_from_settings
from engine.mail import Mailer
from engine.settings import Settings, get_settings
from engine.store import open_store, upgrade_to_head

log = logging.getLogger("ozwb.web")

API_DESCRIPTION = """REST API ozwb: перенос каталога с Ozon на Wildberries.

Авторизация: `POST /api/v1/auth/token` (форма OAuth2: `username` = email, `password`; если у аккаунта
включена двухфакторная защита — ещё поле `totp` с текущим кодом из приложения) возвращает
`{"access_token": "...", "token_type": "bearer"}`; дальше заголовок `Authorization: Bearer <token>`.
Ошибки: `{"error": {"code": "<код>", "message": "<текст>"}}`."""

_STATUS_OF: dict[type[AccountError], int] = {
    TooManyAttemptsError: 429,
    InvalidCredentialsError: 401,
    TotpRequiredError: 401,
    TotpInvalidError: 401,
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    store = open_store(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        upgrade_to_head(settings, store.engine)
        yield
        store.close()

    app = FastAPI(title="ozwb", version="1", description=API_DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, dependencies=[Depends(verify_csrf)])
    app.state.settings = settings
    app.state.store = store
    app.state.keyring = keyring_from_settings(settings)
    app.state.mailer = Mailer(settings)
    app.state.templates = build_templates()
    app.state.web_key = web_key(signing_key(settings))
    app.add_middleware(SecurityMiddleware, max_body=settings.upload_max_bytes,
                       https=settings.public_url.startswith("https://"))
    app.mount("/static", StaticFiles(directory=str(resource_dir("static", ROOT / "api" / "static"))), name="static")
    for router in discover_routers():
        app.include_router(router)
    _add_handlers(app)
    return app


def discover_routers() -> list[APIRouter]:
    routers = []
    for info in sorted(pkgutil.iter_modules(api.routes.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"api.routes.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """JSON for /api/v1, the error page otherwise."""
    if is_api(request):
        return JSONResponse(error_body(code, message), status_code=status)
    return render(request, "errors/error.html", {"status": status, "message": message}, status_code=status)


def _add_handlers(app: FastAPI) -> None:
    async def login_required(request: Request, _: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        response = error_response(request, exc.status, exc.code, exc.message)
        if exc.status == 401 and is_api(request):
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    async def account_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AccountError)
        return error_response(request, _STATUS_OF.get(type(exc), 400), exc.code, exc.message)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, "not_found", "Не найдено.")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "Страница не найдена.", 405: "Такой запрос здесь не поддерживается."}
        message = messages.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "Ошибка запроса.")
        response = error_response(request, exc.status_code, _code_of(exc.status_code), message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        fields = ", ".join(sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "тело" for e in exc.errors()}))
        message = f"Неверные или недостающие поля запроса: {fields}." if fields else "Неверный запрос."
        status = 422 if is_api(request) else 400
        return error_response(request, status, "invalid_request", message)

    handlers: dict[Any, Any] = {
        LoginRequiredError: login_required,
        ApiError: api_error,
        AccountError: account_error,
        RecordNotFoundError: not_found,
        StarletteHTTPException: http_error,
        RequestValidationError: invalid_request,
    }
    for exc_class, handler in handlers.items():
        app.add_exception_handler(exc_class, handler)


def _code_of(status: int) -> str:
    return {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(status, "error")
