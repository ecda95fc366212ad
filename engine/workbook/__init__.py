"""The WB-ready workbook (xlsx): writing it from card drafts, reading a seller's edits back, re-laying it.

Public API:

- :func:`write_workbook` — drafts → xlsx (a sheet per WB subject, instructions, summary, hidden lookup lists);
- :func:`read_workbook` — xlsx → typed rows keyed by column key (the header cell's defined name);
- :func:`refresh_workbook` — move rows whose subject the seller changed to that subject's sheet;
- :data:`STATIC_KEYS` — static field → column key, e.g. ``STATIC_KEYS["vendorCode"] == "static_vendorCode_0"``.
"""

from engine.workbook.columns import STATIC_KEYS, Column, ColumnKind, Level, key_charc_id, key_warehouse_id
from engine.workbook.errors import UnreadableWorkbookError, WorkbookError, WorkbookLimitError
from engine.workbook.layout import SheetLayout, subject_columns
from engine.workbook.reader import EXTRA_PREFIX, ReadRow, ReadValue, SheetTable, WorkbookContent, read_workbook
from engine.workbook.refresh import RefreshReport, RowChange, refresh_workbook
from engine.workbook.sheets import FIRST_DATA_ROW, HEADER_ROW, SheetStats
from engine.workbook.writer import WorkbookSummary, write_workbook

__all__ = [
    "EXTRA_PREFIX",
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "STATIC_KEYS",
    "Column",
    "ColumnKind",
    "Level",
    "ReadRow",
    "ReadValue",
    "RefreshReport",
    "RowChange",
    "SheetLayout",
    "SheetStats",
    "SheetTable",
    "UnreadableWorkbookError",
    "WorkbookContent",
    "WorkbookError",
    "WorkbookLimitError",
    "WorkbookSummary",
    "key_charc_id",
    "key_warehouse_id",
    "read_workbook",
    "refresh_workbook",
    "subject_columns",
    "write_workbook",
]
