"""Imports: a seller's edited workbook (uploaded xlsx or a Google Sheet link) checked by WB's rules now.

The check is the one ``ozwb validate`` / ``ozwb push`` run (:func:`engine.push.prepare_push` with WB's
current specs when a WB connection is at hand; the static rules otherwise). The full issue list is
kept as JSON in the owner's folder, the counts in the row.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from engine.connections import settings_for
from engine.gsheets.address import spreadsheet_link
from engine.jobs.errors import JobInputError
from engine.jobs.files import new_file, owned_file
from engine.jobs.records import connection_of_kind, first_connection
from engine.keyring import Keyring
from engine.ownership import owned_record, readable_record
from engine.push import prepare_push
from engine.push.prepare import prepare_push_content
from engine.results.push_end import GoogleSource
from engine.settings import Settings
from engine.store import Store
from engine.store.web_models import ImportRecord
from engine.validation import ValidationReport, validate_spreadsheet, validate_workbook
from engine.wb.client import WbClient
from engine.wb_reference import WorkbookReference
from engine.workbook.reader import WorkbookContent

COPY_CHUNK = 1 << 20


class UploadTooLargeError(JobInputError):
    """The upload is over the size limit (the part already written is removed)."""


@dataclass(frozen=True)
class ImportView:
    id: int
    source_name: str
    source_kind: str
    sheet_url: str
    counts: dict[str, object]
    file_problem: dict[str, object] | None
    checked_with_wb: bool
    created_at: float

    @property
    def ready(self) -> bool:
        return self.file_problem is None and not self.counts.get("issues")


@dataclass(frozen=True)
class Prepared:
    report: ValidationReport
    reference: WorkbookReference | None


def save_upload(settings: Settings, owner_id: int, stream: IO[bytes], max_bytes: int) -> Path:
    """Copy an uploaded file into the owner's folder under a random name, refusing more than ``max_bytes``."""
    target = new_file(settings, owner_id, "upload", ".xlsx")
    written = 0
    try:
        with target.open("wb") as out:
            while chunk := stream.read(COPY_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadTooLargeError(f"Файл больше {max_bytes // (1 << 20)} МБ")
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def create_import(store: Store, keyring: Keyring, settings: Settings, owner_id: int, source_name: str, *,
                  path: Path | None = None, sheet_url: str | None = None,
                  wb_connection_id: int | None = None) -> ImportView:
    """Validate the workbook at ``path`` (already in the owner's folder) or the Google Sheet, and record it."""
    if (path is None) == (sheet_url is None):
        raise JobInputError("Загрузите файл .xlsx или укажите ссылку на Google-таблицу")
    if sheet_url is not None:
        sheet_url = spreadsheet_link(sheet_url)  # pages and the API show it as a link, the push's result link too
    with store.session() as session:
        wb_settings = _wb_settings(session, keyring, settings, owner_id, wb_connection_id)
    if path is not None:
        owned_file(settings, owner_id, str(path))
    prepared = prepare_source(settings, path, sheet_url, wb_settings)
    report = prepared.report
    report_path = new_file(settings, owner_id, "report", ".json")
    report_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    problem = report.file_problem.to_dict() if report.file_problem is not None else None
    summary = {"counts": report.counts(), "file_problem": problem, "checked_with_wb": wb_settings is not None}
    with store.session() as session:
        record = ImportRecord(owner_id=owner_id, source_name=source_name[:255] or "таблица",
                              source_kind="xlsx" if path is not None else "gsheet",
                              stored_path=str(path) if path is not None else "", sheet_url=sheet_url or "",
                              report_path=str(report_path), summary=json.dumps(summary, ensure_ascii=False),
                              created_at=time.time())
        session.add(record)
        session.flush()
        return import_view(record)


def prepare_source(settings: Settings, path: Path | None, sheet_url: str | None,
                   wb_settings: Settings | None) -> Prepared:
    """The validation report (and WB's reference data) of an import's source, as the push needs it."""
    if path is not None:
        if wb_settings is None:
            return Prepared(validate_workbook(path), None)
        with WbClient(wb_settings) as wb:
            found = prepare_push(path, wb)
        return Prepared(found.report, found.reference)
    return _prepare_sheet(settings, sheet_url or "", wb_settings)


def google_source(settings: Settings, sheet_url: str) -> GoogleSource:
    """The service's Google account, pointed at the seller's sheet (read for imports, written with results)."""
    from engine.gsheets import client_from_service_account, service_account_email

    account = settings.google_service_account_file.strip()
    if not account:
        raise JobInputError("Google-таблицы не подключены к сервису (нет сервисного аккаунта) — загрузите файл .xlsx")
    return GoogleSource(sheet_url, client_from_service_account(account), service_account_email(account), settings)


def read_sheet(google: GoogleSource) -> WorkbookContent:
    from engine.gsheets import read_google_sheet

    return read_google_sheet(google.link, client=google.client, service_account_email=google.service_account_email,
                             settings=google.settings)


def _prepare_sheet(settings: Settings, sheet_url: str, wb_settings: Settings | None) -> Prepared:
    content = read_sheet(google_source(settings, sheet_url))
    if wb_settings is None:
        return Prepared(validate_spreadsheet(content), None)
    with WbClient(wb_settings) as wb:  # the check ``ozwb push --gsheet`` runs, file-level problems included
        found = prepare_push_content(content, wb)
    return Prepared(found.report, found.reference)


def _wb_settings(session: Session, keyring: Keyring, settings: Settings, owner_id: int,
                 wb_connection_id: int | None) -> Settings | None:
    if wb_connection_id is not None:
        return settings_for(connection_of_kind(session, owner_id, wb_connection_id, "wb"), keyring, settings)
    first = first_connection(session, owner_id, "wb")
    return settings_for(first, keyring, settings) if first is not None else None


def import_view(record: ImportRecord) -> ImportView:
    summary = json.loads(record.summary or "{}")
    return ImportView(id=record.id, source_name=record.source_name, source_kind=record.source_kind,
                      sheet_url=record.sheet_url, counts=dict(summary.get("counts") or {}),
                      file_problem=summary.get("file_problem"), checked_with_wb=bool(summary.get("checked_with_wb")),
                      created_at=record.created_at)


def readable_import(session: Session, user_id: int, import_id: int) -> ImportRecord:
    return readable_record(session, ImportRecord, "import", user_id, import_id)


def owned_import(session: Session, owner_id: int, import_id: int) -> ImportRecord:
    return owned_record(session, ImportRecord, "import", owner_id, import_id)


def get_import(session: Session, user_id: int, import_id: int) -> ImportView:
    return import_view(readable_import(session, user_id, import_id))


def import_issues(settings: Settings, session: Session, user_id: int, import_id: int) -> list[dict[str, object]]:
    """Every issue of the import's report: sheet, row, column, code, message."""
    record = readable_import(session, user_id, import_id)
    path = owned_file(settings, record.owner_id, record.report_path)
    issues = json.loads(path.read_text(encoding="utf-8")).get("issues") or []
    return [dict(i) for i in issues]


def copy_into_import(settings: Settings, owner_id: int, source: Path) -> Path:
    """A private copy of a file the owner already has (a result workbook pushed again)."""
    target = new_file(settings, owner_id, "upload", ".xlsx")
    shutil.copyfile(source, target)
    return target
