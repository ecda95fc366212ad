"""Upload page (an xlsx file or a Google Sheet link) → the validation report → push with a WB connection.

The report page shows counts per sheet and per problem, the problems themselves page by page, or
the one file-level problem; its push form (sellers only: managers read) starts a push or dry run.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from api.deps import CurrentUser, KeyringDep, SellerUser, SettingsDep, StoreDep, client_ip
from api.errors import ApiError
from api.ids import ImportId, form_id
from api.jobqueue import enqueue
from api.security import set_flash
from api.templating import render
from api.uploads import display_name, receive_workbook, size_text
from api.validation_pool import checked_import, refreshed_import
from engine.connections import list_connections
from engine.errors import OzwbError, RecordNotFoundError
from engine.issues import IssueCode
from engine.jobs import JobInputError, create_push_job, get_import, import_issues
from engine.jobs.files import owned_file
from engine.jobs.imports import readable_import
from engine.jobs.messages import failure_text
from engine.jobs.refreshes import is_relaid
from engine.jobs.sheet_exports import sheets_account_email
from engine.settings import Settings
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

FormStr = Annotated[str, Form()]
PAGE_SIZE = 100

CODE_LABELS = {
    IssueCode.REQUIRED: "не заполнено обязательное поле",
    IssueCode.TOO_LONG: "слишком длинный текст",
    IssueCode.NOT_A_NUMBER: "не число",
    IssueCode.OUT_OF_RANGE: "значение вне допустимых границ",
    IssueCode.NOT_IN_DICTIONARY: "значения нет в справочнике WB",
    IssueCode.TOO_MANY_VALUES: "слишком много значений",
    IssueCode.DUPLICATE: "повтор",
    IssueCode.BAD_BARCODE: "неверный баркод",
    IssueCode.UNKNOWN_SUBJECT: "неизвестный предмет",
    IssueCode.GROUP_CONFLICT: "противоречие в группе",
    IssueCode.FORBIDDEN_TEXT: "недопустимый текст",
    IssueCode.NOT_WHOLE: "нужно целое число",
    IssueCode.TOO_PRECISE: "слишком много знаков после запятой",
    IssueCode.BAD_URL: "неверная ссылка",
    IssueCode.FORMULA: "формула вместо значения",
    IssueCode.SUBJECT_CHANGED: "предмет изменён",
    IssueCode.GROUP_TOO_BIG: "слишком большая группа",
    IssueCode.CARD_CONFLICT: "противоречие в карточке",
    IssueCode.GROUP_NOT_DISTINCT: "карточки группы не различить",
}


@router.get("/upload")
def upload_form(request: Request, user: SellerUser, store: StoreDep, settings: SettingsDep) -> Response:
    return _form(request, store, settings, user)


@router.post("/upload")
async def upload_submit(
    request: Request, user: SellerUser, store: StoreDep, settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
    sheet_url: FormStr = "",
    wb_connection_id: FormStr = "",
) -> Response:
    wb_id = form_id(wb_connection_id)
    try:
        if file is not None and file.filename:
            path = await asyncio.to_thread(receive_workbook, settings, user.id, file.file)
            record = await checked_import(settings, user.id, display_name(file.filename), path=path,
                                          wb_connection_id=wb_id)
        elif sheet_url.strip():
            if not settings.google_service_account_file.strip():
                raise JobInputError("Google-таблицы не подключены к сервису — загрузите файл .xlsx")
            record = await checked_import(settings, user.id, "Google-таблица", sheet_url=sheet_url.strip(),
                                          wb_connection_id=wb_id)
        else:
            raise JobInputError("Выберите файл .xlsx или вставьте ссылку на Google-таблицу")
    except ApiError as exc:
        return await asyncio.to_thread(_form, request, store, settings, user, error=exc.message, status=exc.status)
    except RecordNotFoundError:
        raise  # another seller's connection reads as missing: 404, never a form error
    except OzwbError as exc:  # JobInputError, Google Sheets and WB answers: one Russian line each
        return await asyncio.to_thread(_form, request, store, settings, user, error=failure_text(exc), status=400)
    return RedirectResponse(f"/imports/{record.id}", status_code=303)


@router.get("/imports/{import_id}")
def import_report(request: Request, import_id: ImportId, user: CurrentUser, store: StoreDep, settings: SettingsDep,
                  page: Annotated[int, Query(ge=1)] = 1) -> Response:
    return _report(request, store, settings, user, import_id, page)


@router.post("/imports/{import_id}/push")
def import_push(
    request: Request, import_id: ImportId, user: SellerUser, store: StoreDep, keyring: KeyringDep,
    settings: SettingsDep,
    wb_connection_id: FormStr = "", dry_run: FormStr = "", skip_invalid: FormStr = "",
) -> Response:
    with store.session() as session:
        get_import(session, user.id, import_id)  # someone else's import: 404 before anything else
    try:
        wb_id = form_id(wb_connection_id)
        if wb_id is None:
            raise JobInputError("Выберите подключение WB")
        job_id = create_push_job(store, keyring, settings, user.id, import_id, wb_id,
                                 dry_run=bool(dry_run), skip_invalid=bool(skip_invalid), ip=client_ip(request))
    except RecordNotFoundError:
        raise  # another seller's connection reads as missing: 404, never a form error
    except OzwbError as exc:
        return _report(request, store, settings, user, import_id, 1, error=failure_text(exc), status=400)
    enqueue(request, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.post("/imports/{import_id}/refresh")
async def import_refresh(request: Request, import_id: ImportId, user: SellerUser, store: StoreDep,
                         settings: SettingsDep) -> Response:
    """«Переложить таблицу»: the stored xlsx re-laid by the subjects its rows name, checked as a new import."""
    try:
        refreshed = await refreshed_import(settings, user.id, import_id)
    except RecordNotFoundError:
        raise  # another seller's import reads as missing: 404, never a form error
    except OzwbError as exc:
        return await asyncio.to_thread(_report, request, store, settings, user, import_id, 1,
                                       error=failure_text(exc), status=400)
    response = RedirectResponse(f"/imports/{refreshed.view.id}", status_code=303)
    set_flash(request, response, f"Таблица переложена: перенесено строк — {refreshed.moved}. "
              "Скачайте её, заполните характеристики новых предметов и загрузите снова.")
    return response


@router.get("/imports/{import_id}/workbook")
def import_workbook(import_id: ImportId, user: CurrentUser, store: StoreDep, settings: SettingsDep) -> Response:
    """The import's own xlsx (an upload or a re-laid workbook); a Google Sheet import has none: 404."""
    with store.session() as session:
        record = readable_import(session, user.id, import_id)
        path = owned_file(settings, record.owner_id, record.stored_path)
    return FileResponse(path, filename=f"ozwb-import-{import_id}.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _form(request: Request, store: StoreDep, settings: Settings, user: User, *, error: str = "",
          status: int = 200) -> Response:
    with store.session() as session:
        wb = list_connections(session, user.id, "wb")
    context = {"wb": wb, "error": error, "max_size": size_text(settings.upload_max_bytes),
               "sheets_email": sheets_account_email(settings)}
    return render(request, "imports/upload.html", context, status_code=status)


def _report(request: Request, store: StoreDep, settings: Settings, user: User, import_id: int, page: int, *,
            error: str = "", status: int = 200) -> Response:
    with store.session() as session:
        record = get_import(session, user.id, import_id)
        relaid = is_relaid(readable_import(session, user.id, import_id).stored_path)
        issues = import_issues(settings, session, user.id, import_id)
        wb = list_connections(session, user.id, "wb") if user.role != "manager" else []
    by_sheet = Counter(str(i.get("sheet", "")) for i in issues)
    by_code = Counter(str(i.get("code", "")) for i in issues)
    pages = max(1, -(-len(issues) // PAGE_SIZE))
    page = min(page, pages)
    shown = issues[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    context = {
        "record": record, "issues": shown, "issue_count": len(issues), "page": page, "pages": pages,
        "by_sheet": by_sheet.most_common(),
        "by_code": [(code, _code_label(code), n) for code, n in by_code.most_common()],
        "wb": wb, "can_push": user.role != "manager", "error": error,
        "relaid": relaid, "subject_changed": by_code.get(IssueCode.SUBJECT_CHANGED.value, 0),
    }
    return render(request, "imports/report.html", context, status_code=status)


def _code_label(code: str) -> str:
    try:
        return CODE_LABELS.get(IssueCode(code), code)
    except ValueError:
        return code
