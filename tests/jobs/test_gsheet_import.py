"""Web imports from a Google Sheet: the file-level checks, and a push whose results go back into the sheet.

Google is the replaying fake of tests/gsheets (every request checked against the Sheets v4 discovery
document); WB is the sandbox over real HTTP; the push runs its slices in this process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from engine.connections import add_wb, settings_for
from engine.gsheets import read_google_sheet
from engine.jobs import create_import, create_push_job, finish_push_job, job_view, result_file
from engine.keyring import Keyring, generate_key
from engine.push import run_slice
from engine.ratelimit import UnlimitedRateLimiter
from engine.results.summary import SUMMARY_SHEET
from engine.settings import Settings
from engine.store import Store, WebJob, open_store, upgrade_to_head
from engine.store.web_models import Connection
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from sandbox.wb import cards_of
from tests.connections.support import base_settings, make_owners
from tests.gsheets.conftest import KEY, URL
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.support.google_sheet import corpus_google_sheet

SPEED = 150.0
K = STATIC_KEYS


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, card_creation_delay=3.0)) as running:
        yield running


@pytest.fixture
def fake(sb: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    """The seller's Google Sheet with the corpus catalog, shared with the service's robot account."""
    google = corpus_google_sheet(sb)
    monkeypatch.setattr("engine.gsheets.client_from_service_account", lambda path: google.client())
    monkeypatch.setattr("engine.gsheets.service_account_email", lambda path: ROBOT)
    return google


class Web:
    def __init__(self, root: Path, sandbox: RunningSandbox, seller: str) -> None:
        key = generate_key()
        self.keyring = Keyring([key.encode()])
        self.settings: Settings = base_settings(SPEED, root / "files", f"sqlite:///{root / 'ozwb.sqlite3'}") \
            .model_copy(update={"secret_keys": SecretStr(key), "google_service_account_file": "robot.json"})
        self.store: Store = open_store(self.settings)
        upgrade_to_head(self.settings, self.store.engine)
        self.owner = make_owners(self.store).alice
        self.seller = seller
        with self.store.session() as session:
            self.wb_id = add_wb(session, self.keyring, self.owner, name="WB", token=f"sandbox-wb-token.{seller}",
                                sandbox_url=sandbox.url).id

    def push(self, dry_run: bool) -> int:
        """Import the sheet, push it with the slices run here, and end it as the worker does."""
        record = create_import(self.store, self.keyring, self.settings, self.owner, "Каталог", sheet_url=URL,
                               wb_connection_id=self.wb_id)
        assert record.ready, (record.counts, record.file_problem)
        job_id = create_push_job(self.store, self.keyring, self.settings, self.owner, record.id, self.wb_id,
                                 dry_run=dry_run)
        with self.store.session() as session:
            web = session.get(WebJob, job_id)
            assert web is not None and web.push_job_id is not None
            push_id = web.push_job_id
            wb_settings = settings_for(session.get_one(Connection, self.wb_id), self.keyring, self.settings)
        while not run_slice(self.store, push_id, lambda _job: WbClient(wb_settings), budget=30.0).finished:
            continue
        ended = finish_push_job(self.store, self.keyring, self.settings, push_id)
        assert ended is not None and ended["status"] == "done", ended
        return job_id


@pytest.fixture
def web(tmp_path: Path, sb: RunningSandbox, request: pytest.FixtureRequest) -> Iterator[Web]:
    made = Web(tmp_path, sb, f"gs{request.node.name[-12:].replace('_', '')}")
    yield made
    made.store.close()


def test_a_sheet_without_a_required_column_is_refused_as_a_file(fake, web):
    sheet = fake.spreadsheets[KEY].sheet("Сковороды")
    gone = next(column for (_, column), value in sheet.cells.items() if value == K["title"])
    # The column deleted as Google deletes it: the columns to its right move one to the left.
    sheet.cells = {(row, column - (column > gone)): value for (row, column), value in sheet.cells.items()
                   if column != gone}
    view = create_import(web.store, web.keyring, web.settings, web.owner, "Каталог", sheet_url=URL,
                         wb_connection_id=web.wb_id)
    assert view.file_problem is not None and view.file_problem["code"] == "file.missing_column"
    assert "«Сковороды»" in str(view.file_problem["message"]) and "Наименование" in str(view.file_problem["message"])
    assert not view.ready


def test_a_web_push_writes_its_results_back_into_the_google_sheet(fake, web, sb):
    job_id = web.push(dry_run=False)
    with web.store.session() as session:
        view = job_view(session, web.owner, job_id)
        path = result_file(web.settings, session, web.owner, job_id)
        assert session.get_one(WebJob, job_id).result_sheet_url == URL
    assert "создана 6" in view.message
    back = {(r.sheet, r.row): r for r in read_google_sheet(URL, client=fake.client(), service_account_email=ROBOT,
                                                             limiter=UnlimitedRateLimiter()).rows()}
    from_file = {(r.sheet, r.row): r for r in read_workbook(path).rows()}
    assert set(back) == set(from_file) and len(back) == 6
    on_wb = {str(c["vendorCode"]): c["nmID"] for c in cards_of(sb, web.seller)}
    for spot, row in back.items():
        assert row.get(K["status"]) == "Создана" == from_file[spot].get(K["status"])
        assert row.get(K["nmID"]) == on_wb[str(row.get(K["vendorCode"]))] == from_file[spot].get(K["nmID"])
    assert fake.spreadsheets[KEY].sheet(SUMMARY_SHEET).value(1, 1) == "Результат переноса карточек на WB"
    assert fake.problems == []


def test_a_web_dry_run_leaves_the_google_sheet_as_it_was(fake, web):
    before = {s.title: dict(s.cells) for s in fake.spreadsheets[KEY].sheets}
    job_id = web.push(dry_run=True)
    assert {s.title: dict(s.cells) for s in fake.spreadsheets[KEY].sheets} == before
    assert not [c for c in fake.calls if c.method == "POST"]
    with web.store.session() as session:
        path = result_file(web.settings, session, web.owner, job_id)  # the result file is written all the same
        assert session.get_one(WebJob, job_id).result_sheet_url == ""
    assert len(list(read_workbook(path).rows())) == 6


def test_a_sheet_that_refuses_the_results_leaves_the_result_file_and_says_so(fake, web):
    fake.fail(403, times=50, on="values:batchUpdate")  # the seller took the robot's edit rights away meanwhile
    job_id = web.push(dry_run=False)
    with web.store.session() as session:
        view = job_view(session, web.owner, job_id)
        path = result_file(web.settings, session, web.owner, job_id)
        assert session.get_one(WebJob, job_id).result_sheet_url == ""
    assert "создана 6" in view.message and "в Google-таблицу не записано" in view.message, view.message
    assert len(list(read_workbook(path).rows())) == 6
