"""In-memory sheets for the rule tests: the reader's tables built directly, no file involved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.drafts import SubjectSpec
from engine.issues import RowIssue
from engine.validation import ValidationReport, validate_content
from engine.workbook.columns import HEAD_COLUMNS, STATIC_KEYS, TAIL_COLUMNS, charc_key, stock_key
from engine.workbook.reader import ReadRow, ReadValue, SheetTable, WorkbookContent
from tests.validation.corpus_base import corpus_directories, corpus_subjects, ean13

K = STATIC_KEYS
SHIRTS, JEANS, PANS = 192, 180, 704
HEADERS = {c.key: c.header for c in (*HEAD_COLUMNS, *TAIL_COLUMNS)}
GENDER, COMPOSITION, TNVED, COLOUR = (charc_key(17596, 1), charc_key(14177450, 1), charc_key(15000001, 1),
                                      charc_key(14177449, 1))
LENGTH_OF_ITEM = charc_key(59609, 4)
STOCK = stock_key(1093405)
COLOURS = corpus_directories().colors  # WB colour names: a distinct one per card of a group
CHARC_HEADERS = {GENDER: "Пол", COMPOSITION: "Состав", TNVED: "ТНВЭД", COLOUR: "Цвет",
                 LENGTH_OF_ITEM: "Длина изделия", STOCK: "Остаток: Склад Подольск"}

Row = Mapping[str, ReadValue]


def good_shirt(code: str = "T-1", size: str = "S", barcode: int = 1, cells: Row | None = None) -> dict[str, ReadValue]:
    """A shirt row that breaks no rule, then ``cells`` (keyed by column key) typed over it."""
    row: dict[str, ReadValue] = {
        K["vendorCode"]: code, K["title"]: f"Футболка {code}", K["subject"]: "Футболки", K["brand"]: "Северная Нить",
        K["description"]: "Хлопок.", K["photo"]: "https://ir.ozone.ru/a.jpg; https://ir.ozone.ru/b.jpg",
        K["vat"]: "20", K["techSize"]: size, K["wbSize"]: size, K["barcodes"]: ean13(barcode), K["price"]: 1990,
        K["discount"]: 10, K["length"]: 30, K["width"]: 20, K["height"]: 5, K["weightBrutto"]: 0.35,
        GENDER: "Мужской", COMPOSITION: "хлопок", TNVED: "6109100000", COLOUR: "белый", STOCK: 5,
        K["ozonOfferId"]: f"{code}-{size}", K["ozonProductId"]: 1000 + barcode,
    }
    row.update(cells or {})
    return row


def sheet(title: str, subject_id: int | None, rows: Sequence[Row], *, keys: Sequence[str] | None = None) -> SheetTable:
    """A data sheet with ``keys`` as its columns (default: every key the rows use), data from row 5."""
    ordered = list(keys) if keys is not None else list(dict.fromkeys(k for r in rows for k in r))
    table = SheetTable(title, subject_id, 3, {k: n for n, k in enumerate(ordered, 1)}, "names")
    table.positions = {k: n for n, k in enumerate(ordered)}
    table.headers = {k: HEADERS.get(k) or CHARC_HEADERS.get(k) or k for k in ordered}
    table.rows = [ReadRow(table, 5 + n, tuple(r.get(k) for k in ordered)) for n, r in enumerate(rows)]
    return table


def check(*tables: SheetTable, subjects: Mapping[int, SubjectSpec] | None = None, offline: bool = False) -> \
        ValidationReport:
    if offline:
        return validate_content(WorkbookContent(list(tables)))
    return validate_content(WorkbookContent(list(tables)), subjects=subjects or corpus_subjects(),
                            directories=corpus_directories())


def found(report: ValidationReport) -> list[tuple[str, int, str, str]]:
    return [(i.sheet, i.row, i.column, i.code.value) for i in report.issues]


def only(report: ValidationReport) -> RowIssue:
    assert len(report.issues) == 1, found(report)
    return report.issues[0]


def shirts(*rows: Row) -> ValidationReport:
    return check(sheet("Футболки", SHIRTS, rows))
