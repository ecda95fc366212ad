"""Export, change subjects as a seller would, ``ozwb refresh``, export again: the seller's choice wins."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from engine.settings import SANDBOX_OZON_CLIENT_ID, get_settings
from engine.store import load_confirmed, open_store, ozon_seller_key
from engine.workbook import STATIC_KEYS, read_workbook
from tests.export.conftest import Cli, rows_by_offer, value
from tests.workbook.editing import columns_of

HOODIE_TYPE = "Одежда / Одежда / Худи"
HAT_TYPE = "Одежда / Аксессуары / Шапка"
TEES = 192  # WB «Футболки»


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("refresh")


@pytest.fixture(scope="module")
def first_export(cli: Cli, folder: Path) -> Path:
    out = folder / "catalog.xlsx"
    result = cli("export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Учтены предметы" not in result.output  # nothing confirmed yet
    return out


@pytest.fixture(scope="module")
def edited(first_export: Path, folder: Path) -> Path:
    """Every «Худи» row moved to «Футболки», one of them retitled and repriced; one hat gets a made-up subject."""
    path = folder / "edited.xlsx"
    shutil.copy(first_export, path)
    content = read_workbook(path)
    hoodies = [r for r in content.rows() if value(r, "ozonCategory") == HOODIE_TYPE]
    assert len(hoodies) == 4 and {r.sheet for r in hoodies} == {"Худи"}
    hat = next(r for r in content.rows() if value(r, "ozonCategory") == HAT_TYPE)
    subject = STATIC_KEYS["subject"]
    changes: dict[tuple[str, int, str], object] = {(r.sheet, r.row, subject): "Футболки" for r in hoodies}
    changes[(hoodies[0].sheet, hoodies[0].row, STATIC_KEYS["title"])] = "Моё худи, проверено"
    changes[(hoodies[0].sheet, hoodies[0].row, STATIC_KEYS["price"])] = 4321
    changes[(hat.sheet, hat.row, subject)] = "Шапка-невидимка"
    _type_in(path, changes)
    return path


@pytest.fixture(scope="module")
def refreshed(cli: Cli, edited: Path, folder: Path) -> tuple[Path, str, str]:
    before = _digest(edited)
    out = folder / "refreshed.xlsx"
    result = cli("refresh", str(edited), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out, result.output, before


def test_refresh_moves_the_changed_rows_and_keeps_the_sellers_edits(refreshed, edited):
    out, output, before = refreshed
    assert _digest(edited) == before  # --out given: the seller's file is not touched
    content = read_workbook(out)
    assert "Худи" not in [t.title for t in content.tables]
    hoodies = [r for r in content.rows() if value(r, "ozonCategory") == HOODIE_TYPE]
    assert len(hoodies) == 4 and {r.sheet for r in hoodies} == {"Футболки"}
    retitled = [r for r in hoodies if value(r, "title") == "Моё худи, проверено"]
    assert len(retitled) == 1 and value(retitled[0], "price") == 4321
    assert all(value(r, "brand") and value(r, "barcodes") for r in hoodies)  # shared columns came along
    assert sum(len(t.rows) for t in content.tables) == 427
    assert "Перенесено на листы новых предметов: 4 строки" in output
    assert "→ лист «Футболки»" in output


def test_an_unknown_subject_keeps_its_row_and_is_reported(refreshed):
    out, output, _ = refreshed
    hats = [r for r in read_workbook(out).rows() if value(r, "ozonCategory") == HAT_TYPE]
    assert {r.sheet for r in hats} == {"Шапки"}
    assert "Шапка-невидимка" in {value(r, "subject") for r in hats}
    assert "Предмета «Шапка-невидимка» нет в списке WB" in output
    assert "Не найден предмет WB: 1 строка" in output
    assert f"не у всех товаров типа Ozon выбран предмет из списка WB: {HAT_TYPE}" in output
    assert "разные предметы" not in output


def test_refresh_remembers_the_settled_choices(refreshed, cli: Cli):
    store = open_store(get_settings(database_url=f"sqlite:///{cli.database}"))
    try:
        with store.session() as session:
            confirmed = load_confirmed(session, ozon_seller_key(SANDBOX_OZON_CLIENT_ID))
    finally:
        store.close()
    assert len(confirmed) == 33  # every type but the disputed hats
    assert TEES in confirmed.values()
    assert "Запомнен ваш выбор предмета для 33 типов Ozon" in refreshed[1]


def test_the_confirmed_choice_comes_first_in_the_next_export(refreshed, cli: Cli, first_export: Path, folder: Path):
    before = [r for r in rows_by_offer(first_export).values() if value(r, "ozonCategory") == HOODIE_TYPE]
    assert {r.sheet for r in before} == {"Худи"}  # what the matcher suggests on its own
    out = folder / "again.xlsx"
    result = cli("export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Учтены предметы, которые вы уже подтвердили: 33 типа Ozon." in result.output
    after = [r for r in rows_by_offer(out).values() if value(r, "ozonCategory") == HOODIE_TYPE]
    assert len(after) == 4
    assert {(r.sheet, value(r, "subject"), value(r, "subjectConfidence")) for r in after} == {
        ("Футболки", "Футболки", 1)
    }
    assert all("Худи" in str(value(r, "subjectAlternatives")) for r in after)


def test_refresh_without_out_replaces_the_file_and_leaves_no_scratch(cli: Cli, edited: Path, tmp_path):
    path = tmp_path / "mine.xlsx"
    shutil.copy(edited, path)
    result = cli("refresh", str(path))
    assert result.exit_code == 0, result.output
    assert "Худи" not in [t.title for t in read_workbook(path).tables]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]


def _type_in(path: Path, changes: dict[tuple[str, int, str], object]) -> None:
    """Cells set by (sheet, row, column key) as a seller types them, in one open-and-save."""
    book = openpyxl.load_workbook(path)
    for (sheet, row, key), typed in changes.items():
        cell = book[sheet].cell(row, columns_of(book[sheet])[key])
        cell.value = typed
        if isinstance(typed, str):
            cell.data_type = "s"
    book.save(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
