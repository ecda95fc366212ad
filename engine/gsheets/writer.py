"""Writing the WB-ready layout into a Google Sheet the seller shared with ozwb's service account.

Service accounts own no Drive storage, so ozwb never creates a spreadsheet: it opens the seller's
by link and adds its sheets there. The calls, for any catalog size: one metadata read, one values
read only if the spreadsheet has small foreign sheets (empty ones are removed), one ``batchUpdate``
per 1.8 MB of structure (usually one), and one RAW ``values.batchUpdate`` per 4,000 rows or 1.8 MB.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gspread import Client

from engine.drafts import CardDraft, Directories, SubjectSpec
from engine.gsheets.address import SPREADSHEET_LINK, quote_title, spreadsheet_key
from engine.gsheets.batches import Limits, request_batches, value_batches
from engine.gsheets.errors import SpreadsheetConflictError, SpreadsheetLimitError
from engine.gsheets.service import SheetsService, Sleep
from engine.gsheets.structure import delete_sheet
from engine.gsheets.tabs import Tab, data_tab, guide_tab, lists_tab
from engine.ratelimit import RateLimiter
from engine.settings import Settings
from engine.workbook.guide import INSTRUCTIONS_WIDTHS, SUMMARY_WIDTHS, instruction_rows, summary_rows
from engine.workbook.layout import INSTRUCTIONS_TITLE, SUMMARY_TITLE
from engine.workbook.lookups import LookupLists
from engine.workbook.writer import SheetPlan, WorkbookSummary, plan_sheets

CELL_LIMIT = 10_000_000  # per spreadsheet, counting every tab's whole grid
PROBED_CELLS = 26_000  # a foreign sheet this small (a new spreadsheet's 1000×26 "Лист1") is checked for emptiness


@dataclass(slots=True)
class GoogleSheetSummary(WorkbookSummary):
    """What was written (the same numbers as the summary sheet), where, and at what cost in calls."""

    spreadsheet_id: str = ""
    url: str = ""
    calls: int = 0  # HTTP calls, retries included
    removed_sheets: list[str] = field(default_factory=list)  # empty sheets the spreadsheet came with


def write_google_sheet(
    spreadsheet: str,
    drafts: Sequence[CardDraft],
    subjects: Mapping[int, SubjectSpec],
    directories: Directories,
    *,
    client: Client,
    summary_info: Mapping[str, object] | None = None,
    service_account_email: str = "",
    settings: Settings | None = None,
    sleep: Sleep = time.sleep,
    limiter: RateLimiter | None = None,
    limits: Limits | None = None,
) -> GoogleSheetSummary:
    """Write ``drafts`` into the Google Sheet ``spreadsheet`` (link or key) with the layout ``write_workbook``
    gives an xlsx: instructions, summary, a sheet per WB subject, the hidden and protected lookup lists.

    The sheets are planned as for the xlsx (``plan_sheets``); see :func:`write_sheet_plans` for the rest.
    """
    return write_sheet_plans(spreadsheet, plan_sheets(drafts, subjects, directories), client=client,
                             summary_info=summary_info, service_account_email=service_account_email,
                             settings=settings, sleep=sleep, limiter=limiter, limits=limits)


def check_google_sheet(
    spreadsheet: str,
    *,
    client: Client,
    service_account_email: str = "",
    settings: Settings | None = None,
    sleep: Sleep = time.sleep,
    limiter: RateLimiter | None = None,
) -> str:
    """Fail early, before an export's long read, if ``spreadsheet`` is not a link, is missing or not shared.

    One metadata read; returns the spreadsheet's key. A spreadsheet shared for viewing only passes (the
    API does not say the role) and is refused at the first write with the same request for editor rights.
    """
    service = SheetsService(client, spreadsheet_key(spreadsheet), service_account_email or client_email(client),
                            settings, sleep, writing=True, limiter=limiter)
    service.metadata()
    return service.spreadsheet_id


def write_sheet_plans(
    spreadsheet: str,
    plans: Iterable[SheetPlan],
    *,
    client: Client,
    summary_info: Mapping[str, object] | None = None,
    service_account_email: str = "",
    settings: Settings | None = None,
    sleep: Sleep = time.sleep,
    limiter: RateLimiter | None = None,
    limits: Limits | None = None,
) -> GoogleSheetSummary:
    """Write the data sheets ``plans`` (as the xlsx writer takes them) into the Google Sheet ``spreadsheet``,
    with the instructions, the summary and the hidden, protected lookup lists.

    Nothing already in the spreadsheet is overwritten: sheets with the export's titles stop it with
    :class:`SpreadsheetConflictError` before any write; empty small sheets (the new spreadsheet's
    «Лист1») are removed, other sheets stay after ours.

    ``client`` is a gspread client (see :func:`client_from_service_account`); calls are paced by ``limiter``
    (default: the process-wide one) at Google's 60 a minute per service account, and 429/5xx answers are
    retried with backoff from ``settings`` (``sleep`` waits; tests pass a recorder).
    """
    service = SheetsService(client, spreadsheet_key(spreadsheet), service_account_email or client_email(client),
                            settings, sleep, writing=True, limiter=limiter)
    existing = [s["properties"] for s in service.metadata().get("sheets", [])]
    tabs, summary = _tabs(plans, summary_info, {int(p["sheetId"]) for p in existing})
    summary.spreadsheet_id = service.spreadsheet_id
    summary.url = SPREADSHEET_LINK.format(service.spreadsheet_id)
    ours = {t.title.casefold() for t in tabs}
    clashing = tuple(str(p["title"]) for p in existing if str(p["title"]).casefold() in ours)
    if clashing:
        raise SpreadsheetConflictError(
            "В таблице уже есть листы " + ", ".join(f"«{t}»" for t in clashing) + ". ozwb не перезаписывает "
            "данные: выгрузите в новую пустую таблицу или удалите эти листы.", titles=clashing)
    removed = _empty_sheets(service, existing)
    kept_cells = sum(_cells(p) for p in existing if p["sheetId"] not in {r["sheetId"] for r in removed})
    total = kept_cells + sum(t.cells for t in tabs)
    if total > CELL_LIMIT:
        raise SpreadsheetLimitError(
            f"Выгрузка займёт {total:,} ячеек, а в Google-таблице помещается не больше {CELL_LIMIT:,}. "
            "Выгрузите каталог в Excel или по частям.".replace(",", " "))
    chosen = limits or Limits()
    structure = [*(t.add for t in tabs), *(delete_sheet(int(r["sheetId"])) for r in removed),
                 *(r for t in tabs for r in t.requests)]
    for batch in request_batches(structure, chosen):
        service.batch_update(batch)
    for data in value_batches(tabs, chosen):
        service.write_values(data)
    summary.removed_sheets = [str(r["title"]) for r in removed]
    summary.calls = len(service.calls)
    return summary


def client_email(client: Client) -> str:
    """The service account's e-mail behind ``client``, if its credentials say (what the seller shares with)."""
    auth = getattr(client.http_client, "auth", None)
    return str(getattr(auth, "service_account_email", "") or "")


def _tabs(
    plans: Iterable[SheetPlan], summary_info: Mapping[str, object] | None, taken_ids: set[int],
) -> tuple[list[Tab], GoogleSheetSummary]:
    ids = _free_ids(taken_ids)
    lists = LookupLists()
    instructions = guide_tab(INSTRUCTIONS_TITLE, instruction_rows(), INSTRUCTIONS_WIDTHS, next(ids), 0)
    summary_id = next(ids)
    data: list[Tab] = []
    summary = GoogleSheetSummary()
    for plan in plans:
        tab, stats = data_tab(plan, next(ids), 2 + len(data), lists)
        data.append(tab)
        summary.sheets.append(stats)
    tabs = [instructions, guide_tab(SUMMARY_TITLE, summary_rows(summary.sheets, summary_info), SUMMARY_WIDTHS,
                                    summary_id, 1), *data]
    if len(lists):
        tabs.append(lists_tab(lists, next(ids), len(tabs)))
    return tabs, summary


def _free_ids(taken: set[int]) -> Iterator[int]:
    candidate = 1_000
    while True:
        candidate += 1
        if candidate not in taken:
            yield candidate


def _empty_sheets(service: SheetsService, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    small = [p for p in existing if _cells(p) <= PROBED_CELLS]
    if not small:
        return []
    found = service.read_values([quote_title(str(p["title"])) for p in small])
    return [p for p, values in zip(small, found, strict=True) if not any(values.get("values") or [])]


def _cells(properties: Mapping[str, Any]) -> int:
    grid = properties.get("gridProperties", {})
    return int(grid.get("rowCount", 0)) * int(grid.get("columnCount", 0))
