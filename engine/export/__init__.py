"""Export: the seller's whole Ozon catalog as a WB-ready workbook or Google Sheet.

The engine calls behind ``ozwb export`` and the web service's export job. One preparation
(:func:`prepare_export` in :mod:`engine.export.preparation`: read Ozon, match categories, fetch WB's
reference data, plan the cards) feeds one shared row-laying path (:func:`write_prepared` in
:mod:`engine.export.rows`), which ends in one of two writers: the xlsx workbook (:func:`export_catalog`)
or the seller's Google Sheet (:func:`export_google_sheet`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from engine.category import OzonType
from engine.export.preparation import PreparedExport, Progress, prepare_export, quiet
from engine.export.rows import ExportReport, SheetsWriter, write_prepared
from engine.mapping.cards import ExportOptions, TypeKey
from engine.ozon.client import OzonClient
from engine.ratelimit import RateLimiter
from engine.reference_cache import ReferenceCache
from engine.settings import Settings
from engine.wb.client import WbClient
from engine.workbook import WorkbookSummary
from engine.workbook.writer import SheetPlan, WorkbookWriter

if TYPE_CHECKING:
    from gspread import Client


def export_catalog(
    ozon: OzonClient,
    wb: WbClient,
    target: str | Path | BinaryIO,
    options: ExportOptions | None = None,
    *,
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = quiet,
    reference_cache: ReferenceCache | None = None,
) -> ExportReport:
    """Read Ozon, suggest WB subjects, fill the cards and write the xlsx workbook to ``target``.

    WB's reference data comes through ``reference_cache`` when given (see :mod:`engine.reference_cache`).
    """
    prepared = prepare_export(ozon, wb, options, confirmed=confirmed, progress=progress,
                              reference_cache=reference_cache)

    def write_xlsx(plans: list[SheetPlan], info: Mapping[str, object]) -> WorkbookSummary:
        return WorkbookWriter().write(target, plans, info)

    return write_prepared(prepared, write_xlsx, progress)


def export_google_sheet(
    ozon: OzonClient,
    wb: WbClient,
    spreadsheet: str,
    options: ExportOptions | None = None,
    *,
    client: Client,
    service_account_email: str = "",
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = quiet,
    reference_cache: ReferenceCache | None = None,
    settings: Settings | None = None,
    limiter: RateLimiter | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ExportReport:
    """The same export written into the seller's Google Sheet ``spreadsheet`` (link or key) through ``client``.

    Access is checked before the catalog is read, so an unshared spreadsheet fails in seconds; see
    :func:`engine.gsheets.write_sheet_plans` for what is written and what is refused.
    """
    # Imported here: gspread and google-auth cost the xlsx export ~18 MB and 0.1 s it has no use for.
    from engine.gsheets import check_google_sheet, write_sheet_plans

    progress("Проверяю доступ к Google-таблице")
    check_google_sheet(spreadsheet, client=client, service_account_email=service_account_email,
                       settings=settings, sleep=sleep, limiter=limiter)
    prepared = prepare_export(ozon, wb, options, confirmed=confirmed, progress=progress,
                              reference_cache=reference_cache)

    def write_google(plans: list[SheetPlan], info: Mapping[str, object]) -> WorkbookSummary:
        return write_sheet_plans(spreadsheet, plans, client=client, summary_info=info,
                                 service_account_email=service_account_email, settings=settings, sleep=sleep,
                                 limiter=limiter)

    return write_prepared(prepared, write_google, progress)


__all__ = [
    "ExportOptions",
    "ExportReport",
    "OzonType",
    "PreparedExport",
    "Progress",
    "SheetsWriter",
    "export_catalog",
    "export_google_sheet",
    "prepare_export",
    "write_prepared",
]
