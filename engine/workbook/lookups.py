"""The hidden ``_lists`` sheet every dropdown points at, one list per column.

Excel silently drops an inline list longer than 255 characters, so directories never go
inline: a list is written once (deduplicated by content) and referenced by range.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname

from engine.workbook.errors import WorkbookLimitError
from engine.workbook.layout import LISTS_TITLE
from engine.workbook.stream import add_stream_sheet, text_cell
from engine.workbook.styles import Palette

INLINE_LIST_LIMIT = 255  # characters of a quoted inline list, commas included (Excel)
INLINE_MAX_ITEMS = 10
DROPDOWN_ITEM_LIMIT = 32_767  # a dropdown shows no more than this
FORMULA_STARTS = ("=", "+", "-", "@")


def inline_list_formula(values: Sequence[str]) -> str:
    """``"a,b,c"`` for a data validation; refuses what Excel would drop."""
    if any("," in v or '"' in v for v in values):
        raise WorkbookLimitError("an inline list item may not contain a comma or a quote")
    joined = ",".join(values)
    if len(joined) > INLINE_LIST_LIMIT:
        raise WorkbookLimitError(f"inline list of {len(joined)} characters exceeds Excel's {INLINE_LIST_LIMIT}")
    return f'"{joined}"'


def fits_inline(values: Sequence[str]) -> bool:
    """Tiny fixed sets (Да/Нет) may go inline; anything bigger goes to the lookup sheet.

    So does a set with a value that looks like a formula: Google Sheets parses an inline list's values as typed,
    while the lookup sheet is written as plain text.
    """
    return (
        0 < len(values) <= INLINE_MAX_ITEMS
        and len(",".join(values)) <= INLINE_LIST_LIMIT
        and not any("," in v or '"' in v or not v or v.lstrip()[:1] in FORMULA_STARTS for v in values)
    )


class LookupLists:
    """Collects the dropdown lists of all sheets; each distinct list gets one column of ``_lists``."""

    def __init__(self) -> None:
        self._columns: dict[tuple[str, ...], int] = {}
        self._titles: list[str] = []
        self._lists: list[tuple[str, ...]] = []

    def formula(self, values: tuple[str, ...], title: str, *, inline: bool = False) -> str:
        """The DV ``formula1`` for ``values``: inline if allowed and tiny, else a range on ``_lists``; "" if empty."""
        if inline and fits_inline(values):
            return inline_list_formula(values)
        values = tuple(dict.fromkeys(v for v in values if v))[:DROPDOWN_ITEM_LIMIT]
        if not values:
            return ""
        column = self._columns.get(values)
        if column is None:
            self._lists.append(values)
            self._titles.append(title)
            column = len(self._lists)
            self._columns[values] = column
        letter = get_column_letter(column)
        # Row 1 holds the list's title, values start at row 2.
        return f"{quote_sheetname(LISTS_TITLE)}!${letter}$2:${letter}${len(values) + 1}"

    def __len__(self) -> int:
        return len(self._lists)

    def columns(self) -> list[tuple[str, tuple[str, ...]]]:
        """``(title, values)`` per column of ``_lists``, in column order (A, B, ...), for writers other than xlsx."""
        return list(zip(self._titles, self._lists, strict=True))

    def write(self, workbook: Any, palette: Palette) -> None:
        """Write the lists as a very hidden sheet (LibreOffice turns that into plain hidden)."""
        sheet = add_stream_sheet(workbook, LISTS_TITLE)
        sheet.sheet_state = "veryHidden"
        for position in range(1, len(self._lists) + 1):
            sheet.column_dimensions[get_column_letter(position)].width = 24
        sheet.append([(i, text_cell(sheet, t, palette.bold)) for i, t in enumerate(self._titles, 1)])
        depth = max((len(v) for v in self._lists), default=0)
        for row in range(depth):
            sheet.append([
                (i, text_cell(sheet, values[row], palette.plain_text))
                for i, values in enumerate(self._lists, 1)
                if row < len(values)
            ])
