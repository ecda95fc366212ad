"""Reading the Google Sheet back gives the same rows as reading the xlsx written from the same drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.gsheets import read_google_sheet
from engine.gsheets import reader as gsheets_reader
from engine.ratelimit import UnlimitedRateLimiter
from engine.workbook import ReadValue, WorkbookContent, read_workbook
from tests.gsheets.conftest import KEY, URL, export
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.gsheets.fake_grid import FakeSpreadsheet


def _read(fake: FakeGoogle) -> WorkbookContent:
    return read_google_sheet(URL, client=fake.client(), service_account_email=ROBOT,
                             limiter=UnlimitedRateLimiter())


def _rows(content: WorkbookContent) -> list[tuple[str, int | None, int, dict[str, ReadValue]]]:
    return [(r.sheet, r.table.subject_id, r.row, r.as_dict()) for r in content.rows()]


@pytest.fixture
def written(fake: FakeGoogle, book: FakeSpreadsheet) -> FakeSpreadsheet:
    export(fake)
    fake.calls.clear()
    return book


def test_same_rows_as_the_xlsx(fake: FakeGoogle, written: FakeSpreadsheet, small_xlsx: Path) -> None:
    ours, theirs = _read(fake), read_workbook(small_xlsx)
    assert [t.title for t in ours.tables] == [t.title for t in theirs.tables]
    assert [t.columns for t in ours.tables] == [t.columns for t in theirs.tables]
    assert _rows(ours) == _rows(theirs) and len(_rows(ours)) == 8
    assert {t.found_by for t in ours.tables} == {"keys"}
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in fake.calls] == [("GET", KEY), ("GET", "values:batchGet")]
    assert fake.problems == []


def test_seller_edits_are_read_where_they_are(fake: FakeGoogle, written: FakeSpreadsheet) -> None:
    sheet = written.sheet("Футболки")
    width = sheet.size[1]
    moved = {(r, width - 1 - c if c in (1, width - 2) else c): v for (r, c), v in sheet.cells.items()
             if c not in (1, width - 2)}
    moved.update({(r, width - 2 if c == 1 else 1): v for (r, c), v in sheet.cells.items() if c in (1, width - 2)})
    sheet.cells = moved  # the seller swapped «Артикул продавца» with a result column
    sheet.cells[(7, 1)] = "Z-9"  # and typed a new row after a blank one, in the moved column
    sheet.cells[(7, width - 2)] = "B-7"
    sheet.cells[(7, 15)] = "2 490"  # price typed as text with a space
    rows = [r for r in _read(fake).rows() if r.sheet == "Футболки"]
    assert [r.get("static_vendorCode_0") for r in rows] == ["A-1", "A-1", "B-7"]
    assert rows[-1].row == 8
    price_key = next(k for k, c in rows[0].table.columns.items() if c == 16)
    assert price_key == "static_price_4" and rows[-1].get("static_price_4") == 2490


def test_many_sheets_are_read_in_a_few_calls(fake: FakeGoogle, written: FakeSpreadsheet,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _rows(_read(fake))
    fake.calls.clear()
    monkeypatch.setattr(gsheets_reader, "CELLS_PER_READ", 1)
    assert _rows(_read(fake)) == whole
    assert len([c for c in fake.calls if c.path.endswith("values:batchGet")]) == 4  # one per data sheet


def test_a_sheet_without_our_keys_is_not_data(fake: FakeGoogle, written: FakeSpreadsheet) -> None:
    written.add_blank_sheet("Мои заметки").cells.update({(0, 0): "Артикул", (1, 0): "X-1"})
    assert "Мои заметки" not in [t.title for t in _read(fake).tables]
