"""The few Sheets API v4 calls ozwb makes, behind a thin adapter over gspread's HTTP client.

gspread supplies the authorised session (service-account tokens); the calls, retries and error
translation are ours, because gspread's own backoff client shares its retry counter between calls
and ignores our settings. Bodies go out as UTF-8 JSON (requests' default escapes every Cyrillic
letter into six bytes, tripling the payload against Google's 2 MB advice).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError
from google.auth.exceptions import TransportError as AuthTransportError
from gspread import Client
from gspread.exceptions import APIError
from gspread.urls import (
    SPREADSHEET_BATCH_UPDATE_URL,
    SPREADSHEET_URL,
    SPREADSHEET_VALUES_BATCH_UPDATE_URL,
    SPREADSHEET_VALUES_BATCH_URL,
)

from engine.gsheets.errors import GoogleApiError, ServiceAccountError, SpreadsheetAccessError
from engine.http.retry import RetryPolicy, backoff_delay, hinted_delay
from engine.ratelimit import RateLimit, RateLimiter, limiter_key, shared_limiter
from engine.settings import Settings, get_settings

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
GOOGLE_BACKOFF_CAP = 64.0  # Google's advice: truncated exponential backoff up to 64 s (quotas refill per minute)
MIN_ATTEMPTS = 8  # enough waiting to outlast a per-minute quota window
# Google's quota is per user (the service account) and project: 60 requests a minute, refilled per minute.
GOOGLE_SHEETS = RateLimit("google.sheets", 60, 60.0, 60)
METADATA_FIELDS = (
    "spreadsheetId,properties(title),sheets(properties(sheetId,title,index,hidden,"
    "gridProperties(rowCount,columnCount)),developerMetadata(metadataKey,metadataValue))"
)
Sleep = Callable[[float], None]


@dataclass(slots=True)
class CallRecord:
    """One HTTP attempt: what was called, how big the body was, what came back (0 = no answer)."""

    method: str
    url: str
    body_bytes: int
    status: int


@dataclass(slots=True)
class SheetsService:
    """Calls on one spreadsheet; ``calls`` logs every attempt, retries included."""

    client: Client
    spreadsheet_id: str
    service_account_email: str = ""
    settings: Settings | None = None
    sleep: Sleep = time.sleep
    writing: bool = False  # the whole job writes, so even a refused read asks for editor rights
    limiter: RateLimiter | None = None  # None: the process-wide one; a worker passes the Redis-backed one
    calls: list[CallRecord] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        """Titles, ids, grid sizes and ozwb's markers of every sheet (no cell data)."""
        return self._call("get", SPREADSHEET_URL % self.spreadsheet_id, params={"fields": METADATA_FIELDS})

    def batch_update(self, requests_: list[dict[str, Any]]) -> dict[str, Any]:
        """One atomic ``spreadsheets.batchUpdate``."""
        body = {"requests": requests_, "includeSpreadsheetInResponse": False}
        return self._call("post", SPREADSHEET_BATCH_UPDATE_URL % self.spreadsheet_id, body=body, write=True)

    def write_values(self, data: list[dict[str, Any]]) -> dict[str, Any]:
        """One ``values.batchUpdate`` in RAW mode: text is stored as typed, never parsed into a formula."""
        body = {"valueInputOption": "RAW", "data": data, "includeValuesInResponse": False}
        return self._call("post", SPREADSHEET_VALUES_BATCH_UPDATE_URL % self.spreadsheet_id, body=body, write=True)

    def read_values(self, ranges: list[str]) -> list[dict[str, Any]]:
        """One ``values.batchGet``: numbers as numbers, dates as the seller sees them."""
        params: dict[str, Any] = {"ranges": ranges, "majorDimension": "ROWS",
                                  "valueRenderOption": "UNFORMATTED_VALUE",
                                  "dateTimeRenderOption": "FORMATTED_STRING"}
        found = self._call("get", SPREADSHEET_VALUES_BATCH_URL % self.spreadsheet_id, params=params)
        value_ranges: list[dict[str, Any]] = found.get("valueRanges", [])
        return value_ranges

    def _call(self, method: str, url: str, *, params: Mapping[str, Any] | None = None,
              body: Mapping[str, Any] | None = None, write: bool = False) -> dict[str, Any]:
        settings = self.settings or get_settings()
        policy = RetryPolicy.from_settings(settings)
        attempts = max(policy.max_attempts, MIN_ATTEMPTS)
        cap = max(policy.backoff_cap, GOOGLE_BACKOFF_CAP)
        data = json.dumps(body, ensure_ascii=False, allow_nan=False).encode() if body is not None else None
        headers = {"Content-Type": "application/json; charset=utf-8"} if data is not None else None
        http = self.client.http_client
        if http.timeout is None:
            http.set_timeout(policy.timeout)
        limiter = self.limiter or shared_limiter(settings.limit_speed)
        quota_key = limiter_key("google", self.service_account_email or self.spreadsheet_id)
        for attempt in range(1, attempts + 1):
            wait_hint: float | None = None
            limiter.acquire(quota_key, GOOGLE_SHEETS)
            try:
                response = http.request(method, url, params=dict(params or {}), data=data, headers=headers)
            except APIError as exc:
                status = exc.response.status_code
                self._log(method, url, data, status)
                if status not in RETRY_STATUSES or attempt == attempts:
                    raise self._translate(exc, write) from exc
                wait_hint = _retry_after(exc.response)
            except (requests.ConnectionError, requests.Timeout, AuthTransportError) as exc:
                # AuthTransportError: the token endpoint was unreachable, which says nothing about the key
                self._log(method, url, data, 0)
                if attempt == attempts:
                    raise GoogleApiError(f"Google Таблицы не отвечают: {type(exc).__name__}. Повторите позже.",
                                         status=None) from exc
            except GoogleAuthError as exc:
                raise ServiceAccountError(
                    "Google не принял ключ сервисного аккаунта. Проверьте JSON-ключ и что Google Sheets API "
                    f"включён в проекте Google Cloud ({type(exc).__name__})."
                ) from exc
            else:
                self._log(method, url, data, response.status_code)
                return _json(response)
            if wait_hint is not None:
                self.sleep(hinted_delay(wait_hint))
            else:
                self.sleep(backoff_delay(attempt, policy.backoff_base, cap))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _log(self, method: str, url: str, data: bytes | None, status: int) -> None:
        self.calls.append(CallRecord(method.upper(), url, len(data) if data else 0, status))

    def _translate(self, exc: APIError, write: bool) -> Exception:
        status = exc.response.status_code
        message = str(exc.error.get("message", ""))[:300]
        who = (f"сервисного аккаунта {self.service_account_email}" if self.service_account_email
               else "сервисного аккаунта ozwb (адрес — поле client_email в его JSON-ключе)")
        if status == 404:
            return SpreadsheetAccessError(
                f"Таблица {self.spreadsheet_id} не найдена. Проверьте ссылку; если таблица есть, откройте к ней "
                f"доступ для {who} с правом «Редактор».", status=status)
        if status == 403:
            need = "право «Редактор»" if write or self.writing else "доступ"
            return SpreadsheetAccessError(
                f"Нет доступа к таблице {self.spreadsheet_id}. Нажмите «Настройки доступа» в таблице и дайте "
                f"{need} для {who}.", status=status)
        if status == 401:
            return ServiceAccountError(f"Google отклонил ключ сервисного аккаунта: {message}")
        if status == 429:
            return GoogleApiError("Google Таблицы ограничили частоту запросов (не больше 60 в минуту) и не "
                                  "пропустили их после всех повторов. Повторите через минуту.", status=status)
        return GoogleApiError(f"Google Таблицы вернули ошибку {status}: {message}", status=status)


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        found = response.json() if response.content else {}
    except ValueError as exc:
        raise GoogleApiError(f"Google Таблицы ответили не JSON: {response.text[:200]!r}", status=response.status_code) \
            from exc
    if not isinstance(found, dict):
        raise GoogleApiError(f"Google Таблицы ответили неожиданно: {str(found)[:200]}", status=response.status_code)
    return found


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After", "")
    try:
        return max(float(raw), 0.0) if raw else None
    except ValueError:
        return None
