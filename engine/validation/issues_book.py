"""The issues workbook: every row with a problem, its problems in words and the seller's own values beside them.

One sheet per data sheet that has problems, with the same column headers, so a seller can find and
fix each row. Every text cell is written as text (never a formula): the values are the seller's,
and a product named ``=HYPERLINK(...)`` must stay a name here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from engine.issues import RowIssue
from engine.russian import plural
from engine.validation.model import ValidationReport
from engine.workbook.layout import SHEET_TITLE_LIMIT, sheet_title
from engine.workbook.reader import SheetTable
from engine.workbook.stream import add_stream_sheet, any_cell, number_cell, text_cell
from engine.workbook.styles import Palette

SUMMARY_TITLE = "Итог проверки"
ROW_HEADER = "Строка"
PROBLEMS_HEADER = "Проблемы"


def write_issues_workbook(target: str | Path | IO[bytes], report: ValidationReport) -> None:
    """The rows with problems (or the file's one problem) as an xlsx a seller can work through."""
    workbook: Any = Workbook(write_only=True)
    workbook.properties.creator = "ozwb"
    palette = Palette(workbook)
    _write_summary(workbook, palette, report)
    by_sheet: dict[str, list[RowIssue]] = defaultdict(list)
    for issue in report.issues:
        by_sheet[issue.sheet].append(issue)
    taken = {SUMMARY_TITLE}
    for table in report.tables:
        if table.title in by_sheet:
            _write_sheet(workbook, palette, table, by_sheet[table.title], taken)
    workbook.save(target)


def _write_summary(workbook: Any, palette: Palette, report: ValidationReport) -> None:
    sheet = add_stream_sheet(workbook, SUMMARY_TITLE)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90
    sheet.append([(1, text_cell(sheet, "Проверка таблицы ozwb", palette.title))])
    if report.file_problem is not None:
        sheet.append([(1, text_cell(sheet, "Файл не проверен", palette.bold)),
                      (2, text_cell(sheet, report.file_problem.message, palette.wrapped_text))])
        return
    counts = report.counts()
    lines: list[tuple[str, object]] = [
        ("Строк с товарами", counts["rows"]),
        ("Строк без проблем", counts["clean_rows"]),
        ("Строк с проблемами", counts["rows_with_issues"]),
        ("Карточек готово к переносу", f"{counts['ready_cards']} из {counts['cards']}"),
        ("Всего проблем", counts["issues"]),
    ]
    for label, value in lines:
        cell = number_cell(sheet, value) if isinstance(value, int) else text_cell(sheet, str(value), palette.bold)
        sheet.append([(1, text_cell(sheet, label, palette.plain_text)), (2, cell)])
    if not report.issues:
        sheet.append([(1, text_cell(sheet, "Проблем не найдено — таблицу можно переносить на WB.", palette.bold))])
        return
    sheet.append([(1, text_cell(sheet, "Строки с проблемами — на листах ниже, по листам исходной таблицы:",
                                palette.plain_text))])
    for title, number in _rows_per_sheet(report.issues):
        sheet.append([(1, text_cell(sheet, title, palette.plain_text)),
                      (2, text_cell(sheet, plural(number, "строка", "строки", "строк"), palette.plain_text))])


def _rows_per_sheet(issues: Sequence[RowIssue]) -> list[tuple[str, int]]:
    rows: dict[str, set[int]] = defaultdict(set)
    for issue in issues:
        rows[issue.sheet].add(issue.row)
    return [(title, len(numbers)) for title, numbers in rows.items()]


def _write_sheet(workbook: Any, palette: Palette, table: SheetTable, issues: list[RowIssue], taken: set[str]) -> None:
    sheet = add_stream_sheet(workbook, sheet_title(table.title, taken)[:SHEET_TITLE_LIMIT])
    ordered = sorted(table.columns.items(), key=lambda item: item[1])
    keys = [key for key, _ in ordered]
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 70
    for position in range(3, len(keys) + 3):
        sheet.column_dimensions[get_column_letter(position)].width = 18
    headers = [ROW_HEADER, PROBLEMS_HEADER, *(table.headers.get(k) or k for k in keys)]
    sheet.append([(p, text_cell(sheet, h, palette.bold)) for p, h in enumerate(headers, 1)])
    by_row: dict[int, list[RowIssue]] = defaultdict(list)
    for issue in issues:
        by_row[issue.row].append(issue)
    read = {r.row: r for r in table.rows}
    for number in sorted(by_row):
        problems = "\n".join(f"{i.column}: {i.message}" if i.column not in i.message else i.message
                             for i in by_row[number])
        cells = [(1, number_cell(sheet, number)), (2, text_cell(sheet, problems, palette.wrapped_text))]
        row = read.get(number)
        if row is not None:
            for position, key in enumerate(keys, 3):
                cell = any_cell(sheet, row.get(key), palette.plain_text)
                if cell is not None:
                    cells.append((position, cell))
        sheet.append(cells)
