"""Telling the owner a job ended: an in-app notice and an e-mail (logged when no SMTP is configured)."""

from __future__ import annotations

import logging

from engine.accounts import add_notice
from engine.jobs.records import DONE
from engine.mail import Mailer, MailError
from engine.settings import Settings
from engine.store import Store, User
from engine.store.web_models import WebJob

logger = logging.getLogger("engine.jobs.notices")

KIND_NAMES = {"export": "Выгрузка из Ozon", "push": "Перенос на WB"}


def job_end_text(job: WebJob) -> tuple[str, str]:
    """The notice's text and its link (the job page)."""
    what = KIND_NAMES.get(job.kind, "Задание")
    if job.dry_run:
        what += " (пробный запуск)"
    outcome = "готово" if job.status == DONE else "остановлено с ошибкой"
    text = f"{what} №{job.id}: {outcome}. {job.message}".strip()
    return text, f"/jobs/{job.id}"


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
    if not email:
        return
    sender = mailer or Mailer(settings)
    try:
        sender.send(email, f"ozwb: {KIND_NAMES.get(job.kind, 'задание')} №{job_id}",
                    f"{text}\n\nПодробности: {sender.link(link)}\n")
    except MailError as exc:
        logger.warning("job %s: end-of-job mail not sent: %s", job_id, exc)
