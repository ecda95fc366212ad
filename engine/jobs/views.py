"""What a job page and ``GET /api/v1/jobs/{id}`` show: status, steps with counts, errors so far, ETA."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.jobs.exports import EXPORT_STAGES
from engine.jobs.files import owned_file
from engine.jobs.records import FINISHED, STATUS_LABELS, progress_of, readable_job
from engine.jobs.stops import resume_refusal
from engine.ownership import readable_owner_ids
from engine.push import job_progress
from engine.push.states import CardStatus
from engine.settings import Settings
from engine.store.push_models import PushCard
from engine.store.web_models import WebJob

PUSH_STEPS = (("cards", "Карточки"), ("photos", "Фото"), ("prices", "Цены"), ("stocks", "Остатки"))
OPEN_STATES = {"cards": ("pending", "sending", "accepted", "existing", "updating"),
               "photos": ("pending", "sent", "files"), "prices": ("pending", "sent"), "stocks": ("pending",)}
SHOWN_ERRORS = 20
LISTED_JOBS = 200


@dataclass(frozen=True)
class StepView:
    key: str
    title: str
    done: int
    total: int
    state: str  # 'pending' | 'running' | 'done'


@dataclass(frozen=True)
class JobView:
    id: int
    owner_id: int
    kind: str
    status: str
    status_label: str
    dry_run: bool
    message: str
    created_at: float
    started_at: float | None
    finished_at: float | None
    steps: list[StepView] = field(default_factory=list)
    counts: dict[str, object] = field(default_factory=dict)
    errors: list[dict[str, object]] = field(default_factory=list)
    eta_seconds: float | None = None
    has_result: bool = False
    to_fix_rows: int = 0  # rows in the push's "to fix" workbook; 0: there is none
    result_sheet_url: str = ""
    connection_id: int | None = None
    import_id: int | None = None
    resumable: bool = False  # a push stopped by its owner's block that may continue now

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


def job_view(session: Session, user_id: int, job_id: int, *, now: float | None = None) -> JobView:
    return build_view(session, readable_job(session, user_id, job_id), now=now)


def list_jobs(session: Session, user_id: int) -> list[JobView]:
    """The user's jobs (and their sellers', for a manager), newest first; without per-row details."""
    owners = readable_owner_ids(session, user_id)
    jobs = session.scalars(select(WebJob).where(WebJob.owner_id.in_(owners))
                           .order_by(WebJob.created_at.desc(), WebJob.id.desc()).limit(LISTED_JOBS))
    return [build_view(session, job, brief=True) for job in jobs]


def result_file(settings: Settings, session: Session, user_id: int, job_id: int) -> Path:
    """The job's result workbook, for an owner-checked download."""
    job = readable_job(session, user_id, job_id)
    return owned_file(settings, job.owner_id, job.result_path)


def to_fix_file(settings: Settings, session: Session, user_id: int, job_id: int) -> Path:
    """The push's "to fix" workbook (only the rows to fix), for an owner-checked download."""
    job = readable_job(session, user_id, job_id)
    return owned_file(settings, job.owner_id, job.to_fix_path)


def build_view(session: Session, job: WebJob, *, brief: bool = False, now: float | None = None) -> JobView:
    progress = progress_of(job)
    steps: list[StepView] = []
    counts: dict[str, object] = dict(progress.get("counts") or {})  # type: ignore[call-overload]
    errors: list[dict[str, object]] = []
    message = job.message
    if job.kind == "export":
        steps = _export_steps(progress, job.status)
    elif job.push_job_id is not None:
        pushed = job_progress(session, job.push_job_id)
        steps = _push_steps(pushed.to_dict())
        counts = pushed.to_dict()
        message = message or pushed.message
        if not brief:
            errors = _push_errors(session, job.push_job_id)
    return JobView(
        id=job.id, owner_id=job.owner_id, kind=job.kind, status=job.status, status_label=STATUS_LABELS[job.status],
        dry_run=job.dry_run, message=message, created_at=job.created_at, started_at=job.started_at,
        finished_at=job.finished_at, steps=steps, counts=counts, errors=errors,
        eta_seconds=None if brief else eta(steps, job.started_at, job.status, now if now is not None else time.time()),
        has_result=bool(job.result_path), to_fix_rows=job.to_fix_rows if job.to_fix_path else 0,
        result_sheet_url=job.result_sheet_url, connection_id=job.connection_id, import_id=job.import_id,
        resumable=resume_refusal(session, job) is None,
    )


def _export_steps(progress: dict[str, object], status: str) -> list[StepView]:
    reached = [str(s.get("name")) for s in progress.get("stages") or [] if isinstance(s, dict)]  # type: ignore[attr-defined]
    steps: list[StepView] = []
    for index, title in enumerate(EXPORT_STAGES):
        if title in reached:
            last = title == reached[-1] and status not in FINISHED
            state = "running" if last else "done"
        else:
            state = "pending"
        steps.append(StepView(f"stage{index + 1}", title, 1 if state == "done" else 0, 1, state))
    return steps


def _push_steps(counts: dict[str, object]) -> list[StepView]:
    steps: list[StepView] = []
    for key, title in PUSH_STEPS:
        states = counts.get(key)
        by_state = {str(k): int(v) for k, v in states.items()} if isinstance(states, dict) else {}
        total = sum(n for state, n in by_state.items() if state != "none")
        done = total - sum(by_state.get(state, 0) for state in OPEN_STATES[key])
        state = "done" if total and done == total else ("running" if done else "pending")
        steps.append(StepView(key, title, done, total, state if total else "done"))
    return steps


def _push_errors(session: Session, push_job_id: int) -> list[dict[str, object]]:
    refused = (CardStatus.REJECTED, CardStatus.FAILED)
    cards = session.scalars(select(PushCard).where(PushCard.job_id == push_job_id, PushCard.status.in_(refused))
                            .order_by(PushCard.position).limit(SHOWN_ERRORS))
    return [{"sheet": c.sheet, "vendor_code": c.vendor_code, "status": c.status, "message": c.message}
            for c in cards]


def eta(steps: list[StepView], started_at: float | None, status: str, now: float) -> float | None:
    """Seconds left at the rate of progress so far; ``None`` until there is a rate to go by."""
    if status in FINISHED or started_at is None:
        return 0.0 if status in FINISHED else None
    done = sum(s.done for s in steps)
    total = sum(s.total for s in steps)
    elapsed = now - started_at
    if done <= 0 or elapsed <= 0 or total <= done:
        return None
    return (total - done) * elapsed / done
