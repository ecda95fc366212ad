"""The workbook's cell styles, registered once per workbook as openpyxl style arrays.

Streaming (write-only) sheets take a style per cell; building each style once and sharing
the array keeps the per-cell cost at an attribute assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill

from engine.workbook.columns import Column, ColumnKind

# Colours a seller sees; the instructions sheet explains each of them.
GROUP_FILL = "5B2C83"
EDITABLE_FILL = "E4DFEC"
REQUIRED_FILL = "F8CBAD"
CREATE_FILL = "C00000"
SOURCE_HEADER_FILL = "D9D9D9"
SOURCE_FILL = "F2F2F2"
RESULT_FILL = "E2EFDA"
MISSING_FILL = "FFC7CE"
DOUBTFUL_FILL = "FFEB9C"

StyleArray = Any  # openpyxl's array of style ids; opaque here


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def make_style(
    workbook: Any,
    *,
    font: Font | None = None,
    fill: str = "",
    alignment: Alignment | None = None,
    number_format: str = "",
    quote: bool = False,
) -> StyleArray:
    """Register the parts with ``workbook`` and return the resulting style array (None: no style)."""
    probe = Cell(SimpleNamespace(parent=workbook))
    if font is not None:
        probe.font = font
    if fill:
        probe.fill = _fill(fill)
    if alignment is not None:
        probe.alignment = alignment
    if number_format:
        probe.number_format = number_format
    if quote:
        # quotePrefix keeps a re-edited cell text in Excel (barcodes, "=..." product names)
        probe.quotePrefix = True
    return probe._style if probe.has_style else None


WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


@dataclass(frozen=True, slots=True)
class CellStyles:
    """The style arrays of one column's data cells."""

    text: StyleArray
    number: StyleArray
    missing_text: StyleArray
    missing_number: StyleArray
    doubtful_text: StyleArray


class Palette:
    """Every style the workbook uses, built once per workbook."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        wb = workbook
        self.group = make_style(wb, font=Font(bold=True, color="FFFFFF"), fill=GROUP_FILL,
                                alignment=Alignment(vertical="center"), quote=True)
        self.key = make_style(wb, font=Font(size=8, color="808080"), quote=True)
        self.hint = make_style(wb, font=Font(italic=True, size=9, color="595959"), alignment=WRAP_TOP, quote=True)
        self.plain_text = make_style(wb, quote=True)
        self.wrapped_text = make_style(wb, alignment=WRAP_TOP, quote=True)
        self.title = make_style(wb, font=Font(bold=True, size=14), quote=True)
        self.bold = make_style(wb, font=Font(bold=True), quote=True)
        self.header_plain = make_style(wb, font=Font(bold=True), fill=EDITABLE_FILL, alignment=WRAP_CENTER, quote=True)
        self.legend = {
            rgb: make_style(wb, fill=rgb, alignment=WRAP_TOP, quote=True,
                            font=Font(bold=True, color="FFFFFF") if rgb in (CREATE_FILL, GROUP_FILL) else None)
            for rgb in (EDITABLE_FILL, REQUIRED_FILL, CREATE_FILL, SOURCE_HEADER_FILL, RESULT_FILL, MISSING_FILL,
                        DOUBTFUL_FILL)
        }
        self._headers: dict[tuple[str, bool], StyleArray] = {}
        self._cells: dict[tuple[ColumnKind, str], CellStyles] = {}

    def header(self, column: Column) -> StyleArray:
        rgb, white = header_colour(column)
        found = self._headers.get((rgb, white))
        if found is None:
            font = Font(bold=True, color="FFFFFF" if white else None, italic=column.kind is ColumnKind.SOURCE)
            found = make_style(self._workbook, font=font, fill=rgb, alignment=WRAP_CENTER, quote=True)
            self._headers[(rgb, white)] = found
        return found

    def cells(self, column: Column) -> CellStyles:
        cache_key = (column.kind, column.number_format)
        found = self._cells.get(cache_key)
        if found is None:
            found = self._build_cells(column)
            self._cells[cache_key] = found
        return found

    def _build_cells(self, column: Column) -> CellStyles:
        wb = self._workbook
        fill = data_fill(column)
        fmt = column.number_format
        return CellStyles(
            text=make_style(wb, fill=fill, quote=True),
            number=make_style(wb, fill=fill, number_format=fmt),
            missing_text=make_style(wb, fill=MISSING_FILL, quote=True),
            missing_number=make_style(wb, fill=MISSING_FILL, number_format=fmt),
            doubtful_text=make_style(wb, fill=DOUBTFUL_FILL, quote=True),
        )


def header_colour(column: Column) -> tuple[str, bool]:
    """The header cell's fill of ``column`` and whether its text is white (on the dark "required to create")."""
    if column.kind is ColumnKind.SOURCE:
        return SOURCE_HEADER_FILL, False
    if column.kind is ColumnKind.RESULT:
        return RESULT_FILL, False
    if column.required_for_create:
        return CREATE_FILL, True
    if column.required:
        return REQUIRED_FILL, False
    return EDITABLE_FILL, False


def data_fill(column: Column) -> str:
    """The fill of ``column``'s unmarked data cells ("" = none): Ozon's reference data is greyed."""
    return SOURCE_FILL if column.kind is ColumnKind.SOURCE else ""
