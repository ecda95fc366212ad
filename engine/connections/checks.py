"""Does a connection work? One cheap authenticated call per thing ozwb needs, read into a state.

States: ``ok``, ``wrong_key``, ``expired``, ``missing_scopes`` (naming what is missing, in Russian),
``unreachable``. What a WB token says about itself only explains the outcome; the calls decide.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from engine.connections.wb_token import NEEDED, TokenFacts, read_token
from engine.errors import (
    AuthenticationError,
    BadRequestError,
    MarketplaceError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from engine.ozon.client import OzonClient
from engine.ratelimit import WB_PRICES
from engine.settings import Settings
from engine.wb.client import WbClient

CHECK_RETRIES = 1  # a check answers the seller now; the export or push itself retries patiently
CHECK_TIMEOUT = 10.0
OZON_PRICE_STOCK_METHODS = ("/v4/product/info/stocks", "/v5/product/info/prices")
OZON_PRODUCT_METHODS = ("/v3/product/list", "/v3/product/info/list", "/v4/product/info/attributes")


class ConnectionState(StrEnum):
    UNCHECKED = "unchecked"
    OK = "ok"
    WRONG_KEY = "wrong_key"
    EXPIRED = "expired"
    MISSING_SCOPES = "missing_scopes"
    UNREACHABLE = "unreachable"


STATE_LABELS = {
    ConnectionState.UNCHECKED: "не проверено",
    ConnectionState.OK: "работает",
    ConnectionState.WRONG_KEY: "неверный ключ",
    ConnectionState.EXPIRED: "срок ключа истёк",
    ConnectionState.MISSING_SCOPES: "не хватает доступа",
    ConnectionState.UNREACHABLE: "нет связи",
}


@dataclass(frozen=True)
class CheckResult:
    state: ConnectionState
    detail: str  # Russian, shown to the seller; never contains the key

    @property
    def ok(self) -> bool:
        return self.state is ConnectionState.OK


def check_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"http_max_retries": min(settings.http_max_retries, CHECK_RETRIES),
                                       "http_timeout": min(settings.http_timeout, CHECK_TIMEOUT)})


def check_ozon(settings: Settings, *, now: Callable[[], float] = time.time) -> CheckResult:
    """``/v1/roles``: accepts the key, says until when, and which methods the key may call."""
    try:
        with OzonClient(check_settings(settings)) as ozon:
            info = ozon.check_key()
    except AuthenticationError:
        return CheckResult(ConnectionState.WRONG_KEY, "Ozon не принял Client-Id или Api-Key — проверьте их")
    except MarketplaceError as exc:
        return _unreachable("Ozon", exc)
    expires = _parse_time(info.expires_at)
    if expires is not None and expires <= now():
        return CheckResult(ConnectionState.EXPIRED, "Срок действия ключа Ozon истёк — создайте новый")
    methods = {m for role in info.roles for m in role.methods}
    if info.roles and not any(role.name.lower() == "admin" for role in info.roles):
        missing = []
        if not all(m in methods for m in OZON_PRODUCT_METHODS):
            missing.append("Товары (чтение)")
        if not all(m in methods for m in OZON_PRICE_STOCK_METHODS):
            missing.append("Цены и остатки")
        if missing:
            return CheckResult(ConnectionState.MISSING_SCOPES,
                               f"Ключу Ozon не хватает ролей: {', '.join(missing)}")
    until = f" до {_date(expires)}" if expires is not None else ""
    return CheckResult(ConnectionState.OK, f"Ключ Ozon работает{until}")


def check_wb(settings: Settings, *, now: Callable[[], float] = time.time) -> CheckResult:
    """One cheap read per category ozwb uses; a 401 is a wrong or expired token, a 403 a missing category."""
    facts = read_token(settings.wb_token.get_secret_value())
    missing: list[str] = []
    try:
        with WbClient(check_settings(settings)) as wb:
            for category, probe in (("content", _probe_content), ("prices", _probe_prices),
                                    ("marketplace", _probe_marketplace)):
                try:
                    probe(wb)
                except PermissionDeniedError:
                    missing.append(category)
    except AuthenticationError as exc:
        return _rejected(exc, facts, now())
    except MarketplaceError as exc:
        return _unreachable("WB", exc)
    if missing:
        names = ", ".join(NEEDED[c] for c in missing)
        return CheckResult(ConnectionState.MISSING_SCOPES,
                           f"У токена WB нет категорий: {names}. Создайте токен с категориями "
                           f"{', '.join(NEEDED.values())}")
    note = " (только чтение — перенос карточек им невозможен)" if facts.read_only else ""
    until = f" до {_date(facts.expires_at)}" if facts.expires_at is not None else ""
    return CheckResult(ConnectionState.OK, f"Токен WB работает{until}{note}")


def _probe_content(wb: WbClient) -> None:
    wb.get_parents()


def _probe_prices(wb: WbClient) -> None:
    # A read of a task that does not exist: the gateway checks the token and its category first,
    # and whatever WB then says about the unknown task (nothing, or a 400/404) means "allowed".
    path = "/api/v2/history/tasks"
    try:
        wb.call("prices", "GET", path, params={"uploadID": 1}, bucket=WB_PRICES, idempotent=True)
    except (BadRequestError, NotFoundError):
        return


def _probe_marketplace(wb: WbClient) -> None:
    wb.list_warehouses()


def _rejected(exc: AuthenticationError, facts: TokenFacts, now: float) -> CheckResult:
    said_expired = "expired" in exc.message.lower()
    if said_expired or facts.expired_marker or (facts.expires_at is not None and facts.expires_at <= now):
        return CheckResult(ConnectionState.EXPIRED,
                           "Срок действия токена WB истёк (токены живут 180 дней) — создайте новый")
    return CheckResult(ConnectionState.WRONG_KEY, "WB не принял токен — проверьте, что он скопирован целиком")


def _unreachable(name: str, exc: MarketplaceError) -> CheckResult:
    if isinstance(exc, RateLimitedError):
        return CheckResult(ConnectionState.UNREACHABLE, f"{name} просит подождать (лимит запросов) — повторите позже")
    if isinstance(exc, PermissionDeniedError):
        return CheckResult(ConnectionState.MISSING_SCOPES, f"{name}: у ключа нет доступа к нужному разделу API")
    where = f" (HTTP {exc.status})" if exc.status else ""
    return CheckResult(ConnectionState.UNREACHABLE, f"Нет связи с {name}{where} — повторите проверку позже")


def _parse_time(text: str) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _date(stamp: float) -> str:
    return datetime.fromtimestamp(stamp).strftime("%d.%m.%Y")
