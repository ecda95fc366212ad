"""Stopping a blocked seller's jobs, and continuing a stopped push: the one place that decides both, words
them and audits them.

A block (:func:`engine.accounts.block_user`) only marks the account. Whoever runs a job looks at the
mark at its safe points: an export before it starts and between its stages (so always before the
workbook is written), a push before each slice. The workers' recovery pass stops the jobs no worker
holds (queued ones, and those of a worker that died). A stopped push keeps its checkpoints — cards,
rows and ``push_jobs`` — exactly as its last slice committed them, so nothing is undone or marked
failed, and a resume picks it up where it stood.

Continuing (:func:`resume_stopped_push`, «Продолжить перенос») re-opens that same web job once the
owner is unblocked and queues the push's next slice: never a new push, which could create cards twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.jobs.errors import JobInputError, JobsError
from engine.jobs.records import (
    FAILED,
    QUEUED,
    mark_finished,
    owned_job,
    progress_of,
    set_progress,
    web_job_of_push,
)
from engine.store import Store
from engine.store.account_models import User
from engine.store.push_models import PushJob
from engine.store.web_models import Connection, WebJob

BLOCKED = "Остановлено: аккаунт заблокирован администратором"
STOPPED_OUTCOME = "остановлено — аккаунт заблокирован администратором"  # the end-of-job notice's words
REASON = "user_blocked"  # kept in the job's progress and the audit entry
NOT_STOPPED = "Продолжить можно только перенос, остановленный блокировкой аккаунта"
GOING = "Этот перенос уже продолжается"
STILL_BLOCKED = "Аккаунт всё ещё заблокирован администратором: перенос можно продолжить после разблокировки"
CONNECTION_GONE = ("Подключение WB этого переноса удалено — продолжить его нельзя. Добавьте подключение и "
                   "запустите перенос таблицы заново: карточки, которые уже есть на WB, создаваться не будут")


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
        job = web_job_of_push(session, push_job_id)
        if job is None:
            return Halt(False)
        if job.finished_at is not None:
            return Halt(True)
        if owner_blocked(session, job.owner_id):
            stop_job(session, job)
            return Halt(True, job.id)
        return Halt(False)


def resume_refusal(session: Session, job: WebJob) -> str | None:
    """Why ``job`` cannot be continued now, in the seller's words; ``None`` when «Продолжить перенос» may run."""
    if job.kind != "push" or job.push_job_id is None:
        return NOT_STOPPED
    if not stopped_for_block(job):
        return GOING if job.finished_at is None else NOT_STOPPED
    if owner_blocked(session, job.owner_id):
        return STILL_BLOCKED
    push = session.get(PushJob, job.push_job_id)
    if push is None:
        return NOT_STOPPED
    # The slices decrypt the push's own connection; a web job whose connection went has none either.
    if job.connection_id is None or push.connection_id is None or session.get(Connection, push.connection_id) is None:
        return CONNECTION_GONE
    return None


def resume_stopped_push(store: Store, owner_id: int, job_id: int, queue: Callable[[int], None], *,
                        ip: str = "") -> None:
    """Continue the owner's push ``job_id`` stopped by a block: the same web job re-opened, its push's next
    slice handed to ``queue`` (the caller's queueing of web jobs), the resume audited as ``job_resumed``.

    Raises :class:`JobInputError` (Russian) when the job is not resumable (:func:`resume_refusal`). A resume
    that cannot be queued leaves the job stopped as it was, so that it can be continued later.
    """
    with store.session() as session:
        job = owned_job(session, owner_id, job_id)
        # Two resumes at once: the second waits for the first to commit, then finds the job open.
        session.refresh(job, with_for_update=True)
        refusal = resume_refusal(session, job)
        if refusal is not None:
            raise JobInputError(refusal)
        progress = progress_of(job)
        progress.pop("stopped", None)
        set_progress(job, progress)
        job.status, job.message, job.finished_at = QUEUED, "", None
        push_job_id = job.push_job_id
    try:
        queue(job_id)
    except BaseException:
        _keep_stopped(store, job_id)
        raise
    with store.session() as session:
        record_audit(session, "job_resumed", user_id=owner_id, target=f"job:{job_id}", ip=ip,
                     detail={"reason": REASON, "kind": "push", "push_job_id": push_job_id})


def _keep_stopped(store: Store, job_id: int) -> None:
    """The resume was not queued: the job goes back to being stopped for the block (whoever failed to queue it
    may have marked it failed meanwhile), resumable again."""
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None:
            return
        progress = progress_of(job)
        progress["stopped"] = REASON
        set_progress(job, progress)
        job.status, job.message = FAILED, BLOCKED
        job.finished_at = job.finished_at or time.time()
