"""The job rows themselves: creating, owner-scoped lookup, and status changes."""

from __future__ import annotations

import json
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.jobs.errors import JobInputError
from engine.ownership import owned_record, readable_record
from engine.store.web_models import Connection, WebJob

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
FINISHED = (DONE, FAILED)
STATUS_LABELS = {QUEUED: "в очереди", RUNNING: "выполняется", DONE: "готово", FAILED: "ошибка"}


def new_job(session: Session, owner_id: int, kind: str, **fields: object) -> WebJob:
    job = WebJob(owner_id=owner_id, kind=kind, status=QUEUED, dry_run=bool(fields.pop("dry_run", False)),
                 progress=json.dumps(fields.pop("progress", {}), ensure_ascii=False), message="", result_path="",
                 result_sheet_url="", created_at=time.time(), rq_job_id="", attempts=0, **fields)
    session.add(job)
    session.flush()
    return job


def readable_job(session: Session, user_id: int, job_id: int) -> WebJob:
    """The job if ``user_id`` owns it or manages its owner; otherwise it does not exist."""
    return readable_record(session, WebJob, "job", user_id, job_id)


def owned_job(session: Session, owner_id: int, job_id: int) -> WebJob:
    return owned_record(session, WebJob, "job", owner_id, job_id)


def connection_of_kind(session: Session, owner_id: int, connection_id: int, kind: str) -> Connection:
    from engine.connections import owned_connection

    connection = owned_connection(session, owner_id, connection_id)
    if connection.kind != kind:
        name = "Ozon" if kind == "ozon" else "WB"
        raise JobInputError(f"Выберите подключение {name}")
    return connection


def first_connection(session: Session, owner_id: int, kind: str) -> Connection | None:
    """The owner's oldest connection of ``kind``: what a job uses when none was chosen."""
    return session.scalar(select(Connection).where(Connection.owner_id == owner_id, Connection.kind == kind)
                          .order_by(Connection.id).limit(1))


def web_job_of_push(session: Session, push_job_id: int) -> WebJob | None:
    return session.scalar(select(WebJob).where(WebJob.push_job_id == push_job_id))


def progress_of(job: WebJob) -> dict[str, object]:
    try:
        found = json.loads(job.progress or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def set_progress(job: WebJob, progress: dict[str, object]) -> None:
    job.progress = json.dumps(progress, ensure_ascii=False)


def mark_running(job: WebJob) -> None:
    job.status = RUNNING
    job.attempts += 1
    if job.started_at is None:
        job.started_at = time.time()


def mark_finished(job: WebJob, ok: bool, message: str) -> None:
    job.status = DONE if ok else FAILED
    job.message = message
    job.finished_at = time.time()
