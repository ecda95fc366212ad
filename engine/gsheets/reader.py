"""Reading a Google Sheet ozwb wrote (and the seller edited) back as the rows ``read_workbook`` gives.

Google has no sheet-scoped defined names, so columns are found by the hidden key row the xlsx writer
also writes; a sheet's WB subject comes from ozwb's developer metadata. Values come in as few
``values.batchGet`` calls as the sheet sizes allow, never one per row.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

from gspread import Client

from engine.drafts import Directories, SubjectSpec
from engine.gsheets.address import quote_title, spreadsheet_key
from engine.gsheets.service import SheetsService, Sleep
from engine.gsheets.structure import SUBJECT_METADATA_KEY
from engine.gsheets.writer import client_email
from engine.ratelimit import RateLimiter
from engine.settings import Settings
from engine.workbook.layout import INSTRUCTIONS_TITLE, LISTS_TITLE, SUBJECT_NAME_PREFIX, SUMMARY_TITLE
from engine.workbook.names import NamedCell, SheetNames
from engine.workbook.reader import SheetTable, WorkbookContent, table_from_rows

CELLS_PER_READ = 500_000  # grid cells per values.batchGet; ~10k rows of a wide sheet, a few MB of JSON
_NOT_DATA = {INSTRUCTIONS_TITLE.casefold(), SUMMARY_TITLE.casefold(), LISTS_TITLE.casefold()}


def read_google_sheet(
    spreadsheet: str,
    *,
    client: Client,
    subjects: Mapping[int, SubjectSpec] | None = None,
    directories: Directories | None = None,
    service_account_email: str = "",
    settings: Settings | None = None,
    sleep: Sleep = time.sleep,
    limiter: RateLimiter | None = None,
) -> WorkbookContent:
    """Every data sheet of the Google Sheet ``spreadsheet`` (link or key) and its non-empty rows, keyed by
    column key exactly as :func:`engine.workbook.read_workbook` keys an xlsx.

    ``subjects``/``directories`` are only needed when the key row is gone and characteristic columns
    must be recognised by their header text.
    """
    service = SheetsService(client, spreadsheet_key(spreadsheet), service_account_email or client_email(client),
                            settings, sleep, limiter=limiter)
    sheets = [_names(s) for s in service.metadata().get("sheets", [])]
    wanted = [(names, cells) for names, cells in sheets if names.title.casefold() not in _NOT_DATA]
    tables: list[SheetTable] = []
    for group in _groups(wanted):
        found = service.read_values([quote_title(n.title) for n in group])
        for names, values in zip(group, found, strict=True):
            table = table_from_rows(names, _rows(values), subjects or {}, directories or Directories())
            if table is not None:
                tables.append(table)
    return WorkbookContent(tables)


def _names(sheet: Mapping[str, Any]) -> tuple[SheetNames, int]:
    """The sheet as the shared reader sees it: its title, and its subject marker as the xlsx's name would be."""
    properties = sheet.get("properties", {})
    names = SheetNames(str(properties.get("title", "")), "hidden" if properties.get("hidden") else "visible")
    for item in sheet.get("developerMetadata", []):
        value = str(item.get("metadataValue", ""))
        if item.get("metadataKey") == SUBJECT_METADATA_KEY and value.isdigit():
            names.cells.append(NamedCell(f"{SUBJECT_NAME_PREFIX}{value}", 1, 1))
    grid = properties.get("gridProperties", {})
    return names, int(grid.get("rowCount", 0)) * int(grid.get("columnCount", 0))


def _groups(sheets: list[tuple[SheetNames, int]]) -> Iterator[list[SheetNames]]:
    group: list[SheetNames] = []
    cells = 0
    for names, size in sheets:
        if group and cells + size > CELLS_PER_READ:
            yield group
            group, cells = [], 0
        group.append(names)
        cells += size
    if group:
        yield group


def _rows(value_range: Mapping[str, Any]) -> Iterator[list[object]]:
    # Whole-sheet ranges start at A1 and keep empty rows inside the data as [], so row numbers hold.
    for row in value_range.get("values", []):
        yield list(row)
