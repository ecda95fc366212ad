"""ASGI middleware that injects the faults named by ``--faults`` and counts calls."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.context import SandboxContext
from sandbox.errors import SandboxError

FAULTED_PREFIXES = ("/ozon/", "/wb/")


class InjectedResetError(SandboxError):
    """Raised mid-response so the server drops the connection, as a network reset does."""


def _fault_body(kind: str, path: str) -> tuple[int, dict[str, str], bytes]:
    if path.startswith("/ozon/"):
        if kind == "429":
            message = "You have reached request rate limit per second"
            body: dict[str, Any] = {"code": 8, "message": message, "details": []}
            return 429, {"content-type": "application/json"}, json.dumps(body).encode()
        body = {"code": 13, "message": "Internal error", "details": []}
        return 500, {"content-type": "application/json"}, json.dumps(body).encode()
    status = 429 if kind == "429" else 500
    body = {
        "title": "too many requests" if status == 429 else "internal server error",
        "detail": "injected by the sandbox",
        "code": "sandbox-fault",
        "requestId": "sandbox",
        "origin": "s2s-api-auth-catalog",
        "status": status,
        "statusText": "Too Many Requests" if status == 429 else "Internal Server Error",
        "timestamp": "2026-01-01T00:00:00Z",
    }
    headers = {"content-type": "application/problem+json"}
    if status == 429:
        headers.update({"x-ratelimit-retry": "1", "x-ratelimit-limit": "5", "x-ratelimit-reset": "1"})
    return status, headers, json.dumps(body, ensure_ascii=False).encode()


class FaultMiddleware:
    def __init__(self, app: ASGIApp, ctx: SandboxContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(FAULTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        kind = self._pick_fault()
        if kind in ("429", "500"):
            self.ctx.stats.count_call(f"{scope['method']} {path}")
            self.ctx.stats.count_fault(kind)
            status, headers, body = _fault_body(kind, path)
            await send({"type": "http.response.start", "status": status,
                        "headers": [(k.encode(), v.encode()) for k, v in headers.items()]})
            await send({"type": "http.response.body", "body": body})
            return
        if kind is None:
            async def count_then_send(message: Message) -> None:
                # Count before the answer leaves, so a client that has it sees it counted.
                if message["type"] == "http.response.start":
                    self._count(scope)
                await send(message)

            await self.app(scope, receive, count_then_send)
            return
        # timeout / reset: let the request take effect, then lose its answer.
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        self._count(scope)
        self.ctx.stats.count_fault(kind)
        if kind == "timeout":
            await asyncio.sleep(self.ctx.config.fault_hang_seconds)
            for message in held:
                await send(message)
            return
        start = next((m for m in held if m["type"] == "http.response.start"), None)
        if start is not None:
            await send(start)
            await send({"type": "http.response.body", "body": b"{", "more_body": True})
        raise InjectedResetError("sandbox dropped the connection")

    def _count(self, scope: Scope) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None)
        key = f"{scope['method']} {template or scope['path']}"
        self.ctx.stats.count_call(key)

    def _pick_fault(self) -> str | None:
        rates = self.ctx.config.faults.rates
        if not rates:
            return None
        roll = self.ctx.roll()
        acc = 0.0
        for kind, prob in rates.items():
            acc += prob
            if roll < acc:
                return kind
        return None
