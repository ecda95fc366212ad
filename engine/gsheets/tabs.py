"""Each sheet of the export as a Google Sheets tab: its grid size, values and structural requests.

Built from the xlsx writer's own plan (``plan_sheets``), layout, header texts, validations, guide rows
and lookup lists, so the Google Sheet and the workbook cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.gsheets.address import grid_range
from engine.gsheets.formats import (
    GROUP_FORMAT,
    HINT_FORMAT,
    KEY_FORMAT,
    MARK_FILLS,
    TEXT_FORMAT,
    Format,
    data_number_format,
    fill,
    header_format,
    height_pixels,
    role_format,
    text_format,
)
from engine.gsheets.structure import (
    Request,
    add_sheet,
    column_widths,
    format_cells,
    hide_row,
    merge,
    protect,
    row_height,
    subject_marker,
    validation,
)
from engine.workbook.guide import GuideCell
from engine.workbook.layout import LISTS_TITLE
from engine.workbook.lookups import LookupLists
from engine.workbook.sheets import (
    FIRST_DATA_ROW,
    FROZEN_COLUMNS,
    GROUP_ROW,
    HEADER_HEIGHT,
    HEADER_ROW,
    HINT_HEIGHT,
    HINT_ROW,
    KEY_ROW,
    SPARE_ROWS,
    SheetStats,
    StatsCounter,
    column_hint,
    column_validations,
    group_spans,
)
from engine.workbook.stream import CellValue, Mark, as_number, clean_text
from engine.workbook.styles import data_fill
from engine.workbook.writer import SheetPlan

LISTS_WIDTH = 24
Value = str | int | float | None


@dataclass(slots=True)
class ValueBlock:
    """Values to write from row ``first_row`` (1-based), column A; ``by_columns``: each inner list is a column."""

    first_row: int
    rows: list[list[Value]]
    by_columns: bool = False


@dataclass(slots=True)
class Tab:
    """One sheet to create: ``add`` creates it, ``requests`` shape it, ``values`` fill it."""

    title: str
    sheet_id: int
    rows: int
    columns: int
    add: Request
    requests: list[Request] = field(default_factory=list)
    values: list[ValueBlock] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def cell_value(value: CellValue) -> Value:
    """A value as the API takes it under RAW: numbers stay numbers, text is cleaned as in the xlsx."""
    number = as_number(value)
    if number is not None:
        return number
    if value is None or value == "":
        return None  # null: the API skips the cell
    return clean_text(value if type(value) is str else str(value))


def trimmed(values: Iterable[Value]) -> list[Value]:
    row = list(values)
    while row and row[-1] is None:
        row.pop()
    return row


def data_tab(plan: SheetPlan, sheet_id: int, index: int, lists: LookupLists) -> tuple[Tab, SheetStats]:
    """A data sheet: the WB-like header block, one row per size, rules reaching ``SPARE_ROWS`` past the data."""
    layout = plan.layout
    columns = layout.columns
    counter = StatsCounter(layout)
    rows: list[list[Value]] = []
    marked: list[tuple[int, int, Mark]] = []  # (column position, data row index, mark)
    for row in plan.rows:
        counter.add(row)
        if row.marks:
            marked.extend((pos, len(rows), mark) for pos, mark in row.marks.items())
        rows.append(trimmed(cell_value(v) for v in row.values))
    stats = counter.done()
    last_row = FIRST_DATA_ROW + len(rows) + SPARE_ROWS - 1
    width = len(columns)
    tab = Tab(layout.title, sheet_id, last_row, width,
              add_sheet(sheet_id, layout.title, index, last_row, width, frozen_rows=HINT_ROW,
                        frozen_columns=FROZEN_COLUMNS))
    spans = group_spans(columns)
    starts = {first: group for first, _last, group in spans}
    header: list[list[Value]] = [
        [starts.get(p) for p in range(1, width + 1)],
        [c.key for c in columns],
        [c.header for c in columns],
        trimmed(column_hint(c) or None for c in columns),
    ]
    tab.values = [ValueBlock(GROUP_ROW, header)] + ([ValueBlock(FIRST_DATA_ROW, rows)] if rows else [])
    req = tab.requests
    req.extend(column_widths(sheet_id, [c.width for c in columns]))
    req.extend((hide_row(sheet_id, KEY_ROW), row_height(sheet_id, HEADER_ROW, height_pixels(HEADER_HEIGHT)),
                row_height(sheet_id, HINT_ROW, height_pixels(HINT_HEIGHT))))
    req.append(format_cells(grid_range(sheet_id, GROUP_ROW, GROUP_ROW, 1, width), GROUP_FORMAT))
    req.extend(merge(grid_range(sheet_id, GROUP_ROW, GROUP_ROW, first, last)) for first, last in _merges(spans))
    req.append(format_cells(grid_range(sheet_id, KEY_ROW, KEY_ROW, 1, width), KEY_FORMAT))
    req.append(format_cells(grid_range(sheet_id, HINT_ROW, HINT_ROW, 1, width), HINT_FORMAT))
    for first, last, cell_format in _format_runs([header_format(c) for c in columns]):
        req.append(format_cells(grid_range(sheet_id, HEADER_ROW, HEADER_ROW, first, last), cell_format))
    for first, last, cell_format in _format_runs([data_number_format(c) for c in columns]):
        req.append(format_cells(grid_range(sheet_id, FIRST_DATA_ROW, last_row, first, last), cell_format))
    if rows:
        source = [fill(data_fill(c)) for c in columns]
        for first, last, cell_format in _format_runs(source):
            req.append(format_cells(grid_range(sheet_id, FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows) - 1, first,
                                               last), cell_format))
    req.extend(_mark_requests(sheet_id, marked))
    req.extend(validation(sheet_id, dv) for dv in column_validations(columns, lists, last_row))
    req.append(protect(grid_range(sheet_id, GROUP_ROW, HINT_ROW, 1, width),
                       "Заголовки и скрытые ключи столбцов: по ним ozwb находит столбцы"))
    if layout.subject_id >= 0:
        req.append(subject_marker(sheet_id, layout.subject_id))
    return tab, stats


def guide_tab(title: str, rows: list[list[GuideCell]], widths: Sequence[float], sheet_id: int, index: int) -> Tab:
    """The instructions or the summary: text rows painted by their roles."""
    height = max(len(rows), 1)
    tab = Tab(title, sheet_id, height, len(widths), add_sheet(sheet_id, title, index, height, len(widths)))
    tab.values = [ValueBlock(1, [trimmed(cell_value(v) for v, _ in row) for row in rows])]
    tab.requests.extend(column_widths(sheet_id, widths))
    for number, row in enumerate(rows, 1):
        roles = [role_format(role) if isinstance(value, str) else {} for value, role in row]
        for first, last, cell_format in _format_runs(roles):
            tab.requests.append(format_cells(grid_range(sheet_id, number, number, first, last), cell_format))
    return tab


def lists_tab(lists: LookupLists, sheet_id: int, index: int) -> Tab:
    """The hidden, protected ``_lists`` sheet the dropdowns point at: a title row, then one list per column."""
    found = lists.columns()
    depth = 1 + max(len(values) for _title, values in found)
    tab = Tab(LISTS_TITLE, sheet_id, depth, len(found),
              add_sheet(sheet_id, LISTS_TITLE, index, depth, len(found), hidden=True))
    tab.values = [ValueBlock(1, [[clean_text(title), *(clean_text(v) for v in values)] for title, values in found],
                             by_columns=True)]
    tab.requests.extend(column_widths(sheet_id, [LISTS_WIDTH] * len(found)))
    tab.requests.append(format_cells(grid_range(sheet_id, 1, depth, 1, len(found)), TEXT_FORMAT))
    tab.requests.append(format_cells(grid_range(sheet_id, 1, 1, 1, len(found)),
                                     {"textFormat": text_format(bold=True)}))
    tab.requests.append(protect({"sheetId": sheet_id}, "Списки для выпадающих значений: ozwb создаёт их сам"))
    return tab


def _merges(spans: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    """The group row's merges, cut at the frozen columns: Sheets refuses to merge frozen with unfrozen cells."""
    for first, last, _group in spans:
        parts = [(first, FROZEN_COLUMNS), (FROZEN_COLUMNS + 1, last)] if first <= FROZEN_COLUMNS < last else \
            [(first, last)]
        yield from ((a, b) for a, b in parts if b > a)


def _format_runs(formats: Sequence[Format]) -> Iterator[tuple[int, int, Format]]:
    """Runs of consecutive 1-based columns sharing one non-empty format."""
    keys = [json.dumps(f, sort_keys=True) for f in formats]
    start = 0
    for index in range(1, len(formats) + 1):
        if index == len(formats) or keys[index] != keys[start]:
            if formats[start]:
                yield start + 1, index, formats[start]
            start = index


def _mark_requests(sheet_id: int, marked: list[tuple[int, int, Mark]]) -> Iterator[Request]:
    """Highlighted cells as one request per vertical run of one mark in one column."""
    marked.sort(key=lambda m: (m[0], m[2], m[1]))
    run: list[Any] = []  # [position, first row index, last row index, mark]
    for position, index, mark in marked:
        if run and run[0] == position and run[3] is mark and run[2] == index - 1:
            run[2] = index
            continue
        if run:
            yield _mark_request(sheet_id, run)
        run = [position, index, index, mark]
    if run:
        yield _mark_request(sheet_id, run)


def _mark_request(sheet_id: int, run: list[Any]) -> Request:
    position, first, last, mark = run
    grid = grid_range(sheet_id, FIRST_DATA_ROW + first, FIRST_DATA_ROW + last, position + 1, position + 1)
    return format_cells(grid, fill(MARK_FILLS[mark]))
