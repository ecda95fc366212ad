"""A push's results written back into the Google Sheet it came from: every row's result cells and a summary.

Only the result cells are written, as RAW values (text from WB or anyone else never becomes a formula),
so the seller's own cells, formats and dropdowns stay. Calls, for any size: one metadata read, one
``batchUpdate`` that replaces the summary sheet, and one RAW ``values.batchUpdate`` per 4,000 rows or
1.8 MB; a block of neighbouring rows and result columns travels as one range, not one per cell.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gspread import Client

from engine.gsheets.address import a1_cell, spreadsheet_key
from engine.gsheets.batches import Limits, json_size
from engine.gsheets.reader import read_google_sheet
from engine.gsheets.service import SheetsService, Sleep
from engine.gsheets.structure import add_sheet, column_widths, delete_sheet
from engine.gsheets.writer import client_email
from engine.push.outcome import RowResult
from engine.ratelimit import RateLimiter
from engine.results.cells import keeps_earlier_result, result_values
from engine.results.summary import SUMMARY_SHEET, ResultsSummary, summarise, summary_lines
from engine.settings import Settings
from engine.workbook.columns import STATIC_KEYS
from engine.workbook.reader import SheetTable

MAX_CELL_TEXT = 50_000  # Google's limit per cell
SUMMARY_WIDTHS = (34.0, 14.0)
KEPT_IDS = frozenset({"nmID", "imtID", "chrtID"})
Block = tuple[str, int, int, list[list[Any]]]  # sheet title, first row, first column, rows of values


@dataclass(slots=True)
class GoogleResults:
    """What was written back and at what cost."""

    summary: ResultsSummary
    spreadsheet_id: str
    cells: int = 0  # result cells written (cleared ones included)
    calls: int = 0  # HTTP calls, retries included
    missing_sheets: list[str] = field(default_factory=list)  # sheets renamed or deleted since the read


def write_results_to_google_sheet(
    spreadsheet: str,
    results: Iterable[RowResult],
    *,
    client: Client,
    tables: Sequence[SheetTable] | None = None,
    info: Mapping[str, str] | None = None,
    service_account_email: str = "",
    settings: Settings | None = None,
    sleep: Sleep = time.sleep,
    limiter: RateLimiter | None = None,
    limits: Limits | None = None,
) -> GoogleResults:
    """Write ``results`` into ``spreadsheet`` (link or key) where its result columns are, and a summary sheet.

    ``tables`` are the sheets as read for the push (their columns locate the result cells); without them
    the spreadsheet is read again.
    """
    results = list(results)
    email = service_account_email or client_email(client)
    service = SheetsService(client, spreadsheet_key(spreadsheet), email, settings, sleep, writing=True,
                            limiter=limiter)
    if tables is None:
        tables = read_google_sheet(spreadsheet, client=client, service_account_email=email, settings=settings,
                                   sleep=sleep, limiter=limiter).tables
    ids = {str(s["properties"]["title"]): int(s["properties"]["sheetId"])
           for s in service.metadata().get("sheets", [])}
    summary = summarise(results)
    lines = summary_lines(summary, dict(info or {}))
    service.batch_update(_summary_sheet(ids, len(lines)))
    present = [t for t in tables if t.title in ids]
    blocks = [(SUMMARY_SHEET, 1, 1, lines), *result_blocks(present, results)]
    written = 0
    for data in _calls(blocks, limits or Limits()):
        service.write_values(data)
        written += sum(len(line) for item in data for line in item["values"])
    missing = sorted({r.sheet for r in results} - {t.title for t in present})
    return GoogleResults(summary, service.spreadsheet_id, cells=written - sum(len(line) for line in lines),
                         calls=len(service.calls), missing_sheets=missing)


def _summary_sheet(ids: Mapping[str, int], rows: int) -> list[dict[str, Any]]:
    """The summary sheet made anew in front (an earlier push's is replaced), sized to what it holds."""
    requests_: list[dict[str, Any]] = []
    old = next((sheet_id for title, sheet_id in ids.items() if title.casefold() == SUMMARY_SHEET.casefold()), None)
    if old is not None:
        requests_.append(delete_sheet(old))
    new_id = max(ids.values(), default=0) + 1
    requests_.append(add_sheet(new_id, SUMMARY_SHEET, 0, max(rows, 1), len(SUMMARY_WIDTHS)))
    requests_.extend(column_widths(new_id, SUMMARY_WIDTHS))
    return requests_


def result_blocks(tables: Sequence[SheetTable], results: Iterable[RowResult]) -> Iterator[Block]:
    """Rectangles of result cells: runs of neighbouring rows × runs of neighbouring result columns.

    A text cell a row has no value for is sent as ``""`` (clearing an earlier push's text); a column a
    row does not own (barcodes it did not get from WB) and a missing WB id go as ``None``, which Google
    leaves untouched.
    """
    by_sheet: dict[str, dict[int, dict[str, object]]] = defaultdict(dict)
    for result in results:
        if not keeps_earlier_result(result):
            by_sheet[result.sheet][result.row] = result_values(result)
    for table in tables:
        rows = by_sheet.get(table.title)
        if not rows:
            continue
        fields = dict.fromkeys(f for values in rows.values() for f in values)
        columns = sorted((table.columns[STATIC_KEYS[f]], f) for f in fields if STATIC_KEYS[f] in table.columns)
        for run in _runs(columns, key=lambda item: item[0]):
            for row_run in _runs(sorted(rows), key=lambda number: number):
                lines = [[_cell(rows[number], f) for _, f in run] for number in row_run]
                yield table.title, row_run[0], run[0][0], lines


def _cell(values: Mapping[str, object], field_name: str) -> object:
    if field_name not in values:
        return None
    value = values[field_name]
    if value is None:
        # An id WB gave an earlier push is never wiped by a row that got none this time (a skipped row);
        # an earlier push's words are, so no stale message sits beside a new status.
        return None if field_name in KEPT_IDS else ""
    return value[:MAX_CELL_TEXT] if isinstance(value, str) else value


def _runs(items: Sequence[Any], *, key: Any) -> Iterator[list[Any]]:
    run: list[Any] = []
    for item in items:
        if run and key(item) != key(run[-1]) + 1:
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _calls(blocks: Iterable[Block], limits: Limits) -> Iterator[list[dict[str, Any]]]:
    """``values.batchUpdate`` data lists under the row and byte limits; a long block is cut between rows."""
    data: list[dict[str, Any]] = []
    lines = size = 0
    for title, first_row, first_column, rows in blocks:
        start = 0
        for offset, line in enumerate(rows):
            cost = json_size(line) + 2
            if lines and (lines + 1 > limits.rows or size + cost > limits.body_bytes):
                if offset > start:
                    data.append(_range(title, first_row + start, first_column, rows[start:offset]))
                yield data
                data, lines, size, start = [], 0, 0, offset
            lines += 1
            size += cost
        if len(rows) > start:
            data.append(_range(title, first_row + start, first_column, rows[start:]))
    if data:
        yield data


def _range(title: str, row: int, column: int, values: list[list[Any]]) -> dict[str, Any]:
    return {"range": a1_cell(title, row, column), "majorDimension": "ROWS", "values": values}
