"""The end-of-job notice and mail of a push with rows to fix: how many, and where to get them (a local SMTP inbox)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.jobs import announce_job_end
from engine.jobs.records import mark_finished, new_job
from engine.settings import Settings
from engine.store import User
from engine.store.account_models import Notice
from tests.jobs.test_flow import Site
from tests.support.smtp import Inbox, inbox_fixture  # noqa: F401 - the `inbox` fixture

PUBLIC = "https://ozwb.example.ru"


@pytest.fixture
def mailing(site: Site, inbox: tuple[Inbox, int]) -> Settings:
    _, port = inbox
    return site.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False,
                                            "public_url": PUBLIC + "/"})


def ended_push(site: Site, *, to_fix: int, ok: bool = True) -> int:
    with site.store.session() as session:
        job = new_job(session, site.owner, "push")
        job.to_fix_path, job.to_fix_rows = (str(Path(site.settings.files_dir) / "to-fix.xlsx"), to_fix) if to_fix \
            else ("", 0)
        mark_finished(job, ok, "Строк: 12 — создано 9, отклонено WB 2, ошибок 1" if ok else "WB не отвечал")
        return job.id


def mail_and_notice(site: Site, settings: Settings, inbox: Inbox, job_id: int) -> tuple[str, str]:
    before = len(inbox.messages)
    announce_job_end(site.store, settings, job_id)
    deadline = time.monotonic() + 10
    while len(inbox.messages) == before:
        assert time.monotonic() < deadline, "no mail arrived"
        time.sleep(0.05)
    body = inbox.messages[-1].get_body(preferencelist=("plain",))
    assert body is not None
    with site.store.session() as session:
        notice = session.scalars(select(Notice).where(Notice.user_id == site.owner).order_by(Notice.id.desc())).first()
        assert notice is not None and notice.link == f"/jobs/{job_id}"
        return body.get_content(), notice.text


def test_a_push_with_rows_to_fix_says_how_many_and_links_the_job_page(site, mailing, inbox):
    mails, _ = inbox
    job_id = ended_push(site, to_fix=3)
    body, notice = mail_and_notice(site, mailing, mails, job_id)
    expected = "Нужно исправить 3 строки: таблица только с ними — на странице задания."
    assert notice == f"Перенос на WB №{job_id}: готово. Строк: 12 — создано 9, отклонено WB 2, ошибок 1. {expected}"
    assert body.startswith(notice)
    assert f"Подробности: {PUBLIC}/jobs/{job_id}\n" in body
    assert f"Скачать строки для исправления: {PUBLIC}/jobs/{job_id}/to-fix\n" in body
    with site.store.session() as session:
        assert mails.messages[-1]["To"] == session.get_one(User, site.owner).email


@pytest.mark.parametrize(("rows", "words"), [(1, "1 строку"), (5, "5 строк"), (22, "22 строки")])
def test_the_count_is_worded_in_russian(site, mailing, inbox, rows, words):
    body, _ = mail_and_notice(site, mailing, inbox[0], ended_push(site, to_fix=rows))
    assert f"Нужно исправить {words}:" in body


def test_a_push_without_rows_to_fix_mentions_none(site, mailing, inbox):
    mails, _ = inbox
    for job_id in (ended_push(site, to_fix=0), ended_push(site, to_fix=0, ok=False)):
        body, notice = mail_and_notice(site, mailing, mails, job_id)
        assert "исправить" not in body and "to-fix" not in body and "исправить" not in notice
        assert f"Подробности: {PUBLIC}/jobs/{job_id}\n" in body
