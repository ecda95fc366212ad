"""The workbook's look in Sheets API terms: the xlsx palette's colours and fonts as ``CellFormat`` dicts.

Colours and the rules that pick them (``header_colour``, ``data_fill``) come from the xlsx styles,
so both outputs paint the same cells the same way.
"""

from __future__ import annotations

from typing import Any

from engine.workbook.columns import Column, ColumnKind
from engine.workbook.guide import LEGEND_ROLE
from engine.workbook.stream import Mark
from engine.workbook.styles import (
    CREATE_FILL,
    DOUBTFUL_FILL,
    EDITABLE_FILL,
    GROUP_FILL,
    MISSING_FILL,
    header_colour,
)

Format = dict[str, Any]

WHITE = "FFFFFF"
KEY_GREY = "808080"
HINT_GREY = "595959"
TEXT_FORMAT: Format = {"numberFormat": {"type": "TEXT"}}  # what quotePrefix is in xlsx: an edit stays text
MARK_FILLS = {Mark.MISSING: MISSING_FILL, Mark.DOUBTFUL: DOUBTFUL_FILL}


def fields_of(cell_format: Format) -> str:
    """The field mask that sets exactly the parts of ``cell_format`` and leaves the cell's others alone."""
    return "userEnteredFormat(" + ",".join(sorted(cell_format)) + ")"


def colour(rgb: str) -> dict[str, float]:
    """``"C00000"`` as the API's 0..1 floats."""
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 4), "green": round(green, 4), "blue": round(blue, 4)}


def width_pixels(width: float) -> int:
    """An Excel column width (characters of the default font) in Sheets pixels."""
    return round(width * 7 + 5)


def height_pixels(points: float) -> int:
    return round(points * 4 / 3)


def text_format(*, bold: bool = False, italic: bool = False, size: int = 0, rgb: str = "") -> Format:
    found: Format = {}
    if bold:
        found["bold"] = True
    if italic:
        found["italic"] = True
    if size:
        found["fontSize"] = size
    if rgb:
        found["foregroundColorStyle"] = {"rgbColor": colour(rgb)}
    return found


def fill(rgb: str) -> Format:
    return {"backgroundColorStyle": {"rgbColor": colour(rgb)}} if rgb else {}


GROUP_FORMAT: Format = {**fill(GROUP_FILL), "textFormat": text_format(bold=True, rgb=WHITE),
                        "verticalAlignment": "MIDDLE"}
KEY_FORMAT: Format = {"textFormat": text_format(size=8, rgb=KEY_GREY)}
HINT_FORMAT: Format = {"textFormat": text_format(italic=True, size=9, rgb=HINT_GREY), "wrapStrategy": "WRAP",
                       "verticalAlignment": "TOP"}
_WRAP_CENTER: Format = {"wrapStrategy": "WRAP", "verticalAlignment": "MIDDLE", "horizontalAlignment": "CENTER"}
_WRAP_TOP: Format = {"wrapStrategy": "WRAP", "verticalAlignment": "TOP"}


def header_format(column: Column) -> Format:
    """The header cell of ``column``: its colour says editable, required, required to create, Ozon or result."""
    rgb, white = header_colour(column)
    text = text_format(bold=True, italic=column.kind is ColumnKind.SOURCE, rgb=WHITE if white else "")
    return {**fill(rgb), "textFormat": text, **_WRAP_CENTER}


def role_format(role: str) -> Format:
    """The format of a guide cell's role (see ``engine.workbook.guide.GuideCell``)."""
    if role.startswith(LEGEND_ROLE):
        rgb = role[len(LEGEND_ROLE):]
        white = rgb in (CREATE_FILL, GROUP_FILL)
        return {**fill(rgb), **_WRAP_TOP, **({"textFormat": text_format(bold=True, rgb=WHITE)} if white else {})}
    return dict(_ROLES.get(role, {}))


_ROLES: dict[str, Format] = {
    "title": {"textFormat": text_format(bold=True, size=14)},
    "bold": {"textFormat": text_format(bold=True)},
    "wrapped_text": _WRAP_TOP,
    "header_plain": {**fill(EDITABLE_FILL), "textFormat": text_format(bold=True), **_WRAP_CENTER},
}


def data_number_format(column: Column) -> Format:
    """The number format of ``column``'s data cells; text columns are TEXT so a seller's "=..." stays text."""
    if column.numeric is None:
        return TEXT_FORMAT
    if column.number_format == "0%":
        return {"numberFormat": {"type": "PERCENT", "pattern": "0%"}}
    if column.number_format:
        return {"numberFormat": {"type": "NUMBER", "pattern": column.number_format}}
    return {}
