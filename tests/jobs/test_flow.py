"""The web flow on the engine: export job on the sandbox, imports of bad workbooks, push through a real worker."""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import redis
from pydantic import SecretStr
from rq.job import Job

from engine.connections import add_demo_pair, add_wb
from engine.jobs import (
    UploadTooLargeError,
    create_export_job,
    create_import,
    create_push_job,
    import_issues,
    job_view,
    rerun_failed,
    result_file,
    run_export_job,
    save_upload,
)
from engine.jobs.errors import JobInputError
from engine.jobs.notices import announce_job_end
from engine.keyring import Keyring, generate_key
from engine.mail import Mailer
from engine.preview import fill_missing_required
from engine.push import prepare_push
from engine.settings import Settings
from engine.store import Store, open_store, upgrade_to_head
from engine.store.account_models import Notice
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.connections.support import base_settings, make_owners
from tests.push.catalogs import use_pool_photos
from worker.queueing import enqueue_web_job

SPEED = 150.0
REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "samples" / "bad"


@pytest.fixture(scope="module")
def small_sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=12, card_creation_delay=5.0)) as running:
        yield running


class Site:
    """One web installation: database file, files folder, keyring (as env for a worker process)."""

    def __init__(self, root: Path) -> None:
        self.key = generate_key()
        self.keyring = Keyring([self.key.encode()])
        self.database = root / "ozwb.sqlite3"
        self.settings: Settings = base_settings(SPEED, root / "files", f"sqlite:///{self.database}") \
            .model_copy(update={"secret_keys": SecretStr(self.key), "http_max_retries": 8})
        self.store: Store = open_store(self.settings)
        upgrade_to_head(self.settings, self.store.engine)
        self.owner = make_owners(self.store).alice

    def env(self, queue: str) -> dict[str, str]:
        s = self.settings
        return {**os.environ, "OZWB_REDIS_URL": REDIS_URL, "OZWB_DATABASE_URL": s.database_url,
                "OZWB_LIMIT_SPEED": str(SPEED), "OZWB_FILES_DIR": s.files_dir, "OZWB_CACHE_DIR": s.cache_dir,
                "OZWB_SECRET_KEYS": self.key, "OZWB_HTTP_TIMEOUT": "5", "OZWB_HTTP_MAX_RETRIES": "8",
                "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.3", "OZWB_PUSH_SLICE_SECONDS": "3"}


def demo_pair(site: Site, sandbox: RunningSandbox) -> tuple[int, int]:
    with site.store.session() as session:
        ozon, wb = add_demo_pair(session, site.keyring, site.owner, sandbox.url)
        return ozon.id, wb.id


def upload(site: Site, path: Path) -> Path:
    with path.open("rb") as stream:
        return save_upload(site.settings, site.owner, stream, 50 << 20)


def test_export_job_runs_on_the_sandbox_and_records_its_stages(site, small_sandbox):
    ozon_id, _ = demo_pair(site, small_sandbox)
    job_id = create_export_job(site.store, site.owner, ozon_id)
    with site.store.session() as session:
        assert job_view(session, site.owner, job_id).status == "queued"
    outcome = run_export_job(site.store, site.keyring, site.settings, job_id)
    assert outcome["status"] == "done", outcome
    mailer = Mailer(site.settings)
    announce_job_end(site.store, site.settings, job_id, mailer=mailer)
    with site.store.session() as session:
        notices = session.query(Notice).filter_by(user_id=site.owner).all()
        assert [(n.link, n.text.startswith(f"Выгрузка из Ozon №{job_id}: готово")) for n in notices] == [
            (f"/jobs/{job_id}", True)]
    assert len(mailer.sent) == 1 and f"/jobs/{job_id}" in mailer.sent[0].get_content()
    with site.store.session() as session:
        view = job_view(session, site.owner, job_id)
        path = result_file(site.settings, session, site.owner, job_id)
    assert [s.state for s in view.steps] == ["done"] * 6
    assert view.has_result and view.eta_seconds == 0.0 and "карточ" in view.message
    assert path.parent == Path(site.settings.files_dir).resolve() / str(site.owner)
    assert sum(len(t.rows) for t in read_workbook(path).tables) == view.counts["rows"]


def test_export_job_with_a_wrong_key_fails_with_a_russian_message(site, small_sandbox):
    with site.store.session() as session:
        ozon, _ = add_demo_pair(session, site.keyring, site.owner, small_sandbox.url)
        ozon.secret = site.keyring.encrypt("not-the-sandbox-key")
        ozon_id = ozon.id
    job_id = create_export_job(site.store, site.owner, ozon_id)
    assert run_export_job(site.store, site.keyring, site.settings, job_id)["status"] == "failed"
    with site.store.session() as session:
        view = job_view(session, site.owner, job_id)
    assert view.message == "Ozon не принял ключ доступа — проверьте подключение" and not view.has_result


def test_an_export_needs_a_wb_connection_for_a_real_ozon_account(site):
    from engine.connections import add_ozon

    with site.store.session() as session:
        ozon_id = add_ozon(session, site.keyring, site.owner, name="Ozon", client_id="5", api_key="k").id
    with pytest.raises(JobInputError, match="подключение WB"):
        create_export_job(site.store, site.owner, ozon_id)


@pytest.mark.parametrize(("name", "expected"), [
    ("bad_ean", {"issues": [["Джинсы", 6, "Баркоды", "row.bad_barcode"]], "file_problem": None}),
    ("absurd_dimensions", {"issues": [], "file_problem": "file.too_large"}),
])
def test_import_reports_a_bad_workbook_with_the_validators_answer(site, small_sandbox, name, expected):
    _, wb_id = demo_pair(site, small_sandbox)
    stored = upload(site, BAD / f"{name}.xlsx")
    view = create_import(site.store, site.keyring, site.settings, site.owner, f"{name}.xlsx", path=stored,
                         wb_connection_id=wb_id)
    assert view.checked_with_wb and not view.ready
    problem = view.file_problem["code"] if view.file_problem else None
    assert problem == expected["file_problem"]
    with site.store.session() as session:
        issues = import_issues(site.settings, session, site.owner, view.id)
    assert [[i["sheet"], i["row"], i["column"], i["code"]] for i in issues] == expected["issues"]
    assert all(i["message"] for i in issues)
    if not problem:
        assert view.counts["rows_with_issues"] == 1
        with pytest.raises(JobInputError, match="1 строка с проблемами"):
            create_push_job(site.store, site.keyring, site.settings, site.owner, view.id, wb_id)


def test_an_upload_over_the_limit_is_refused_and_leaves_nothing(site):
    with pytest.raises(UploadTooLargeError):
        save_upload(site.settings, site.owner, io.BytesIO(b"x" * 3000), 1000)
    assert list((Path(site.settings.files_dir) / str(site.owner)).iterdir()) == []


def push_ready(site: Site, sandbox: RunningSandbox, exported: Path, target: Path) -> Path:
    """What a seller does with the exported workbook before pushing: fill the gaps, valid photos."""
    target.write_bytes(exported.read_bytes())
    with WbClient(site.settings.for_sandbox(sandbox.url)) as wb:
        first = prepare_push(target, wb)
        assert first.reference is not None
        fill_missing_required(target, first.report.issues, first.reference.specs)
    use_pool_photos(sandbox, target)
    return target


def test_push_job_through_a_worker_resolves_the_token_from_the_connection(site, small_sandbox, tmp_path):
    ozon_id, _ = demo_pair(site, small_sandbox)
    with site.store.session() as session:  # its own WB seller, so other tests' cards do not interfere
        wb_id = add_wb(session, site.keyring, site.owner, name="WB", token="sandbox-wb-token.webflow",
                       sandbox_url=small_sandbox.url).id
    queue = f"test-web-{secrets.token_hex(4)}"
    connection = redis.Redis.from_url(REDIS_URL)
    worker = subprocess.Popen([sys.executable, "-m", "cli.main", "worker", "--queue", queue], cwd=REPO,
                              env=site.env(queue), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        export_id = create_export_job(site.store, site.owner, ozon_id)
        rq_id = enqueue_web_job(site.store, connection, queue, export_id)
        assert Job.fetch(rq_id, connection=connection).args == (export_id,)  # an id, never a credential
        exported = wait_done(site, export_id)
        book = push_ready(site, small_sandbox, exported, tmp_path / "edited.xlsx")
        record = create_import(site.store, site.keyring, site.settings, site.owner, "edited.xlsx",
                               path=upload(site, book), wb_connection_id=wb_id)
        assert record.ready, record.counts
        push_id = create_push_job(site.store, site.keyring, site.settings, site.owner, record.id, wb_id)
        with site.store.session() as session:
            from engine.store import PushJob, WebJob

            web = session.get(WebJob, push_id)
            assert web is not None and web.push_job_id is not None
            pushed = session.get(PushJob, web.push_job_id)
            assert pushed is not None and pushed.connection_id == wb_id and pushed.sandbox_url is None
        rq_id = enqueue_web_job(site.store, connection, queue, push_id)
        assert Job.fetch(rq_id, connection=connection).args == (pushed.id,)
        result = wait_done(site, push_id)
        with site.store.session() as session:
            view = job_view(session, site.owner, push_id)
        assert view.steps[0].done == view.steps[0].total > 0
        nm_ids = result_nm_ids(result)
        assert nm_ids and all(isinstance(n, int) and n > 0 for n in nm_ids)
        again = rerun_failed(site.store, site.keyring, site.settings, site.owner, push_id)
        enqueue_web_job(site.store, connection, queue, again)
        wait_done(site, again)
        with site.store.session() as session:
            rerun = job_view(session, site.owner, again)
        cards = rerun.counts["cards"]
        assert isinstance(cards, dict) and cards.get("created", 0) == 0  # every card already had its nmID
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        for key in connection.scan_iter(f"*{queue}*"):
            connection.delete(key)
        connection.close()


def wait_done(site: Site, job_id: int, timeout: float = 240.0) -> Path:
    deadline = time.monotonic() + timeout
    while True:
        with site.store.session() as session:
            view = job_view(session, site.owner, job_id)
            if view.finished:
                assert view.status == "done", (view.message, json.dumps(view.counts, ensure_ascii=False))
                return result_file(site.settings, session, site.owner, job_id)
        assert time.monotonic() < deadline, f"job {job_id} stuck: {view}"
        time.sleep(0.3)


def result_nm_ids(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path, read_only=True)
    found: list[object] = []
    for table in read_workbook(path).tables:
        column = table.columns.get(STATIC_KEYS["nmID"])
        assert column is not None
        sheet = book[table.title]
        found.extend(sheet.cell(row=row.row, column=column).value for row in table.rows)
    book.close()
    return found
