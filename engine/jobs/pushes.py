"""Push jobs of the web: an import pushed with a WB connection, its results, and re-running the failed rows.

The push itself is :mod:`engine.push` (the CLI's own pipeline); a web push differs only in where
its WB token comes from — ``push_jobs.connection_id``, decrypted by whoever runs the slice — and in
that its result workbook is written into the owner's folder when it ends.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.connections import settings_for
from engine.drafts import Directories, SubjectSpec
from engine.errors import OzwbError
from engine.jobs.errors import JobInputError
from engine.jobs.files import new_file, owned_file
from engine.jobs.imports import (
    copy_into_import,
    create_import,
    google_source,
    owned_import,
    prepare_source,
    read_sheet,
)
from engine.jobs.messages import failure_text
from engine.jobs.records import (
    DONE,
    connection_of_kind,
    mark_finished,
    mark_running,
    new_job,
    owned_job,
    progress_of,
    set_progress,
    web_job_of_push,
)
from engine.keyring import Keyring
from engine.push import PushOptions, create_job, job_progress, recorded_payloads, seller_key
from engine.reference_cache import ReferenceCache
from engine.results import PushEnd, write_push_end
from engine.russian import plural
from engine.settings import Settings
from engine.store import Store
from engine.store.push_models import PushJob
from engine.store.web_models import Connection, ImportRecord, WebJob
from engine.wb.client import WbClient
from engine.wb_reference import fetch_workbook_reference
from engine.workbook import read_workbook
from engine.workbook.reader import SheetTable, WorkbookContent

logger = logging.getLogger("engine.jobs")


def create_push_job(store: Store, keyring: Keyring, settings: Settings, owner_id: int, import_id: int,
                    wb_connection_id: int, *, dry_run: bool = False, only_failed: bool = False,
                    skip_invalid: bool = False, ip: str = "") -> int:
    """A queued push of import ``import_id`` with the owner's WB connection; the web job's id (audited as
    ``push_started``, whichever door it came in by).

    The workbook is checked again against WB's specs of today, as ``ozwb push`` does; rows with
    problems stop the push unless ``skip_invalid`` (they are then recorded as skipped).
    """
    with store.session() as session:
        record = owned_import(session, owner_id, import_id)
        wb = connection_of_kind(session, owner_id, wb_connection_id, "wb")
        wb_settings = settings_for(wb, keyring, settings)
        path = owned_file(settings, owner_id, record.stored_path) if record.source_kind == "xlsx" else None
        sheet_url, source_name = record.sheet_url or None, record.source_name
    prepared = prepare_source(settings, path, sheet_url, wb_settings)
    report = prepared.report
    if report.file_problem is not None:
        raise JobInputError(f"Файл не принят: {report.file_problem.message}")
    if report.issues and not skip_invalid:
        rows = len({(i.sheet, i.row) for i in report.issues})
        raise JobInputError(f"В таблице {plural(rows, 'строка', 'строки', 'строк')} с проблемами: исправьте их "
                            "и загрузите снова, или перенесите только строки без ошибок")
    with store.session() as session:
        options = PushOptions(dry_run=dry_run, only_failed=only_failed, source_name=source_name)
        push_id = create_job(session, report, seller_key(wb_settings), options)
        pushed = session.get(PushJob, push_id)
        assert pushed is not None  # created just above, in this transaction
        pushed.connection_id = wb_connection_id
        job = new_job(session, owner_id, "push", connection_id=wb_connection_id, import_id=import_id,
                      push_job_id=push_id, dry_run=dry_run, progress={"only_failed": only_failed})
        record_audit(session, "push_started", user_id=owner_id, target=f"job:{job.id}", ip=ip,
                     detail={"import_id": import_id, "connection_id": wb_connection_id, "dry_run": dry_run})
        return job.id


def rerun_failed(store: Store, keyring: Keyring, settings: Settings, owner_id: int, job_id: int) -> int:
    """A new push of the finished job's result workbook with only the rows that are not on WB yet."""
    with store.session() as session:
        job = owned_job(session, owner_id, job_id)
        if job.kind != "push" or job.status != DONE or not job.result_path:
            raise JobInputError("Повторить можно только законченный перенос с файлом результата")
        if job.connection_id is None:
            raise JobInputError("Подключение WB этого переноса удалено — выберите другое")
        result = owned_file(settings, owner_id, job.result_path)
        source = owned_import(session, owner_id, job.import_id) if job.import_id is not None else None
        name = f"{source.source_name if source else 'перенос'} — повтор №{job.id}"
        connection_id, dry_run = job.connection_id, job.dry_run
    copy = copy_into_import(settings, owner_id, result)
    record = create_import(store, keyring, settings, owner_id, name, path=copy, wb_connection_id=connection_id)
    return create_push_job(store, keyring, settings, owner_id, record.id, connection_id, dry_run=dry_run,
                           only_failed=True, skip_invalid=True)


def push_settings(session: Session, keyring: Keyring, settings: Settings, push: PushJob) -> Settings | None:
    """The WB credentials of a web push (its connection's token), or ``None`` for a CLI push."""
    if push.connection_id is None:
        return None
    connection = session.get(Connection, push.connection_id)
    if connection is None:
        raise JobInputError("Подключение WB этого переноса удалено — перенос остановлен")
    return settings_for(connection, keyring, settings)


def start_push_job(store: Store, push_job_id: int) -> None:
    """The web job follows its push: running from the first slice on."""
    with store.session() as session:
        job = web_job_of_push(session, push_job_id)
        if job is not None and job.status == "queued":
            mark_running(job)


def finish_push_job(store: Store, keyring: Keyring, settings: Settings, push_job_id: int) -> dict[str, object] | None:
    """After the last slice: the result workbook into the owner's folder (with, when rows need the seller, the
    "to fix" workbook of those rows beside it; and, for a Google Sheet import, the results back into that
    sheet — not on a dry run), the web job done (or failed).

    ``None`` when there is nothing (more) to tell: a CLI push, or a web job that had already ended.
    """
    with store.session() as session:
        job = web_job_of_push(session, push_job_id)
        if job is None:
            return None  # a CLI push: ``ozwb push`` writes its own results
        if job.finished_at is not None:
            return None  # a slice ran again after the end (recovery): told once already
        push = session.get(PushJob, push_job_id)
        record = owned_import(session, job.owner_id, job.import_id) if job.import_id is not None else None
        try:
            wb_settings = push_settings(session, keyring, settings, push) if push is not None else None
        except OzwbError:
            wb_settings = None  # connection gone or key unreadable: results still written, without WB's lists
        progress = job_progress(session, push_job_id)
        job_id, owner_id, dry_run = job.id, job.owner_id, job.dry_run
    rows = sum(progress.rows.values())
    result_path, sheet_url, summary_text, to_fix_path, to_fix_rows = "", "", "", "", 0
    try:
        if record is not None and rows:
            end = _write_end(settings, record, owner_id, job_id, push_job_id, dry_run, store, wb_settings)
            result_path, summary_text = str(end.result_path), end.counts_text
            if end.to_fix_path is not None:
                to_fix_path, to_fix_rows = str(end.to_fix_path), end.summary.to_fix
            sheet_url = record.sheet_url if end.google is not None else ""
            if end.google_failure is not None:
                summary_text += f"; в Google-таблицу не записано: {failure_text(end.google_failure)}"
    except OzwbError as exc:
        logger.info("push job %s: results not written: %s", job_id, type(exc).__name__)
        summary_text = f"файл результата не записан: {failure_text(exc)}"
    failed = progress.status == "failed"
    message = progress.message if failed else f"Строк: {rows}" + (f" — {summary_text}" if summary_text else "")
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None:
            return None
        job.result_path = result_path
        job.result_sheet_url = sheet_url
        job.to_fix_path, job.to_fix_rows = to_fix_path, to_fix_rows
        state = progress_of(job)
        state["counts"] = progress.to_dict()
        set_progress(job, state)
        mark_finished(job, not failed, message or "Перенос остановлен")
        return {"job_id": job_id, "status": job.status, "message": job.message}


def _write_end(settings: Settings, record: ImportRecord, owner_id: int, job_id: int, push_job_id: int, dry_run: bool,
               store: Store, wb_settings: Settings | None) -> PushEnd:
    """The CLI's own end of a push (:func:`engine.results.write_push_end`), from the import's file or sheet."""
    info = {"Книга": record.source_name, "Перенос №": str(job_id), "Режим": "пробный запуск" if dry_run else "перенос"}
    google = None
    source: Path | list[SheetTable]
    if record.source_kind == "xlsx":
        source = owned_file(settings, owner_id, record.stored_path)
        content = read_workbook(source)
    else:
        google = google_source(settings, record.sheet_url)
        content = read_sheet(google)
        source = content.tables
    specs, directories = _reference(content, wb_settings)
    target = new_file(settings, owner_id, "result", ".xlsx")
    return write_push_end(store, push_job_id, source, target, specs=specs, directories=directories, info=info,
                          dry_run=dry_run, google=google, to_fix=True)


def _reference(content: WorkbookContent, wb_settings: Settings | None) -> tuple[dict[int, SubjectSpec], Directories]:
    if wb_settings is None:
        return {}, Directories()
    # Dropdowns of the result workbook: the same specs the push used, from the reference cache when fresh.
    with WbClient(wb_settings) as wb:
        found = fetch_workbook_reference(wb, content, cache=ReferenceCache.from_settings(wb_settings))
    return dict(found.specs), found.directories


def payloads_of(session: Session, push_job_id: int) -> list[dict[str, object]]:
    """What a dry run would have sent, in order (for the job page)."""
    return recorded_payloads(session, push_job_id)
