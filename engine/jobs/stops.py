"""Stopping a blocked seller's jobs: the one place that decides it, words it and audits it.

A block (:func:`engine.accounts.block_user`) only marks the account. Whoever runs a job looks at the
mark at its safe points: an export before it starts and between its stages (so always before the
workbook is written), a push before each slice. The workers' recovery pass stops the jobs no worker
holds (queued ones, and those of a worker that died). A stopped push keeps its checkpoints — cards,
rows and ``push_jobs`` — exactly as its last slice committed them, so nothing is undone or marked
failed, and a resume picks it up where it stood.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.jobs.errors import JobsError
from engine.jobs.records import mark_finished, progress_of, set_progress
from engine.store import Store
from engine.store.account_models import User
from engine.store.web_models import WebJob

BLOCKED = "Остановлено: аккаунт заблокирован администратором"
STOPPED_OUTCOME = "остановлено — аккаунт заблокирован администратором"  # the end-of-job notice's words
REASON = "user_blocked"  # kept in the job's progress and the audit entry


class JobStoppedError(JobsError):
    """Raised at an export's safe point when its owner is blocked; the export job ends as stopped."""

    def __init__(self) -> None:
        super().__init__(BLOCKED)


@dataclass(frozen=True)
class Halt:
    """Whether a push may run another slice; ``stopped`` is the web job ended just now (to be announced)."""

    halted: bool
    stopped: int | None = None


def owner_blocked(session: Session, owner_id: int) -> bool:
    user = session.get(User, owner_id)
    return user is not None and user.blocked_at is not None


def stop_job(session: Session, job: WebJob) -> bool:
    """End ``job`` as stopped by its owner's block (audited); False when it had ended already."""
    if job.finished_at is not None:
        return False
    progress = progress_of(job)
    progress["stopped"] = REASON
    set_progress(job, progress)
    mark_finished(job, False, BLOCKED)
    # Done by the service, not by a person: no user_id; the owner is named in the detail.
    record_audit(session, "job_stopped", target=f"job:{job.id}",
                 detail={"reason": REASON, "kind": job.kind, "owner": f"user:{job.owner_id}"})
    return True


def stopped_for_block(job: WebJob) -> bool:
    return job.finished_at is not None and progress_of(job).get("stopped") == REASON


def halt_push(store: Store, push_job_id: int) -> Halt:
    """A push's safe point, before a slice. A web push whose owner is blocked is stopped now; one whose web
    job has ended (stopped earlier, or never queued) runs no more. A CLI push (no web job) always goes on."""
    with store.session() as session:
        job = session.scalar(select(WebJob).where(WebJob.push_job_id == push_job_id))
        if job is None:
            return Halt(False)
        if job.finished_at is not None:
            return Halt(True)
        if owner_blocked(session, job.owner_id):
            stop_job(session, job)
            return Halt(True, job.id)
        return Halt(False)
