"""Sharing and existing content: a seller-facing Russian error, and nothing of theirs overwritten."""

from __future__ import annotations

import pytest

from engine.gsheets import (
    SpreadsheetAccessError,
    SpreadsheetAddressError,
    SpreadsheetConflictError,
    SpreadsheetLimitError,
    read_google_sheet,
)
from engine.gsheets.address import spreadsheet_key
from engine.ratelimit import UnlimitedRateLimiter
from tests.gsheets.conftest import KEY, URL, export
from tests.gsheets.fake_google import ROBOT, FakeGoogle


def _writes(fake: FakeGoogle) -> list[str]:
    return [c.path for c in fake.calls if c.method == "POST"]


def test_not_shared_names_the_service_account(fake: FakeGoogle) -> None:
    fake.spreadsheet(KEY, role="")
    with pytest.raises(SpreadsheetAccessError) as caught:
        export(fake)
    assert caught.value.status == 403
    assert ROBOT in str(caught.value) and "Редактор" in str(caught.value)
    assert len(fake.calls) == 1


def test_unknown_spreadsheet_is_not_found(fake: FakeGoogle) -> None:
    with pytest.raises(SpreadsheetAccessError) as caught:
        export(fake)
    assert caught.value.status == 404 and "не найдена" in str(caught.value) and ROBOT in str(caught.value)


def test_shared_for_viewing_only_asks_for_editor_rights(fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY, role="reader")
    with pytest.raises(SpreadsheetAccessError, match="право «Редактор»"):
        export(fake)
    assert [s.title for s in book.sheets] == ["Лист1"]


def test_reading_an_unshared_spreadsheet(fake: FakeGoogle) -> None:
    fake.spreadsheet(KEY, role="")
    with pytest.raises(SpreadsheetAccessError, match="client_email"):
        # no e-mail known: the message says where to find it
        read_google_sheet(URL, client=fake.client(), limiter=UnlimitedRateLimiter())


@pytest.mark.parametrize("text", ["", "https://example.com/sheet", "my sheet", "https://docs.google.com/document/"])
def test_not_a_spreadsheet_link(fake: FakeGoogle, text: str) -> None:
    with pytest.raises(SpreadsheetAddressError, match="не похоже на ссылку"):
        spreadsheet_key(text)
    assert fake.calls == []


@pytest.mark.parametrize("text", [URL, KEY, f"  {KEY}\n", f"https://docs.google.com/spreadsheet/ccc?key={KEY}&hl=ru"])
def test_links_and_keys(text: str) -> None:
    assert spreadsheet_key(text) == KEY


def test_existing_sheets_with_our_titles_stop_the_export(fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY)
    book.add_blank_sheet("сводка").cells[(0, 0)] = "заметки продавца"
    with pytest.raises(SpreadsheetConflictError) as caught:
        export(fake)
    assert caught.value.titles == ("сводка",) and "«сводка»" in str(caught.value)
    assert _writes(fake) == [] and book.sheet("сводка").cells == {(0, 0): "заметки продавца"}


def test_an_empty_sheet_goes_a_used_one_stays_after_ours(fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY)
    book.add_blank_sheet("Мои заметки").cells[(3, 2)] = 42
    summary = export(fake)
    assert summary.removed_sheets == ["Лист1"]
    titles = [s.title for s in book.sheets]
    assert titles[0] == "Инструкция" and titles[-1] == "Мои заметки"
    assert book.sheet("Мои заметки").cells == {(3, 2): 42}


def test_too_many_cells_stop_before_any_write(fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY)
    book.add_blank_sheet("Архив", rows=999_000, columns=10)
    with pytest.raises(SpreadsheetLimitError, match="10 000 000"):
        export(fake)
    assert _writes(fake) == []
