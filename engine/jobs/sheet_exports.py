"""Export jobs into the seller's Google Sheet instead of an xlsx file.

The job row is an ordinary export job with the spreadsheet link among its options; the worker's
:func:`engine.jobs.exports.run_export_job` then writes through :func:`engine.export.export_google_sheet`
(the CLI's ``ozwb export --gsheet``) and the job keeps the sheet's link as its result.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.errors import OzwbError
from engine.export import ExportReport, Progress, export_google_sheet
from engine.gsheets import client_from_service_account, service_account_email
from engine.gsheets.address import SPREADSHEET_LINK, spreadsheet_key
from engine.jobs.errors import JobInputError
from engine.jobs.exports import ExportChoices, create_export_job
from engine.jobs.records import progress_of, set_progress
from engine.mapping.cards import ExportOptions, TypeKey
from engine.ozon.client import OzonClient
from engine.reference_cache import ReferenceCache
from engine.settings import Settings
from engine.store import Store
from engine.store.web_models import WebJob
from engine.wb.client import WbClient

SHEET_OPTION = "sheet_url"
NOT_CONFIGURED = "Google-таблицы не подключены к сервису (нет сервисного аккаунта) — выгрузите в файл .xlsx"


def sheets_account_email(settings: Settings) -> str:
    """The address the pages ask sellers to share their spreadsheet with; "" when no service account is configured
    or its key file is unreadable (then no Google Sheets are offered; the CLI and the jobs say why)."""
    account = settings.google_service_account_file.strip()
    try:
        return service_account_email(account) if account else ""
    except OzwbError:
        return ""


def create_sheet_export_job(store: Store, settings: Settings, owner_id: int, ozon_connection_id: int, sheet_url: str,
                            *, wb_connection_id: int | None = None, choices: ExportChoices | None = None) -> int:
    """A queued export of the owner's Ozon connection into the Google Sheet at ``sheet_url``."""
    if not settings.google_service_account_file.strip():
        raise JobInputError(NOT_CONFIGURED)
    # Refused now rather than in the worker; kept in its canonical form, which is also safe to show as a link.
    link = SPREADSHEET_LINK.format(spreadsheet_key(sheet_url))
    job_id = create_export_job(store, owner_id, ozon_connection_id, wb_connection_id=wb_connection_id,
                               choices=choices)
    with store.session() as session:
        job = session.get(WebJob, job_id)
        assert job is not None  # created just above
        progress = progress_of(job)
        progress[SHEET_OPTION] = link
        set_progress(job, progress)
    return job_id


def sheet_of(job: WebJob) -> str:
    """The Google Sheet an export job writes into, or "" for an xlsx export."""
    return str(progress_of(job).get(SHEET_OPTION) or "")


def export_into_sheet(ozon: OzonClient, wb: WbClient, sheet_url: str, settings: Settings, options: ExportOptions, *,
                      confirmed: Mapping[TypeKey, int], progress: Progress,
                      reference_cache: ReferenceCache) -> ExportReport:
    account = settings.google_service_account_file.strip()
    if not account:
        raise JobInputError(NOT_CONFIGURED)
    return export_google_sheet(ozon, wb, sheet_url, options, client=client_from_service_account(account),
                               service_account_email=service_account_email(account), confirmed=confirmed,
                               progress=progress, reference_cache=reference_cache, settings=settings)
