"""Export jobs: a seller's Ozon catalog exported in the background into a workbook under files_dir.

:func:`create_export_job` records what to do (ids and options only); :func:`run_export_job` does it —
in an RQ worker for the web, or inline — with the same :func:`engine.export.export_catalog` the CLI
runs, writing each stage into the job row as it starts.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.connections import settings_for
from engine.errors import OzwbError
from engine.export import export_catalog
from engine.jobs.errors import JobInputError
from engine.jobs.files import new_file, remove_scratch, scratch_of
from engine.jobs.messages import failure_text
from engine.jobs.records import (
    FINISHED,
    connection_of_kind,
    first_connection,
    mark_finished,
    mark_running,
    new_job,
    progress_of,
    set_progress,
)
from engine.jobs.stops import JobStoppedError, owner_blocked, stop_job
from engine.keyring import Keyring
from engine.mapping.cards import ExportOptions
from engine.mapping.pricing import PriceRule, Rounding
from engine.ozon.client import OzonClient
from engine.reference_cache import ReferenceCache
from engine.russian import plural
from engine.settings import Settings
from engine.store import Store, load_confirmed, ozon_seller_key
from engine.store.web_models import Connection, WebJob
from engine.wb.client import WbClient

logger = logging.getLogger("engine.jobs")

EXPORT_STAGES = (
    "Читаю каталог Ozon", "Читаю дерево категорий Ozon", "Подбираю предметы WB",
    "Читаю характеристики и справочники WB", "Собираю карточки", "Записываю таблицу",
)
SCRATCH = "scratch"  # progress key: the file this attempt writes before renaming it into place


@dataclass(frozen=True)
class ExportChoices:
    """The seller's export options, stored with the job (jobs carry ids and plain values only)."""

    markup_percent: float = 0.0
    rounding: str = Rounding.RUBLE.value
    include_archived: bool = False

    def options(self) -> ExportOptions:
        return ExportOptions(PriceRule(markup_percent=self.markup_percent, rounding=Rounding(self.rounding)),
                             include_archived=self.include_archived)


def create_export_job(store: Store, owner_id: int, ozon_connection_id: int, *, wb_connection_id: int | None = None,
                      choices: ExportChoices | None = None) -> int:
    """A queued export of the owner's Ozon connection; WB's reference data is read with a WB connection.

    A demo (sandbox) Ozon connection needs no WB connection: its sandbox serves WB too.
    """
    chosen = choices or ExportChoices()
    if not 0 <= chosen.markup_percent <= 1000:
        raise JobInputError("Наценка — от 0 до 1000 %")
    Rounding(chosen.rounding)
    with store.session() as session:
        ozon = connection_of_kind(session, owner_id, ozon_connection_id, "ozon")
        if wb_connection_id is not None:
            connection_of_kind(session, owner_id, wb_connection_id, "wb")
        elif ozon.sandbox_url is None:
            wb_connection_id = _first_wb(session, owner_id)
        progress = {"options": chosen.__dict__, "stages": []}
        job = new_job(session, owner_id, "export", connection_id=ozon.id, wb_connection_id=wb_connection_id,
                      progress=progress)
        return job.id


def _first_wb(session: Session, owner_id: int) -> int:
    found = first_connection(session, owner_id, "wb")
    if found is None:
        raise JobInputError("Добавьте подключение WB: справочники предметов WB читаются с его токеном")
    return found.id


def run_export_job(store: Store, keyring: Keyring, settings: Settings, job_id: int) -> dict[str, object]:
    """Run export ``job_id`` to its end; the outcome (done or failed, with a Russian message) is in the row."""
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None or job.kind != "export":
            raise JobInputError(f"export job {job_id} does not exist")
        if job.status in FINISHED:
            return {"job_id": job_id, "status": job.status}
        if owner_blocked(session, job.owner_id):
            stop_job(session, job)  # queued when its owner was blocked: it never starts
            return {"job_id": job_id, "status": job.status}
        mark_running(job)
        owner_id = job.owner_id
        progress = progress_of(job)
        stored = progress.get("options")
        choices = ExportChoices(**stored) if isinstance(stored, dict) else ExportChoices()
        try:
            ozon_settings, wb_settings = _export_settings(session, keyring, settings, job)
        except OzwbError as exc:
            mark_finished(job, False, failure_text(exc))
            return {"job_id": job_id, "status": job.status}
        confirmed = load_confirmed(session, ozon_seller_key(ozon_settings.ozon_client_id))
        sheet_url = str(progress.get("sheet_url") or "")  # engine.jobs.sheet_exports
        target = new_file(settings, owner_id, "export", ".xlsx")
        scratch = scratch_of(target)
        # Named in the row so that the recovery of a killed attempt can remove what it left half-written.
        progress[SCRATCH] = str(scratch)
        set_progress(job, progress)
    try:
        with OzonClient(ozon_settings) as ozon, WbClient(wb_settings) as wb:
            if sheet_url:
                from engine.jobs.sheet_exports import export_into_sheet  # gspread is loaded for sheets only

                report = export_into_sheet(ozon, wb, sheet_url, settings, choices.options(), confirmed=confirmed,
                                           progress=lambda stage: _record_stage(store, job_id, stage),
                                           reference_cache=ReferenceCache.from_settings(wb_settings))
            else:
                report = export_catalog(ozon, wb, scratch, choices.options(), confirmed=confirmed,
                                        progress=lambda stage: _record_stage(store, job_id, stage),
                                        reference_cache=ReferenceCache.from_settings(wb_settings))
        if not sheet_url:
            os.replace(scratch, target)
    except JobStoppedError:
        scratch.unlink(missing_ok=True)
        logger.info("export job %s stopped: its owner is blocked", job_id)
        return _stop(store, job_id)
    except OzwbError as exc:
        scratch.unlink(missing_ok=True)
        logger.info("export job %s failed: %s", job_id, type(exc).__name__)
        return _finish(store, job_id, False, failure_text(exc), None)
    except BaseException:
        scratch.unlink(missing_ok=True)
        _finish(store, job_id, False, failure_text(RuntimeError()), None)
        raise
    counts = {"products": report.products, "exported": report.exported_products, "cards": report.cards,
              "subjects": report.subjects, "rows": report.workbook.rows, "low_confidence": report.low_confidence_cards,
              "archived_skipped": report.archived_skipped}
    message = (f"Перенесено {plural(report.exported_products, 'товар', 'товара', 'товаров')} Ozon: "
               f"{plural(report.cards, 'карточка', 'карточки', 'карточек')} WB, "
               f"{plural(report.workbook.rows, 'строка', 'строки', 'строк')}")
    link = str(getattr(report.workbook, "url", "") or sheet_url) if sheet_url else ""
    return _finish(store, job_id, True, message, ("" if sheet_url else str(target), counts), sheet_url=link)


def _export_settings(session: Session, keyring: Keyring, settings: Settings, job: WebJob) -> tuple[Settings, Settings]:
    ozon = session.get(Connection, job.connection_id) if job.connection_id is not None else None
    if ozon is None:
        raise JobInputError("Подключение Ozon удалено — запустите выгрузку заново")
    ozon_settings = settings_for(ozon, keyring, settings)
    if job.wb_connection_id is None:
        return ozon_settings, ozon_settings  # a demo connection: its sandbox is WB too
    wb = session.get(Connection, job.wb_connection_id)
    if wb is None:
        raise JobInputError("Подключение WB удалено — запустите выгрузку заново")
    return ozon_settings, settings_for(wb, keyring, settings)


def _record_stage(store: Store, job_id: int, stage: str) -> None:
    """A stage begins: the export's safe point, where a blocked owner's export stops (before anything is written)."""
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None:
            return
        if owner_blocked(session, job.owner_id):
            raise JobStoppedError()
        progress = progress_of(job)
        stages = list(progress.get("stages") or [])  # type: ignore[call-overload]
        stages.append({"name": stage, "at": time.time()})
        progress["stages"] = stages
        set_progress(job, progress)


def _stop(store: Store, job_id: int) -> dict[str, object]:
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None:
            return {"job_id": job_id, "status": "gone"}
        progress = progress_of(job)
        progress.pop(SCRATCH, None)  # removed by the caller
        set_progress(job, progress)
        stop_job(session, job)
        return {"job_id": job_id, "status": job.status, "message": job.message}


def forget_scratch(job: WebJob) -> bool:
    """Remove the scratch file an interrupted attempt of export ``job`` left (call only when nobody runs it)."""
    progress = progress_of(job)
    stored = str(progress.pop(SCRATCH, "") or "")
    if not stored:
        return False
    set_progress(job, progress)
    return remove_scratch(job.owner_id, stored)


def _finish(store: Store, job_id: int, ok: bool, message: str,
            result: tuple[str, dict[str, int]] | None, *, sheet_url: str = "") -> dict[str, object]:
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None:
            return {"job_id": job_id, "status": "gone"}
        progress = progress_of(job)
        progress.pop(SCRATCH, None)  # renamed into place or removed: nothing left to clean up
        if result is not None:
            job.result_path = result[0]
            job.result_sheet_url = sheet_url
            progress["counts"] = result[1]
        set_progress(job, progress)
        mark_finished(job, ok, message)
        return {"job_id": job_id, "status": job.status, "message": message}
