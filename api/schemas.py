"""Request and response models of the flow's REST endpoints (/api/v1 exports, imports, jobs).

They mirror the engine's view models (:class:`engine.jobs.JobView`, :class:`engine.jobs.ImportView`)
field by field, so the pages and the API show the same thing; nothing here reaches a secret.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from engine.jobs import ImportView, JobView

ISSUES_SHOWN = 1000  # a 100,000-row book can have 150,000 issues; the first ones are enough to act on

JobKind = Literal["export", "push"]
JobStatus = Literal["queued", "running", "done", "failed"]
StepState = Literal["pending", "running", "done"]


class ExportRequest(BaseModel):
    connection_id: int = Field(description="подключение Ozon, каталог которого выгрузить")
    wb_connection_id: int | None = Field(
        default=None, description="подключение WB для справочников предметов; по умолчанию — первое из ваших")
    markup_percent: float = Field(default=0.0, ge=0, le=1000, description="наценка к цене Ozon, %")
    rounding: Literal["ruble", "up10", "up100", "end99"] = Field(default="ruble", description="округление цены")
    include_archived: bool = Field(default=False, description="выгружать и архивные товары Ozon")


class PushRequest(BaseModel):
    wb_connection_id: int = Field(description="подключение WB, в кабинет которого переносить")
    dry_run: bool = Field(default=False, description="пробный запуск: показать запросы, ничего не отправлять")
    only_failed: bool = Field(default=False, description="только строки, которых ещё нет на WB")
    skip_invalid: bool = Field(default=False, description="перенести строки без проблем, пропустив остальные")


class StepOut(BaseModel):
    key: str
    title: str
    done: int
    total: int
    state: StepState


class JobErrorOut(BaseModel):
    sheet: str
    vendor_code: str
    status: str
    message: str = Field(description="ответ WB как есть")


class JobOut(BaseModel):
    id: int
    kind: JobKind
    status: JobStatus
    status_label: str
    dry_run: bool
    message: str
    created_at: float = Field(description="секунды эпохи Unix")
    started_at: float | None
    finished_at: float | None
    steps: list[StepOut] = Field(description="шаги с числом сделанного из общего")
    counts: dict[str, Any] = Field(description="счётчики: у выгрузки — товары, карточки, строки; у переноса — "
                                               "состояния карточек, фото, цен, остатков и строк")
    errors: list[JobErrorOut] = Field(description="ошибки на данный момент (первые 20)")
    eta_seconds: float | None = Field(description="сколько примерно осталось, секунд; null — ещё не оценить")
    result_ready: bool
    result_url: str | None = Field(description="где скачать файл результата, когда он готов")
    result_sheet_url: str
    to_fix_rows: int = Field(description="у переноса: строк, которые надо исправить (WB отклонил, ошибка, пропуск)")
    to_fix_url: str | None = Field(description="где скачать таблицу только с этими строками, чтобы исправить и "
                                               "загрузить снова; null — таких строк нет")
    connection_id: int | None
    import_id: int | None
    resumable: bool = Field(description="перенос остановлен блокировкой аккаунта и его можно продолжить: "
                                        "POST /api/v1/jobs/{id}/resume")


class JobCreated(BaseModel):
    job: JobOut
    url: str = Field(description="адрес задачи в API")


class JobList(BaseModel):
    jobs: list[JobOut] = Field(description="задачи, новые первыми (у менеджера — и задачи его продавцов)")


class IssueOut(BaseModel):
    sheet: str
    row: int
    column: str
    code: str = Field(description="стабильный код проблемы, например row.bad_barcode")
    message: str


class FileProblemOut(BaseModel):
    code: str
    message: str


class ImportOut(BaseModel):
    id: int
    source_name: str
    source_kind: Literal["xlsx", "gsheet"]
    sheet_url: str
    created_at: float
    checked_with_wb: bool = Field(description="проверено по справочникам WB (есть подключение WB)")
    ready: bool = Field(description="проблем нет — можно переносить")
    counts: dict[str, Any] = Field(description="строки, строки с проблемами, карточки, проблемы по кодам")
    file_problem: FileProblemOut | None = Field(description="файл целиком не принят — почему")
    issues: list[IssueOut] = Field(description=f"проблемы: лист, строка, столбец, сообщение (первые {ISSUES_SHOWN})")
    issues_total: int


def job_out(view: JobView) -> JobOut:
    return JobOut(
        id=view.id, kind=view.kind, status=view.status, status_label=view.status_label,
        dry_run=view.dry_run, message=view.message, created_at=view.created_at, started_at=view.started_at,
        finished_at=view.finished_at, steps=[StepOut(**s.__dict__) for s in view.steps], counts=dict(view.counts),
        errors=[JobErrorOut(**{k: str(e.get(k) or "") for k in ("sheet", "vendor_code", "status", "message")})
                for e in view.errors],
        eta_seconds=view.eta_seconds, result_ready=view.has_result,
        result_url=f"/api/v1/jobs/{view.id}/result" if view.has_result else None,
        result_sheet_url=view.result_sheet_url, to_fix_rows=view.to_fix_rows,
        to_fix_url=f"/api/v1/jobs/{view.id}/to-fix" if view.to_fix_rows else None,
        connection_id=view.connection_id, import_id=view.import_id, resumable=view.resumable,
    )


def import_out(view: ImportView, issues: list[dict[str, object]]) -> ImportOut:
    problem = view.file_problem
    return ImportOut(
        id=view.id, source_name=view.source_name, source_kind=view.source_kind,
        sheet_url=view.sheet_url, created_at=view.created_at, checked_with_wb=view.checked_with_wb,
        ready=view.ready, counts=dict(view.counts),
        file_problem=FileProblemOut(code=str(problem.get("code", "")), message=str(problem.get("message", "")))
        if problem else None,
        issues=[IssueOut(sheet=str(i.get("sheet", "")), row=int(str(i.get("row") or 0)),
                         column=str(i.get("column") or ""), code=str(i.get("code", "")),
                         message=str(i.get("message", ""))) for i in issues[:ISSUES_SHOWN]],
        issues_total=len(issues),
    )
