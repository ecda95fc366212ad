"""Every column rule, one at a time, on in-memory sheets (pure engine code: no file, no network)."""

from __future__ import annotations

import re

import pytest

from engine.drafts import CharcType, SubjectSpec
from engine.issues import IssueCode
from engine.workbook.reader import ReadValue
from tests.validation.corpus_base import corpus_subjects, ean13
from tests.validation.tables import (
    COLOUR,
    COMPOSITION,
    GENDER,
    LENGTH_OF_ITEM,
    SHIRTS,
    STOCK,
    TNVED,
    K,
    check,
    found,
    good_shirt,
    only,
    sheet,
    shirts,
)

PANDERA_ENGLISH = re.compile(r"failure|Column|check|not_nullable|Series|dtype", re.IGNORECASE)


def test_a_good_row_breaks_no_rule_and_every_message_is_russian() -> None:
    assert shirts(good_shirt()).issues == []
    report = shirts(good_shirt(cells={K["title"]: "x" * 61, K["price"]: "дорого", GENDER: None}))
    assert len(report.issues) == 3
    for issue in report.issues:
        assert re.search("[а-яё]", issue.message) and not PANDERA_ENGLISH.search(issue.message), issue.message


@pytest.mark.parametrize(("key", "value", "code", "column"), [
    (K["title"], "Футболка " + "х" * 52, IssueCode.TOO_LONG, "Наименование"),
    (K["vendorCode"], "A" * 73, IssueCode.TOO_LONG, "Артикул продавца"),
    (K["description"], "слово " * 400, IssueCode.TOO_LONG, "Описание"),
    (K["title"], None, IssueCode.REQUIRED, "Наименование"),
    (K["subject"], None, IssueCode.REQUIRED, "Предмет"),
    (K["title"], "Футболка 😀", IssueCode.FORBIDDEN_TEXT, "Наименование"),
    (K["title"], "Футболка ★", IssueCode.FORBIDDEN_TEXT, "Наименование"),
    (K["description"], "пишите: a.b@mail.ru", IssueCode.FORBIDDEN_TEXT, "Описание"),
    (K["barcodes"], "4600000000013", IssueCode.BAD_BARCODE, "Баркоды"),
    (K["barcodes"], "46000000000 12", IssueCode.BAD_BARCODE, "Баркоды"),
    (K["price"], 0, IssueCode.OUT_OF_RANGE, "Цена, ₽"),
    (K["price"], -5, IssueCode.OUT_OF_RANGE, "Цена, ₽"),
    (K["price"], 99.5, IssueCode.NOT_WHOLE, "Цена, ₽"),
    (K["price"], "1 990 руб", IssueCode.NOT_A_NUMBER, "Цена, ₽"),
    (K["discount"], 100, IssueCode.OUT_OF_RANGE, "Скидка, %"),
    (K["discount"], -1, IssueCode.OUT_OF_RANGE, "Скидка, %"),
    (K["discount"], 2.5, IssueCode.NOT_WHOLE, "Скидка, %"),
    (K["length"], 0, IssueCode.OUT_OF_RANGE, "Длина упаковки, см"),
    (K["width"], 20.5, IssueCode.NOT_WHOLE, "Ширина упаковки, см"),
    (K["height"], "пять", IssueCode.NOT_A_NUMBER, "Высота упаковки, см"),
    (K["weightBrutto"], 0, IssueCode.OUT_OF_RANGE, "Вес с упаковкой, кг"),
    (K["weightBrutto"], 0.1234, IssueCode.TOO_PRECISE, "Вес с упаковкой, кг"),
    (K["groupID"], 0, IssueCode.OUT_OF_RANGE, "Группа"),
    (K["groupID"], 1.5, IssueCode.NOT_WHOLE, "Группа"),
    (STOCK, 100_001, IssueCode.OUT_OF_RANGE, "Остаток: Склад Подольск"),
    (STOCK, -1, IssueCode.OUT_OF_RANGE, "Остаток: Склад Подольск"),
    (K["photo"], ";".join(f"https://x.ru/{n}.jpg" for n in range(31)), IssueCode.TOO_MANY_VALUES, "Фото"),
    (K["photo"], "https://x.ru/1.jpg; ftp://x.ru/2.jpg", IssueCode.BAD_URL, "Фото"),
    (K["photo"], "x.ru/1.jpg", IssueCode.BAD_URL, "Фото"),
    (K["vat"], "18", IssueCode.NOT_IN_DICTIONARY, "Ставка НДС"),
    (GENDER, None, IssueCode.REQUIRED, "Пол"),
    (GENDER, "Мужской; Женский", IssueCode.TOO_MANY_VALUES, "Пол"),
    (GENDER, "Мужчина", IssueCode.NOT_IN_DICTIONARY, "Пол"),
    (COMPOSITION, "хлопок; лён; шерсть; шёлк", IssueCode.TOO_MANY_VALUES, "Состав"),
    (TNVED, None, IssueCode.REQUIRED, "ТНВЭД"),
    (COLOUR, "белый; черный; серый; синий; красный; зеленый", IssueCode.TOO_MANY_VALUES, "Цвет"),
    (COLOUR, "фиолетово-оранжевый", IssueCode.NOT_IN_DICTIONARY, "Цвет"),
    (LENGTH_OF_ITEM, "длинная", IssueCode.NOT_A_NUMBER, "Длина изделия"),
    (K["subject"], "Летающие тарелки", IssueCode.UNKNOWN_SUBJECT, "Предмет"),
    (K["subject"], "Джинсы", IssueCode.SUBJECT_CHANGED, "Предмет"),
])
def test_each_rule_flags_its_cell(key: str, value: ReadValue, code: IssueCode, column: str) -> None:
    issue = only(shirts(good_shirt(cells={key: value})))
    assert (issue.sheet, issue.row, issue.column, issue.code) == ("Футболки", 5, column, code)


@pytest.mark.parametrize(("key", "value"), [
    (K["title"], "Футболка " + "х" * 51),  # exactly 60
    (K["vendorCode"], "A" * 72),
    (K["discount"], 0), (K["discount"], 99),
    (K["weightBrutto"], 0.125), (K["weightBrutto"], "0,5"),
    (STOCK, 0), (STOCK, 100_000),
    (K["photo"], ";".join(f"https://x.ru/{n}.jpg" for n in range(30))),
    (K["barcodes"], f"{ean13(7)}; 12345670"),  # EAN-13 and GTIN-8
    (GENDER, "мужской"),  # WB's spelling is restored in the row model
    (COLOUR, "белый; черный; серый; синий; красный"),
    (LENGTH_OF_ITEM, "70 см"),  # the charc's own unit is tolerated
    (K["subject"], "  футболки "),
    (K["description"], None), (K["price"], None), (K["groupID"], None),
])
def test_values_at_the_limits_pass(key: str, value: ReadValue) -> None:
    assert found(shirts(good_shirt(cells={key: value}))) == []


def test_a_value_breaking_two_rules_of_its_column_gets_both_on_every_row_that_holds_it() -> None:
    """A column's rules run as one check; each rule the value breaks is still its own issue."""
    photos = ";".join(f"ftp://x.ru/{n}.jpg" for n in range(31))
    report = shirts(good_shirt(cells={K["photo"]: photos}), good_shirt("T-2", barcode=2, cells={K["photo"]: photos}))
    assert found(report) == [("Футболки", row, "Фото", code) for row in (5, 6)
                             for code in ("row.bad_url", "row.too_many_values")]


def test_text_in_a_number_column_is_reported_once_not_also_out_of_range() -> None:
    assert [i.code for i in shirts(good_shirt(cells={K["price"]: "-дорого"})).issues] == [IssueCode.NOT_A_NUMBER]


def test_required_for_create_says_wb_will_not_create_the_card() -> None:
    assert "не создаст" in only(shirts(good_shirt(cells={TNVED: None}))).message
    assert "не создаст" not in only(shirts(good_shirt(cells={GENDER: None}))).message


def test_a_required_characteristic_whose_column_is_gone_is_reported_on_every_row() -> None:
    rows = [good_shirt(), good_shirt("T-2", barcode=2)]
    keys = [k for k in rows[0] if k != GENDER]
    report = check(sheet("Футболки", SHIRTS, rows, keys=keys))
    assert found(report) == [("Футболки", 5, "Пол", "row.required"), ("Футболки", 6, "Пол", "row.required")]


def test_description_limit_comes_from_the_subject() -> None:
    spec = corpus_subjects()[SHIRTS]
    short = SubjectSpec(spec.subject_id, spec.name, spec.parent_name, spec.charcs, description_limit=1000)
    report = check(sheet("Футболки", SHIRTS, [good_shirt(cells={K["description"]: "я" * 1001})]),
                   subjects={SHIRTS: short})
    assert only(report).code is IssueCode.TOO_LONG and "1000" in only(report).message


def test_without_specs_only_static_rules_and_column_types_apply() -> None:
    row = good_shirt(cells={GENDER: "Мужчина", LENGTH_OF_ITEM: "длинная", K["subject"]: "Что угодно", TNVED: None})
    report = check(sheet("Футболки", SHIRTS, [row]), offline=True)
    # the subject cannot be called unknown offline, but it is not the sheet's own: refresh is needed
    assert found(report) == [("Футболки", 5, "Предмет", "row.subject_changed"),
                             ("Футболки", 5, "Длина изделия", "row.not_a_number")]


def test_rows_on_the_sheet_without_subject_must_name_one() -> None:
    report = check(sheet("Без предмета", 0, [good_shirt(cells={K["subject"]: None}), good_shirt("T-2", barcode=2)]))
    assert found(report) == [("Без предмета", 5, "Предмет", "row.required"),
                             ("Без предмета", 6, "Предмет", "row.subject_changed")]


def test_a_number_characteristic_spec_overrides_a_list_looking_key() -> None:
    number = next(c for c in corpus_subjects()[SHIRTS].charcs if c.charc_id == 59609)
    assert number.charc_type is CharcType.NUMBER
    assert found(shirts(good_shirt(cells={LENGTH_OF_ITEM: 70.5}))) == []
