"""Bad input and failing services: one Russian line, exit 2, and the seller's files untouched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from cli.export import InputError, print_export_summary, replaced_atomically
from cli.main import app
from engine.export import ExportReport
from engine.workbook import SheetStats, WorkbookSummary
from sandbox.server import free_port
from tests.export.conftest import Cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rounding", "up1000"], "--rounding: одно из ruble, up10, up100, end99, а не «up1000»"),
        (["--markup", "десять"], "--markup: нужно число процентов"),
        (["--markup", "-5"], "--markup: наценка от 0 до 1000 %"),
        (["--warehouse", "fbs:1093405"], "--warehouse: нужно тип=ID склада WB"),
        (["--warehouse", "ozon=1093405"], "--warehouse: нужно тип=ID склада WB"),
        (["--warehouse", "fbs=42"], "--warehouse: склада 42 нет среди ваших складов WB (1093405 Склад Подольск;"),
    ],
)
def test_export_refuses_bad_options_in_russian(cli: Cli, tmp_path, args, message):
    result = cli("export", "--out", str(tmp_path / "c.xlsx"), *args)
    assert result.exit_code == 2
    assert f"Ошибка: {message}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_an_output_it_cannot_write(cli: Cli, tmp_path):
    result = cli("export", "--out", str(tmp_path / "c.xls"))
    assert result.exit_code == 2 and "книга должна быть в формате .xlsx" in result.stderr
    result = cli("export", "--out", str(tmp_path / "no" / "such" / "c.xlsx"))
    assert result.exit_code == 2 and "папки" in result.stderr and "нет" in result.stderr


def test_export_without_keys_says_which_settings_are_missing(cli: Cli, tmp_path, monkeypatch):
    for name in ("OZWB_OZON_CLIENT_ID", "OZWB_OZON_API_KEY", "OZWB_WB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    result = cli("export", "--out", str(tmp_path / "c.xlsx"), sandbox=False)
    assert result.exit_code == 2
    assert "не заданы ключи маркетплейсов: OZWB_OZON_CLIENT_ID, OZWB_OZON_API_KEY, OZWB_WB_TOKEN" in result.stderr


def test_export_to_a_sandbox_that_is_not_there_keeps_the_old_file(tmp_path):
    out = tmp_path / "c.xlsx"
    out.write_bytes(b"the seller's earlier export")
    env = {"OZWB_HTTP_MAX_RETRIES": "1", "OZWB_HTTP_BACKOFF_BASE": "0.01",
           "OZWB_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--sandbox", f"http://127.0.0.1:{free_port()}"],
                                env=env)
    assert result.exit_code == 2
    assert "Ошибка: нет связи с Ozon" in result.stderr and "Traceback" not in result.output
    assert out.read_bytes() == b"the seller's earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xlsx", "db.sqlite3"]


def test_an_unreachable_database_is_one_line(cli: Cli, tmp_path, monkeypatch):
    env = {"OZWB_DATABASE_URL": "postgresql://ozwb:pw-secret@127.0.0.1:1/ozwb?connect_timeout=2"}
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "c.xlsx"), "--sandbox", cli.sandbox.url],
                                env=env)
    assert result.exit_code == 2
    assert "Ошибка: база ozwb недоступна (OZWB_DATABASE_URL)" in result.stderr
    assert "pw-secret" not in result.output and "Traceback" not in result.output


def test_refresh_of_a_missing_or_foreign_file(cli: Cli, tmp_path):
    result = cli("refresh", str(tmp_path / "nope.xlsx"))
    assert result.exit_code == 2 and "Ошибка: файла" in result.stderr

    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not really a workbook")
    result = cli("refresh", str(garbage))
    assert result.exit_code == 2 and "Ошибка: файл не читается как книга Excel (.xlsx)" in result.stderr
    assert garbage.read_bytes() == b"PK\x03\x04 this is not really a workbook"


def test_refresh_of_a_workbook_without_ozwb_sheets(cli: Cli, tmp_path):
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Просто", "таблица"])
    book.save(plain)
    before = plain.read_bytes()
    result = cli("refresh", str(plain))
    assert result.exit_code == 2 and "нет листов ozwb" in result.stderr
    assert plain.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.xlsx"]


def test_a_failed_write_leaves_the_target_as_it_was(tmp_path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"original")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError), replaced_atomically(target) as scratch:
        scratch.write_bytes(b"half")
        raise RuntimeError("writer died")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]

    with replaced_atomically(target) as scratch:
        scratch.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the seller's file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]


def test_a_target_that_cannot_be_replaced_is_an_input_error(tmp_path):
    target = tmp_path / "locked.xlsx"
    target.mkdir()  # os.replace cannot put a file over a folder, as over a file Excel holds open
    with pytest.raises(InputError, match="не удалось записать"), replaced_atomically(target) as scratch:
        scratch.write_bytes(b"new")
    assert target.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.xlsx"]


def test_the_summary_points_at_doubtful_rows():
    sheets = [SheetStats("Футболки", 192, "Футболки", rows=5, cards=3, doubtful_rows=2),
              SheetStats("Брюки", 11, "Брюки", rows=2, cards=1, doubtful_rows=0)]
    report = ExportReport(products=9, exported_products=7, archived_skipped=2, cards=4, subjects=2,
                          low_confidence_cards=1, workbook=WorkbookSummary(sheets))
    console = Console(record=True, width=200)
    print_export_summary(console, Path("c.xlsx"), report, remembered=3)
    text = console.export_text()
    assert "Товаров на Ozon: 9, перенесено 7, архивных пропущено 2." in text
    assert "Карточек WB: 4 на 2 листах предметов, 7 строк." in text
    assert "Проверьте предмет: 2 строки (1 карточка) с низкой уверенностью" in text
    assert "Учтены предметы, которые вы уже подтвердили: 3 типа Ozon." in text
