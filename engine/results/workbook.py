"""Writing a push's results into the seller's own workbook, and the "to fix" workbook.

The seller's file is loaded with openpyxl and only result cells are written, so their formatting,
extra columns and notes stay. openpyxl drops the dropdowns Excel saves in its x14 extension
(spreadsheet-tech.md §1.7), so every data sheet's validations are rebuilt from our layout — at the
columns where the seller has them now — with a fresh hidden ``_lists`` sheet.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from engine.drafts import Directories, SubjectSpec
from engine.push.outcome import RowResult
from engine.results.cells import keeps_earlier_result, put_value, result_values
from engine.results.summary import SUMMARY_SHEET, ResultsSummary, needs_fixing, summarise, write_summary_sheet
from engine.workbook.columns import STATIC_KEYS
from engine.workbook.layout import LISTS_TITLE, subject_columns
from engine.workbook.lookups import LookupLists
from engine.workbook.reader import SheetTable, read_workbook
from engine.workbook.sheets import SPARE_ROWS, column_validations


def _load(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported": rebuilt below
        return openpyxl.load_workbook(path)


def write_results(source: Path, out: Path, results: Iterable[RowResult], *, specs: Mapping[int, SubjectSpec],
                  directories: Directories, info: Mapping[str, str] | None = None) -> ResultsSummary:
    """``source`` with every row's result in its result columns, a summary sheet, dropdowns rebuilt."""
    results = list(results)
    tables = {t.title: t for t in read_workbook(source).tables}
    book = _load(source)
    for result in results:
        table = tables.get(result.sheet)
        if table is None or keeps_earlier_result(result):
            continue
        sheet = book[result.sheet]
        for field_name, value in result_values(result).items():
            column = table.columns.get(STATIC_KEYS[field_name])
            if column is not None:
                put_value(sheet.cell(row=result.row, column=column), value)
    summary = summarise(results)
    write_summary_sheet(book, summary, dict(info or {}))
    reapply_validations(book, list(tables.values()), specs, directories)
    book.save(out)
    return summary


def write_to_fix(results_path: Path, out: Path, results: Iterable[RowResult], *,
                 specs: Mapping[int, SubjectSpec], directories: Directories) -> int:
    """Only the rows that need the seller again, in the same layout; returns how many (0: no file written)."""
    keep = {(r.sheet, r.row) for r in results if needs_fixing(r)}
    if not keep:
        return 0
    tables = read_workbook(results_path).tables
    book = _load(results_path)
    if SUMMARY_SHEET in book.sheetnames:
        del book[SUMMARY_SHEET]
    kept_tables: list[SheetTable] = []
    for table in tables:
        sheet = book[table.title]
        first = table.header_row + 2
        rows = [r for r in range(first, sheet.max_row + 1) if (table.title, r) in keep]
        if not rows and len(tables) > 1:
            del book[table.title]
            continue
        kept_tables.append(table)
        _keep_only(sheet, first, rows)
    reapply_validations(book, kept_tables, specs, directories)
    book.save(out)
    return len(keep)


def _keep_only(sheet: Any, first: int, rows: list[int]) -> None:
    width = sheet.max_column
    kept = [[(c.value, c.data_type) for c in sheet[r][:width]] for r in rows]
    if sheet.max_row >= first:
        sheet.delete_rows(first, sheet.max_row - first + 1)
    for offset, cells in enumerate(kept):
        for column, (value, data_type) in enumerate(cells, 1):
            if value is None:
                continue
            cell = sheet.cell(row=first + offset, column=column)
            cell.value = value
            if data_type == "s":
                cell.data_type = "s"  # text that looks like a formula stays text


def reapply_validations(book: Any, tables: list[SheetTable], specs: Mapping[int, SubjectSpec],
                        directories: Directories) -> None:
    """Our dropdowns and number rules on every data sheet, where its columns are now; a fresh ``_lists``."""
    lists = LookupLists()
    by_name = {s.name.casefold(): s for s in specs.values()}
    for table in tables:
        sheet = book[table.title]
        sheet.data_validations.dataValidation = []
        spec = specs.get(table.subject_id) if table.subject_id else \
            (by_name.get(table.title.casefold()) if table.subject_id is None else None)
        columns = {c.key: c for c in subject_columns(spec, directories)}
        first = table.header_row + 2
        last = max(sheet.max_row, first) + SPARE_ROWS
        for key, number in table.columns.items():
            column = columns.get(key)
            if column is None:
                continue
            letter = get_column_letter(number)
            for dv in column_validations((column,), lists, last):
                dv.sqref = MultiCellRange(f"{letter}{first}:{letter}{last}")
                sheet.data_validations.append(dv)
    if LISTS_TITLE in book.sheetnames:
        del book[LISTS_TITLE]
    if len(lists):
        holder = book.create_sheet(LISTS_TITLE)
        for position, (title, values) in enumerate(lists.columns(), 1):
            put_value(holder.cell(row=1, column=position), title)
            for offset, value in enumerate(values, 2):
                put_value(holder.cell(row=offset, column=position), value)
        holder.sheet_state = "veryHidden"
