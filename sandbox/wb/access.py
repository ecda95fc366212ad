"""Who is calling and whether they may: sandbox tokens, token categories, WB's rate buckets.

Tokens: ``sandbox-wb-token`` is seller ``default``; ``sandbox-wb-token.<name>`` is seller
``<name>``; a ``~cat1,cat2`` suffix limits the token to those categories (``content``,
``prices``, ``marketplace``); ``~expired`` is a token past its 180 days. ``Bearer `` is optional.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from sandbox.context import SandboxContext
from sandbox.ratelimit import Bucket, Decision
from sandbox.wb.replies import RefusedError, envelope, marketplace_error, problem

# Per seller account, from the limit tables of 02-items.yaml / 01-general.yaml.
CONTENT = Bucket("wb.content", 100, 60.0, 5)
CARD_WRITES = Bucket("wb.card_writes", 10, 60.0, 5)  # upload, upload/add and update share one budget
ERROR_LIST = Bucket("wb.error_list", 10, 60.0, 5)
MEDIA = Bucket("wb.media", 100, 60.0, 5)
BRANDS = Bucket("wb.brands", 1, 1.0, 5)
PRICES = Bucket("wb.prices", 10, 6.0, 5)
MARKETPLACE = Bucket("wb.marketplace", 300, 60.0, 20)
PING = Bucket("wb.ping", 3, 30.0, 3)
# Marketplace counts a request answered with a 4xx as ten.
MARKETPLACE_4XX_COST = 10

CATEGORY_ALIASES = {"content": "content", "prices": "prices", "discountsandprices": "prices",
                    "marketplace": "marketplace"}
TOKEN_PATTERN = re.compile(r"^sandbox-wb-token(?:\.(?P<name>[a-z0-9]+))?(?:~(?P<cats>[a-z,+]+))?$")

Handler = Callable[[Request, "Seller"], Awaitable[Response]]


@dataclass(frozen=True)
class Seller:
    account: str
    categories: frozenset[str] | None  # None: every category

    def may(self, category: str) -> bool:
        return category == "common" or self.categories is None or category in self.categories


def unauthorized(detail: str) -> RefusedError:
    return RefusedError(problem(401, "unauthorized", detail))


def identify(authorization: str | None) -> Seller:
    """The seller behind an ``Authorization`` header, or a 401 the way WB's gateway words it."""
    token = (authorization or "").strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if not token:
        raise unauthorized("empty Authorization header")
    match = TOKEN_PATTERN.match(token)
    if match is None:
        raise unauthorized("token problem; token is malformed: could not decode token")
    account = match.group("name") or "default"
    cats = match.group("cats")
    if cats is None:
        return Seller(account, None)
    words = {w for w in re.split(r"[,+]", cats) if w}
    if "expired" in words:
        raise unauthorized("token problem; token is expired")
    unknown = words - CATEGORY_ALIASES.keys()
    if unknown:
        raise unauthorized("token problem; token is malformed: unknown scope")
    return Seller(account, frozenset(CATEGORY_ALIASES[w] for w in words))


def seconds(value: float) -> str:
    """Waits go out with decimals: at high speed they are sub-second."""
    return f"{max(value, 0.0):.3f}"


def too_many(bucket: Bucket, decision: Decision) -> Response:
    response = problem(429, "too many requests", f"limited by {bucket.name}")
    response.headers["X-Ratelimit-Retry"] = seconds(decision.retry_after)
    response.headers["X-Ratelimit-Limit"] = str(bucket.burst)
    response.headers["X-Ratelimit-Reset"] = seconds(decision.reset_after)
    return response


# Card writes declare no 403 at all; there WB's gateway answers as it does everywhere since 2026-09.
_UNDOCUMENTED_403 = ("/content/v2/cards/upload",)


def forbidden(category: str, path: str) -> Response:
    """A token without the method's category, in the shape the spec declares for that method."""
    text = "Access denied: token scope not allowed for this API route"
    if category == "marketplace":
        return marketplace_error(403, "AccessDenied", text).response
    if any(path.endswith(p) or p + "/" in path for p in _UNDOCUMENTED_403):
        return problem(403, "forbidden", "token scope not allowed for this API route")
    return envelope(None, status=403, error_text=text, with_additional=False)


class Gate:
    """Registers WB endpoints behind auth, category and rate checks; turns Rejections into answers."""

    def __init__(self, ctx: SandboxContext, router: APIRouter) -> None:
        self.ctx = ctx
        self.router = router

    def route(self, method: str, path: str, category: str, bucket: Bucket) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            async def endpoint(request: Request) -> Response:
                return await self._serve(request, handler, category, bucket)

            endpoint.__name__ = handler.__name__
            self.router.add_api_route(path, endpoint, methods=[method], include_in_schema=False)
            return handler

        return register

    async def _serve(self, request: Request, handler: Handler, category: str, bucket: Bucket) -> Response:
        path = request.url.path
        try:
            seller = identify(request.headers.get("authorization"))
        except RefusedError as rejection:
            return rejection.response
        if not seller.may(category):
            return forbidden(category, path)
        decision = self.ctx.limiter.take(seller.account, bucket)
        if not decision.allowed:
            return too_many(bucket, decision)
        try:
            response = await handler(request, seller)
        except RefusedError as rejection:
            response = rejection.response
        if bucket is MARKETPLACE and 400 <= response.status_code < 500:
            self.ctx.limiter.charge(seller.account, bucket, MARKETPLACE_4XX_COST - 1)
        response.headers["X-Ratelimit-Remaining"] = str(decision.remaining)
        return response
