"""Collecting the seller's settled subject choices from an edited workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.category.models import OzonType
from engine.confirmations import collect_confirmations
from engine.wb_reference import subjects_in_workbook
from engine.workbook import STATIC_KEYS, read_workbook, write_workbook
from tests.workbook.builders import JEANS, PANS, SHIRTS, choice, draft, small_directories, small_subjects
from tests.workbook.editing import edit, strip_names

SUBJECT = STATIC_KEYS["subject"]
TROUSERS = 11
NAMES = {SHIRTS: "Футболки", JEANS: "Джинсы", PANS: "Сковороды", TROUSERS: "Брюки", 13: "Шорты"}

TEE = OzonType(1, 10, "Футболка", ("Одежда", "Футболки"))
DENIM = OzonType(1, 20, "Джинсы", ("Одежда", "Джинсы"))
CHINOS = OzonType(1, 40, "Брюки чинос", ("Одежда", "Брюки"))
PAN = OzonType(2, 30, "Сковорода", ("Дом", "Сковороды"))
WOK = OzonType(2, 31, "Вок", ("Дом", "Сковороды"))
LOOSE = OzonType(3, 50, "Разное", ("Прочее",))
TYPES = (TEE, DENIM, CHINOS, PAN, WOK, LOOSE)


def _book(path: Path) -> Path:
    shirts, jeans, pans = choice(SHIRTS, "Футболки"), choice(JEANS, "Джинсы", 0.2), choice(PANS, "Сковороды")
    drafts = [
        draft("TEE", shirts, sizes=2, ozon_category=TEE.path_text),
        draft("DENIM", jeans, sizes=2, low_confidence=True, ozon_category=DENIM.path_text, first_product=2000),
        draft("CHINOS", jeans, sizes=2, low_confidence=True, ozon_category=CHINOS.path_text, first_product=3000),
        draft("PAN-1", pans, sizes=1, ozon_category=PAN.path_text, first_product=4000),
        draft("PAN-2", pans, sizes=1, ozon_category=PAN.path_text, first_product=4100),
        draft("WOK", pans, sizes=1, ozon_category=WOK.path_text, first_product=4200),
        draft("LOOSE", None, sizes=1, low_confidence=True, ozon_category=LOOSE.path_text, first_product=5000),
        draft("ALIEN", shirts, sizes=1, ozon_category="Нет такой / категории", first_product=6000),
    ]
    write_workbook(path, drafts, small_subjects(), small_directories())
    return path


def _rows_of(path: Path, vendor_code: str) -> list[tuple[str, int]]:
    return [(r.sheet, r.row) for r in read_workbook(path).rows() if r.get(STATIC_KEYS["vendorCode"]) == vendor_code]


def _set_subject(path: Path, vendor_code: str, subject: str | None) -> None:
    for sheet, row in _rows_of(path, vendor_code):
        edit(path, path, sheet, {(row, SUBJECT): subject})


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return _book(tmp_path / "book.xlsx")


def test_untouched_confident_rows_are_confirmed_and_doubtful_ones_are_not(book):
    found = collect_confirmations(read_workbook(book), TYPES, NAMES)
    # DENIM, CHINOS and LOOSE were doubtful suggestions nobody looked at.
    assert found.choices == {TEE.key: SHIRTS, PAN.key: PANS, WOK.key: PANS}
    assert found.unknown_categories == 1
    assert found.unsettled == [LOOSE.path_text]  # its row has no subject at all
    assert found.disputed == []


def test_subjects_the_seller_switched_to_are_confirmed(book):
    _set_subject(book, "CHINOS", "Брюки")
    _set_subject(book, "LOOSE", "футболки ")  # case and spaces as a seller may type them
    _set_subject(book, "WOK", "Джинсы")
    found = collect_confirmations(read_workbook(book), TYPES, NAMES)
    assert found.choices == {TEE.key: SHIRTS, PAN.key: PANS, WOK.key: JEANS, CHINOS.key: TROUSERS,
                             LOOSE.key: SHIRTS}
    assert found.disputed == found.unsettled == []


def test_rows_of_one_type_that_disagree_confirm_nothing_for_it(book):
    _set_subject(book, "PAN-2", "Джинсы")
    first_tee_row = _rows_of(book, "TEE")[0]
    edit(book, book, first_tee_row[0], {(first_tee_row[1], SUBJECT): "Несуществующий предмет"})
    found = collect_confirmations(read_workbook(book), TYPES, NAMES)
    assert found.choices == {WOK.key: PANS}
    assert found.disputed == [PAN.path_text]
    assert found.unsettled == sorted([TEE.path_text, LOOSE.path_text])  # a made-up subject, no subject


def test_a_cleared_subject_confirms_nothing_for_its_type(book):
    _set_subject(book, "TEE", None)
    found = collect_confirmations(read_workbook(book), TYPES, NAMES)
    assert TEE.key not in found.choices
    assert TEE.path_text in found.unsettled


def test_without_defined_names_the_sheet_title_tells_a_change(book, tmp_path):
    _set_subject(book, "CHINOS", "Брюки")
    bare = tmp_path / "bare.xlsx"
    strip_names(book, bare)
    content = read_workbook(bare)
    assert all(t.subject_id is None for t in content.tables)
    found = collect_confirmations(content, TYPES, NAMES)
    assert found.choices == {TEE.key: SHIRTS, PAN.key: PANS, WOK.key: PANS, CHINOS.key: TROUSERS}


def test_types_or_subjects_sharing_a_name_are_not_guessed(book):
    twin = OzonType(9, 10, TEE.type_name, TEE.path)  # same path text, another key
    found = collect_confirmations(read_workbook(book), (*TYPES, twin), {**NAMES, 777: "Сковороды"})
    assert TEE.key not in found.choices and twin.key not in found.choices
    assert PAN.key not in found.choices  # «Сковороды» could be 9001 or 777
    assert found.unknown_categories == 1 + 2  # ALIEN, and the two TEE rows


def test_the_subjects_a_workbook_needs_are_its_sheets_and_the_rows_new_subjects(book, tmp_path):
    _set_subject(book, "CHINOS", " брюки")
    _set_subject(book, "WOK", "Нет такого")
    assert subjects_in_workbook(read_workbook(book), NAMES) == {SHIRTS, JEANS, PANS, TROUSERS}
    bare = tmp_path / "bare.xlsx"
    strip_names(book, bare)  # sheets known by their titles only
    assert subjects_in_workbook(read_workbook(bare), NAMES) == {SHIRTS, JEANS, PANS, TROUSERS}
