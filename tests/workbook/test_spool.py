"""Rows parked per sheet in a temporary file (engine/workbook/spool.py)."""

from engine.workbook.rows import SheetRow
from engine.workbook.spool import RowSpool
from engine.workbook.stream import Mark


def test_rows_come_back_per_sheet_in_order_with_their_marks():
    shared = "общее описание " * 20
    with RowSpool(buffer_size=256) as spool:  # tiny buffers: most records go through the file
        for n in range(200):
            rows = [SheetRow([f"A-{n}", shared, n, n / 2, None], {1: Mark.MISSING} if n % 3 == 0 else None),
                    SheetRow([f"A-{n}", shared, n, None, "=HYPERLINK(1)"], {4: Mark.DOUBTFUL})]
            spool.add(n % 2, rows)
        odd = list(spool.rows(1))
        even = list(spool.rows(0))
        assert list(spool.rows(0)) == []  # each sheet is read once
    assert [r.values[0] for r in even[::2]] == [f"A-{n}" for n in range(0, 200, 2)]
    assert len(odd) == 200 and odd[1].values == ["A-1", shared, 1, None, "=HYPERLINK(1)"]
    assert even[0].marks == {1: Mark.MISSING} and type(even[0].marks[1]) is Mark
    assert odd[0].marks is None and odd[1].marks == {4: Mark.DOUBTFUL}
    assert odd[0].values[3] == 0.5


def test_a_sheet_without_rows_is_empty():
    with RowSpool() as spool:
        assert list(spool.rows(3)) == []
