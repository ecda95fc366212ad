"""Who may see and do what on the flow pages: owners act, linked managers read, everybody else gets 404."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from engine.store.web_models import Connection
from tests.support.web import PASSWORD, csrf_token, register_and_login
from tests.web.conftest import drain
from tests.web.test_flow_pages import BAD, add_demo_pair, start_export, upload, user_id


def seller_with_work(client: TestClient, web_app: FastAPI) -> tuple[int, int, int]:
    """A seller with a finished export job and a checked import: (owner id, job id, import id)."""
    seller = register_and_login(client)
    owner = user_id(client, seller.email)
    add_demo_pair(client)
    job_id = start_export(client)
    drain(web_app, owner, job_id)
    import_id, _ = upload(client, "valid_base.xlsx", (BAD / "valid_base.xlsx").read_bytes())
    return owner, job_id, import_id


def connection_ids(client: TestClient, owner: int) -> dict[str, int]:
    with client.app.state.store.session() as session:  # type: ignore[attr-defined]
        rows = session.execute(select(Connection.kind, Connection.id).where(Connection.owner_id == owner))
        return {kind: connection_id for kind, connection_id in rows}


def link_manager(seller: TestClient, manager: TestClient) -> None:
    seller.post("/account/managers", data={"email": "boss@example.ru", "csrf_token": csrf_token(seller, "/account")})
    body = seller.app.state.mailer.sent[-1].get_content()  # type: ignore[attr-defined]
    token = re.search(r"/invite/(\S+)", body).group(1)  # type: ignore[union-attr]
    response = manager.post("/register", data={"email": "boss@example.ru", "password": PASSWORD, "invite": token,
                                               "csrf_token": csrf_token(manager, "/login")}, follow_redirects=False)
    assert response.status_code == 303


def test_another_user_reaches_none_of_the_sellers_jobs_imports_or_connections(client, new_client, web_app):
    owner, job_id, import_id = seller_with_work(client, web_app)
    ids = connection_ids(client, owner)
    other = new_client()
    them = register_and_login(other)
    token = csrf_token(other, "/upload")
    for path in (f"/jobs/{job_id}", f"/jobs/{job_id}/progress", f"/jobs/{job_id}/events", f"/jobs/{job_id}/result",
                 f"/imports/{import_id}", f"/imports/{import_id}?page=2"):
        assert other.get(path).status_code == 404, path
    for path, data in ((f"/jobs/{job_id}/rerun", {}),
                       (f"/imports/{import_id}/push", {"wb_connection_id": str(ids["wb"])}),
                       ("/export", {"connection_id": str(ids["ozon"])})):
        assert other.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    assert f'href="/jobs/{job_id}"' not in other.get("/jobs").text
    assert f'href="/jobs/{job_id}"' not in other.get("/").text
    # and the owner cannot use the other user's connection with their own import either
    add_demo_pair(other)
    theirs = connection_ids(client, user_id(other, them.email))
    response = client.post(f"/imports/{import_id}/push", data={"csrf_token": csrf_token(client, "/upload"),
                                                              "wb_connection_id": str(theirs["wb"])})
    assert response.status_code == 404


def test_a_linked_manager_reads_the_sellers_jobs_and_results_without_any_button(client, new_client, web_app):
    owner, job_id, import_id = seller_with_work(client, web_app)
    manager = new_client()
    link_manager(client, manager)
    history = manager.get("/jobs")
    assert f'href="/jobs/{job_id}"' in history.text and "Продавец" in history.text
    page = manager.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and "только просмотр" in page.text and "<form method=\"post\" action=\"/jobs" \
        not in page.text
    assert manager.get(f"/jobs/{job_id}/result").content.startswith(b"PK")
    report = manager.get(f"/imports/{import_id}")
    assert report.status_code == 200 and 'id="push-form"' not in report.text
    token = csrf_token(manager, "/jobs")
    ids = connection_ids(client, owner)
    assert manager.post(f"/imports/{import_id}/push", data={"csrf_token": token,
                                                            "wb_connection_id": str(ids["wb"])}).status_code == 404
    assert manager.post(f"/jobs/{job_id}/rerun", data={"csrf_token": token}).status_code == 404
    for path in ("/export", "/upload"):
        assert manager.get(path).status_code == 404, path
    assert "Загрузить таблицу" not in manager.get("/").text


def test_rerun_of_an_export_is_refused_with_a_message(client, web_app):
    _, job_id, _ = seller_with_work(client, web_app)
    response = client.post(f"/jobs/{job_id}/rerun", data={"csrf_token": csrf_token(client, "/jobs")})
    assert response.status_code == 200 and "Повторить можно только законченный перенос" in response.text


def test_pages_need_a_session(client):
    for path in ("/home", "/export", "/upload", "/jobs", "/jobs/1", "/imports/1", "/jobs/1/result"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path


def test_forged_csrf_on_the_flow_forms_changes_nothing(client, web_app):
    _, job_id, import_id = seller_with_work(client, web_app)
    before = client.get("/jobs").text.count('href="/jobs/')
    for path in ("/export", f"/imports/{import_id}/push", f"/jobs/{job_id}/rerun"):
        assert client.post(path, data={"csrf_token": "forged", "connection_id": "1"}).status_code == 403, path
        assert client.post(path, data={"connection_id": "1"}).status_code == 403, path
    assert client.get("/jobs").text.count('href="/jobs/') == before


def test_ids_beyond_the_id_columns_are_not_found_on_either_database(client):
    register_and_login(client)
    token = csrf_token(client, "/upload")
    for path in ("/jobs/99999999999", "/jobs/0", "/imports/99999999999", "/jobs/99999999999/events"):
        assert client.get(path).status_code == 404, path
    for path, data in (("/export", {"connection_id": "99999999999"}), ("/jobs/99999999999/rerun", {}),
                       ("/imports/1/push", {"wb_connection_id": "99999999999"})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404, path
