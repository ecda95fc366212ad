"""«Переложить таблицу» for web users: an upload with a changed subject → the button → a new, re-laid import.

The workbook comes from a real export of the demo sandbox; the re-laid one is read back to check the row
moved to its new subject's sheet with the seller's other values. The REST twin runs on the same upload.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from engine.jobs.files import new_file
from engine.store.web_models import ImportRecord
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.server import RunningSandbox
from tests.push.catalogs import sandbox_settings
from tests.support.web import bearer_token, csrf_token, register_and_login
from tests.web.conftest import drain
from tests.web.test_flow_pages import BAD, IMPORT_URL, add_demo_pair, start_export, upload, user_id

only_sqlite = pytest.mark.parametrize("web_settings", ["sqlite"], indirect=True)  # the routes, not the database
TITLE = "Мой заголовок, который должен остаться"


def other_subject(sandbox: RunningSandbox, than: str) -> str:
    """A WB subject of the sandbox's other than the sheet's own (short enough to be a sheet title as it is)."""
    with WbClient(sandbox_settings(sandbox)) as wb:
        return next(s.subject_name for s in wb.iter_subjects()
                    if s.subject_name != than and len(s.subject_name) <= 25 and s.subject_name.isalpha())


def changed_subject(exported: bytes, path: Path, sandbox: RunningSandbox) -> tuple[str, str, str]:
    """One card (every row of its vendor code) moved to another sheet's subject, with a title of the seller's own."""
    path.write_bytes(exported)
    tables = read_workbook(path).tables
    lone = min(tables, key=lambda t: len(t.rows))
    other = other_subject(sandbox, lone.title)
    vendor_code = str(lone.rows[0].get(STATIC_KEYS["vendorCode"]))
    book = openpyxl.load_workbook(path)
    for row in lone.rows:
        if str(row.get(STATIC_KEYS["vendorCode"])) == vendor_code:
            book[lone.title].cell(row=row.row, column=lone.columns[STATIC_KEYS["subject"]]).value = other
            book[lone.title].cell(row=row.row, column=lone.columns[STATIC_KEYS["title"]]).value = TITLE
    book.save(path)
    return lone.title, other, vendor_code


def refresh(client: TestClient, import_id: int) -> int:
    response = client.post(f"/imports/{import_id}/refresh",
                           data={"csrf_token": csrf_token(client, f"/imports/{import_id}")}, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = IMPORT_URL.search(response.headers["location"])
    assert found
    return int(found.group(1))


def sheet_of(content: bytes, vendor_code: str, tmp: Path) -> tuple[str, object]:
    tmp.write_bytes(content)
    for table in read_workbook(tmp).tables:
        for row in table.rows:
            if str(row.get(STATIC_KEYS["vendorCode"])) == vendor_code:
                return table.title, row.get(STATIC_KEYS["title"])
    raise AssertionError(f"{vendor_code} is in no sheet")


@only_sqlite
def test_a_changed_subject_is_re_laid_from_the_report_and_through_the_api(client, web_app, sandbox, tmp_path,
                                                                          new_client):
    seller = register_and_login(client)
    add_demo_pair(client)
    export_id = start_export(client)
    drain(web_app, user_id(client, seller.email), export_id)
    old_sheet, new_sheet, vendor_code = changed_subject(client.get(f"/jobs/{export_id}/result").content,
                                                        tmp_path / "edited.xlsx", sandbox)
    import_id, report = upload(client, "edited.xlsx", (tmp_path / "edited.xlsx").read_bytes())
    assert f"не совпадает с листом «{old_sheet}»" in report and "кнопка «Переложить таблицу»" in report
    assert 'id="refresh-form"' in report and "Переложить таблицу по новым предметам" in report
    assert "Скачать переложенную таблицу" not in report  # the seller's own upload

    refused = client.post(f"/imports/{import_id}/refresh", data={}, follow_redirects=False)
    assert refused.status_code == 403 and "Форма устарела" in refused.text  # no CSRF token: nothing happens
    stranger = new_client()
    other = register_and_login(stranger)
    stolen = stranger.post(f"/imports/{import_id}/refresh",
                           data={"csrf_token": csrf_token(stranger, "/upload")}, follow_redirects=False)
    assert stolen.status_code == 404
    assert stranger.get(f"/imports/{import_id}/workbook").status_code == 404

    relaid_id = refresh(client, import_id)
    assert relaid_id != import_id
    page = client.get(f"/imports/{relaid_id}").text
    assert "Таблица переложена" in page and "Скачать переложенную таблицу" in page
    assert "(переложена)" in page and "row.subject_changed" not in page
    download = client.get(f"/imports/{relaid_id}/workbook")
    assert download.status_code == 200 and f"ozwb-import-{relaid_id}.xlsx" in download.headers["content-disposition"]
    assert sheet_of(download.content, vendor_code, tmp_path / "relaid.xlsx") == (new_sheet, TITLE)
    original = client.get(f"/imports/{import_id}/workbook").content  # the upload itself is left as it was
    assert sheet_of(original, vendor_code, tmp_path / "original.xlsx") == (old_sheet, TITLE)

    headers = {"Authorization": f"Bearer {bearer_token(client, seller.email, seller.password)}"}
    answer = client.post(f"/api/v1/imports/{import_id}/refresh", headers=headers)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["id"] not in (import_id, relaid_id) and body["source_kind"] == "xlsx"
    assert not [i for i in body["issues"] if i["code"] == "row.subject_changed"]
    again = client.get(f"/api/v1/imports/{body['id']}/workbook", headers=headers)
    assert again.status_code == 200
    assert sheet_of(again.content, vendor_code, tmp_path / "api.xlsx") == (new_sheet, TITLE)
    other_headers = {"Authorization": f"Bearer {bearer_token(stranger, other.email, other.password)}"}
    missing = client.post(f"/api/v1/imports/{import_id}/refresh", headers=other_headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@only_sqlite
def test_without_wb_data_the_refresh_says_what_to_add(client):
    register_and_login(client)
    import_id, report = upload(client, "subject_changed.xlsx", (BAD / "subject_changed.xlsx").read_bytes())
    assert 'id="refresh-form"' in report
    response = client.post(f"/imports/{import_id}/refresh",
                           data={"csrf_token": csrf_token(client, f"/imports/{import_id}")})
    assert response.status_code == 400 and "добавьте подключение WB" in response.text
    assert re.search(r'id="refresh-form"', response.text)  # the report again, with the reason on top
    with client.app.state.store.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRecord)) == 1  # no new import was made


@only_sqlite
def test_a_google_sheet_import_is_re_laid_through_an_xlsx(client, flow_settings):
    seller = register_and_login(client)
    owner = user_id(client, seller.email)
    report = new_file(flow_settings, owner, "report", ".json")
    report.write_text('{"issues": []}', encoding="utf-8")
    with client.app.state.store.session() as session:
        record = ImportRecord(owner_id=owner, source_name="Google-таблица", source_kind="gsheet",
                              sheet_url="https://docs.google.com/spreadsheets/d/abc", report_path=str(report),
                              summary='{"counts": {"rows": 1}}', created_at=time.time())
        session.add(record)
        session.flush()
        import_id = record.id
    page = client.get(f"/imports/{import_id}").text
    assert 'id="refresh-gsheet"' in page and 'id="refresh-form"' not in page and 'id="download-workbook"' not in page
    response = client.post(f"/imports/{import_id}/refresh",
                           data={"csrf_token": csrf_token(client, f"/imports/{import_id}")})
    assert response.status_code == 400 and "скачайте Google-таблицу как .xlsx" in response.text
    assert client.get(f"/imports/{import_id}/workbook").status_code == 404


@only_sqlite
def test_an_import_download_is_a_workbook(client):
    register_and_login(client)
    content = (BAD / "subject_changed.xlsx").read_bytes()
    import_id, _ = upload(client, "subject_changed.xlsx", content)
    download = client.get(f"/imports/{import_id}/workbook")
    assert download.status_code == 200 and download.content == content
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames
