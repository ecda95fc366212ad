"""Streaming rows into openpyxl write-only sheets with every string kept a string.

openpyxl turns any ``str`` starting with "=" into a formula; a product named
``=HYPERLINK(...)`` must stay text. So text never goes through openpyxl's type
guessing: each cell is a prepared :class:`Cell` with ``data_type = "s"`` and the
quote-prefix style. The cells are reused per column because a write-only sheet
serialises each cell before asking for the next one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import IntEnum
from typing import Any

from openpyxl.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from engine.workbook.styles import CellStyles, StyleArray

MAX_CELL_TEXT = 32_767  # Excel's limit per cell
# Characters XML 1.0 cannot carry; lxml refuses them, Excel calls the file corrupt.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

CellValue = str | int | float | None


class Mark(IntEnum):
    """Why a data cell is highlighted."""

    MISSING = 1  # required and empty
    DOUBTFUL = 2  # ozwb is not sure (low-confidence subject, unknown subject name)


def clean_text(value: str) -> str:
    """``value`` as Excel can store it: no XML-illegal characters, at most 32,767 characters."""
    if _NOT_XML.search(value) is not None:
        value = _NOT_XML.sub("", value)
    return value[:MAX_CELL_TEXT]


class StreamSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet fed with ``(column number, prepared cell)`` pairs instead of bare values."""

    def _values_to_row(self, values: Iterable[tuple[int, Cell]], row_idx: int) -> Iterator[Cell]:
        for col_idx, cell in values:
            cell.column = col_idx
            cell.row = row_idx
            yield cell


def add_stream_sheet(workbook: Any, title: str) -> StreamSheet:
    sheet = StreamSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def text_cell(sheet: Any, value: str, style: StyleArray) -> Cell:
    """A one-off text cell (headers, instructions); data rows use :class:`ColumnCells`."""
    cell = Cell(sheet)
    cell._style = style
    cell._value = clean_text(value)
    cell.data_type = "s"
    return cell


def number_cell(sheet: Any, value: int | float, style: StyleArray = None) -> Cell:
    cell = Cell(sheet)
    cell._style = style
    cell._value = value
    cell.data_type = "n"
    return cell


def any_cell(sheet: Any, value: CellValue, style: StyleArray = None) -> Cell | None:
    number = as_number(value)
    if number is not None:
        return number_cell(sheet, number, None)
    if value is None or value == "":
        return None
    return text_cell(sheet, str(value), style)


def as_number(value: object) -> int | float | None:
    """``value`` if it is a finite int or float (not bool), else None."""
    if type(value) is int:
        return value
    if type(value) is float and math.isfinite(value):
        return value
    return None


class PreparedCell(Cell):  # type: ignore[misc]
    """A reused cell whose style id is looked up once rather than hashed again on every write."""

    def __init__(self, sheet: Any, style: StyleArray, data_type: str) -> None:
        super().__init__(sheet)
        self._style = style
        self.data_type = data_type
        self._fixed_has_style = style is not None and any(style)
        self._fixed_style_id = sheet.parent._cell_styles.add(style) if self._fixed_has_style else 0

    @property
    def style_id(self) -> int:
        return int(self._fixed_style_id)

    @property
    def has_style(self) -> bool:
        return bool(self._fixed_has_style)


class ColumnCells:
    """The reusable cells of one column: text, number, and their highlighted variants."""

    __slots__ = ("doubtful_text", "missing_number", "missing_text", "number", "text")

    def __init__(self, sheet: Any, styles: CellStyles) -> None:
        self.text = PreparedCell(sheet, styles.text, "s")
        self.number = PreparedCell(sheet, styles.number, "n")
        self.missing_text = PreparedCell(sheet, styles.missing_text, "s")
        self.missing_number = PreparedCell(sheet, styles.missing_number, "n")
        self.doubtful_text = PreparedCell(sheet, styles.doubtful_text, "s")

    def pick(self, value: CellValue, mark: Mark | None) -> Cell | None:
        """The cell to write ``value`` with, or None to leave the position empty."""
        if value is None or value == "":
            if mark is None:
                return None
            cell = self.missing_number if mark is Mark.MISSING else self.doubtful_text
            cell._value = None
            return cell
        number = as_number(value)
        if number is not None:
            cell = self.missing_number if mark is Mark.MISSING else self.number
            cell._value = number
            return cell
        cell = self.text if mark is None else self._marked_text(mark)
        cell._value = clean_text(value if type(value) is str else str(value))
        return cell

    def _marked_text(self, mark: Mark) -> Cell:
        return self.missing_text if mark is Mark.MISSING else self.doubtful_text


def row_cells(
    values: list[CellValue], marks: Mapping[int, Mark] | None, columns: list[ColumnCells]
) -> Iterator[tuple[int, Cell]]:
    """The non-empty cells of one data row as ``(1-based column, cell)`` pairs."""
    for position, value in enumerate(values):
        if value is None and not marks:
            continue
        cell = columns[position].pick(value, marks.get(position) if marks else None)
        if cell is not None:
            yield position + 1, cell
