from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from engine.drafts import CharcType
from engine.workbook.columns import STATIC_KEYS
from engine.workbook.layout import LISTS_TITLE, subject_columns, subject_layout
from engine.workbook.styles import CREATE_FILL, DOUBTFUL_FILL, EDITABLE_FILL, MISSING_FILL, REQUIRED_FILL
from engine.workbook.writer import WorkbookSummary, write_workbook
from tests.workbook.builders import (
    JEANS,
    SHIRTS,
    charc,
    choice,
    draft,
    sample_directories,
    sample_subjects,
    small_subjects,
)
from tests.workbook.conftest import FORMULA_TITLE

LOOKUP_REF = re.compile(r"^'?_lists'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")
DATA_SHEETS = ["Джинсы", "Сковороды", "Футболки", "Без предмета"]


def _load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def _header_map(ws) -> dict[str, int]:
    """Column key -> column number, from the sheet-scoped names."""
    found = {}
    for name, defined in ws.defined_names.items():
        for _title, ref in defined.destinations:
            if name.startswith(("static_", "characteristic_")):
                found[name] = ws[ref.replace("$", "")].column
    return found


def _lookup_values(wb, formula: str) -> list[str]:
    match = LOOKUP_REF.match(formula)
    assert match, formula
    col, first, _, last = match.groups()
    return [wb[LISTS_TITLE][f"{col}{r}"].value for r in range(int(first), int(last) + 1)]


def test_sheets_one_per_subject_plus_guides_and_hidden_lists(small_book: Path) -> None:
    wb = _load(small_book)
    assert wb.sheetnames == ["Инструкция", "Сводка", *DATA_SHEETS, LISTS_TITLE]
    assert wb[LISTS_TITLE].sheet_state == "veryHidden"
    assert all(wb[t].sheet_state == "visible" for t in wb.sheetnames[:-1])
    assert wb["Футболки"].freeze_panes == "C5"


def test_header_cells_carry_sheet_scoped_names(small_book: Path, subjects, directories) -> None:
    wb = _load(small_book)
    assert not wb.defined_names  # nothing global: the same names repeat on every sheet
    for title in DATA_SHEETS:
        ws = wb[title]
        subject = next((s for s in subjects.values() if s.name == title), None)
        columns = subject_columns(subject, directories)
        positions = _header_map(ws)
        assert set(positions) == {c.key for c in columns}
        for column in columns:
            assert ws.cell(3, positions[column.key]).value == column.header
            assert ws.cell(2, positions[column.key]).value == column.key  # the hidden key row
    with zipfile.ZipFile(small_book) as archive:
        root = etree.fromstring(archive.read("xl/workbook.xml"))
    names = root.findall(".//{*}definedName")
    assert names and all(n.get("localSheetId") is not None for n in names)
    per_sheet = {n.get("localSheetId") for n in names if n.get("name") == "static_vendorCode_0"}
    assert per_sheet == {"2", "3", "4", "5"}


def test_dropdowns_use_the_lookup_sheet_or_tiny_inline_lists(small_book: Path, directories) -> None:
    wb = _load(small_book)
    for title in DATA_SHEETS:
        ws = wb[title]
        seen_columns: list[str] = []
        for dv in ws.data_validations.dataValidation:
            assert not dv.formula1.startswith("=")
            ranges = str(dv.sqref).split()
            assert len(ranges) == 1  # one validation per column range, never per cell
            seen_columns.append(re.sub(r"\d", "", ranges[0].split(":")[0]))
            if dv.type == "list":
                assert LOOKUP_REF.match(dv.formula1) or (dv.formula1.startswith('"') and len(dv.formula1) <= 257)
        assert len(seen_columns) == len(set(seen_columns))
    subject_dv = _dv_for(wb["Футболки"], "static_subject_0")
    assert _lookup_values(wb, subject_dv.formula1) == sorted(directories.subjects, key=str.casefold)
    assert subject_dv.errorStyle == "stop"
    tnved_dv = _dv_for(wb["Футболки"], "characteristic_15000001_1")
    assert _lookup_values(wb, tnved_dv.formula1) == list(directories.tnved[SHIRTS])
    assert _lookup_values(wb, _dv_for(wb["Джинсы"], "characteristic_15000001_1").formula1) == ["6203423100"]
    # a directory always goes to the lookup sheet, however short; only a charc's own tiny set is inline
    assert LOOKUP_REF.match(_dv_for(wb["Футболки"], "characteristic_17596_1").formula1)
    assert _dv_for(wb["Сковороды"], "characteristic_15000902_1").formula1 == '"Да,Нет"'
    coating = _lookup_values(wb, _dv_for(wb["Сковороды"], "characteristic_15000903_1").formula1)
    assert coating == [f"покрытие номер {i}" for i in range(40)]


def _dv_for(ws, key: str):
    letter = openpyxl.utils.get_column_letter(_header_map(ws)[key])
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{letter}5:")]
    assert len(found) == 1, key
    return found[0]


def test_numeric_and_length_rules(small_book: Path, subjects) -> None:
    wb = _load(small_book)
    ws = wb["Футболки"]
    for c in subjects[SHIRTS].charcs:
        if c.charc_type == 4 and c.charc_id not in (90846, 88953):  # those two live in the static package columns
            assert _dv_for(ws, f"characteristic_{c.charc_id}_4").type == "decimal"
    assert _dv_for(ws, "static_price_4").type == "whole"
    discount = _dv_for(ws, "static_discount_4")
    assert (discount.type, discount.formula1, discount.formula2) == ("whole", "0", "99")
    title = _dv_for(ws, STATIC_KEYS["title"])
    assert (title.type, title.operator, title.formula1) == ("textLength", "lessThanOrEqual", "60")
    assert _dv_for(wb["Джинсы"], STATIC_KEYS["description"]).formula1 == "1000"
    for sheet in DATA_SHEETS:
        for dv in wb[sheet].data_validations.dataValidation:
            assert len(dv.errorTitle) <= 32 and len(dv.error) <= 255
            assert dv.errorStyle in ("warning", "stop")


def test_no_formula_anywhere_and_text_stays_text(small_book: Path) -> None:
    wb = _load(small_book)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    ws = wb["Джинсы"]
    cols = _header_map(ws)
    title = ws.cell(5, cols[STATIC_KEYS["title"]])
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA_TITLE, "s", True)
    assert ws.cell(5, cols[STATIC_KEYS["ozonName"]]).value == "@SUM(1+1)"
    assert ws.cell(5, cols[STATIC_KEYS["description"]]).value == "+7 999 000-00-00"
    price = ws.cell(5, cols["static_price_4"])
    assert (price.value, price.data_type) == (1990, "n")
    barcode = ws.cell(5, cols["characteristic_14177453_1"])
    assert barcode.data_type == "s" and barcode.quotePrefix
    with zipfile.ZipFile(small_book) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_rows_per_size_with_card_values_repeated(small_book: Path) -> None:
    wb = _load(small_book)
    ws = wb["Джинсы"]
    cols = _header_map(ws)
    rows = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in range(5, ws.max_row + 1)]
    assert [r[cols["static_vendorCode_0"] - 1] for r in rows] == ["A-2", "A-2", "A-2", "A-5"]
    assert [r[cols["static_techSize_0"] - 1] for r in rows] == ["S", "M", "L", "S"]
    assert {r[cols[STATIC_KEYS["title"]] - 1] for r in rows[:3]} == {FORMULA_TITLE}
    groups = [r[cols["static_groupID_4"] - 1] for r in rows]
    assert groups[0] == groups[3] and isinstance(groups[0], int)  # share a model
    assert wb["Футболки"].cell(5, _header_map(wb["Футболки"])["static_groupID_4"]).value is None
    assert rows[0][cols["static_stock_1093405_4"] - 1] == 5
    assert rows[0][cols["characteristic_17596_1"] - 1] == "Женский"
    assert rows[0][cols["static_subjectAlternatives_0"] - 1] == "Брюки (Одежда) — 30%; Шорты (Одежда) — 10%"
    shirts = wb["Футболки"]
    sc = _header_map(shirts)
    assert shirts.cell(5, sc["characteristic_14177449_1"]).value == "белый; черный"
    assert shirts.cell(5, sc["characteristic_59609_4"]).value == 70
    assert shirts.cell(5, sc[STATIC_KEYS["description"]]).value == "Ткань без управляющих символов"


def _rgb(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else ""


def test_required_headers_and_highlighted_cells(small_book: Path) -> None:
    wb = _load(small_book)
    shirts, jeans = wb["Футболки"], wb["Джинсы"]
    sc, jc = _header_map(shirts), _header_map(jeans)
    assert _rgb(shirts.cell(3, sc["characteristic_17596_1"])) == REQUIRED_FILL
    assert "обязательно" in shirts.cell(4, sc["characteristic_17596_1"]).value.casefold()
    assert _rgb(jeans.cell(3, jc["characteristic_11470_1"])) == CREATE_FILL
    assert "обязательно" in jeans.cell(4, jc["characteristic_11470_1"]).value.casefold()
    assert _rgb(shirts.cell(3, sc["characteristic_50172_1"])) == EDITABLE_FILL
    # A-1 lacks the required Состав: its empty cells are red, on both size rows
    composition = [shirts.cell(r, sc["characteristic_14177450_1"]) for r in (5, 6)]
    assert [(c.value, _rgb(c)) for c in composition] == [(None, MISSING_FILL)] * 2
    # A-2 is a low-confidence guess; A-5 is not
    subject = [jeans.cell(r, jc["static_subject_0"]) for r in (5, 8)]
    assert [(c.value, _rgb(c)) for c in subject] == [("Джинсы", DOUBTFUL_FILL), ("Джинсы", "")]
    assert jeans.cell(5, jc["static_subjectCheck_0"]).value == "Да"
    assert _rgb(wb["Без предмета"].cell(5, _header_map(wb["Без предмета"])["static_subject_0"])) == MISSING_FILL


def test_instructions_and_summary(written: tuple[Path, WorkbookSummary]) -> None:
    path, summary = written
    wb = _load(path)
    text = "\n".join(str(c.value) for row in wb["Инструкция"].iter_rows() for c in row if c.value)
    assert "ozwb refresh" in text and "60 символов" in text and "«;»" in text
    rows = [[c.value for c in row] for row in wb["Сводка"].iter_rows()]
    assert rows[1][:2] == ["Магазин Ozon", "Тестовый"] and rows[2][:2] == ["Товаров", 8]
    by_sheet = {r[0]: r[1:7] for r in rows if r[0] in DATA_SHEETS}
    assert by_sheet["Джинсы"] == ["Джинсы", JEANS, 2, 4, 3, 0]
    assert by_sheet["Футболки"][2:6] == [1, 2, 0, 2]
    assert by_sheet["Без предмета"] == ["—", 0, 1, 1, 0, 1]
    assert rows[-1][0] == "Итого" and rows[-1][3:6] == [summary.cards, summary.rows, 3]
    assert summary.cards == 5 and summary.rows == 8


def test_write_to_stream_and_empty_catalog(subjects, directories) -> None:
    buffer = io.BytesIO()
    summary = write_workbook(buffer, [], subjects, directories)
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == ["Инструкция", "Сводка", "Без предмета", LISTS_TITLE]
    assert summary.rows == 0 and wb["Без предмета"].max_row == 4


def test_long_names_fit_excel_limits(tmp_path: Path, directories) -> None:
    long_name = "Очень длинное название характеристики, " * 10
    spec = small_subjects()[SHIRTS]
    spec = type(spec)(spec.subject_id, "Футболки/майки: [летние]*? и ещё очень длинное", spec.parent_name,
                      (*spec.charcs, charc(77, long_name, CharcType.NUMBER, unit="см"),
                       charc(78, "Список", dictionary=tuple(f"значение {i}" for i in range(9)))))
    path = tmp_path / "long.xlsx"
    write_workbook(path, [draft("L-1", choice(SHIRTS, spec.name))], {SHIRTS: spec}, directories)
    wb = _load(path)
    title = wb.sheetnames[2]
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
    for dv in wb[title].data_validations.dataValidation:
        assert len(dv.errorTitle) <= 32 and len(dv.error) <= 255 and len(dv.formula1) <= 255


def test_realistic_sample_workbook(sample_book: Path) -> None:
    subjects = sample_subjects()
    wb = _load(sample_book)
    assert wb[LISTS_TITLE].sheet_state == "veryHidden"
    data_sheets = [ws for ws in wb.worksheets if "static_vendorCode_0" in ws.defined_names]
    assert len(data_sheets) == len(subjects) + 1
    for ws in data_sheets:
        keys = _header_map(ws)
        assert all(ws.cell(2, col).value == key for key, col in keys.items())
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                assert LOOKUP_REF.match(dv.formula1) or len(dv.formula1) <= 257
        marker = [n for n in ws.defined_names if n.startswith("ozwb_subject_")]
        assert len(marker) == 1
    layout = subject_layout(subjects[192], sample_directories(), set())
    assert [c.key for c in layout.columns].count("characteristic_14177446_1") == 1  # Бренд is not repeated


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800x"])
def test_xml_illegal_text_is_cleaned(tmp_path: Path, subjects, directories, bad: str) -> None:
    path = tmp_path / "bad.xlsx"
    write_workbook(path, [draft("B-1", choice(SHIRTS, "Футболки"), title=bad)], subjects, directories)
    ws = _load(path)["Футболки"]
    assert ws.cell(5, _header_map(ws)[STATIC_KEYS["title"]]).value in ("ab", "x")
