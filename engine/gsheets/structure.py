"""Builders of ``spreadsheets.batchUpdate`` requests: sheets, sizes, formats, merges, rules, protection.

Plain dicts in the API's own shape; every builder's output is checked against Google's discovery
document in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from engine.gsheets.address import grid_range
from engine.gsheets.errors import GoogleSheetsError
from engine.gsheets.formats import Format, fields_of, width_pixels

Request = dict[str, Any]
SUBJECT_METADATA_KEY = "ozwb_subject"  # the sheet's WB subject id; xlsx keeps it in a sheet-scoped defined name


def add_sheet(sheet_id: int, title: str, index: int, rows: int, columns: int, *, frozen_rows: int = 0,
              frozen_columns: int = 0, hidden: bool = False) -> Request:
    """A sheet sized exactly to what it holds: the 10-million-cell cap counts every tab's whole grid."""
    grid: dict[str, int] = {"rowCount": rows, "columnCount": columns}
    if frozen_rows:
        grid["frozenRowCount"] = frozen_rows
    if frozen_columns:
        grid["frozenColumnCount"] = frozen_columns
    properties: dict[str, Any] = {"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
                                  "gridProperties": grid}
    if hidden:
        properties["hidden"] = True
    return {"addSheet": {"properties": properties}}


def delete_sheet(sheet_id: int) -> Request:
    return {"deleteSheet": {"sheetId": sheet_id}}


def column_widths(sheet_id: int, widths: Sequence[float]) -> Iterator[Request]:
    """One request per run of equal widths (``widths`` in Excel characters, first column first)."""
    for first, last, width in _runs(widths):
        yield {"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": first, "endIndex": last + 1},
            "properties": {"pixelSize": width_pixels(width)}, "fields": "pixelSize"}}


def row_height(sheet_id: int, row: int, pixels: int) -> Request:
    return {"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": row - 1, "endIndex": row},
        "properties": {"pixelSize": pixels}, "fields": "pixelSize"}}


def hide_row(sheet_id: int, row: int) -> Request:
    return {"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": row - 1, "endIndex": row},
        "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}}


def format_cells(grid: dict[str, Any], cell_format: Format) -> Request:
    """Apply ``cell_format`` to every cell of ``grid``, touching no other format property."""
    return {"repeatCell": {"range": grid, "cell": {"userEnteredFormat": cell_format},
                           "fields": fields_of(cell_format)}}


def merge(grid: dict[str, Any]) -> Request:
    return {"mergeCells": {"range": grid, "mergeType": "MERGE_ALL"}}


def protect(grid: dict[str, Any], description: str) -> Request:
    """Warning-only protection: an editor may still change it after confirming, ozwb's own writes pass."""
    return {"addProtectedRange": {"protectedRange": {"range": grid, "description": description,
                                                     "warningOnly": True}}}


def subject_marker(sheet_id: int, subject_id: int) -> Request:
    """Which WB subject a sheet is for, invisible to the seller and kept when the sheet is renamed or moved."""
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": SUBJECT_METADATA_KEY, "metadataValue": str(subject_id),
        "location": {"sheetId": sheet_id}, "visibility": "DOCUMENT"}}}


def validation(sheet_id: int, rule: DataValidation) -> Request:
    """The xlsx data validation ``rule`` as ``setDataValidation``: the same range, list and bounds.

    A list on ``_lists`` becomes ONE_OF_RANGE (a dropdown chip), an inline one ONE_OF_LIST; number
    rules become NUMBER_BETWEEN (Sheets has no whole-number rule, the validator checks that); a text
    length rule becomes a locale-proof ``=LEN(cell)<=n``. "stop" is strict, "warning" only marks.
    """
    first_col, first_row, last_col, last_row = range_boundaries(str(rule.sqref))
    grid = grid_range(sheet_id, first_row, last_row, first_col, last_col)
    if rule.type == "list":
        formula = str(rule.formula1)
        if formula.startswith('"'):
            condition = {"type": "ONE_OF_LIST",
                         "values": [{"userEnteredValue": v} for v in formula.strip('"').split(",")]}
        else:
            condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"={formula}"}]}
    elif rule.type in ("whole", "decimal"):
        condition = {"type": "NUMBER_BETWEEN", "values": [{"userEnteredValue": str(rule.formula1)},
                                                          {"userEnteredValue": str(rule.formula2)}]}
    elif rule.type == "textLength":
        cell = f"{get_column_letter(first_col)}{first_row}"
        condition = {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": f"=LEN({cell})<={rule.formula1}"}]}
    else:
        raise GoogleSheetsError(f"no Google Sheets counterpart for a {rule.type!r} validation")
    message = str(rule.error or rule.errorTitle or "")
    return {"setDataValidation": {"range": grid, "rule": {
        "condition": condition, "inputMessage": message, "strict": rule.errorStyle == "stop",
        "showCustomUi": rule.type == "list"}}}


def _runs(widths: Sequence[float]) -> Iterator[tuple[int, int, float]]:
    start = 0
    for index in range(1, len(widths) + 1):
        if index == len(widths) or widths[index] != widths[start]:
            yield start, index - 1, widths[start]
            start = index
