"""A push's results written back into the Google Sheet, offline: every request checked against the Sheets v4
discovery document by the replaying fake, and the sheet read back to see what landed where."""

from __future__ import annotations

from typing import Any

import pytest

from engine.gsheets import Limits, read_google_sheet
from engine.push import RowResult
from engine.push.jobs import ALREADY_ON_WB
from engine.push.states import RowStatus
from engine.ratelimit import UnlimitedRateLimiter
from engine.results import write_results_to_google_sheet
from engine.results.summary import SUMMARY_SHEET
from engine.workbook import STATIC_KEYS, WorkbookContent
from tests.gsheets.conftest import KEY, URL, Sleeps, export
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.gsheets.fake_grid import FakeSpreadsheet

K = STATIC_KEYS
HOSTILE = '=HYPERLINK("http://evil.example";"жми")'


def read(fake: FakeGoogle) -> WorkbookContent:
    return read_google_sheet(URL, client=fake.client(), service_account_email=ROBOT, limiter=UnlimitedRateLimiter())


def result(sheet: str, row: int, status: str = RowStatus.CREATED, **kw: Any) -> RowResult:
    values: dict[str, Any] = {"nm_id": 100 + row, "imt_id": 900, "chrt_id": 5000 + row, "barcodes": "",
                              "barcodes_generated": False, "message": "", "step_card": "готово",
                              "step_photos": "готово", "step_price": "готово", "step_stock": "не нужно"}
    values.update(kw)
    return RowResult(sheet=sheet, row=row, status=status, **values)


def write(fake: FakeGoogle, results: list[RowResult], **kw: Any) -> Any:
    kw.setdefault("sleep", Sleeps())
    kw.setdefault("limiter", UnlimitedRateLimiter())
    return write_results_to_google_sheet(URL, results, client=fake.client(), service_account_email=ROBOT,
                                         info={"Перенос №": "7"}, **kw)


@pytest.fixture
def fake() -> FakeGoogle:
    return FakeGoogle()


@pytest.fixture
def book(fake: FakeGoogle) -> FakeSpreadsheet:
    return fake.spreadsheet(KEY)


@pytest.fixture
def sheet(fake: FakeGoogle, book: FakeSpreadsheet) -> WorkbookContent:
    export(fake)
    content = read(fake)
    fake.calls.clear()
    return content


def every_row(content: WorkbookContent) -> list[RowResult]:
    found: list[RowResult] = []
    for n, row in enumerate(content.rows()):
        if n % 3 == 2:
            found.append(result(row.sheet, row.row, RowStatus.REJECTED, nm_id=None, imt_id=None, chrt_id=None,
                                message=HOSTILE, step_card="отклонена", step_photos="", step_price="", step_stock=""))
        else:
            found.append(result(row.sheet, row.row, barcodes_generated=n == 0, barcodes="2000000000015"))
    return found


def test_every_row_gets_its_result_cells_and_the_summary_sheet_is_added(fake, sheet, book):
    results = every_row(sheet)
    written = write(fake, results, tables=sheet.tables)
    calls = list(fake.calls)
    assert fake.problems == []
    back = {(r.sheet, r.row): r for r in read(fake).rows()}
    for expected in results:
        row = back[(expected.sheet, expected.row)]
        assert row.get(K["status"]) == expected.label
        assert row.get(K["nmID"]) == expected.nm_id and row.get(K["chrtID"]) == expected.chrt_id
        assert (row.get(K["wbMessage"]) or "") == expected.message
        assert row.get(K["stepCard"]) == expected.step_card
    first = results[0]
    assert back[(first.sheet, first.row)].get(K["barcodes"]) == "2000000000015"  # WB's barcode kept for a re-push
    assert back[(results[1].sheet, results[1].row)].get(K["barcodes"]) != "2000000000015"  # the seller's own kept
    summary = book.sheet(SUMMARY_SHEET)
    assert summary.properties["index"] == 0
    assert summary.value(1, 1) == "Результат переноса карточек на WB"
    texts = {summary.value(r, 1): summary.value(r, 2) for r in range(1, summary.size[0] + 1)}
    assert texts["Перенос №"] == "7" and texts["Создана"] == written.summary.by_status[RowStatus.CREATED]
    assert written.missing_sheets == [] and written.cells > 0
    # one metadata read, one batchUpdate for the summary sheet, one values write: never a call per row
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in calls] == [
        ("GET", book.spreadsheet_id), ("POST", f"{book.spreadsheet_id}:batchUpdate"),
        ("POST", "values:batchUpdate")]
    assert all(c.body["valueInputOption"] == "RAW" for c in calls if c.path.endswith("values:batchUpdate"))


def test_text_from_wb_stays_text_never_a_formula(fake, sheet, book):
    write(fake, every_row(sheet), tables=sheet.tables)
    cells = [v for s in book.sheets for v in s.cells.values()]
    assert HOSTILE in cells and not any(isinstance(v, tuple) and v[0] == "formula" for v in cells)


def test_a_second_push_replaces_the_summary_and_clears_old_messages_but_keeps_wb_ids(fake, sheet, book):
    first = every_row(sheet)
    write(fake, first, tables=sheet.tables)
    rejected = next(r for r in first if r.status == RowStatus.REJECTED)
    created = next(r for r in first if r.status == RowStatus.CREATED)
    again = [result(rejected.sheet, rejected.row, message=""),  # fixed and created this time
             result(created.sheet, created.row, RowStatus.SKIPPED, nm_id=None, imt_id=None, chrt_id=None,
                    message="Цена: не число", step_card="", step_photos="", step_price="", step_stock=""),
             result(created.sheet, created.row + 100, RowStatus.SKIPPED, message=ALREADY_ON_WB)]
    fake.calls.clear()
    write(fake, again)  # no tables given: the sheet is read again to find the columns
    assert fake.problems == []
    assert [s.title for s in book.sheets].count(SUMMARY_SHEET) == 1
    back = {(r.sheet, r.row): r for r in read(fake).rows()}
    fixed = back[(rejected.sheet, rejected.row)]
    assert fixed.get(K["wbMessage"]) is None and fixed.get(K["nmID"]) == 100 + rejected.row
    skipped = back[(created.sheet, created.row)]
    assert skipped.get(K["status"]) == "Пропущена" and skipped.get(K["nmID"]) == created.nm_id
    assert skipped.get(K["wbMessage"]) == "Цена: не число"


def test_many_rows_go_in_few_calls_within_the_row_limit(fake, sheet, book):
    results = every_row(sheet)
    write(fake, results, tables=sheet.tables, limits=Limits(rows=3))
    writes = [c for c in fake.calls if c.path.endswith("values:batchUpdate")]
    per_call = [sum(len(v["values"]) for v in c.body["data"]) for c in writes]
    # every call but the last is full: blocks are cut between rows, never sent one range per call
    assert per_call[:-1] == [3] * (len(per_call) - 1) and 0 < per_call[-1] <= 3
    assert sum(per_call) >= book.sheet(SUMMARY_SHEET).size[0] + len(results)
    back = {(r.sheet, r.row): r.get(K["status"]) for r in read(fake).rows()}
    assert all(back[(r.sheet, r.row)] == r.label for r in results)


def test_a_quota_refusal_is_waited_out_and_retried(fake, sheet, book):
    fake.fail(429, times=2, on="values:batchUpdate")
    sleeps = Sleeps()
    write(fake, every_row(sheet), tables=sheet.tables, sleep=sleeps)
    assert len(sleeps) == 2 and fake.problems == []
    assert [c.status for c in fake.calls if c.path.endswith("values:batchUpdate")] == [429, 429, 200]


def test_a_sheet_renamed_since_the_read_is_reported_not_written(fake, sheet, book):
    results = every_row(sheet)
    renamed = results[0].sheet
    book.sheet(renamed).properties["title"] = "Переименован"
    written = write(fake, results, tables=sheet.tables)
    assert written.missing_sheets == [renamed] and fake.problems == []
