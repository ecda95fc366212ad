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

from engine.workbook.sheet_xml import RawRowsWriter, column_letter, empty_text_xml, number_xml, text_xml
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
    """A write-only sheet fed with ``(column number, prepared cell)`` pairs instead of bare values.

    Rows are serialised by hand (:mod:`engine.workbook.sheet_xml`); like openpyxl's own write-only
    sheet, dimensions and panes must be set before the first row.
    """

    _raw: RawRowsWriter | None = None
    _row_count = 0

    def _get_writer(self) -> None:
        if self._raw is None:
            self._raw = RawRowsWriter(self)
            self._writer = self._raw
            self._raw.write_top()
            self._raw.begin_rows()

    def append(self, row: Iterable[tuple[int, Cell]]) -> None:
        self._get_writer()
        assert self._raw is not None
        self._row_count += 1
        number = str(self._row_count)
        parts = [self._row_start(number)]
        for col_idx, cell in row:
            parts.append(_cell_xml(column_letter(col_idx) + number, cell))
        parts.append("</row>")
        self._raw.add("".join(parts))

    def append_xml(self, cells: Iterable[str]) -> None:
        """One row of ready cell XML (:meth:`ColumnCells.xml`); the row number is the next one."""
        self._get_writer()
        assert self._raw is not None
        self._row_count += 1
        self._raw.add(f'<row r="{self._row_count}">{"".join(cells)}</row>')

    @property
    def next_row(self) -> int:
        return self._row_count + 1

    def _row_start(self, number: str) -> str:
        dims = self.row_dimensions
        if int(number) not in dims:
            return f'<row r="{number}">'
        extra = "".join(f' {k}="{v}"' for k, v in dict(dims[int(number)]).items())
        return f'<row r="{number}"{extra}>'

    def close(self) -> None:
        if self.closed:
            self._already_saved()
        self._get_writer()
        assert self._raw is not None
        self._raw.end_rows()
        self._raw.write_tail()
        self._raw.close()
        self._WriteOnlyWorksheet__saved = True


def _cell_xml(reference: str, cell: Cell) -> str:
    style_id = cell.style_id if cell.has_style else 0
    value = cell._value
    if cell.data_type == "s":
        if value is None or value == "":
            return empty_text_xml(reference, style_id)
        return text_xml(reference, style_id, value)
    if cell.data_type == "n":
        return number_xml(reference, style_id, value)
    raise TypeError(f"cell type {cell.data_type!r} is never written")  # formulas above all


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


def _style_id(sheet: Any, style: StyleArray) -> int:
    return int(sheet.parent._cell_styles.add(style)) if style is not None and any(style) else 0


class ColumnCells:
    """How one column's data cells are written: its letter and the style ids of each variant, looked up once."""

    __slots__ = ("doubtful_text", "letter", "missing_number", "missing_text", "number", "text")

    def __init__(self, sheet: Any, styles: CellStyles, position: int) -> None:
        self.letter = column_letter(position)
        self.text = _style_id(sheet, styles.text)
        self.number = _style_id(sheet, styles.number)
        self.missing_text = _style_id(sheet, styles.missing_text)
        self.missing_number = _style_id(sheet, styles.missing_number)
        self.doubtful_text = _style_id(sheet, styles.doubtful_text)

    def xml(self, value: CellValue, mark: Mark | None, number: str) -> str | None:
        """The cell XML of ``value`` in row ``number``, or None to leave the position empty."""
        reference = self.letter + number
        if value is None or value == "":
            if mark is None:
                return None
            if mark is Mark.MISSING:
                return number_xml(reference, self.missing_number, None)
            return empty_text_xml(reference, self.doubtful_text)
        if type(value) is int or (type(value) is float and math.isfinite(value)):
            return number_xml(reference, self.missing_number if mark is Mark.MISSING else self.number, value)
        return text_xml(reference, self._text_style(mark), clean_text(value if type(value) is str else str(value)))

    def _text_style(self, mark: Mark | None) -> int:
        if mark is None:
            return self.text
        return self.missing_text if mark is Mark.MISSING else self.doubtful_text


def row_xml(
    values: list[CellValue], marks: Mapping[int, Mark] | None, columns: list[ColumnCells], number: int
) -> Iterator[str]:
    """The non-empty cells of one data row as XML."""
    row = str(number)
    for position, value in enumerate(values):
        if value is None and not marks:
            continue
        found = columns[position].xml(value, marks.get(position) if marks else None, row)
        if found is not None:
            yield found
