"""Web security: CSRF tokens for every form, security headers, a request body limit, flash messages.

CSRF: a random HttpOnly cookie (``ozwb_csrf``) per browser; the form token is an HMAC of it, so a
page of another site can neither read nor compute it. Every unsafe request outside /api/v1 (bearer
tokens, not cookies) must carry it as the ``csrf_token`` form field or the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import CsrfError, error_body

CSRF_COOKIE = "ozwb_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
FLASH_COOKIE = "ozwb_flash"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
API_PREFIX = "/api/"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def web_key(signing_key: bytes) -> bytes:
    return hashlib.sha256(b"ozwb-web\x00" + signing_key).digest()


def _sign(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token forms of this browser must send back."""
    cookie: str = request.scope.get("state", {}).get("csrf_cookie") or request.cookies.get(CSRF_COOKIE, "")
    return _sign(request.app.state.web_key, "csrf", cookie)


async def verify_csrf(request: Request) -> None:
    """App-wide dependency: reject unsafe page requests without this browser's token."""
    if request.method in SAFE_METHODS or request.url.path.startswith(API_PREFIX):
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        form = await request.form()  # cached on the request: the route reads the same parsed form
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    expected = _sign(request.app.state.web_key, "csrf", cookie)
    if not cookie or not sent or not hmac.compare_digest(sent, expected):
        raise CsrfError("Форма устарела или отправлена с другого сайта. Обновите страницу и попробуйте ещё раз.")


def set_flash(request: Request, response: Response, text: str, kind: str = "ok") -> None:
    """A one-time message shown on the next page (signed, so nobody else can plant one)."""
    value = f"{kind}:{text}"
    signed = f"{_sign(request.app.state.web_key, 'flash', value)}.{quote(value)}"
    response.set_cookie(FLASH_COOKIE, signed, httponly=True, samesite="lax", path="/")


def read_flash(request: Request) -> tuple[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE, "")
    signature, _, quoted = raw.partition(".")
    value = unquote(quoted)
    if not raw or not hmac.compare_digest(signature, _sign(request.app.state.web_key, "flash", value)):
        return None
    kind, _, text = value.partition(":")
    return kind, text


class SecurityMiddleware:
    """Security headers on every response, the CSRF cookie for new browsers, and the body size limit."""

    def __init__(self, app: ASGIApp, *, max_body: int, https: bool) -> None:
        self.app = app
        self.max_body = max_body
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        new_cookie = "" if CSRF_COOKIE in _cookies(headers) else secrets.token_urlsafe(32)
        if new_cookie:
            scope.setdefault("state", {})["csrf_cookie"] = new_cookie
        started = False
        overflowed = False
        is_static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                own = list(message.get("headers", []))
                present = {name.lower() for name, _ in own}
                # A route's own header wins (e.g. a download's Cache-Control); cookies always add up.
                extra = [(name, value) for name, value in self._headers(new_cookie, is_static)
                         if name == b"set-cookie" or name not in present]
                message["headers"] = [*own, *extra]
            await send(message)

        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, send_with_headers)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received, overflowed
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    overflowed = True
                    raise _BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            # The framework may turn the overflow into its own 400 ("cannot parse the body"): answer 413 instead.
            if overflowed:
                if message["type"] == "http.response.start" and not started:
                    await self._too_large(scope, send_with_headers)
                return
            await send_with_headers(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _BodyTooLargeError:
            if started:
                raise
            await self._too_large(scope, send_with_headers)

    def _headers(self, new_cookie: str, is_static: bool) -> list[tuple[bytes, bytes]]:
        out = [
            (b"content-security-policy", CSP.encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),  # reset/invite tokens live in URLs
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if not is_static:
            out.append((b"cache-control", b"no-store"))
        if self.https:
            out.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        if new_cookie:
            secure = "; Secure" if self.https else ""
            cookie = f"{CSRF_COOKIE}={new_cookie}; Path=/; HttpOnly; SameSite=Lax{secure}"
            out.append((b"set-cookie", cookie.encode()))
        return out

    async def _too_large(self, scope: Scope, send: Send) -> None:
        mb = self.max_body / (1024 * 1024)
        message = f"Слишком большой запрос: допускается не больше {mb:.0f} МБ."
        if scope.get("path", "").startswith(API_PREFIX):
            import orjson

            body = orjson.dumps(error_body("payload_too_large", message))
            content_type = b"application/json"
        else:
            body = f"<!doctype html><meta charset=utf-8><title>413</title><p>{message}</p>".encode()
            content_type = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _BodyTooLargeError(Exception):
    pass


def _cookies(headers: dict[Any, Any]) -> set[str]:
    raw = headers.get(b"cookie", b"").decode("latin-1")
    parsed: SimpleCookie = SimpleCookie()
    try:
        parsed.load(raw)
    except Exception:  # a malformed Cookie header just means "no cookies"
        return set()
    return set(parsed.keys())


def set_session_cookie(response: Response, *, name: str, token: str, max_age: float, https: bool) -> None:
    response.set_cookie(name, token, max_age=int(max_age), httponly=True, samesite="lax", secure=https, path="/")


def safe_next(target: str | None) -> str:
    """Only same-site paths after sign-in: never an open redirect to another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"
