"""What a seller does to a workbook in a spreadsheet program, done with openpyxl for the tests."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

_REF = re.compile(r"^(.*)!\$([A-Z]+)\$(\d+)$")


def columns_of(ws) -> dict[str, int]:
    """Column key -> column number, from the sheet's names."""
    found = {}
    for name, defined in ws.defined_names.items():
        match = _REF.match(defined.attr_text)
        if match:
            found[name] = openpyxl.utils.column_index_from_string(match.group(2))
    return found


def edit(src: Path, dst: Path, sheet: str, changes: Mapping[tuple[int, str], object]) -> None:
    """Set cells by (row, column key) as a seller would type them."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    cols = columns_of(ws)
    for (row, key), value in changes.items():
        cell = ws.cell(row, cols[key])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    wb.save(dst)


def rearrange(src: Path, dst: Path, sheet: str, *, order: list[int] | None = None, hide: tuple[int, ...] = (),
              extra: tuple[str, list[object]] | None = None, blank_rows: int = 0) -> None:
    """Put columns in ``order`` (old numbers, reversed by default), keep the names on their headers as
    Excel does, hide columns (new numbers), add a seller column and trailing blank-looking rows."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    width, height = ws.max_column, ws.max_row
    order = order or list(range(width, 0, -1))
    grid = {(c.row, c.column): (c.value, c.data_type) for row in ws.iter_rows() for c in row}
    for r in range(1, height + 1):
        for new, old in enumerate(order, 1):
            value, data_type = grid.get((r, old), (None, "n"))
            cell = ws.cell(r, new)
            cell.value = value
            if data_type == "s" and value is not None:
                cell.data_type = "s"
    for name, defined in list(ws.defined_names.items()):
        match = _REF.match(defined.attr_text)
        if match:
            old = openpyxl.utils.column_index_from_string(match.group(2))
            new_ref = f"{match.group(1)}!${get_column_letter(order.index(old) + 1)}${match.group(3)}"
            ws.defined_names[name] = DefinedName(name, attr_text=new_ref)
    for column in hide:
        ws.column_dimensions[get_column_letter(column)].hidden = True
    if extra is not None:
        header, values = extra
        ws.cell(3, width + 1).value = header
        for offset, value in enumerate(values):
            ws.cell(5 + offset, width + 1).value = value
    for r in range(height + 1, height + 1 + blank_rows):
        ws.cell(r, 2).value = "   "
        ws.cell(r, 5).value = ""
    wb.save(dst)


def strip_names(src: Path, dst: Path, *, key_row_too: bool = False) -> None:
    """Drop every defined name (as some tools do on import) and, optionally, the hidden key row's text."""
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        for name in list(ws.defined_names):
            del ws.defined_names[name]
        if key_row_too:
            for cell in ws[2]:
                if cell.value is not None and type(cell).__name__ != "MergedCell":
                    cell.value = None
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.save(dst)
