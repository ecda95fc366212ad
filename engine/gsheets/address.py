"""Where things are in a spreadsheet: its key from a link, A1 ranges and grid ranges."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from openpyxl.utils import get_column_letter

from engine.gsheets.errors import SpreadsheetAddressError

# https://docs.google.com/spreadsheets/d/<key>/edit#gid=0 and the older ...?key=<key> form
_URL_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)|[?&#]key=([A-Za-z0-9_-]+)")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]{20,}$")
SPREADSHEET_LINK = "https://docs.google.com/spreadsheets/d/{}/edit"


def spreadsheet_key(url_or_key: str) -> str:
    """The spreadsheet ID in a Google Sheets link, or ``url_or_key`` itself if it already is one."""
    text = url_or_key.strip()
    if _BARE_KEY.match(text):
        return text
    if "docs.google.com" in text:
        match = _URL_KEY.search(text)
        if match is not None:
            return match.group(1) or match.group(2)
    raise SpreadsheetAddressError(
        f"«{text[:120]}» не похоже на ссылку на Google-таблицу. Скопируйте ссылку из адресной строки браузера: "
        "https://docs.google.com/spreadsheets/d/…"
    )


def spreadsheet_link(url_or_key: str) -> str:
    """A link to the spreadsheet that is safe to show as one: the seller's own ``https://docs.google.com/…`` link
    (it may name a tab), otherwise the canonical link of its key — "javascript:…docs.google.com/…" holds a key too.
    """
    key = spreadsheet_key(url_or_key)
    text = url_or_key.strip()
    parts = urlsplit(text)
    if parts.scheme == "https" and parts.hostname == "docs.google.com" and text.isprintable() and " " not in text:
        return text
    return SPREADSHEET_LINK.format(key)


def quote_title(title: str) -> str:
    """A sheet title as A1 notation wants it: always quoted, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def a1_cell(title: str, row: int, column: int = 1) -> str:
    """``'Title'!B7`` for 1-based ``row`` and ``column``."""
    return f"{quote_title(title)}!{get_column_letter(column)}{row}"


def grid_range(sheet_id: int, first_row: int, last_row: int, first_column: int, last_column: int) -> dict[str, Any]:
    """A GridRange from 1-based inclusive bounds (the API's own are 0-based, end-exclusive)."""
    return {
        "sheetId": sheet_id,
        "startRowIndex": first_row - 1,
        "endRowIndex": last_row,
        "startColumnIndex": first_column - 1,
        "endColumnIndex": last_column,
    }
