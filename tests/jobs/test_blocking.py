"""A blocked seller's exports stop (queued ones never start, running ones before the workbook is written), and
the recovery pass stops what no worker holds instead of queueing it again. SQLite store; Redis for recovery."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.accounts import block_user
from engine.connections import add_demo_pair
from engine.export import Progress, export_catalog
from engine.jobs import announce_job_end, create_export_job, job_view, run_export_job
from engine.jobs.exports import EXPORT_STAGES
from engine.jobs.files import owner_dir, sweep_scratch
from engine.jobs.records import progress_of, set_progress
from engine.jobs.stops import BLOCKED
from engine.mail import Mailer
from engine.store import User, WebJob
from engine.store.account_models import AuditEvent, Notice
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.connections.support import make_owners
from tests.jobs.test_flow import SPEED, Site, demo_pair
from worker.queueing import enqueue_web_job, recover_exports


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=12)) as running:
        yield running


def block(site: Site) -> None:
    admin = make_owners(site.store).bob  # any other account may act as the admin here
    with site.store.session() as session:
        block_user(session, session.get_one(User, admin), site.owner)


def owner_files(site: Site) -> list[str]:
    folder = Path(site.settings.files_dir).resolve() / str(site.owner)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def died_writing(site: Site, job_id: int) -> Path:
    """Export ``job_id`` as a worker killed mid-write leaves it: running, no lease, its scratch file on disk."""
    scratch = owner_dir(site.settings, site.owner) / f".export-{secrets.token_hex(16)}.xlsx.tmp"
    scratch.write_bytes(b"half a workbook")
    with site.store.session() as session:
        job = session.get_one(WebJob, job_id)
        job.status, job.attempts, job.started_at, job.created_at = "running", 1, time.time(), 0.0
        progress = progress_of(job)
        progress["scratch"] = str(scratch)
        set_progress(job, progress)
    return scratch


def stops_audited(site: Site) -> list[tuple[str, str, int | None]]:
    with site.store.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "job_stopped"))
        return [(e.target, str(e.detail.get("owner")), e.user_id) for e in events]


def test_a_queued_export_of_a_blocked_seller_never_starts(site, sandbox):
    ozon_id, _ = demo_pair(site, sandbox)
    job_id = create_export_job(site.store, site.owner, ozon_id)
    block(site)
    outcome = run_export_job(site.store, site.keyring, site.settings, job_id)
    assert outcome["status"] == "failed"
    with site.store.session() as session:
        job = session.get_one(WebJob, job_id)
        assert (job.message, job.attempts, job.started_at) == (BLOCKED, 0, None)
        assert progress_of(job)["stages"] == []
    assert owner_files(site) == []
    assert stops_audited(site) == [(f"job:{job_id}", f"user:{site.owner}", None)]
    mailer = Mailer(site.settings)
    announce_job_end(site.store, site.settings, job_id, mailer=mailer)
    expected = f"Выгрузка из Ozon №{job_id}: остановлено — аккаунт заблокирован администратором."
    with site.store.session() as session:
        assert [n.text for n in session.scalars(select(Notice).where(Notice.user_id == site.owner))] == [expected]
    assert mailer.sent[0].get_content().startswith(expected)


def test_a_running_export_stops_before_it_writes_the_workbook(site, sandbox, monkeypatch):
    ozon_id, _ = demo_pair(site, sandbox)
    job_id = create_export_job(site.store, site.owner, ozon_id)
    def blocked_midway(*args: object, progress: Progress, **kwargs: object) -> object:
        def stage(name: str) -> None:
            progress(name)
            if name == "Собираю карточки":
                block(site)  # the admin acts while the cards are being built

        return export_catalog(*args, progress=stage, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("engine.jobs.exports.export_catalog", blocked_midway)
    assert run_export_job(site.store, site.keyring, site.settings, job_id)["status"] == "failed"
    with site.store.session() as session:
        view = job_view(session, site.owner, job_id)
        job = session.get_one(WebJob, job_id)
        stages = [s["name"] for s in progress_of(job)["stages"]]  # type: ignore[attr-defined]
        assert "scratch" not in progress_of(job)
    assert stages == list(EXPORT_STAGES[:5])  # never reached "Записываю таблицу"
    assert (view.status, view.message, view.has_result) == ("failed", BLOCKED, False)
    assert owner_files(site) == []  # neither a workbook nor its scratch file
    assert [t for t, _, _ in stops_audited(site)] == [f"job:{job_id}"]


def test_recovery_stops_a_blocked_sellers_exports_instead_of_queueing_them(site, sandbox, queue):
    name, connection = queue
    ozon_id, _ = demo_pair(site, sandbox)
    waiting = create_export_job(site.store, site.owner, ozon_id)
    enqueue_web_job(site.store, connection, name, waiting)  # in the queue; no worker has taken it yet
    dead = create_export_job(site.store, site.owner, ozon_id)
    scratch = died_writing(site, dead)
    other = make_owners(site.store).alice  # someone not blocked: their export is none of this
    with site.store.session() as session:
        other_ozon = add_demo_pair(session, site.keyring, other, sandbox.url)[0].id
    unaffected = create_export_job(site.store, other, other_ozon)
    enqueue_web_job(site.store, connection, name, unaffected)
    block(site)
    found = recover_exports(site.store, connection, name)
    assert (sorted(found.failed), found.requeued) == (sorted([waiting, dead]), [])
    assert not scratch.exists()
    with site.store.session() as session:
        for job_id in (waiting, dead):
            assert (session.get_one(WebJob, job_id).status, session.get_one(WebJob, job_id).message) == (
                "failed", BLOCKED)
        assert session.get_one(WebJob, unaffected).status == "queued"
    assert run_export_job(site.store, site.keyring, site.settings, waiting)["status"] == "failed"  # its queue entry
    assert len(stops_audited(site)) == 2  # each stop audited once


def test_recovery_removes_what_a_killed_export_left_half_written(site, sandbox, queue):
    name, connection = queue
    ozon_id, _ = demo_pair(site, sandbox)
    dead = create_export_job(site.store, site.owner, ozon_id)
    scratch = died_writing(site, dead)
    folder = scratch.parent
    (folder / "export-notes.xlsx.tmp").write_bytes(b"not ours")  # not a scratch name of ours: left alone
    assert recover_exports(site.store, connection, name).requeued == [dead]
    assert not scratch.exists() and (folder / "export-notes.xlsx.tmp").exists()
    with site.store.session() as session:
        assert "scratch" not in progress_of(session.get_one(WebJob, dead))
    outcome = run_export_job(site.store, site.keyring, site.settings, dead)  # the queued attempt, run here
    assert outcome["status"] == "done", outcome
    assert not [n for n in owner_files(site) if n.endswith(".tmp") and n.startswith(".")]


def test_housekeeping_sweeps_only_old_scratch_files_of_ours(site):
    folder = owner_dir(site.settings, site.owner)
    old, fresh = (folder / f".export-{secrets.token_hex(16)}.xlsx.tmp" for _ in range(2))
    foreign = folder / ".export-notes.xlsx.tmp"
    loose = Path(site.settings.files_dir).resolve() / f".export-{secrets.token_hex(16)}.xlsx.tmp"  # no owner
    for path in (old, fresh, foreign, loose):
        path.write_bytes(b"x")
    day = 86400.0
    for path in (old, foreign, loose):
        os.utime(path, (time.time() - day, time.time() - day))
    assert sweep_scratch(site.settings, older_than=day / 2) == 1
    assert [p.exists() for p in (old, fresh, foreign, loose)] == [False, True, True, True]
    assert sweep_scratch(site.settings.model_copy(update={"files_dir": str(site.settings.files_dir) + "-none"}),
                         older_than=0) == 0
