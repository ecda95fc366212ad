"""The name of an uploaded workbook, as the seller sees it on pages and in the result workbook's summary."""

from __future__ import annotations

import pytest

from api.uploads import NAME_LIMIT, display_name


@pytest.mark.parametrize(("sent", "shown"), [
    ("каталог.xlsx", "каталог.xlsx"),
    ("C:\\Users\\me\\каталог.xlsx", "каталог.xlsx"),
    ("../../etc/каталог.xlsx", "каталог.xlsx"),
    ("ката\x01лог\x1f.xlsx", "каталог.xlsx"),  # openpyxl refuses control characters in a cell
    ("\u202excod.exe", "xcod.exe"),  # a right-to-left override would disguise the name
    ("  \x00 ", "таблица.xlsx"),
    (None, "таблица.xlsx"),
])
def test_display_name(sent: str | None, shown: str) -> None:
    assert display_name(sent) == shown


def test_display_name_is_bounded() -> None:
    assert len(display_name("я" * 1000 + ".xlsx")) == NAME_LIMIT
