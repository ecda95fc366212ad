"""Building the gspread client from a service-account JSON key (the one the seller shares the sheet with)."""

from __future__ import annotations

import json
from pathlib import Path

import gspread
from gspread import Client

from engine.gsheets.errors import ServiceAccountError

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"  # no Drive scope: ozwb never creates or lists files


def client_from_service_account(path: str | Path) -> Client:
    """A client authorised as the service account in the JSON key at ``path`` (tokens fetched on first call)."""
    try:
        return gspread.service_account(filename=str(path), scopes=[SHEETS_SCOPE])
    except FileNotFoundError as exc:
        raise ServiceAccountError(f"Файл ключа сервисного аккаунта Google не найден: {path}") from exc
    except (OSError, ValueError, KeyError) as exc:
        raise ServiceAccountError(
            f"Файл {path} не похож на JSON-ключ сервисного аккаунта Google (нужен ключ типа service_account "
            f"из Google Cloud Console): {type(exc).__name__}"
        ) from exc


def service_account_email(path: str | Path) -> str:
    """The ``client_email`` of the key at ``path``: the address the seller must share the spreadsheet with."""
    try:
        found = json.loads(Path(path).read_text("utf-8")).get("client_email", "")
    except (OSError, ValueError, AttributeError) as exc:
        raise ServiceAccountError(f"Не удалось прочитать ключ сервисного аккаунта {path}: {type(exc).__name__}") \
            from exc
    return str(found)
