"""«Продолжить перенос» end to end: a seller blocked mid-push (real Redis, a real RQ worker, the sandbox WB), unblocked,
continues the push through the API; it finishes as the same job with every card created once. The job page offers
the button only while the push can be continued."""

from __future__ import annotations

import secrets
from collections import Counter

import httpx
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rq import Queue, SimpleWorker

from engine.accounts import block_user, unblock_user
from engine.push import job_progress, row_results
from engine.push.states import RowStatus
from engine.store import PushJob, User, WebJob
from sandbox.server import RunningSandbox
from sandbox.wb import cards_of
from tests.connections.support import make_owners
from tests.support.web import bearer_token, csrf_token, login, register_and_login
from tests.web.conftest import REDIS_URL, drain
from tests.web.test_flow_pages import add_demo_pair, push, push_ready, start_export, upload, user_id

RESUME_BUTTON = 'id="resume-form"'
SLICE = "0.2"  # seconds: the first slice leaves most of the push for later ones


def run_one_slice(app: FastAPI) -> None:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        worker = SimpleWorker([Queue(app.state.queue_name, connection=connection)], connection=connection)
        worker.work(burst=True, max_jobs=1, logging_level="WARNING")
    finally:
        connection.close()


def sandbox_stats(sandbox: RunningSandbox) -> Counter[str]:
    return Counter(httpx.get(f"{sandbox.url}/_sandbox/stats").json()["events"])


def web_job(app: FastAPI, job_id: int) -> tuple[str, str, int | None]:
    with app.state.store.session() as session:
        job = session.get_one(WebJob, job_id)
        return job.status, job.message, job.push_job_id


def set_blocked(app: FastAPI, owner: int, blocked: bool) -> None:
    store = app.state.store
    with store.session() as session:
        admin = session.get_one(User, make_owners(store).bob)  # any other account may act as the admin here
        (block_user if blocked else unblock_user)(session, admin, owner)


def own_seller_connection(client: TestClient, sandbox: RunningSandbox, owner: int) -> tuple[int, str]:
    """A WB connection to a sandbox seller of this test's own: its cards are this push's alone."""
    from engine.connections import add_wb
    from engine.settings import SANDBOX_WB_TOKEN

    seller = f"resume{secrets.token_hex(3)}"
    app = client.app
    with app.state.store.session() as session:  # type: ignore[attr-defined]
        wb = add_wb(session, app.state.keyring, owner, name="WB продолжение",  # type: ignore[attr-defined]
                    token=f"{SANDBOX_WB_TOKEN}.{seller}", sandbox_url=sandbox.url)
        return wb.id, seller


def test_a_push_stopped_by_a_block_is_continued_through_the_api_without_creating_a_card_twice(
        client, new_client, web_app, sandbox, tmp_path, monkeypatch):
    seller = register_and_login(client)
    owner = user_id(client, seller.email)
    add_demo_pair(client)
    wb_id, wb_seller = own_seller_connection(client, sandbox, owner)
    export_id = start_export(client)
    drain(web_app, owner, export_id)
    ready = push_ready(sandbox, client.get(f"/jobs/{export_id}/result").content, tmp_path / "ready.xlsx")
    import_id, _ = upload(client, "ready.xlsx", ready)
    before = sandbox_stats(sandbox)
    monkeypatch.setenv("OZWB_PUSH_SLICE_SECONDS", SLICE)
    job_id = push(client, import_id, wb_id)
    push_job_id = web_job(web_app, job_id)[2]
    assert push_job_id is not None

    run_one_slice(web_app)  # the push is under way: its cards sent, WB still creating them…
    with web_app.state.store.session() as session:
        midway = job_progress(session, push_job_id)
    assert midway.status == "running" and midway.cards.get("accepted", 0) > 0, midway.to_dict()
    assert RESUME_BUTTON not in client.get(f"/jobs/{job_id}").text
    set_blocked(web_app, owner, True)  # …when the admin blocks its seller
    run_one_slice(web_app)  # the next slice stops it at its safe point
    assert web_job(web_app, job_id)[:2] == ("failed", "Остановлено: аккаунт заблокирован администратором")
    with web_app.state.store.session() as session:
        assert session.get_one(PushJob, push_job_id).status == "running"  # its checkpoints kept
    assert Queue(web_app.state.queue_name, connection=redis.Redis.from_url(REDIS_URL)).count == 0

    set_blocked(web_app, owner, False)
    login(client, seller.email)  # the block ended every session and token of the seller
    page = client.get(f"/jobs/{job_id}").text
    assert RESUME_BUTTON in page and "Продолжить перенос" in page and f'action="/jobs/{job_id}/resume"' in page
    headers = {"Authorization": f"Bearer {bearer_token(client, seller.email)}"}
    assert client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()["resumable"] is True
    stranger = new_client()
    other = register_and_login(stranger)
    refused = stranger.post(f"/api/v1/jobs/{job_id}/resume",
                            headers={"Authorization": f"Bearer {bearer_token(stranger, other.email)}"})
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"

    resumed = client.post(f"/api/v1/jobs/{job_id}/resume", headers=headers)
    assert resumed.status_code == 202, resumed.text
    assert (resumed.json()["id"], resumed.json()["status"], resumed.json()["finished_at"]) == (job_id, "queued", None)
    assert resumed.json()["resumable"] is False
    again = client.post(f"/api/v1/jobs/{job_id}/resume", headers=headers)
    assert again.status_code == 400 and again.json()["error"]["code"] == "bad_input"
    assert "уже продолжается" in again.json()["error"]["message"]
    assert RESUME_BUTTON not in client.get(f"/jobs/{job_id}").text

    drain(web_app, owner, job_id)
    finished = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert finished["status"] == "done" and finished["result_ready"], finished
    with web_app.state.store.session() as session:
        results = row_results(session, push_job_id)
        assert session.query(WebJob).filter(WebJob.owner_id == owner, WebJob.kind == "push").count() == 1
    assert results and {r.status for r in results} == {RowStatus.CREATED}
    on_wb = cards_of(sandbox, wb_seller)
    codes = [c["vendorCode"] for c in on_wb]
    assert len(codes) == len(set(codes)), "a vendor code exists twice"
    assert {r.nm_id for r in results} == {c["nmID"] for c in on_wb}
    created = sandbox_stats(sandbox) - before
    assert created["wb.card_created"] == len(on_wb) and created["wb.vendor_code_conflict"] == 0
    assert created["wb.cards_accepted"] == len(on_wb)  # each card sent once: none again after the resume
    page = client.get(f"/jobs/{job_id}").text
    assert RESUME_BUTTON not in page and "готово" in page


def test_the_page_refuses_to_continue_what_was_not_stopped_by_a_block(client, web_app):
    register_and_login(client)
    add_demo_pair(client)
    export_id = start_export(client)
    response = client.post(f"/jobs/{export_id}/resume",
                           data={"csrf_token": csrf_token(client, f"/jobs/{export_id}")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/jobs/{export_id}"
    page = client.get(f"/jobs/{export_id}").text
    assert "Продолжить можно только перенос, остановленный блокировкой аккаунта" in page
    assert RESUME_BUTTON not in page
