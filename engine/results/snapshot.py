"""An xlsx copy of sheets read elsewhere (a Google Sheet), so a push from one still leaves a result workbook.

Every data sheet keeps its title, its cells at the same rows and columns, its header row and the
sheet-scoped names ozwb's reader looks for (column keys, the WB subject), so the copy reads back as
the same tables and a seller can validate and push it again. Formatting and dropdowns are not copied;
:func:`engine.results.write_results` rebuilds the dropdowns on the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName

from engine.results.cells import put_value
from engine.workbook.layout import SUBJECT_NAME_PREFIX
from engine.workbook.reader import KEY_PATTERN, SheetTable


def write_tables_workbook(path: Path, tables: list[SheetTable]) -> None:
    """``tables`` (as read) into a new xlsx at ``path``."""
    book: Any = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title)
        quoted = quote_sheetname(table.title)
        for key, column in table.columns.items():
            header = table.headers.get(key)
            if header:
                put_value(sheet.cell(row=table.header_row, column=column), header)
            if KEY_PATTERN.match(key):
                ref = f"{quoted}!${get_column_letter(column)}${table.header_row}"
                sheet.defined_names[key] = DefinedName(key, attr_text=ref)
        if table.subject_id is not None:
            marker = f"{SUBJECT_NAME_PREFIX}{table.subject_id}"
            sheet.defined_names[marker] = DefinedName(marker, attr_text=f"{quoted}!$A$1")
        spots = [(table.columns[key], at) for key, at in table.positions.items()]
        for row in table.rows:
            for column, at in spots:
                if row.values[at] is not None:
                    put_value(sheet.cell(row=row.row, column=column), row.values[at])
    if not tables:
        book.create_sheet("Лист1")
    book.save(path)
