"""``ozwb export --gsheet``: the sandbox catalog into a Google Sheet, every request checked against Google's schema.

Google is the replaying fake of ``tests/gsheets`` (each request body validated against the Sheets API v4
discovery document); only the gspread client's transport is swapped, the key file and its e-mail are real.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gspread
import openpyxl
import pytest

import cli.export
from engine.gsheets import client_from_service_account
from engine.workbook.layout import LISTS_TITLE
from tests.export.conftest import KAZAN, Cli
from tests.gsheets.conftest import KEY, URL, write_service_account_key
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.gsheets.fake_grid import FakeSheet, FakeSpreadsheet

OPTIONS = ("--markup", "10", "--rounding", "up100", "--warehouse", f"fbs={KAZAN}")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeGoogle:
    google = FakeGoogle()
    key = write_service_account_key(tmp_path / "robot.json")
    monkeypatch.setenv("OZWB_GOOGLE_SERVICE_ACCOUNT_FILE", str(key))

    def client(path: str | Path) -> gspread.Client:
        client_from_service_account(path)  # the real key check, then the fake transport instead of Google
        return google.client()

    monkeypatch.setattr(cli.export, "client_from_service_account", client)
    return google


def _cells(sheet: FakeSheet) -> dict[tuple[int, int], Any]:
    return {(r + 1, c + 1): v for (r, c), v in sheet.cells.items() if v not in (None, "")}


def _xlsx_cells(sheet: Any) -> dict[tuple[int, int], Any]:
    return {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value not in (None, "")}


def test_the_catalog_lands_in_the_shared_sheet_as_in_the_xlsx(cli: Cli, fake: FakeGoogle, tmp_path: Path) -> None:
    book: FakeSpreadsheet = fake.spreadsheet(KEY)
    result = cli("export", "--gsheet", URL, *OPTIONS)
    assert result.exit_code == 0, result.output
    assert fake.problems == []  # every body matched the discovery document
    assert f"Готово: https://docs.google.com/spreadsheets/d/{KEY}/edit" in result.output
    assert "Товаров на Ozon: 441, перенесено 427, архивных пропущено 14." in result.output
    assert "на 34 листах предметов" in result.output
    writes = [c for c in fake.calls if c.method == "POST"]
    assert all(c.body.get("valueInputOption", "RAW") == "RAW" for c in writes)

    out = tmp_path / "same.xlsx"
    assert cli("export", "--out", str(out), *OPTIONS).exit_code == 0
    xlsx = openpyxl.load_workbook(out)
    assert [s.title for s in book.sheets] == xlsx.sheetnames
    for sheet in book.sheets:
        assert _cells(sheet) == _xlsx_cells(xlsx[sheet.title]), sheet.title
    assert book.sheet(LISTS_TITLE).properties["hidden"] is True


def test_an_unshared_sheet_names_the_service_account_before_the_catalog_is_read(cli: Cli, fake: FakeGoogle) -> None:
    fake.spreadsheet(KEY, role="")
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2
    assert f"Ошибка: Нет доступа к таблице {KEY}" in result.stderr
    assert ROBOT in result.stderr and "«Редактор»" in result.stderr
    assert "Читаю каталог Ozon" not in result.output
    assert [c.method for c in fake.calls] == ["GET"]


def test_a_view_only_share_is_refused_at_the_first_write(cli: Cli, fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY, role="reader")
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2 and "право «Редактор»" in result.stderr and ROBOT in result.stderr
    assert [s.title for s in book.sheets] == ["Лист1"]


def test_a_missing_spreadsheet(cli: Cli, fake: FakeGoogle) -> None:
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2 and f"Ошибка: Таблица {KEY} не найдена" in result.stderr


def test_google_quota_that_never_lets_up(cli: Cli, fake: FakeGoogle) -> None:
    fake.spreadsheet(KEY)
    fake.fail(429, times=100, on="values:batchUpdate")
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2
    assert "Ошибка: Google Таблицы ограничили частоту запросов" in result.stderr
    assert "Повторите через минуту" in result.stderr


def test_a_short_quota_burst_is_waited_out(cli: Cli, fake: FakeGoogle) -> None:
    book = fake.spreadsheet(KEY)
    fake.fail(429, times=2, on="values:batchUpdate")
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 0, result.output
    assert [c.status for c in fake.calls if "values:batchUpdate" in c.path][:3] == [429, 429, 200]
    assert "Джинсы" in [s.title for s in book.sheets]


@pytest.mark.parametrize("link", ["https://example.com/table", "моя таблица"])
def test_a_bad_link_is_refused_before_anything_is_read(cli: Cli, fake: FakeGoogle, link: str) -> None:
    result = cli("export", "--gsheet", link)
    assert result.exit_code == 2
    assert "не похоже на ссылку на Google-таблицу" in result.stderr
    assert fake.calls == []


def test_no_service_account_configured(cli: Cli, fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OZWB_GOOGLE_SERVICE_ACCOUNT_FILE", "")
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2
    assert "Ошибка: не настроен сервисный аккаунт Google" in result.stderr
    assert "OZWB_GOOGLE_SERVICE_ACCOUNT_FILE" in result.stderr
    assert fake.calls == []


def test_a_key_file_that_is_not_there(cli: Cli, fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    monkeypatch.setenv("OZWB_GOOGLE_SERVICE_ACCOUNT_FILE", str(tmp_path / "nope.json"))
    result = cli("export", "--gsheet", URL)
    assert result.exit_code == 2 and "Файл ключа сервисного аккаунта Google не найден" in result.stderr


@pytest.mark.parametrize("args", [[], ["--out", "c.xlsx", "--gsheet", URL]])
def test_exactly_one_destination(cli: Cli, fake: FakeGoogle, args: list[str]) -> None:
    result = cli("export", *args)
    assert result.exit_code == 2
    assert "Ошибка: укажите, куда выгрузить: --out ФАЙЛ.xlsx или --gsheet" in result.stderr
    assert fake.calls == []
