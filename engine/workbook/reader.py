"""Reading a workbook we wrote (and a seller edited) back into plain typed rows.

Columns are found by their sheet-scoped defined names, else by the hidden key row, else
by header text; so moved, hidden or re-ordered columns still read right. Values come from
python-calamine (cached values, fast); nothing here validates them, that is the validator's job.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

import python_calamine

from engine.drafts import Directories, SubjectSpec
from engine.workbook.columns import HEAD_COLUMNS, TAIL_COLUMNS
from engine.workbook.errors import UnreadableWorkbookError
from engine.workbook.layout import SUBJECT_NAME_PREFIX, subject_columns
from engine.workbook.names import SheetNames, read_sheet_names

ReadValue = str | int | float | None
KEY_PATTERN = re.compile(r"^(?:static|characteristic)_[A-Za-z0-9_]+_[0-9]$")
EXTRA_PREFIX = "extra:"  # key of a column that is not ours (the seller added it); "extra:<header>"
_SCAN_ROWS = 12  # how far down a header is looked for when names are gone


@dataclass(slots=True)
class SheetTable:
    """One data sheet: where each column is, and its rows."""

    title: str
    subject_id: int | None  # from the sheet's ``ozwb_subject_<id>`` name; 0 = the no-subject sheet
    header_row: int  # 1-based
    columns: dict[str, int]  # column key -> 1-based sheet column
    found_by: str  # "names" | "keys" | "headers"
    rows: list[ReadRow] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)  # column key -> index into ReadRow.values
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header text as the sheet shows it

    def coordinate(self, key: str, row: int) -> str:
        return f"{_letters(self.columns[key])}{row}"


@dataclass(slots=True)
class ReadRow:
    """One non-empty data row: values aligned with its table's ``positions``, and its sheet row number."""

    table: SheetTable
    row: int
    values: tuple[ReadValue, ...]

    @property
    def sheet(self) -> str:
        return self.table.title

    def get(self, key: str) -> ReadValue:
        position = self.table.positions.get(key)
        return self.values[position] if position is not None else None

    def coordinate(self, key: str) -> str:
        """The cell of ``key`` in this row, e.g. ``"D7"``, for pointing a message at it."""
        return self.table.coordinate(key, self.row)

    def as_dict(self) -> dict[str, ReadValue]:
        return {key: self.values[pos] for key, pos in self.table.positions.items()}


@dataclass(slots=True)
class WorkbookContent:
    tables: list[SheetTable]

    def rows(self) -> Iterator[ReadRow]:
        for table in self.tables:
            yield from table.rows


def read_workbook(
    source: str | Path | IO[bytes],
    *,
    subjects: Mapping[int, SubjectSpec] | None = None,
    directories: Directories | None = None,
) -> WorkbookContent:
    """Every data sheet of the workbook (a sheet with a vendor-code column) and its non-empty rows.

    ``subjects``/``directories`` are only needed when the defined names and the key row are both gone
    and characteristic columns must be recognised by their header text.
    """
    data: str | io.BytesIO = str(source) if isinstance(source, str | Path) else io.BytesIO(source.read())
    sheet_names = read_sheet_names(data)
    if isinstance(data, io.BytesIO):
        data.seek(0)
    try:
        book = python_calamine.CalamineWorkbook.from_path(data) if isinstance(data, str) else \
            python_calamine.CalamineWorkbook.from_filelike(data)
    except python_calamine.CalamineError as exc:
        raise UnreadableWorkbookError(f"cannot read the workbook: {exc}") from exc
    tables: list[SheetTable] = []
    try:
        for names in sheet_names:
            table = _read_sheet(book, names, subjects or {}, directories or Directories())
            if table is not None:
                tables.append(table)
    finally:
        book.close()
    return WorkbookContent(tables)


def _read_sheet(
    book: python_calamine.CalamineWorkbook, names: SheetNames, subjects: Mapping[int, SubjectSpec],
    directories: Directories,
) -> SheetTable | None:
    sheet = book.get_sheet_by_name(names.title)
    if sheet.start is None:
        return None
    col_offset = sheet.start[1]  # iter_rows numbers rows from 1 but starts columns at the used area
    return table_from_rows(names, (_padded(r, col_offset) for r in sheet.iter_rows()), subjects, directories)


def table_from_rows(
    names: SheetNames, rows: Iterator[list[object]], subjects: Mapping[int, SubjectSpec], directories: Directories
) -> SheetTable | None:
    """One sheet's table from its rows (row 1 first, column A first), or None if it is not a data sheet.

    Shared by every source of rows (xlsx, Google Sheets); ``names`` carries what the source knows of
    the sheet's defined names (none for Google Sheets but the subject marker).
    """
    subject_id = _subject_id(names)
    head: list[list[object]] = []
    for row in rows:
        head.append(row)
        if len(head) >= _SCAN_ROWS:
            break
    located = _locate(names, head, _subject_of(names.title, subject_id, subjects), directories)
    if located is None:
        return None
    columns, header_row, found_by = located
    _add_extras(columns, head, header_row)
    table = SheetTable(names.title, subject_id, header_row, columns, found_by)
    keys = list(columns)
    table.positions = {k: i for i, k in enumerate(keys)}
    header_cells = head[header_row - 1] if header_row <= len(head) else []
    table.headers = {k: str(header_cells[c - 1]).strip() for k, c in columns.items() if c <= len(header_cells)}
    first_data = header_row + 2  # the hint row sits between the header and the data
    numbers, by_column = _data_columns(head, rows, first_data, [columns[k] - 1 for k in keys])
    if not numbers:
        return table
    # Typed a column at a time, once per distinct cell: most columns repeat a handful of values.
    typed = [_typed_column(column, key.endswith("_4")) for key, column in zip(keys, by_column, strict=True)]
    empty = (None,) * len(keys)
    by_row = zip(*typed, strict=True)
    table.rows = [ReadRow(table, number, values) for number, values in zip(numbers, by_row, strict=True)
                  if values != empty]
    return table


def _data_columns(head: list[list[object]], rest: Iterator[list[object]], first_data: int,
                  spots: list[int]) -> tuple[range, list[tuple[object, ...]]]:
    """The sheet row numbers from ``first_data`` on and the cells of each column at ``spots`` (short rows
    padded), as one tuple per column."""
    data = head[first_data - 1:]
    data.extend(islice(rest, max(first_data - 1 - len(head), 0), None))  # a short head: skip up to the data
    numbers = range(first_data, first_data + len(data))
    if not data:
        return numbers, []
    width = max(spots) + 1
    if min(map(len, data)) >= width:  # calamine's rows all span the used area: transposed in C
        every = list(zip(*data, strict=False))  # rows longer than the last spot: their tails are not needed
        return numbers, [every[spot] for spot in spots]
    padded = [row if len(row) >= width else row + [""] * (width - len(row)) for row in data]
    return numbers, [tuple(row[spot] for row in padded) for spot in spots]


def _typed_column(cells: tuple[object, ...], numeric: bool) -> list[ReadValue]:
    """:func:`_value` of every cell of one column, computed once per distinct cell."""
    try:
        distinct = set(cells)
    except TypeError:  # an unhashable cell from some other source of rows
        return [_value(cell, numeric) for cell in cells]
    if True in distinct or False in distinct:  # True == 1 == 1.0: a bool and a number would share one answer
        kinds = set(map(type, cells))
        if bool in kinds and (int in kinds or float in kinds):
            return [_value(cell, numeric) for cell in cells]
    # _value's answer for the usual cells (calamine's text and numbers) inline, without a call per cell
    if numeric:
        typed = {cell: (int(cell) if cell.is_integer() and abs(cell) < 2**63 else cell) if type(cell) is float
                 else _value(cell, True) for cell in distinct}
    else:
        typed = {cell: (cell.strip() or None) if type(cell) is str else _value(cell, False) for cell in distinct}
    return list(map(typed.__getitem__, cells))


def _padded(row: Sequence[object], offset: int) -> list[object]:
    if offset:
        return [""] * offset + list(row)
    return row if isinstance(row, list) else list(row)


def _subject_of(title: str, subject_id: int | None, subjects: Mapping[int, SubjectSpec]) -> SubjectSpec | None:
    """The sheet's subject spec: by its marker name, else by a title equal to the subject's name."""
    if subject_id is not None:
        return subjects.get(subject_id)
    return next((s for s in subjects.values() if _norm(s.name) == _norm(title)), None)


def _subject_id(names: SheetNames) -> int | None:
    for cell in names.cells:
        tail = cell.name[len(SUBJECT_NAME_PREFIX):]
        if cell.name.startswith(SUBJECT_NAME_PREFIX) and tail.isdigit():
            return int(tail)
    return None


def _locate(
    names: SheetNames, head: Sequence[list[object]], subject: SubjectSpec | None, directories: Directories
) -> tuple[dict[str, int], int, str] | None:
    """Column key -> 1-based column, the header row, and how they were found; None if not a data sheet."""
    named = [c for c in names.cells if KEY_PATTERN.match(c.name)]
    if any(c.name == "static_vendorCode_0" for c in named):
        header_row = next(c.row for c in named if c.name == "static_vendorCode_0")
        return {c.name: c.column for c in named if c.row == header_row}, header_row, "names"
    for index, row in enumerate(head):
        keys = {str(v).strip(): c for c, v in enumerate(row, 1) if isinstance(v, str) and KEY_PATTERN.match(v.strip())}
        if "static_vendorCode_0" in keys:
            return keys, index + 2, "keys"
    by_header = {_norm(c.header): c.key for c in (*HEAD_COLUMNS, *TAIL_COLUMNS)}
    if subject is not None:
        by_header.update({_norm(c.header): c.key for c in subject_columns(subject, directories)})
    for index, row in enumerate(head):
        found = {by_header[_norm(v)]: c for c, v in enumerate(row, 1) if isinstance(v, str) and _norm(v) in by_header}
        if "static_vendorCode_0" in found:
            return found, index + 1, "headers"
    return None


def _add_extras(columns: dict[str, int], head: Sequence[list[object]], header_row: int) -> None:
    """Columns the seller added: kept under ``extra:<header>`` so nothing typed is silently lost."""
    if header_row > len(head):
        return
    taken = set(columns.values())
    for column, value in enumerate(head[header_row - 1], 1):
        if column not in taken and value not in ("", None):
            columns.setdefault(f"{EXTRA_PREFIX}{str(value).strip()}", column)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _value(raw: object, numeric: bool) -> ReadValue:
    """A cell as the column's type expects it; what cannot be converted is left as text for the validator."""
    if type(raw) is float:  # calamine's numbers: the same answer as the general path below, sooner
        number: int | float = int(raw) if raw.is_integer() and abs(raw) < 2**63 else raw
        return number if numeric else str(number)
    if type(raw) is str:
        return _text_value(raw.strip(), numeric)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return int(raw) if numeric else ("Да" if raw else "Нет")
    if isinstance(raw, float | int):
        number = int(raw) if float(raw).is_integer() and abs(raw) < 2**63 else raw
        return number if numeric else str(number)
    if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
        return raw.isoformat() if not isinstance(raw, dt.timedelta) else str(raw)
    return _text_value(str(raw).strip(), numeric)


def _text_value(text: str, numeric: bool) -> ReadValue:
    if not text:
        return None
    if numeric:
        parsed = _parse_number(text)
        return parsed if parsed is not None else text
    return text


def _parse_number(text: str) -> int | float | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
