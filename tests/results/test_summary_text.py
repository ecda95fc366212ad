"""The result workbook's summary sheet holds the seller's own texts (the book's name) as plain text."""

from __future__ import annotations

import io

import openpyxl

from engine.results.summary import SUMMARY_SHEET, ResultsSummary, write_summary_sheet


def test_the_books_name_is_text_without_control_characters() -> None:
    book = openpyxl.Workbook()
    write_summary_sheet(book, ResultsSummary(), {"Книга": "ката\x01лог.xlsx", "Перенос №": "=HYPERLINK(\"x\")"})
    saved = io.BytesIO()
    book.save(saved)
    sheet = openpyxl.load_workbook(io.BytesIO(saved.getvalue()))[SUMMARY_SHEET]
    assert [(c.value, c.data_type) for c in sheet[3][:2]] == [("Книга", "s"), ("каталог.xlsx", "s")]
    assert [(c.value, c.data_type) for c in sheet[4][:2]] == [("Перенос №", "s"), ("=HYPERLINK(\"x\")", "s")]
