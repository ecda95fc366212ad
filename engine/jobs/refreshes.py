"""Re-laying an import's workbook after subject changes, for web users (what ``ozwb refresh`` does in a terminal).

The engine path is the CLI's: WB's reference data for every subject the workbook names
(:func:`engine.wb_reference.fetch_workbook_reference`), :func:`engine.workbook.refresh_workbook` into a new
file in the owner's folder, and the seller's settled subject choices remembered for the next export
(:func:`engine.confirmations.collect_confirmations` + :func:`engine.store.remember_choices`) when an Ozon
connection tells whose choices they are. :func:`refresh_into_import` then checks the new file as a new
import, exactly as an upload is checked (:func:`engine.jobs.imports.create_import`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.category import ozon_types_from_tree
from engine.confirmations import Confirmations, collect_confirmations
from engine.connections import settings_for
from engine.jobs.errors import JobInputError
from engine.jobs.files import new_file, owned_file, scratch_of
from engine.jobs.imports import ImportView, create_import, owned_import
from engine.jobs.records import first_connection
from engine.keyring import Keyring
from engine.ozon.client import OzonClient
from engine.settings import Settings
from engine.store import Store, ozon_seller_key, remember_choices
from engine.store.web_models import Connection
from engine.wb.client import WbClient
from engine.wb_reference import WorkbookReference, fetch_workbook_reference
from engine.workbook import RefreshReport, WorkbookContent, read_workbook, refresh_workbook

GSHEET_REFUSAL = ("Переложить можно только загруженный файл .xlsx: скачайте Google-таблицу как .xlsx "
                  "(Файл → Скачать → Microsoft Excel), загрузите его и нажмите «Переложить таблицу» в его отчёте")
FILE_KIND = "refresh"  # re-laid workbooks' names start with it (new_file's kind), which tells them from uploads
NO_WB = ("Чтобы переложить таблицу, нужны предметы и характеристики WB: добавьте подключение WB "
         "(или демо-подключения) на странице «Подключения»")


@dataclass(frozen=True)
class RefreshOutcome:
    """The re-laid workbook (in the owner's folder) and what moved; ``remembered`` types of Ozon, if any."""

    path: Path
    source_name: str
    report: RefreshReport
    remembered: int


@dataclass(frozen=True)
class RefreshedImport:
    """The new import made of the re-laid workbook, and how many rows moved to another sheet."""

    view: ImportView
    moved: int


def refresh_into_import(store: Store, keyring: Keyring, settings: Settings, owner_id: int,
                        import_id: int) -> RefreshedImport:
    """Re-lay the owner's import ``import_id`` and check the result as a new import (the web's «ozwb refresh»)."""
    outcome = refresh_import(store, keyring, settings, owner_id, import_id)
    view = create_import(store, keyring, settings, owner_id, refreshed_name(outcome.source_name), path=outcome.path)
    return RefreshedImport(view, outcome.report.moved)


def refresh_import(store: Store, keyring: Keyring, settings: Settings, owner_id: int,
                   import_id: int) -> RefreshOutcome:
    """Re-lay the owner's xlsx import ``import_id`` by the subjects its rows now name; another owner's: not found."""
    with store.session() as session:
        record = owned_import(session, owner_id, import_id)
        if record.source_kind != "xlsx":
            raise JobInputError(GSHEET_REFUSAL)
        source = owned_file(settings, owner_id, record.stored_path)
        source_name = record.source_name
        wb_settings = _wb_settings(session, keyring, settings, owner_id)
        ozon = first_connection(session, owner_id, "ozon")
        ozon_settings = settings_for(ozon, keyring, settings) if ozon is not None else None
    content = read_workbook(source)
    if not content.tables:
        raise JobInputError("В таблице нет листов ozwb (лист с колонкой «Артикул продавца») — переложить нечего")
    with WbClient(wb_settings) as wb:
        reference = fetch_workbook_reference(wb, content)
    confirmations = _confirmations(ozon_settings, content, reference)  # before writing: a failure leaves nothing
    target = new_file(settings, owner_id, FILE_KIND, ".xlsx")
    scratch = scratch_of(target)
    try:
        report = refresh_workbook(source, scratch, reference.specs, reference.directories)
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
    remembered = 0
    if ozon_settings is not None and confirmations is not None:
        with store.session() as session:  # only once the new workbook is safely in place, as the CLI does
            remembered = remember_choices(session, ozon_seller_key(ozon_settings.ozon_client_id),
                                          confirmations.choices)
    return RefreshOutcome(target, source_name, report, remembered)


def refreshed_name(source_name: str) -> str:
    """The new import's name: the seller sees at once which upload it came from."""
    suffix = " (переложена)"
    return source_name[: 255 - len(suffix)] + suffix


def is_relaid(stored_path: str) -> bool:
    """Whether an import's stored file is a workbook this service re-laid (not the seller's own upload)."""
    return bool(stored_path) and Path(stored_path).name.startswith(f"{FILE_KIND}-")


def _confirmations(ozon_settings: Settings | None, content: WorkbookContent,
                   reference: WorkbookReference) -> Confirmations | None:
    if ozon_settings is None:
        return None  # no Ozon connection: nobody to remember the choices for
    with OzonClient(ozon_settings) as ozon:
        types = ozon_types_from_tree([node.model_dump() for node in ozon.get_category_tree()])
    return collect_confirmations(content, types, reference.subject_names)


def _wb_settings(session: Session, keyring: Keyring, settings: Settings, owner_id: int) -> Settings:
    """The owner's first WB connection, as the import's check uses; a demo Ozon connection's sandbox is WB too."""
    wb = first_connection(session, owner_id, "wb")
    if wb is not None:
        return settings_for(wb, keyring, settings)
    demo = session.scalar(select(Connection).where(Connection.owner_id == owner_id, Connection.kind == "ozon",
                                                   Connection.sandbox_url.is_not(None))
                          .order_by(Connection.id).limit(1))
    if demo is not None:
        return settings_for(demo, keyring, settings)
    raise JobInputError(NO_WB)
