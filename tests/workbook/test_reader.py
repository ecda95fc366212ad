from __future__ import annotations

import io
from pathlib import Path

import pytest

from engine.drafts import Directories
from engine.workbook.columns import STATIC_KEYS
from engine.workbook.errors import UnreadableWorkbookError
from engine.workbook.names import SheetNames
from engine.workbook.reader import ReadRow, WorkbookContent, _typed_column, _value, read_workbook, table_from_rows
from tests.workbook.builders import JEANS, SHIRTS
from tests.workbook.conftest import FORMULA_TITLE
from tests.workbook.editing import edit, rearrange, strip_names

TITLE = STATIC_KEYS["title"]


def _by_vendor(content: WorkbookContent) -> dict[tuple[str, int], dict[str, object]]:
    return {(r.sheet, r.row): {k: v for k, v in r.as_dict().items() if not k.startswith("extra:")}
            for r in content.rows()}


def _row(content: WorkbookContent, sheet: str, row: int) -> ReadRow:
    return next(r for r in content.rows() if r.sheet == sheet and r.row == row)


def test_reads_back_what_was_written(small_book: Path) -> None:
    content = read_workbook(small_book)
    assert [(t.title, t.subject_id, t.found_by, len(t.rows)) for t in content.tables] == [
        ("Джинсы", JEANS, "names", 4), ("Сковороды", 9001, "names", 1), ("Футболки", SHIRTS, "names", 2),
        ("Без предмета", 0, "names", 1)]
    row = _row(content, "Джинсы", 5)
    assert row.get(TITLE) == FORMULA_TITLE
    assert row.get("static_vendorCode_0") == "A-2"
    assert row.get("static_price_4") == 1990 and isinstance(row.get("static_price_4"), int)
    assert row.get("static_weightBrutto_4") == 0.35
    assert row.get("characteristic_14177453_1") == "4600000002000"
    assert row.get("static_stock_1093405_4") == 5
    assert row.get("characteristic_17596_1") == "Женский"
    assert row.get("static_nmID_4") is None
    assert row.coordinate("static_vendorCode_0") == "B5"
    shirts = _row(content, "Футболки", 6)
    assert shirts.get("characteristic_14177449_1") == "белый; черный"
    assert shirts.get("characteristic_59609_4") == 70


def test_finds_columns_after_reorder_hide_and_trailing_blank_rows(small_book: Path, tmp_path: Path) -> None:
    original = _by_vendor(read_workbook(small_book))
    moved = tmp_path / "moved.xlsx"
    rearrange(small_book, moved, "Джинсы", hide=(1, 3, 7), extra=("Мои заметки", ["позвонить", None, "", "ok"]),
              blank_rows=30)
    content = read_workbook(moved)
    assert _by_vendor(content) == original
    jeans = next(t for t in content.tables if t.title == "Джинсы")
    assert len(jeans.rows) == 4
    assert jeans.columns["static_vendorCode_0"] != 2  # really moved
    first = _row(content, "Джинсы", 5)
    assert first.get("extra:Мои заметки") == "позвонить"
    assert first.coordinate("static_vendorCode_0") == f"{_letter(jeans.columns['static_vendorCode_0'])}5"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def test_falls_back_to_key_row_then_to_header_text(small_book: Path, tmp_path: Path, subjects, directories) -> None:
    original = _by_vendor(read_workbook(small_book))
    no_names = tmp_path / "no_names.xlsx"
    strip_names(small_book, no_names)
    by_keys = read_workbook(no_names)
    assert {t.found_by for t in by_keys.tables} == {"keys"}
    assert _by_vendor(by_keys) == original
    bare = tmp_path / "bare.xlsx"
    strip_names(small_book, bare, key_row_too=True)
    by_headers = read_workbook(bare, subjects=subjects, directories=directories)
    assert {t.found_by for t in by_headers.tables} == {"headers"}
    shirts = _row(by_headers, "Футболки", 5)
    assert shirts.get("characteristic_17596_1") == "Мужской"  # found by the charc name, via the subject spec
    assert shirts.get("static_vendorCode_0") == "A-1" and shirts.get("static_price_4") == 1990
    statics_only = read_workbook(bare)  # without specs only the static columns are recognised
    row = _row(statics_only, "Футболки", 5)
    assert row.get("characteristic_17596_1") is None and row.get("extra:Пол") == "Мужской"


def test_values_as_a_seller_types_them(small_book: Path, tmp_path: Path) -> None:
    edited = tmp_path / "typed.xlsx"
    edit(small_book, edited, "Футболки", {
        (5, "characteristic_14177453_1"): 4601234567890,  # barcode typed as a number
        (5, "static_price_4"): "1 990",
        (5, "static_weightBrutto_4"): "0,5",
        (6, "static_price_4"): "дорого",
        (6, TITLE): "  Футболка  ",
        (6, "static_wbSize_0"): 48,
    })
    content = read_workbook(edited)
    first, second = _row(content, "Футболки", 5), _row(content, "Футболки", 6)
    assert first.get("characteristic_14177453_1") == "4601234567890"
    assert first.get("static_price_4") == 1990 and first.get("static_weightBrutto_4") == 0.5
    assert second.get("static_price_4") == "дорого"  # left for the validator to report
    assert second.get(TITLE) == "Футболка" and second.get("static_wbSize_0") == "48"


def test_reads_a_stream_and_a_sheet_with_empty_first_column(small_book: Path, tmp_path: Path) -> None:
    content = read_workbook(io.BytesIO(small_book.read_bytes()))
    assert len(list(content.rows())) == 8
    shifted = tmp_path / "shifted.xlsx"
    import openpyxl

    wb = openpyxl.load_workbook(small_book)
    ws = wb["Футболки"]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    for number in range(1, ws.max_row + 1):
        ws.cell(number, 1).value = None
    wb.save(shifted)
    row = _row(read_workbook(shifted), "Футболки", 5)
    assert row.get("static_vendorCode_0") == "A-1" and row.get("static_groupID_4") is None


def test_not_a_workbook(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a zip", encoding="utf-8")
    with pytest.raises(UnreadableWorkbookError):
        read_workbook(junk)


@pytest.mark.parametrize("numeric", [False, True])
@pytest.mark.parametrize("cells", [
    (True, 1, 1.0, "1", "", "  x ", None, False, 0.0),  # True == 1 == 1.0 and False == 0.0: no shared answers
    (2.0, 2.5, 2.0**70, -0.0, float("inf"), " 1 990 ", "2,5", "abc"),
    ("a", "a", " a", "", "  "),
    (["unhashable"], "a"),
])
def test_a_column_is_typed_as_each_cell_would_be(cells: tuple[object, ...], numeric: bool) -> None:
    typed = _typed_column(cells, numeric)
    one_by_one = [_value(cell, numeric) for cell in cells]
    assert typed == one_by_one and list(map(type, typed)) == list(map(type, one_by_one))


def test_rows_of_another_source_may_be_short_and_start_deep() -> None:
    """Google Sheets rows end at their last filled cell; the key row may sit at the end of the scanned head."""
    keys: list[object] = ["static_vendorCode_0", STATIC_KEYS["title"], "static_price_4"]
    rows: list[list[object]] = [[] for _ in range(10)]
    rows += [keys, ["Артикул", "Название", "Цена"], ["подсказка"], ["A-1"], ["A-2", " Футболка ", "1 990"], [],
             ["A-3", "", 5.0]]
    table = table_from_rows(SheetNames("Лист", "visible"), iter(rows), {}, Directories())
    assert table is not None and table.header_row == 12
    assert [(r.row, r.values) for r in table.rows] == \
           [(14, ("A-1", None, None)), (15, ("A-2", "Футболка", 1990)), (17, ("A-3", None, 5))]
