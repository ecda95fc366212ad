"""Is this one of our workbooks, and does every data sheet still have the columns a row cannot do without?

The reader silently skips a sheet without a vendor-code column; here such a sheet is noticed
(its other column keys, its subject marker or its headers give it away), so no seller row is
dropped without a word.
"""

from __future__ import annotations

import io
from pathlib import Path

import python_calamine

from engine.issues import IssueCode
from engine.validation.container import reject
from engine.validation.context import STATIC_COLUMNS, norm
from engine.workbook.columns import STATIC_KEYS
from engine.workbook.layout import RESERVED_TITLES, SUBJECT_NAME_PREFIX, UNASSIGNED_TITLE
from engine.workbook.names import SheetNames, read_sheet_names
from engine.workbook.reader import KEY_PATTERN, WorkbookContent

REQUIRED_FIELDS = ("vendorCode", "title", "subject")  # without these no row of the sheet can become a card
_SCAN_ROWS = 12
_KNOWN_HEADERS = {norm(c.header) for c in STATIC_COLUMNS.values()}
_HEADER_HITS = 3  # this many of our headers in one row make a sheet ours


def check_structure(source: str | Path | io.BytesIO, content: WorkbookContent) -> None:
    """Raise the one file problem that stops validation, if any."""
    found = {t.title for t in content.tables}
    names = read_sheet_names(source)
    lost = [s.title for s in names if s.title not in found and _ours_by_names(s)]
    if not lost:
        lost = _ours_by_cells(source, [s.title for s in names if s.title not in found and _may_be_data(s.title)])
    if lost:
        raise reject(IssueCode.MISSING_COLUMN, f"На листе «{lost[0]}» нет столбца «Артикул продавца» — без него "
                                               "строки не связать с карточками. Верните столбец (скопируйте его из "
                                               "новой выгрузки ozwb) и загрузите таблицу снова.")
    check_content(content)


def check_content(content: WorkbookContent) -> None:
    """The file problems the tables as read show by themselves (any source: xlsx, Google Sheet)."""
    if not content.tables:
        raise reject(IssueCode.NO_KNOWN_SHEET, "В файле нет ни одного листа с товарами ozwb. Загрузите таблицу, "
                                               "которую выгрузил ozwb (команда «ozwb export»), не меняя заголовков.")
    for table in content.tables:
        for field in REQUIRED_FIELDS:
            if STATIC_KEYS[field] not in table.columns:
                header = STATIC_COLUMNS[STATIC_KEYS[field]].header
                raise reject(IssueCode.MISSING_COLUMN, f"На листе «{table.title}» нет столбца «{header}». Верните "
                                                       "столбец (скопируйте его из новой выгрузки ozwb) и загрузите "
                                                       "таблицу снова.")
    if not any(t.rows for t in content.tables):
        raise reject(IssueCode.EMPTY, "В таблице нет ни одной строки с товаром: заполните строки под заголовками "
                                      "(с 5-й строки) и загрузите таблицу снова.")


def _may_be_data(title: str) -> bool:
    return title == UNASSIGNED_TITLE or title not in RESERVED_TITLES


def _ours_by_names(sheet: SheetNames) -> bool:
    return any(c.name.startswith(SUBJECT_NAME_PREFIX) or KEY_PATTERN.match(c.name) for c in sheet.cells)


def _ours_by_cells(source: str | Path | io.BytesIO, titles: list[str]) -> list[str]:
    """Sheets whose top rows carry our column keys or several of our headers."""
    if not titles:
        return []
    if isinstance(source, io.BytesIO):
        source.seek(0)
    book = python_calamine.CalamineWorkbook.from_path(str(source)) if not isinstance(source, io.BytesIO) else \
        python_calamine.CalamineWorkbook.from_filelike(source)
    ours: list[str] = []
    try:
        for title in titles:
            sheet = book.get_sheet_by_name(title)
            for row in sheet.to_python(nrows=_SCAN_ROWS):
                texts = [c.strip() for c in row if isinstance(c, str)]
                keys = sum(1 for t in texts if KEY_PATTERN.match(t))
                headers = sum(1 for t in texts if norm(t) in _KNOWN_HEADERS)
                if keys or headers >= _HEADER_HITS:
                    ours.append(title)
                    break
    finally:
        book.close()
        if isinstance(source, io.BytesIO):
            source.seek(0)
    return ours
