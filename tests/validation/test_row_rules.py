"""Rules across rows: unique vendor codes and barcodes, size rows of a card agreeing, WB groups."""

from __future__ import annotations

from engine.issues import IssueCode
from engine.workbook.reader import ReadValue
from tests.validation.corpus_base import ean13
from tests.validation.tables import (
    COLOUR,
    COLOURS,
    GENDER,
    JEANS,
    SHIRTS,
    TNVED,
    K,
    check,
    found,
    good_shirt,
    only,
    sheet,
    shirts,
)


def jeans_row(code: str, barcode: int, cells: dict[str, ReadValue] | None = None) -> dict[str, ReadValue]:
    return good_shirt(code, barcode=barcode, cells={K["subject"]: "Джинсы", K["title"]: f"Джинсы {code}",
                                                    TNVED: "6203423100", **(cells or {})})


def test_size_rows_of_one_card_are_not_duplicates() -> None:
    assert shirts(good_shirt("T-1", "S", 1), good_shirt("T-1", "M", 2)).issues == []


def test_same_vendor_code_and_size_twice_is_a_duplicate_on_the_later_row() -> None:
    issue = only(shirts(good_shirt("T-1", "S", 1), good_shirt("T-1", "S", 2)))
    assert (issue.row, issue.column, issue.code) == (6, "Артикул продавца", IssueCode.DUPLICATE)
    assert "строке 5" in issue.message
    no_size = only(shirts(good_shirt("P-1", "", 1), good_shirt("P-1", "", 2)))
    assert no_size.code is IssueCode.DUPLICATE and "без размера" in no_size.message


def test_vendor_code_on_two_sheets_is_a_duplicate() -> None:
    jeans = jeans_row("X-1", 50)
    report = check(sheet("Джинсы", JEANS, [jeans]), sheet("Футболки", SHIRTS, [good_shirt("X-1")]))
    assert found(report) == [("Футболки", 5, "Артикул продавца", "row.duplicate")]
    assert "«Джинсы»" in report.issues[0].message


def test_barcodes_are_unique_across_rows_and_sheets_and_within_a_cell() -> None:
    twice = f"{ean13(1)}; {ean13(1)}"
    assert found(shirts(good_shirt(cells={K["barcodes"]: twice}))) == [("Футболки", 5, "Баркоды", "row.duplicate")]
    report = shirts(good_shirt("T-1", "S", 1), good_shirt("T-2", "S", 1))
    assert found(report) == [("Футболки", 6, "Баркоды", "row.duplicate")]


def test_size_rows_must_agree_on_card_fields_but_not_on_size_fields() -> None:
    report = shirts(good_shirt("T-1", "S", 1),
                    good_shirt("T-1", "M", 2, cells={K["title"]: "Другая", GENDER: "Женский", K["price"]: 2500}))
    assert found(report) == [("Футболки", 6, "Наименование", "row.card_conflict"),
                             ("Футболки", 6, "Пол", "row.card_conflict")]


def test_card_fields_compare_as_text_so_spacing_and_number_form_do_not_matter() -> None:
    report = shirts(good_shirt("T-1", "S", 1, cells={K["title"]: "Футболка  T-1"}),
                    good_shirt("T-1", "M", 2, cells={K["title"]: "Футболка T-1", K["length"]: 30.0}))
    assert report.issues == []


def test_one_subject_per_group_the_odd_card_is_flagged() -> None:
    jeans = jeans_row("J-1", 9, {K["groupID"]: 1})
    report = check(sheet("Джинсы", JEANS, [jeans]),
                   sheet("Футболки", SHIRTS, [good_shirt("T-1", barcode=1, cells={K["groupID"]: 1}),
                                              good_shirt("T-2", barcode=2,
                                                         cells={K["groupID"]: 1, COLOUR: "черный"})]))
    assert found(report) == [("Джинсы", 5, "Группа", "row.group_conflict")]
    assert "«Футболки»" in report.issues[0].message


def test_at_most_thirty_cards_per_group() -> None:
    rows = [good_shirt(f"T-{n}", barcode=n, cells={K["groupID"]: 7, COLOUR: COLOURS[n]}) for n in range(1, 33)]
    report = shirts(*rows)
    assert found(report) == [("Футболки", 35, "Группа", "row.group_too_big"),
                             ("Футболки", 36, "Группа", "row.group_too_big")]
    assert found(shirts(*rows[:30])) == []


def test_several_size_rows_count_as_one_card_in_a_group() -> None:
    rows = [good_shirt(f"T-{n // 2}", "SM"[n % 2], barcode=n, cells={K["groupID"]: 3, COLOUR: COLOURS[n // 2]})
            for n in range(60)]
    assert shirts(*rows).issues == []  # 30 cards of two sizes each


def test_cards_of_a_group_wb_cannot_tell_apart_flag_the_whole_group() -> None:
    rows = [good_shirt("T-1", "S", 1, cells={K["groupID"]: 4}), good_shirt("T-1", "M", 2, cells={K["groupID"]: 4}),
            good_shirt("T-2", "S", 3, cells={K["groupID"]: 4, COLOUR: "черный"}),
            good_shirt("T-3", "S", 4, cells={K["groupID"]: 4, COLOUR: "Белый"})]
    report = shirts(*rows)
    # WB refuses the group as a whole, so T-2 (black) is flagged too; the card's first row carries it
    assert found(report) == [("Футболки", 5, "Группа", "row.group_not_distinct"),
                             ("Футболки", 7, "Группа", "row.group_not_distinct"),
                             ("Футболки", 8, "Группа", "row.group_not_distinct")]
    message = report.issues[0].message
    assert "группе 4" in message and "«T-1», «T-3»" in message and "Цвет «белый»" in message
    assert "T-2" not in message
    assert [g.ok for g in report.groups] == [False]


def test_colour_lists_compare_as_sets_and_an_empty_colour_is_a_clash_too() -> None:
    swapped = shirts(good_shirt("T-1", "S", 1, cells={K["groupID"]: 1, COLOUR: "белый; черный"}),
                     good_shirt("T-2", "S", 2, cells={K["groupID"]: 1, COLOUR: "черный;белый"}))
    assert {i.code for i in swapped.issues} == {IssueCode.GROUP_NOT_DISTINCT}
    empty = shirts(good_shirt("T-1", "S", 1, cells={K["groupID"]: 1, COLOUR: None}),
                   good_shirt("T-2", "S", 2, cells={K["groupID"]: 1, COLOUR: None}))
    assert IssueCode.GROUP_NOT_DISTINCT in {i.code for i in empty.issues}
    assert "не заполнен цвет" in next(i.message for i in empty.issues if i.code is IssueCode.GROUP_NOT_DISTINCT)
    apart = shirts(good_shirt("T-1", "S", 1, cells={K["groupID"]: 1, COLOUR: "белый"}),
                   good_shirt("T-2", "S", 2, cells={K["groupID"]: 2, COLOUR: "белый"}),
                   good_shirt("T-3", "S", 3, cells={COLOUR: "белый"}))
    assert apart.issues == []  # one card per group, or none: nothing to tell apart
