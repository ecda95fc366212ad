"""Google Sheets on the flow pages: export into the seller's sheet, then upload that sheet by its link.

Google is the replaying fake of tests/gsheets (every request checked against the Sheets API discovery
document); only the gspread client's transport is swapped, the service-account key file is real.
"""

from __future__ import annotations

import re
from pathlib import Path

import gspread
import pytest
from fastapi import FastAPI

import engine.gsheets
import engine.jobs.sheet_exports
from tests.gsheets.conftest import KEY, URL, write_service_account_key
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.support.web import csrf_token, register_and_login
from tests.web.conftest import drain
from tests.web.test_flow_pages import IMPORT_URL, JOB_URL, add_demo_pair, user_id


@pytest.fixture
def google(web_app: FastAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeGoogle:
    fake = FakeGoogle()
    key = write_service_account_key(tmp_path / "robot.json")
    web_app.state.settings = web_app.state.settings.model_copy(update={"google_service_account_file": str(key)})
    monkeypatch.setenv("OZWB_GOOGLE_SERVICE_ACCOUNT_FILE", str(key))  # the worker's settings

    def client(path: str | Path) -> gspread.Client:
        engine.gsheets.client.client_from_service_account(path)  # the real key check, then the fake transport
        return fake.client()

    monkeypatch.setattr(engine.jobs.sheet_exports, "client_from_service_account", client)
    monkeypatch.setattr(engine.gsheets, "client_from_service_account", client)
    return fake


def test_export_into_the_sellers_sheet_and_upload_it_back_by_its_link(client, web_app, google):
    book = google.spreadsheet(KEY)
    seller = register_and_login(client)
    add_demo_pair(client)
    form = client.get("/export").text
    assert 'name="sheet_url"' in form and ROBOT in form
    ozon_id = re.search(r'name="connection_id" value="(\d+)" checked', form).group(1)  # type: ignore[union-attr]
    token = csrf_token(client, "/export")
    refused = client.post("/export", data={"csrf_token": token, "connection_id": ozon_id,
                                           "sheet_url": "https://example.com/table"})
    assert refused.status_code == 400 and "не похоже на ссылку на Google-таблицу" in refused.text
    response = client.post("/export", data={"csrf_token": token, "connection_id": ozon_id, "sheet_url": URL},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    job_id = int(JOB_URL.search(response.headers["location"]).group(1))  # type: ignore[union-attr]
    drain(web_app, user_id(client, seller.email), job_id)
    page = client.get(f"/jobs/{job_id}").text
    assert "готово" in page and f'href="https://docs.google.com/spreadsheets/d/{KEY}/edit"' in page
    assert 'id="download"' not in page  # nothing to download: the workbook is the seller's sheet
    assert google.problems == [] and len(book.sheets) > 2

    upload = client.get("/upload").text
    assert 'name="sheet_url"' in upload and ROBOT in upload
    response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload"), "sheet_url": URL},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    assert IMPORT_URL.search(response.headers["location"])
    report = client.get(response.headers["location"]).text
    assert "Google-таблица" in report and "Строк с товарами: <strong>8</strong>" in report


def test_without_a_service_account_no_sheet_is_offered_or_accepted(client):
    register_and_login(client)
    add_demo_pair(client)
    form = client.get("/export").text
    assert 'name="sheet_url"' not in form and 'name="sheet_url"' not in client.get("/upload").text
    ozon_id = re.search(r'name="connection_id" value="(\d+)" checked', form).group(1)  # type: ignore[union-attr]
    response = client.post("/export", data={"csrf_token": csrf_token(client, "/export"), "connection_id": ozon_id,
                                            "sheet_url": URL})
    assert response.status_code == 400 and "Google-таблицы не подключены" in response.text
    response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload"), "sheet_url": URL})
    assert response.status_code == 400 and "Google-таблицы не подключены" in response.text
