"""The Google Sheet has the xlsx's layout: sheets, cells, lists, rules, colours; and the text stays text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from engine.gsheets.formats import colour
from engine.gsheets.structure import SUBJECT_METADATA_KEY
from engine.workbook.layout import LISTS_TITLE, subject_columns
from engine.workbook.sheets import SPARE_ROWS
from engine.workbook.styles import CREATE_FILL, DOUBTFUL_FILL, MISSING_FILL
from tests.gsheets.conftest import INFO, KEY, export
from tests.gsheets.fake_google import FakeGoogle
from tests.gsheets.fake_grid import FakeSheet, FakeSpreadsheet, column_index
from tests.workbook.builders import JEANS, PANS, SHIRTS, small_directories, small_subjects
from tests.workbook.conftest import FORMULA_TITLE

DATA_SHEETS = ["Джинсы", "Сковороды", "Футболки", "Без предмета"]


def _xlsx_cells(sheet: Any) -> dict[tuple[int, int], Any]:
    return {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value not in (None, "")}


def _google_cells(sheet: FakeSheet) -> dict[tuple[int, int], Any]:
    return {(r + 1, c + 1): v for (r, c), v in sheet.cells.items() if v not in (None, "")}


def _filled(sheet: FakeSheet, rgb: str) -> set[tuple[int, int]]:
    wanted = colour(rgb)
    found: set[tuple[int, int]] = set()
    for grid, cell_format, _fields in sheet.formats:
        if cell_format.get("backgroundColorStyle", {}).get("rgbColor") == wanted:
            found.update((r + 1, c + 1) for r in range(grid["startRowIndex"], grid["endRowIndex"])
                         for c in range(grid["startColumnIndex"], grid["endColumnIndex"]))
    return found


@pytest.fixture
def written(fake: FakeGoogle, book: FakeSpreadsheet) -> FakeSpreadsheet:
    summary = export(fake)
    assert summary.rows == 8 and summary.cards == 5 and summary.removed_sheets == ["Лист1"]
    assert fake.problems == []
    return book


def test_one_metadata_read_one_structure_call_one_values_call(fake: FakeGoogle, book: FakeSpreadsheet) -> None:
    summary = export(fake)
    plan = [(c.method, c.path.removeprefix(f"v4/spreadsheets/{KEY}")) for c in fake.calls]
    assert plan == [("GET", ""), ("GET", "/values:batchGet"), ("POST", ":batchUpdate"), ("POST", "/values:batchUpdate")]
    assert summary.calls == 4 and fake.problems == []
    values_call = fake.calls[-1].body
    assert values_call["valueInputOption"] == "RAW"
    assert max(c.body_bytes for c in fake.calls) < 2_000_000


def test_same_sheets_and_cells_as_the_xlsx(written: FakeSpreadsheet, small_xlsx: Path) -> None:
    xlsx = openpyxl.load_workbook(small_xlsx)
    assert [s.title for s in written.sheets] == xlsx.sheetnames
    for sheet in written.sheets:
        assert _google_cells(sheet) == _xlsx_cells(xlsx[sheet.title]), sheet.title
        assert bool(sheet.properties.get("hidden")) == (xlsx[sheet.title].sheet_state != "visible")


def test_untrusted_text_stays_text_and_numbers_stay_numbers(written: FakeSpreadsheet) -> None:
    jeans = written.sheet("Джинсы")
    cells = _google_cells(jeans)
    assert FORMULA_TITLE in cells.values() and "@SUM(1+1)" in cells.values()
    assert not any(isinstance(v, tuple) for v in cells.values())  # no value became a formula
    header = {jeans.value(2, c): c for c in range(1, jeans.size[1] + 1)}
    assert jeans.value(5, header["static_price_4"]) == 1990
    assert isinstance(jeans.value(5, header["static_subjectConfidence_4"]), float)
    text_columns = [g for g, f, _ in jeans.formats if f == {"numberFormat": {"type": "TEXT"}}]
    assert any(g["startColumnIndex"] < header["static_vendorCode_0"] <= g["endColumnIndex"] for g in text_columns)


def test_grids_are_sized_to_their_content(written: FakeSpreadsheet, small_xlsx: Path) -> None:
    xlsx = openpyxl.load_workbook(small_xlsx)
    for title in DATA_SHEETS:
        rows, columns = written.sheet(title).size
        assert rows == xlsx[title].max_row + SPARE_ROWS
        assert columns == xlsx[title].max_column
    assert written.sheet(LISTS_TITLE).size == (xlsx[LISTS_TITLE].max_row, xlsx[LISTS_TITLE].max_column)
    assert written.sheet("Инструкция").size[1] == 1


def test_frozen_header_hidden_key_row_and_subject_markers(written: FakeSpreadsheet) -> None:
    for title, subject_id in zip(DATA_SHEETS, (JEANS, PANS, SHIRTS, 0), strict=True):
        sheet = written.sheet(title)
        grid = sheet.properties["gridProperties"]
        assert (grid["frozenRowCount"], grid["frozenColumnCount"]) == (4, 2)
        hidden = [d["range"] for d in sheet.dimensions if d["properties"].get("hiddenByUser")]
        assert hidden == [{"sheetId": sheet.properties["sheetId"], "dimension": "ROWS", "startIndex": 1,
                           "endIndex": 2}]
        assert [(m["metadataKey"], m["metadataValue"]) for m in sheet.metadata] == [
            (SUBJECT_METADATA_KEY, str(subject_id))]
        header_block = [p for p in sheet.protected if p["range"].get("endRowIndex") == 4]
        assert header_block and header_block[0]["warningOnly"] is True


def test_lookup_sheet_is_hidden_and_protected(written: FakeSpreadsheet) -> None:
    lists = written.sheet(LISTS_TITLE)
    assert lists.properties["hidden"] is True
    assert lists.protected == [{"range": {"sheetId": lists.properties["sheetId"]}, "warningOnly": True,
                                "description": lists.protected[0]["description"], "protectedRangeId": 100 + len(
                                    [p for s in written.sheets[:-1] for p in s.protected])}]


def test_dropdowns_and_rules_match_the_xlsx(written: FakeSpreadsheet, small_xlsx: Path) -> None:
    xlsx = openpyxl.load_workbook(small_xlsx)
    for title in DATA_SHEETS:
        sheet = written.sheet(title)
        theirs = {str(dv.sqref): dv for dv in xlsx[title].data_validations.dataValidation}
        ours = {_a1(grid): rule for grid, rule in sheet.validations}
        assert set(ours) == set(theirs), title
        for ref, rule in ours.items():
            dv, condition = theirs[ref], rule["condition"]
            values = [v["userEnteredValue"] for v in condition["values"]]
            assert rule["strict"] is (dv.errorStyle == "stop")
            if dv.type == "list" and condition["type"] == "ONE_OF_RANGE":
                assert rule["showCustomUi"] is True
                assert _range_values(written, values[0][1:]) == _xlsx_range_values(xlsx, dv.formula1)
            elif dv.type == "list":
                assert condition["type"] == "ONE_OF_LIST" and values == dv.formula1.strip('"').split(",")
            elif dv.type in ("whole", "decimal"):
                assert condition["type"] == "NUMBER_BETWEEN" and values == [dv.formula1, dv.formula2]
            else:
                assert condition["type"] == "CUSTOM_FORMULA" and values[0].endswith(f"<={dv.formula1}")


def test_header_colours_and_highlighted_cells_match_the_xlsx(written: FakeSpreadsheet, small_xlsx: Path) -> None:
    xlsx = openpyxl.load_workbook(small_xlsx)
    for title in DATA_SHEETS:
        sheet = written.sheet(title)
        for rgb in (MISSING_FILL, DOUBTFUL_FILL, CREATE_FILL):
            theirs = {(c.row, c.column) for row in xlsx[title].iter_rows() for c in row
                      if c.fill.fill_type == "solid" and str(c.fill.start_color.rgb).endswith(rgb)}
            assert _filled(sheet, rgb) == theirs, (title, rgb)
    assert _filled(written.sheet("Футболки"), MISSING_FILL)  # the comparison is not vacuous
    assert _filled(written.sheet("Джинсы"), DOUBTFUL_FILL)
    merged = {_a1(m) for m in written.sheet("Футболки").merges}
    xlsx_merged = {str(r) for r in xlsx["Футболки"].merged_cells.ranges}
    assert "A1:L1" in xlsx_merged and "A1:L1" not in merged  # Sheets cannot merge across the frozen columns
    assert merged == (xlsx_merged - {"A1:L1"}) | {"A1:B1", "C1:L1"}


def test_summary_reports_each_sheet(written: FakeSpreadsheet) -> None:
    summary = _google_cells(written.sheet("Сводка"))
    assert summary[(2, 1)] == "Магазин Ozon" and summary[(3, 2)] == INFO["Товаров"]
    totals_row = max(r for r, _ in summary)
    assert summary[(totals_row, 1)] == "Итого" and summary[(totals_row, 5)] == 8


def test_columns_match_the_layout(written: FakeSpreadsheet) -> None:
    subject = small_subjects()[SHIRTS]
    keys = [c.key for c in subject_columns(subject, small_directories())]
    sheet = written.sheet("Футболки")
    assert [sheet.value(2, c) for c in range(1, sheet.size[1] + 1)] == keys


def _a1(grid: dict[str, int]) -> str:
    from openpyxl.utils import get_column_letter

    first = f"{get_column_letter(grid['startColumnIndex'] + 1)}{grid['startRowIndex'] + 1}"
    last = f"{get_column_letter(grid['endColumnIndex'])}{grid['endRowIndex']}"
    return first if first == last else f"{first}:{last}"


def _range_values(book: FakeSpreadsheet, ref: str) -> list[Any]:
    sheet, row0, col0, end_row, _end_col = book.parse_range(ref)
    assert end_row is not None
    return [sheet.cells.get((r, col0)) for r in range(row0, end_row)]


def _xlsx_range_values(xlsx: Any, formula: str) -> list[Any]:
    title, ref = formula.rsplit("!", 1)
    first, last = ref.replace("$", "").split(":")
    column = column_index("".join(ch for ch in first if ch.isalpha())) + 1
    rows = range(int("".join(ch for ch in first if ch.isdigit())), int("".join(ch for ch in last if ch.isdigit())) + 1)
    return [xlsx[title.strip("'")].cell(r, column).value for r in rows]
