"""Who may call what: the ``Client-Id``/``Api-Key`` pair, key roles and the per-seller rate limit.

Keys known to the sandbox (with ``Client-Id: 100000``):

* ``sandbox-ozon-key`` - an Admin key: every emulated method.
* ``sandbox-ozon-key-readonly`` - a "Product read-only" key: the product and category reads and
  ``/v1/roles``, but **not** ``/v4/product/info/stocks`` or ``/v5/product/info/prices``; those answer
  HTTP 403 code 7 "Api-Key is missing a required role for a method", as Ozon does for a key without
  the prices-and-stocks role. ``/v1/roles`` lists exactly what the key can do, so a key check can warn
  before an export runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_OZON_CLIENT_ID
from sandbox.context import SandboxContext
from sandbox.ozon.errors import (
    BAD_CLIENT_ID,
    INVALID_KEY_MESSAGE,
    MISSING_ROLE_MESSAGE,
    RATE_LIMIT_MESSAGE,
    OzonApiError,
)
from sandbox.ratelimit import Bucket

READONLY_API_KEY = f"{SANDBOX_OZON_API_KEY}-readonly"
OZON_BUCKET = Bucket("ozon", 50, 1.0, 50)
PRODUCT_READ_METHODS = (
    "/v3/product/list",
    "/v3/product/info/list",
    "/v4/product/info/attributes",
    "/v1/product/info/description",
    "/v1/description-category/tree",
    "/v1/description-category/attribute",
    "/v1/description-category/attribute/values",
    "/v1/roles",
)
PRICE_STOCK_METHODS = ("/v4/product/info/stocks", "/v5/product/info/prices")
KEY_ROLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    SANDBOX_OZON_API_KEY: (("Admin", PRODUCT_READ_METHODS + PRICE_STOCK_METHODS),),
    READONLY_API_KEY: (("Product read-only", PRODUCT_READ_METHODS),),
}
KEY_LIFETIME = timedelta(days=180)


@dataclass(frozen=True)
class Caller:
    client_id: str
    api_key: str

    def roles(self) -> list[dict[str, object]]:
        return [{"name": name, "methods": list(methods)} for name, methods in KEY_ROLES[self.api_key]]

    def expires_at(self, now: float) -> str:
        # A key issued "today" at midnight UTC lives six months, as Ozon keys do.
        issued = datetime.fromtimestamp(now, UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return (issued + KEY_LIFETIME).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def admit(ctx: SandboxContext, headers: dict[str, str], method: str) -> Caller:
    """Authenticate, rate-limit and authorize one call, or raise the error Ozon would answer."""
    client_id = headers.get("client-id", "").strip()
    if not client_id.isdigit() or int(client_id) <= 0:
        ctx.stats.count_event("ozon.bad_client_id")
        raise BAD_CLIENT_ID
    api_key = headers.get("api-key", "")
    if api_key not in KEY_ROLES or int(client_id) != int(SANDBOX_OZON_CLIENT_ID):
        ctx.stats.count_event("ozon.invalid_key")
        raise OzonApiError(404, 5, INVALID_KEY_MESSAGE)
    decision = ctx.limiter.take(client_id, OZON_BUCKET)
    if not decision.allowed:
        ctx.stats.count_event("ozon.rate_limited")
        raise OzonApiError(429, 8, RATE_LIMIT_MESSAGE)
    if not any(method in methods for _, methods in KEY_ROLES[api_key]):
        ctx.stats.count_event("ozon.missing_role")
        raise OzonApiError(403, 7, MISSING_ROLE_MESSAGE)
    return Caller(client_id, api_key)
