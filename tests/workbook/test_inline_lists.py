"""Which dropdowns may be inline lists: Google Sheets parses an inline list's values as typed, formulas included."""

from __future__ import annotations

import pytest
from openpyxl.utils import quote_sheetname

from engine.workbook.layout import LISTS_TITLE
from engine.workbook.lookups import LookupLists, fits_inline


def test_a_tiny_fixed_set_goes_inline() -> None:
    assert fits_inline(("Да", "Нет"))
    assert LookupLists().formula(("Да", "Нет"), "Да/Нет", inline=True) == '"Да,Нет"'


@pytest.mark.parametrize("value", ["=IMPORTRANGE(1)", "+7", "-1", "@A1", "  =1+1"])
def test_a_value_that_looks_like_a_formula_goes_to_the_lookup_sheet(value: str) -> None:
    assert not fits_inline(("Да", value))
    lists = LookupLists()
    assert lists.formula(("Да", value), "Выбор", inline=True) == f"{quote_sheetname(LISTS_TITLE)}!$A$2:$A$3"
    assert lists.columns() == [("Выбор", ("Да", value))]
