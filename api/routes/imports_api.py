"""REST: upload a workbook (or name a Google Sheet) → its validation report; push a checked import to WB.

The check runs in the validation pool (:mod:`api.validation_pool`), so a big workbook does not stall
the pages; the request still answers with the report. The file is type-checked (zip with a
spreadsheet ``[Content_Types].xml``) and size-limited before anything reads it.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse

from api.deps import ApiSeller, ApiUser, KeyringDep, SettingsDep, StoreDep, client_ip
from api.errors import error_responses
from api.flow_errors import BadInputError, flow_errors
from api.ids import MAX_RECORD_ID as MAX_ID
from api.jobqueue import enqueue
from api.schemas import ImportOut, JobCreated, PushRequest, import_out, job_out
from api.uploads import display_name, receive_workbook
from api.validation_pool import checked_import, refreshed_import
from engine.jobs import create_push_job, get_import, import_issues, job_view
from engine.jobs.files import owned_file
from engine.jobs.imports import readable_import
from engine.jobs.records import connection_of_kind

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])

ImportId = Annotated[int, Path(ge=1, le=MAX_ID, description="номер загрузки")]
SHEET_URL_LENGTH = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("", status_code=201, response_model=ImportOut,
             responses=error_responses(400, 401, 404, 413, 422, 502))
async def create_import_route(
    user: ApiSeller, store: StoreDep, settings: SettingsDep,
    file: Annotated[UploadFile | None, File(description="таблица .xlsx")] = None,
    sheet_url: Annotated[str | None, Form(max_length=SHEET_URL_LENGTH,
                                          description="или ссылка на Google-таблицу")] = None,
    wb_connection_id: Annotated[int | None, Form(ge=1, le=MAX_ID,
                                                 description="проверить по справочникам WB этого подключения")] = None,
) -> ImportOut:
    """Загрузить таблицу (multipart, поле `file`) или указать ссылку на Google-таблицу (`sheet_url`) → отчёт проверки.

    Ответ: номер загрузки и проблемы (лист, строка, столбец, сообщение) с их числом. С подключением WB
    (`wb_connection_id` или первое из ваших) таблица проверяется и по текущим справочникам WB.
    """
    url = (sheet_url or "").strip()
    if (file is None) == (not url):
        raise BadInputError("Загрузите файл .xlsx (поле file) или укажите ссылку на Google-таблицу (поле sheet_url).")
    if wb_connection_id is not None:
        with store.session() as session, flow_errors():
            connection_of_kind(session, user.id, wb_connection_id, "wb")
    if file is not None:
        stored = await asyncio.to_thread(receive_workbook, settings, user.id, file.file)
        with flow_errors():
            view = await checked_import(settings, user.id, display_name(file.filename), path=stored,
                                        wb_connection_id=wb_connection_id)
    else:
        with flow_errors():
            view = await checked_import(settings, user.id, url[:255], sheet_url=url,
                                        wb_connection_id=wb_connection_id)
    return await asyncio.to_thread(_report, store, settings, user.id, view.id)


@router.get("/{import_id}", response_model=ImportOut, responses=error_responses(401, 404, 422))
def import_report(import_id: ImportId, user: ApiUser, store: StoreDep, settings: SettingsDep) -> ImportOut:
    """Отчёт проверки загрузки."""
    return _report(store, settings, user.id, import_id)


@router.post("/{import_id}/refresh", status_code=201, response_model=ImportOut,
             responses=error_responses(400, 401, 404, 422, 502))
async def refresh_import_route(import_id: ImportId, user: ApiSeller, store: StoreDep,
                               settings: SettingsDep) -> ImportOut:
    """Переложить таблицу по новым предметам (то же, что `ozwb refresh`) → отчёт проверки новой загрузки.

    Строки, где сменён «Предмет», переходят на листы новых предметов с их характеристиками; остальные
    значения сохраняются. Переложенная таблица — новая загрузка; скачать её: `GET /api/v1/imports/{id}/workbook`.
    Только для загрузок .xlsx (Google-таблицу скачайте как .xlsx и загрузите) — иначе 400; нужны справочники
    WB (подключение WB или демо-подключения) — иначе 400; WB или Ozon не ответили — 502.
    """
    with flow_errors():
        refreshed = await refreshed_import(settings, user.id, import_id)
    return await asyncio.to_thread(_report, store, settings, user.id, refreshed.view.id)


@router.get("/{import_id}/workbook", response_class=FileResponse, responses=error_responses(401, 404, 422))
def import_workbook(import_id: ImportId, user: ApiUser, store: StoreDep, settings: SettingsDep) -> FileResponse:
    """Скачать таблицу загрузки (.xlsx): загруженную или переложенную. У загрузки Google-таблицы файла нет — 404."""
    with store.session() as session:
        record = readable_import(session, user.id, import_id)
        path = owned_file(settings, record.owner_id, record.stored_path)
    return FileResponse(path, media_type=XLSX, filename=f"ozwb-import-{import_id}.xlsx")


@router.post("/{import_id}/push", status_code=202, response_model=JobCreated,
             responses=error_responses(400, 401, 404, 413, 422, 502, 503))
def push_import(request: Request, import_id: ImportId, body: PushRequest, user: ApiSeller, store: StoreDep,
                keyring: KeyringDep, settings: SettingsDep) -> JobCreated:
    """Перенести проверенную таблицу в кабинет WB (задача в очереди; `dry_run` — только показать запросы).

    Таблица проверяется ещё раз по справочникам WB на сегодня; строки с проблемами останавливают перенос,
    если не указано `skip_invalid` (тогда они пропускаются).
    """
    with flow_errors():
        job_id = create_push_job(store, keyring, settings, user.id, import_id, body.wb_connection_id,
                                 dry_run=body.dry_run, only_failed=body.only_failed, skip_invalid=body.skip_invalid,
                                 ip=client_ip(request))
    enqueue(request, job_id)
    with store.session() as session:
        return JobCreated(job=job_out(job_view(session, user.id, job_id)), url=f"/api/v1/jobs/{job_id}")


def _report(store: StoreDep, settings: SettingsDep, user_id: int, import_id: int) -> ImportOut:
    with store.session() as session:
        view = get_import(session, user_id, import_id)
        issues = import_issues(settings, session, user_id, import_id)
    return import_out(view, issues)
