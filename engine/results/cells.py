"""The result cells of one sheet row, the same for the xlsx and the Google Sheet."""

from __future__ import annotations

from typing import Any

from engine.push.jobs import ALREADY_ON_WB
from engine.push.outcome import RowResult
from engine.workbook.stream import clean_text

RESULT_FIELDS = ("status", "nmID", "imtID", "chrtID", "wbMessage", "stepCard", "stepPhotos", "stepPrice", "stepStock")


def result_values(result: RowResult) -> dict[str, object]:
    """The result cells of one row by column field; the xlsx and the Google Sheet get the same ones."""
    values: dict[str, object] = {
        "status": result.label, "nmID": result.nm_id, "imtID": result.imt_id, "chrtID": result.chrt_id,
        "wbMessage": result.message or None, "stepCard": result.step_card or None,
        "stepPhotos": result.step_photos or None, "stepPrice": result.step_price or None,
        "stepStock": result.step_stock or None,
    }
    if result.barcodes_generated:
        values["barcodes"] = result.barcodes  # a re-push then reuses them instead of asking WB again
    return values


def keeps_earlier_result(result: RowResult) -> bool:
    """An only-failed re-push left the row alone: it keeps what an earlier push wrote."""
    return result.message == ALREADY_ON_WB


def put_value(cell: Any, value: object) -> None:
    """An openpyxl cell; text is always stored as text, so nothing WB or a seller wrote becomes a formula."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
