"""REST: start an export of an Ozon connection's catalog (a background job; follow it at /api/v1/jobs/{id})."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import ApiSeller, StoreDep
from api.errors import error_responses
from api.flow_errors import flow_errors
from api.jobqueue import enqueue
from api.schemas import ExportRequest, JobCreated, job_out
from engine.jobs import ExportChoices, create_export_job, job_view

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])



@router.post("", status_code=202, response_model=JobCreated,
             responses=error_responses(400, 401, 404, 413, 422, 503))
def start_export(request: Request, body: ExportRequest, user: ApiSeller, store: StoreDep) -> JobCreated:
    """Выгрузить каталог Ozon в таблицу WB: задача ставится в очередь; файл — в `GET /api/v1/jobs/{id}/result`.

    Справочники WB читаются с подключением WB (`wb_connection_id` или первое из ваших); демо-подключению
    Ozon оно не нужно. Чужое или несуществующее подключение — 404.
    """
    choices = ExportChoices(markup_percent=body.markup_percent, rounding=body.rounding,
                            include_archived=body.include_archived)
    with flow_errors():
        job_id = create_export_job(store, user.id, body.connection_id, wb_connection_id=body.wb_connection_id,
                                   choices=choices)
    enqueue(request, job_id)
    with store.session() as session:
        view = job_view(session, user.id, job_id)
    return JobCreated(job=job_out(view), url=f"/api/v1/jobs/{job_id}")
