"""``ozwb validate`` as a seller runs it: exit codes, the table, --json, --issues-out, against the sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cli.main import app
from sandbox.config import SandboxConfig
from sandbox.server import run_sandbox
from tests.validation import edits
from tests.validation.corpus import BAD, P

runner = CliRunner()
MARKUP_TITLE = "[red]Сковорода[/red] =HYPERLINK(\"http://x\",\"y\")"


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with run_sandbox(SandboxConfig(speed=100)) as running:
        yield running.url


@pytest.fixture
def tricky_book(tmp_path: Path) -> Path:
    """A row whose title looks like a formula and like rich markup, with a price problem on it."""
    path = tmp_path / "tricky.xlsx"
    edits.edit(BAD / "valid_base.xlsx", path, P, {(5, "characteristic_15000000_0"): MARKUP_TITLE,
                                                  (5, "static_price_4"): -1})
    return path


def test_clean_workbook_exits_0() -> None:
    result = runner.invoke(app, ["validate", str(BAD / "valid_base.xlsx"), "--offline"])
    assert result.exit_code == 0, result.output
    assert "Проблем нет" in result.output


def test_row_issues_exit_1_with_a_russian_table(tricky_book: Path) -> None:
    result = runner.invoke(app, ["validate", str(tricky_book), "--offline"])
    assert result.exit_code == 1, result.output
    assert "Проблемы в строках" in result.output and "Цена, ₽" in result.output
    assert "с проблемами: 1 строка" in result.output


def test_a_file_problem_exits_2_with_one_message_and_no_traceback() -> None:
    result = runner.invoke(app, ["validate", str(BAD / "encrypted.xlsx"), "--offline"])
    assert result.exit_code == 2
    assert "защищён паролем" in result.output and "Traceback" not in result.output


def test_json_output() -> None:
    result = runner.invoke(app, ["validate", str(BAD / "duplicate_barcode.xlsx"), "--offline", "--json"])
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["file_problem"] is None
    assert [(i["sheet"], i["row"], i["column"], i["code"]) for i in answer["issues"]] == \
           [("Сковороды", 5, "Баркоды", "row.duplicate")]
    assert answer["counts"]["rows"] == 6 and answer["counts"]["by_code"] == {"row.duplicate": 1}
    bomb = json.loads(runner.invoke(app, ["validate", str(BAD / "zip_bomb.xlsx"), "--offline", "--json"]).stdout)
    assert bomb["file_problem"]["code"] == "file.too_large" and bomb["issues"] == []


def test_issues_workbook_keeps_the_sellers_values_as_text(tricky_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "issues.xlsx"
    result = runner.invoke(app, ["validate", str(tricky_book), "--offline", "--issues-out", str(out)])
    assert result.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Итог проверки", P]
    sheet = book[P]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Строка", "Проблемы", "Группа", "Артикул продавца"]
    row = {header[c.column - 1]: c for c in sheet[2]}
    assert row["Строка"].value == 5 and "Цена, ₽" in str(row["Проблемы"].value)
    assert row["Наименование"].value == MARKUP_TITLE and row["Наименование"].data_type == "s"
    assert row["Цена, ₽"].value == -1
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)


def test_issues_workbook_for_a_file_problem_says_why(tmp_path: Path) -> None:
    out = tmp_path / "issues.xlsx"
    assert runner.invoke(app, ["validate", str(BAD / "not_a_workbook.xlsx"), "--offline", "--issues-out",
                               str(out)]).exit_code == 2
    summary = openpyxl.load_workbook(out)["Итог проверки"]
    assert "не таблица Excel" in str(summary["B2"].value)


def test_seller_text_is_never_read_as_markup(tmp_path: Path) -> None:
    edited = tmp_path / "markup.xlsx"
    edits.edit(BAD / "valid_base.xlsx", edited, P, {(5, "static_subject_0"): "[bold]Кастрюли[/bold]"})
    result = runner.invoke(app, ["validate", str(edited), "--offline"])
    assert result.exit_code == 1
    assert "«[bold]Кастрюли[/bold]»" in result.output  # shown as typed, not swallowed as styling


def test_against_the_sandbox_specs_come_from_wb(sandbox_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OZWB_LIMIT_SPEED", "100")  # the client paces itself as fast as the sandbox lets it
    clean = runner.invoke(app, ["validate", str(BAD / "valid_base.xlsx"), "--sandbox", sandbox_url])
    assert clean.exit_code == 0, clean.output
    result = runner.invoke(app, ["validate", str(BAD / "required_for_create_missing.xlsx"), "--sandbox", sandbox_url,
                                 "--json"])
    assert result.exit_code == 1, result.output
    assert [(i["column"], i["code"]) for i in json.loads(result.stdout)["issues"]] == [("ТНВЭД", "row.required")]
    unknown = runner.invoke(app, ["validate", str(BAD / "unknown_subject.xlsx"), "--sandbox", sandbox_url, "--json"])
    assert [i["code"] for i in json.loads(unknown.stdout)["issues"]] == ["row.unknown_subject"]


def test_wb_unreachable_or_not_configured_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OZWB_WB_TOKEN", "")
    result = runner.invoke(app, ["validate", str(BAD / "valid_base.xlsx")])
    assert result.exit_code == 2 and "OZWB_WB_TOKEN" in result.output
    bad_url = runner.invoke(app, ["validate", str(BAD / "valid_base.xlsx"), "--sandbox", "127.0.0.1:1"])
    assert bad_url.exit_code == 2 and "--sandbox" in bad_url.output
    monkeypatch.setenv("OZWB_HTTP_MAX_RETRIES", "0")
    down = runner.invoke(app, ["validate", str(BAD / "valid_base.xlsx"), "--sandbox", "http://127.0.0.1:9", "--json"])
    assert down.exit_code == 2 and json.loads(down.stdout)["error"]
