"""The WB-ready layout in a Google Sheet: the same sheets, columns, lists and rules as the xlsx workbook.

Public API:

- :func:`write_google_sheet` — drafts → the seller's spreadsheet (mirrors ``engine.workbook.write_workbook``);
  :func:`write_sheet_plans` — the same from ready sheet plans (the export's streamed rows);
  :func:`check_google_sheet` — one metadata read that fails early if the sheet is not shared;
- :func:`read_google_sheet` — the spreadsheet → the same ``WorkbookContent`` as ``read_workbook``;
- :func:`client_from_service_account` / :func:`service_account_email` — the gspread client from a JSON key
  and the address the seller shares the spreadsheet with;
- the errors, all :class:`GoogleSheetsError` (an ``OzwbError``) with Russian messages for the seller.

A caller builds the client from the key file named in settings (``google_service_account_file``)::

    client = client_from_service_account(settings.google_service_account_file)
    write_google_sheet(url, drafts, subjects, directories, client=client)
"""

from engine.gsheets.batches import Limits
from engine.gsheets.client import SHEETS_SCOPE, client_from_service_account, service_account_email
from engine.gsheets.errors import (
    GoogleApiError,
    GoogleSheetsError,
    ServiceAccountError,
    SpreadsheetAccessError,
    SpreadsheetAddressError,
    SpreadsheetConflictError,
    SpreadsheetLimitError,
)
from engine.gsheets.reader import read_google_sheet
from engine.gsheets.writer import GoogleSheetSummary, check_google_sheet, write_google_sheet, write_sheet_plans

__all__ = [
    "SHEETS_SCOPE",
    "GoogleApiError",
    "GoogleSheetSummary",
    "GoogleSheetsError",
    "Limits",
    "ServiceAccountError",
    "SpreadsheetAccessError",
    "SpreadsheetAddressError",
    "SpreadsheetConflictError",
    "SpreadsheetLimitError",
    "check_google_sheet",
    "client_from_service_account",
    "read_google_sheet",
    "service_account_email",
    "write_google_sheet",
    "write_sheet_plans",
]
