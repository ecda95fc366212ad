"""REST: the user's jobs (managers: also their sellers'), one job's progress, its result workbook, re-runs,
continuing a push stopped by a block."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse

from api.deps import ApiSeller, ApiUser, KeyringDep, SettingsDep, StoreDep, client_ip
from api.errors import ApiError, error_responses
from api.flow_errors import flow_errors
from api.ids import MAX_RECORD_ID as MAX_ID
from api.jobqueue import enqueue
from api.schemas import JobCreated, JobList, JobOut, job_out
from engine.jobs import job_view, list_jobs, rerun_failed, result_file, resume_stopped_push, to_fix_file

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="номер задачи")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ResultNotReadyError(ApiError):
    status = 409
    code = "result_not_ready"


class NoResultError(ApiError):
    status = 409
    code = "no_result"


class NoToFixError(ApiError):
    status = 409
    code = "no_to_fix"


RESULT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Файл результата (.xlsx)",
          "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}},
    **error_responses(401, 404, 409, 422),
}

TO_FIX_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Таблица только со строками, которые надо исправить (.xlsx)",
          "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}},
    **error_responses(401, 404, 409, 422),
}


@router.get("", response_model=JobList, responses=error_responses(401))
def jobs(user: ApiUser, store: StoreDep) -> JobList:
    """Все задачи, новые первыми (без подробностей по строкам — они в `GET /api/v1/jobs/{id}`)."""
    with store.session() as session:
        return JobList(jobs=[job_out(view) for view in list_jobs(session, user.id)])


@router.get("/{job_id}", response_model=JobOut, responses=error_responses(401, 404, 422))
def job(job_id: JobId, user: ApiUser, store: StoreDep) -> JobOut:
    """Состояние задачи: шаги с прогрессом, счётчики, ошибки на данный момент, оценка оставшегося времени."""
    with store.session() as session:
        return job_out(job_view(session, user.id, job_id))


@router.get("/{job_id}/result", response_class=FileResponse, responses=RESULT_RESPONSES)
def job_result(job_id: JobId, user: ApiUser, store: StoreDep, settings: SettingsDep) -> FileResponse:
    """Скачать таблицу: выгрузку или результат переноса (с nmID). Пока задача не закончена — 409."""
    with store.session() as session:
        view = job_view(session, user.id, job_id)
        if not view.finished:
            raise ResultNotReadyError(f"Задача ещё {view.status_label}: файл будет готов, когда она закончится.")
        if not view.has_result:
            raise NoResultError("У этой задачи нет файла результата" + (f": {view.message}" if view.message else "."))
        path = result_file(settings, session, user.id, job_id)
    name = f"ozwb-{'export' if view.kind == 'export' else 'result'}-{job_id}.xlsx"
    return FileResponse(path, media_type=XLSX, filename=name)


@router.get("/{job_id}/to-fix", response_class=FileResponse, responses=TO_FIX_RESPONSES)
def job_to_fix(job_id: JobId, user: ApiUser, store: StoreDep, settings: SettingsDep) -> FileResponse:
    """Скачать строки переноса, которые надо исправить (WB отклонил, ошибка, пропуск), — в виде таблицы, которую
    можно исправить и загрузить снова. Пока задача не закончена или таких строк нет — 409."""
    with store.session() as session:
        view = job_view(session, user.id, job_id)
        if not view.finished:
            raise ResultNotReadyError(f"Задача ещё {view.status_label}: файл будет готов, когда она закончится.")
        if not view.to_fix_rows:
            raise NoToFixError("В этой задаче нет строк для исправления.")
        path = to_fix_file(settings, session, user.id, job_id)
    return FileResponse(path, media_type=XLSX, filename=f"ozwb-to-fix-{job_id}.xlsx")


@router.post("/{job_id}/rerun", status_code=202, response_model=JobCreated,
             responses=error_responses(400, 401, 404, 422, 502, 503))
def rerun(request: Request, job_id: JobId, user: ApiSeller, store: StoreDep, keyring: KeyringDep,
          settings: SettingsDep) -> JobCreated:
    """Повторить законченный перенос только для строк, которых ещё нет на WB (новая задача)."""
    with flow_errors():
        new_id = rerun_failed(store, keyring, settings, user.id, job_id)
    enqueue(request, new_id)
    with store.session() as session:
        return JobCreated(job=job_out(job_view(session, user.id, new_id)), url=f"/api/v1/jobs/{new_id}")


@router.post("/{job_id}/resume", status_code=202, response_model=JobOut,
             responses=error_responses(400, 401, 404, 422, 503))
def resume(request: Request, job_id: JobId, user: ApiSeller, store: StoreDep) -> JobOut:
    """Продолжить перенос, остановленный блокировкой аккаунта, после разблокировки: та же задача продолжается
    с того места, где остановилась (карточки не создаются второй раз)."""
    with flow_errors():
        resume_stopped_push(store, user.id, job_id, lambda job: enqueue(request, job), ip=client_ip(request))
    with store.session() as session:
        return job_out(job_view(session, user.id, job_id))
