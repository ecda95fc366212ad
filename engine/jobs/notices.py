"""Telling the owner a job ended: an in-app notice and an e-mail (logged when no SMTP is configured)."""

from __future__ import annotations

import logging

from engine.accounts import add_notice
from engine.jobs.records import DONE
from engine.jobs.stops import STOPPED_OUTCOME, stopped_for_block
from engine.mail import Mailer, MailError
from engine.russian import plural
from engine.settings import Settings
from engine.store import Store, User
from engine.store.web_models import WebJob

logger = logging.getLogger("engine.jobs.notices")

KIND_NAMES = {"export": "Выгрузка из Ozon", "push": "Перенос на WB"}


def job_end_text(job: WebJob) -> tuple[str, str]:
    """The notice's text and its link (the job page); a push says how many rows are left to fix."""
    what = KIND_NAMES.get(job.kind, "Задание")
    if job.dry_run:
        what += " (пробный запуск)"
    if stopped_for_block(job):
        text = f"{what} №{job.id}: {STOPPED_OUTCOME}."
    else:
        outcome = "готово" if job.status == DONE else "остановлено с ошибкой"
        text = f"{what} №{job.id}: {outcome}. {job.message}".strip()
    rows = rows_to_fix(job)
    if rows:
        text = (f"{text.rstrip('.')}. Нужно исправить {plural(rows, 'строку', 'строки', 'строк')}: "
                "таблица только с ними — на странице задания.")
    return text, f"/jobs/{job.id}"


def rows_to_fix(job: WebJob) -> int:
    """Rows of a push in its "to fix" workbook (rejected, failed, skipped); 0 when there is no such workbook."""
    return job.to_fix_rows if job.kind == "push" and job.to_fix_path else 0


def announce_job_end(store: Store, settings: Settings, job_id: int, *, mailer: Mailer | None = None) -> None:
    """One notice and one mail per ended job; a mail that cannot be sent leaves the notice in place."""
    with store.session() as session:
        job = session.get(WebJob, job_id)
        if job is None or job.finished_at is None:
            return
        text, link = job_end_text(job)
        add_notice(session, job.owner_id, text, link)
        owner = session.get(User, job.owner_id)
        email = owner.email if owner is not None else ""
        fix = rows_to_fix(job)
    if not email:
        return
    sender = mailer or Mailer(settings)
    body = f"{text}\n\nПодробности: {sender.link(link)}\n"
    if fix:
        body += f"Скачать строки для исправления: {sender.link(f'{link}/to-fix')}\n"
    try:
        sender.send(email, f"ozwb: {KIND_NAMES.get(job.kind, 'задание')} №{job_id}", body)
    except MailError as exc:
        logger.warning("job %s: end-of-job mail not sent: %s", job_id, exc)
