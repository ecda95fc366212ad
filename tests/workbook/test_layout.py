from __future__ import annotations

import pytest

from engine.drafts import Directories
from engine.workbook.columns import STATIC_KEYS, ColumnKind, key_charc_id, key_warehouse_id
from engine.workbook.errors import WorkbookLimitError
from engine.workbook.layout import sheet_title, subject_columns
from engine.workbook.lookups import LookupLists, fits_inline, inline_list_formula
from tests.workbook.builders import JEANS, SHIRTS, WAREHOUSES


def test_sheet_titles_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_title("Брюки/шорты: [летние]*?", taken) == "Брюки шорты   летние"
    long = "Аксессуары для электронных сигарет и вейпов"
    first, second = sheet_title(long, taken), sheet_title(long.upper(), taken)
    assert len(first) == 31 and len(second) <= 31 and first.casefold() != second.casefold()
    assert second.endswith(" (2)")
    assert sheet_title("Сводка", taken) == "Сводка (2)"  # our own sheets keep their names
    assert sheet_title("'Кавычки'", taken) == "Кавычки"
    assert sheet_title("", taken) == "Лист"


def test_subject_columns(subjects, directories) -> None:
    columns = subject_columns(subjects[SHIRTS], directories)
    keys = [c.key for c in columns]
    assert len(keys) == len(set(keys))
    headers = [c.header.casefold() for c in columns]
    assert len(headers) == len(set(headers))  # header text is the reader's last resort
    assert "размер (характеристика)" in headers
    # Бренд, НДС, package height and gross weight are card fields: no second column for them
    for charc_id in (14177446, 15001405, 90846, 88953):
        assert sum(1 for c in columns if c.charc_id == charc_id) == 1
    assert [key_warehouse_id(c.key) for c in columns if key_warehouse_id(c.key)] == list(WAREHOUSES)
    assert keys[:2] == ["static_groupID_4", "static_vendorCode_0"]
    assert {c.kind for c in columns if c.key.startswith(("static_ozon", "static_mapping"))} == {ColumnKind.SOURCE}
    assert {c.kind for c in columns[-9:]} == {ColumnKind.RESULT}
    by_key = {c.key: c for c in columns}
    assert by_key["characteristic_59609_4"].numeric is not None and "см" in by_key["characteristic_59609_4"].hint
    assert by_key["characteristic_14177449_1"].multi and by_key["characteristic_14177449_1"].dropdown
    jeans = {c.key: c for c in subject_columns(subjects[JEANS], directories)}
    assert jeans[STATIC_KEYS["description"]].max_length == 1000
    assert jeans["characteristic_11470_1"].required_for_create
    assert jeans["characteristic_15000001_1"].dropdown == directories.tnved[JEANS]
    bare = subject_columns(None, Directories())
    assert all(key_charc_id(c.key) in (None, 15000000, 14177446, 14177452, 15001405, 14177453, 90849, 90745, 90846)
               for c in bare)


def test_inline_lists_are_limited_to_255_characters() -> None:
    assert inline_list_formula(("Да", "Нет")) == '"Да,Нет"'
    too_long = tuple(f"значение {i:03d}" for i in range(30))
    assert not fits_inline(too_long)
    with pytest.raises(WorkbookLimitError):
        inline_list_formula(too_long)
    with pytest.raises(WorkbookLimitError):
        inline_list_formula(("a,b",))
    lists = LookupLists()
    assert lists.formula(too_long, "x", inline=True) == "'_lists'!$A$2:$A$31"
    assert lists.formula(("Да", "Нет"), "y") == "'_lists'!$B$2:$B$3"  # inline only when allowed
    assert lists.formula(too_long, "again") == "'_lists'!$A$2:$A$31"  # one column per distinct list
    assert lists.formula(("", ""), "empty") == ""
