"""The validated row model the push consumes: parsed values, cards from size rows, upload groups."""

from __future__ import annotations

import json

from engine.drafts import Dimensions
from engine.issues import IssueCode
from engine.validation import ValidationReport
from engine.workbook.columns import VAT_CHARC
from tests.validation.corpus_base import ean13
from tests.validation.tables import (
    COLOUR,
    COMPOSITION,
    GENDER,
    LENGTH_OF_ITEM,
    SHIRTS,
    STOCK,
    K,
    check,
    good_shirt,
    sheet,
    shirts,
)


def test_a_row_is_parsed_as_wb_takes_it() -> None:
    row = good_shirt(cells={
        GENDER: "мужской", COLOUR: "Белый;  черный ;", COMPOSITION: "хлопок; эластан", LENGTH_OF_ITEM: "70 см",
        K["barcodes"]: f"{ean13(1)}; {ean13(2)}", K["weightBrutto"]: "0,35", K["price"]: 1990, STOCK: 7,
        K["groupID"]: 4, K["nmID"]: 123456, "extra:Заметки": "позвонить",
    })
    parsed = shirts(row).rows[0]
    assert (parsed.sheet, parsed.row, parsed.vendor_code, parsed.subject_id, parsed.group) == \
           ("Футболки", 5, "T-1", SHIRTS, 4)
    assert parsed.characteristics == {17596: ["Мужской"], 14177449: ["белый", "черный"],
                                      14177450: ["хлопок", "эластан"], 59609: 70.0, 15000001: ["6109100000"],
                                      VAT_CHARC: ["20"]}
    assert parsed.barcodes == (ean13(1), ean13(2))
    assert parsed.dimensions == Dimensions(30, 20, 5, 0.35)
    assert parsed.photos == ("https://ir.ozone.ru/a.jpg", "https://ir.ozone.ru/b.jpg")
    assert (parsed.price, parsed.discount, parsed.stocks, parsed.nm_id) == (1990, 10, {1093405: 7}, 123456)
    assert parsed.extras == {"Заметки": "позвонить"} and parsed.ok


def test_dimensions_only_when_all_four_are_usable() -> None:
    assert shirts(good_shirt(cells={K["height"]: None})).rows[0].dimensions is None
    assert shirts(good_shirt(cells={K["weightBrutto"]: "лёгкая"})).rows[0].dimensions is None


def test_size_rows_become_one_card_and_each_row_owns_its_lists() -> None:
    report = shirts(good_shirt("T-1", "S", 1), good_shirt("T-1", "M", 2), good_shirt("T-2", "S", 3))
    first, second = report.cards
    assert (first.vendor_code, first.rows, [s.tech_size for s in first.sizes]) == ("T-1", (5, 6), ["S", "M"])
    assert second.rows == (7,) and first.ok and first.subject_id == SHIRTS
    first.sizes[0].characteristics[GENDER_ID].append("Женский")  # type: ignore[union-attr]
    assert first.sizes[1].characteristics[GENDER_ID] == ["Мужской"]
    assert first.sizes[0].characteristics[GENDER_ID] == ["Мужской", "Женский"]  # made once, then kept
    assert first.characteristics is first.sizes[0].characteristics


GENDER_ID = 17596


def test_groups_gather_cards_by_number_and_standalone_cards_stay_alone() -> None:
    report = shirts(good_shirt("T-1", barcode=1, cells={K["groupID"]: 2}), good_shirt("T-2", barcode=2),
                    good_shirt("T-3", barcode=3, cells={K["groupID"]: 2, COLOUR: "черный"}))
    assert [(g.group, [c.vendor_code for c in g.cards], g.subject_id, g.ok) for g in report.groups] == \
           [(2, ["T-1", "T-3"], SHIRTS, True), (None, ["T-2"], SHIRTS, True)]


def test_a_card_with_a_bad_row_is_not_ready_and_its_issues_travel_with_it() -> None:
    report = shirts(good_shirt("T-1", "S", 1), good_shirt("T-1", "M", 2, cells={K["price"]: -1}))
    card = report.cards[0]
    assert not card.ok and [i.code for i in card.issues] == [IssueCode.OUT_OF_RANGE]
    assert card.sizes[0].ok and not card.sizes[1].ok and not report.groups[0].ok


def test_report_counts_json_and_exit_codes() -> None:
    report = shirts(good_shirt("T-1", "S", 1), good_shirt("T-1", "M", 1), good_shirt("T-2", "S", 3))
    assert report.exit_code == 1
    counts = report.counts()
    assert counts == {"rows": 3, "rows_with_issues": 1, "clean_rows": 2, "cards": 2, "ready_cards": 1, "groups": 2,
                      "issues": 1, "by_code": {"row.duplicate": 1}}
    as_json = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert as_json["file_problem"] is None and as_json["issues"][0]["code"] == "row.duplicate"
    assert shirts(good_shirt()).exit_code == 0
    assert ValidationReport().exit_code == 0


def test_rows_without_vendor_code_are_kept_but_belong_to_no_card() -> None:
    report = check(sheet("Футболки", SHIRTS, [good_shirt(cells={K["vendorCode"]: None}), good_shirt("T-2", barcode=2)]))
    assert [r.row for r in report.rows] == [5, 6] and [c.vendor_code for c in report.cards] == ["T-2"]
    assert report.rows[0].issues[0].code is IssueCode.REQUIRED
