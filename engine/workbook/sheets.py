"""One data sheet: WB-like header block (groups, keys, names, hints), rows, validations, defined names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from engine.workbook.columns import Column, ColumnKind
from engine.workbook.layout import SUBJECT_NAME_PREFIX, SheetLayout
from engine.workbook.lookups import LookupLists
from engine.workbook.rows import SheetRow
from engine.workbook.stream import CellValue, ColumnCells, Mark, add_stream_sheet, row_xml, text_cell
from engine.workbook.styles import Palette
from engine.workbook.validations import length_validation, list_validation, numeric_validation

GROUP_ROW = 1
KEY_ROW = 2  # the column keys as plain text: survives tools that drop defined names (Google Sheets)
HEADER_ROW = 3
HINT_ROW = 4
FIRST_DATA_ROW = 5
SPARE_ROWS = 1000  # validations reach this far past the data, for rows the seller adds
FREEZE_AT = "C5"  # header block and the group / vendor code columns stay in view
FROZEN_COLUMNS = 2  # FREEZE_AT as counts, for writers that take counts (Google Sheets)
HEADER_HEIGHT = 45  # points
HINT_HEIGHT = 75


@dataclass(slots=True)
class SheetStats:
    """What the summary sheet reports about one data sheet."""

    title: str
    subject_id: int
    subject_name: str
    rows: int = 0
    cards: int = 0
    doubtful_rows: int = 0
    missing_values: int = 0


def write_data_sheet(
    workbook: Any, layout: SheetLayout, rows: Iterable[SheetRow], lists: LookupLists, palette: Palette
) -> SheetStats:
    sheet = add_stream_sheet(workbook, layout.title)
    columns = layout.columns
    _prepare_dimensions(sheet, columns)
    _write_header(sheet, columns, palette)
    counter = StatsCounter(layout)
    cells = [ColumnCells(sheet, palette.cells(c), p) for p, c in enumerate(columns, 1)]
    for row in rows:
        sheet.append_xml(row_xml(row.values, row.marks, cells, sheet.next_row))
        counter.add(row)
    stats = counter.done()
    last_row = FIRST_DATA_ROW + stats.rows + SPARE_ROWS - 1
    for dv in column_validations(columns, lists, last_row):
        sheet.data_validations.append(dv)
    _define_names(sheet, layout)
    return stats


class StatsCounter:
    """Counts a data sheet's rows as they are written, for the summary; shared by every writer."""

    def __init__(self, layout: SheetLayout) -> None:
        self._stats = SheetStats(layout.title, layout.subject_id, layout.subject.name if layout.subject else "")
        self._vendor_pos = layout.index().get("static_vendorCode_0", -1)
        self._vendor_codes: set[CellValue] = set()

    def add(self, row: SheetRow) -> None:
        stats = self._stats
        stats.rows += 1
        if self._vendor_pos >= 0:
            self._vendor_codes.add(row.values[self._vendor_pos])
        if row.marks:
            missing = sum(1 for m in row.marks.values() if m is Mark.MISSING)
            stats.missing_values += missing
            if missing < len(row.marks):
                stats.doubtful_rows += 1

    def done(self) -> SheetStats:
        self._stats.cards = len(self._vendor_codes - {None})
        return self._stats


def column_validations(columns: tuple[Column, ...], lists: LookupLists, last_row: int) -> list[DataValidation]:
    """One validation per editable column that has a rule, over its whole data range."""
    found: list[DataValidation] = []
    for position, column in enumerate(columns, 1):
        if not column.editable:
            continue
        letter = get_column_letter(position)
        sqref = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        if column.dropdown:
            formula = lists.formula(column.dropdown, column.dropdown_name or column.header, inline=column.fixed_set)
            if formula:
                found.append(list_validation(column, formula, sqref))
        elif column.numeric is not None:
            found.append(numeric_validation(column, sqref))
        elif column.max_length:
            found.append(length_validation(column, sqref))
    return found


def _prepare_dimensions(sheet: Any, columns: tuple[Column, ...]) -> None:
    # A write-only sheet writes these before its first row, so they come first.
    for position, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = HEADER_HEIGHT
    sheet.row_dimensions[HINT_ROW].height = HINT_HEIGHT
    sheet.freeze_panes = FREEZE_AT


def group_spans(columns: tuple[Column, ...]) -> list[tuple[int, int, str]]:
    """The group row's merged blocks: ``(first, last, group)`` with 1-based columns, in order."""
    spans: list[tuple[int, int, str]] = []
    start = 1
    for position in range(2, len(columns) + 2):
        if position > len(columns) or columns[position - 1].group != columns[start - 1].group:
            spans.append((start, position - 1, columns[start - 1].group))
            start = position
    return spans


def column_hint(column: Column) -> str:
    """The hint row's text of ``column``."""
    if column.kind is ColumnKind.SOURCE:
        return f"{column.hint}. Не меняйте" if column.hint else "Не меняйте"
    if column.kind is ColumnKind.RESULT:
        return f"{column.hint}. Заполнит ozwb" if column.hint else "Заполнит ozwb"
    return column.hint


def _write_header(sheet: Any, columns: tuple[Column, ...], palette: Palette) -> None:
    groups: list[tuple[int, Any]] = []
    for first, last, group in group_spans(columns):
        groups.append((first, text_cell(sheet, group, palette.group)))
        groups.extend((p, text_cell(sheet, "", palette.group)) for p in range(first + 1, last + 1))
        if last > first:
            sheet.merged_cells.add(f"{get_column_letter(first)}{GROUP_ROW}:{get_column_letter(last)}{GROUP_ROW}")
    sheet.append(groups)
    sheet.append([(p, text_cell(sheet, c.key, palette.key)) for p, c in enumerate(columns, 1)])
    sheet.append([(p, text_cell(sheet, c.header, palette.header(c))) for p, c in enumerate(columns, 1)])
    sheet.append([(p, text_cell(sheet, column_hint(c), palette.hint)) for p, c in enumerate(columns, 1)])


def _define_names(sheet: Any, layout: SheetLayout) -> None:
    """Sheet-scoped names: every data sheet repeats the same keys, as WB's template does for its one sheet."""
    quoted = quote_sheetname(layout.title)
    for position, column in enumerate(layout.columns, 1):
        ref = f"{quoted}!${get_column_letter(position)}${HEADER_ROW}"
        sheet.defined_names[column.key] = DefinedName(column.key, attr_text=ref)
    if layout.subject_id >= 0:  # a stand-in subject rebuilt from a sheet's columns has no real id
        marker = f"{SUBJECT_NAME_PREFIX}{layout.subject_id}"
        sheet.defined_names[marker] = DefinedName(marker, attr_text=f"{quoted}!$A${GROUP_ROW}")
