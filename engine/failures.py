"""One Russian line for an expected failure, for the command line and the web alike (never a traceback).

The same error reads the same everywhere; only what the seller can do about it differs — a CLI user
fixes an environment variable, a web user a connection — so that advice comes from a :class:`Wording`.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import (
    AuthenticationError,
    ConfigurationError,
    MarketplaceError,
    OzwbError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from engine.store import StoreError
from engine.workbook import UnreadableWorkbookError, WorkbookError

MARKETPLACE_NAMES = {"ozon": "Ozon", "wb": "WB"}


@dataclass(frozen=True)
class Wording:
    key_advice: str  # after "<marketplace> не принял ключ доступа — "
    transport_advice: str  # after "нет связи с <marketplace>; "
    transport_detail: bool  # the transport error itself in brackets (useful to whoever runs the machine)
    settings_label: str
    store_label: str
    unexpected: str | None  # a non-ozwb exception: this text, or the exception's own when None


COMMAND_LINE = Wording(key_advice="проверьте его в настройках",
                       transport_advice="проверьте интернет или адрес и повторите", transport_detail=True,
                       settings_label="настройки", store_label="база ozwb недоступна (OZWB_DATABASE_URL)",
                       unexpected=None)
SERVICE = Wording(key_advice="проверьте подключение", transport_advice="повторите позже", transport_detail=False,
                  settings_label="настройки сервиса", store_label="база сервиса недоступна",
                  unexpected="внутренняя ошибка сервиса; задание остановлено")


def describe_failure(exc: BaseException, wording: Wording = COMMAND_LINE) -> str:
    if isinstance(exc, MarketplaceError):
        return _marketplace(exc, wording)
    if isinstance(exc, UnreadableWorkbookError):
        return f"файл не читается как книга Excel (.xlsx): {exc}"
    if isinstance(exc, WorkbookError):
        return f"таблица: {exc}"
    if isinstance(exc, StoreError):
        return f"{wording.store_label}: {exc}"
    if isinstance(exc, ConfigurationError):
        return f"{wording.settings_label}: {exc}"
    if isinstance(exc, OzwbError) or wording.unexpected is None:
        return str(exc)
    return wording.unexpected


def _marketplace(exc: MarketplaceError, wording: Wording) -> str:
    name = MARKETPLACE_NAMES.get(exc.marketplace, exc.marketplace)
    if isinstance(exc, AuthenticationError):
        return f"{name} не принял ключ доступа — {wording.key_advice}"
    if isinstance(exc, PermissionDeniedError):
        return f"у ключа {name} нет доступа к нужному разделу API ({exc.path})"
    if isinstance(exc, RateLimitedError):
        return f"{name} ограничил частоту запросов; повторите через несколько минут"
    if isinstance(exc, TransportError):
        detail = f" ({exc.message})" if wording.transport_detail else ""
        return f"нет связи с {name}{detail}; {wording.transport_advice}"
    if isinstance(exc, ServerError):
        return f"{name} отвечает ошибкой сервера; повторите позже"
    return f"{name} отказал в запросе {exc.path}: {exc.message}"
