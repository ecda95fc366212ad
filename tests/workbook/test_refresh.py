from __future__ import annotations

from pathlib import Path

import openpyxl

from engine.workbook.columns import STATIC_KEYS
from engine.workbook.reader import ReadRow, read_workbook
from engine.workbook.refresh import refresh_workbook
from engine.workbook.styles import DOUBTFUL_FILL, MISSING_FILL
from tests.workbook.builders import JEANS, PANS
from tests.workbook.editing import columns_of, edit, rearrange

TITLE = STATIC_KEYS["title"]
SUBJECT = "static_subject_0"


def _rows(path: Path) -> dict[str, list[ReadRow]]:
    found: dict[str, list[ReadRow]] = {}
    for row in read_workbook(path).rows():
        found.setdefault(row.sheet, []).append(row)
    return found


def _fill(path: Path, sheet: str, row: int, key: str) -> str:
    ws = openpyxl.load_workbook(path)[sheet]
    cell = ws.cell(row, columns_of(ws)[key])
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else ""


def test_changed_subject_moves_rows_and_keeps_seller_edits(small_book, tmp_path, subjects, directories) -> None:
    edited, out = tmp_path / "edited.xlsx", tmp_path / "out.xlsx"
    edit(small_book, edited, "Футболки", {
        (5, SUBJECT): "Джинсы", (6, SUBJECT): "джинсы ",  # the seller's spelling is forgiven
        (5, TITLE): "Мой заголовок", (6, TITLE): "Мой заголовок",
        (5, "characteristic_14177450_1"): "хлопок 100%",  # Состав: Джинсы have it too
        (5, "static_price_4"): 2500,
    })
    report = refresh_workbook(edited, out, subjects, directories)
    assert (report.moved, report.kept, report.unknown_subjects) == (2, 6, 0)
    rows = _rows(out)
    assert "Футболки" not in rows  # its only card moved away
    moved = [r for r in rows["Джинсы"] if r.get("static_vendorCode_0") == "A-1"]
    assert [r.row for r in moved] == [9, 10]  # after the rows already on the sheet
    first = moved[0]
    assert first.get(SUBJECT) == "Джинсы" and first.get(TITLE) == "Мой заголовок"
    assert first.get("characteristic_14177450_1") == "хлопок 100%"
    assert first.get("static_price_4") == 2500 and first.get("characteristic_17596_1") == "Мужской"
    assert first.get("characteristic_14177449_1") == "белый; черный"
    assert first.get("static_ozonOfferId_0") == "A-1-S" and first.get("static_photo_1")
    assert first.get("static_subjectConfidence_4") is None  # it rated the old guess
    assert "characteristic_59609_4" not in first.table.positions
    change = next(c for c in report.changes if c.source == "Футболки!5")
    assert change.moved and change.target == "Джинсы" and change.vendor_code == "A-1"
    assert change.messages == ("Характеристики «Длина изделия» нет у предмета «Джинсы»: значение «70» не перенесено",)
    # the moved rows lack Посадка, required for creation on Джинсы: highlighted
    assert _fill(out, "Джинсы", 9, "characteristic_11470_1") == MISSING_FILL
    before = {(r.get("static_vendorCode_0"), r.get("static_techSize_0")): r.as_dict()
              for r in _rows(small_book)["Джинсы"]}
    after = {(r.get("static_vendorCode_0"), r.get("static_techSize_0")): r.as_dict() for r in rows["Джинсы"]}
    assert all(after[k] == v for k, v in before.items())  # rows that stayed are untouched


def test_unknown_or_unloaded_subject_stays_and_is_reported(small_book, tmp_path, subjects, directories) -> None:
    edited, out = tmp_path / "edited.xlsx", tmp_path / "out.xlsx"
    edit(small_book, edited, "Джинсы", {(5, SUBJECT): "Штаны-невидимки", (6, SUBJECT): "Брюки"})
    report = refresh_workbook(edited, out, subjects, directories)
    assert report.unknown_subjects == 2 and report.moved == 0
    messages = {c.source: c.messages for c in report.changes}
    assert messages["Джинсы!5"] == ("Предмета «Штаны-невидимки» нет в списке WB: строка осталась на листе «Джинсы». "
                                    "Выберите предмет из списка",)
    assert "Нет характеристик предмета «Брюки»" in messages["Джинсы!6"][0]
    jeans = _rows(out)["Джинсы"]
    assert [r.get(SUBJECT) for r in jeans] == ["Штаны-невидимки", "Брюки", "Джинсы", "Джинсы"]
    assert _fill(out, "Джинсы", 5, SUBJECT) == DOUBTFUL_FILL
    assert _fill(out, "Джинсы", 7, SUBJECT) == DOUBTFUL_FILL  # still the low-confidence guess
    assert _fill(out, "Джинсы", 8, SUBJECT) == ""


def test_subject_given_to_unassigned_row_and_taken_from_another(small_book, tmp_path, subjects, directories) -> None:
    step, edited, out = tmp_path / "step.xlsx", tmp_path / "edited.xlsx", tmp_path / "out.xlsx"
    edit(small_book, step, "Без предмета", {(5, SUBJECT): "Сковороды"})
    edit(step, edited, "Сковороды", {(5, SUBJECT): None})
    report = refresh_workbook(edited, out, subjects, directories)
    assert report.moved == 2
    rows = _rows(out)
    assert [r.get("static_vendorCode_0") for r in rows["Сковороды"]] == ["A-3"]
    assert [r.get("static_vendorCode_0") for r in rows["Без предмета"]] == ["A-4"]
    content = read_workbook(out)
    assert [t.subject_id for t in content.tables] == [JEANS, PANS, 192, 0]
    dropped = next(c for c in report.changes if c.vendor_code == "A-4").messages
    assert any("Совместимость с индукцией" in m for m in dropped)


def test_seller_columns_are_reported_and_refresh_is_idempotent(small_book, tmp_path, subjects, directories) -> None:
    edited, once, twice = tmp_path / "edited.xlsx", tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    rearrange(small_book, edited, "Футболки", extra=("Заметки", ["позвонить поставщику"]))
    first = refresh_workbook(edited, once, subjects, directories)
    assert first.moved == 0
    assert [c.messages for c in first.changes] == [
        ("Столбец «Заметки» не из шаблона ozwb: значение «позвонить поставщику» не перенесено",)]
    second = refresh_workbook(once, twice, subjects, directories)
    assert (second.moved, second.changes) == (0, [])
    assert [r.as_dict() for r in read_workbook(twice).rows()] == [r.as_dict() for r in read_workbook(once).rows()]
    assert [r.as_dict() for r in read_workbook(once).rows()] == [r.as_dict() for r in read_workbook(small_book).rows()]
