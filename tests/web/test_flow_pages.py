"""Flow pages end to end on the TestClient: export → job page → download; upload → report → push (dry run)."""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from pathlib import Path

import openpyxl
import redis
from fastapi.testclient import TestClient
from rq import Queue
from sqlalchemy import select

from engine.preview import fill_missing_required
from engine.push import prepare_push
from engine.store.account_models import User
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.server import RunningSandbox
from tests.push.catalogs import sandbox_settings, use_pool_photos
from tests.support.web import csrf_token, register_and_login
from tests.web.conftest import REDIS_URL, drain

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "samples" / "bad"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOB_URL = re.compile(r"/jobs/(\d+)$")
IMPORT_URL = re.compile(r"/imports/(\d+)$")


def user_id(client: TestClient, email: str) -> int:
    with client.app.state.store.session() as session:  # type: ignore[attr-defined]
        found = session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return int(found)


def add_demo_pair(client: TestClient) -> None:
    response = client.post("/connections/demo", data={"csrf_token": csrf_token(client, "/connections")})
    assert response.status_code == 200 and "добавлены и работают" in response.text, response.text


def start_export(client: TestClient) -> int:
    page = client.get("/export")
    assert page.status_code == 200 and "Демо Ozon" in page.text
    chosen = re.search(r'name="connection_id" value="(\d+)" checked', page.text)
    assert chosen, "the working demo connection is preselected"
    response = client.post("/export", data={"csrf_token": csrf_token(client, "/export"),
                                            "connection_id": chosen.group(1), "markup_percent": "10,5",
                                            "rounding": "up10"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = JOB_URL.search(response.headers["location"])
    assert found
    return int(found.group(1))


def upload(client: TestClient, name: str, content: bytes) -> tuple[int, str]:
    response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload")},
                           files={"file": (name, content, XLSX)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = IMPORT_URL.search(response.headers["location"])
    assert found
    return int(found.group(1)), client.get(response.headers["location"]).text


def test_export_runs_in_the_queue_and_the_job_page_offers_the_workbook(client, web_app):
    seller = register_and_login(client)
    add_demo_pair(client)
    job_id = start_export(client)
    connection = redis.Redis.from_url(REDIS_URL)
    queued = Queue(web_app.state.queue_name, connection=connection).jobs
    connection.close()
    assert [j.args for j in queued] == [(job_id,)]  # the worker gets an id, never a key
    waiting = client.get(f"/jobs/{job_id}")
    assert "в очереди" in waiting.text and 'http-equiv="refresh"' in waiting.text and "/static/job.js" in waiting.text

    drain(web_app, user_id(client, seller.email), job_id)
    page = client.get(f"/jobs/{job_id}")
    assert "готово" in page.text and f'href="/jobs/{job_id}/result"' in page.text
    assert "Записываю таблицу" in page.text and 'http-equiv="refresh"' not in page.text
    download = client.get(f"/jobs/{job_id}/result")
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert f"ozwb-export-{job_id}.xlsx" in download.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert book.sheetnames  # a real workbook
    history = client.get("/jobs")
    assert f'href="/jobs/{job_id}"' in history.text and "Выгрузка из Ozon" in history.text
    home = client.get("/")
    assert f'href="/jobs/{job_id}"' in home.text and "Последние задачи" in home.text
    progress = client.get(f"/jobs/{job_id}/progress").json()
    assert progress["finished"] and progress["status"] == "done" and "готово" in progress["html"]
    events = client.get(f"/jobs/{job_id}/events")
    assert events.headers["content-type"].startswith("text/event-stream")
    assert events.text.startswith("event: progress\ndata: ") and '"finished": true' in events.text


def test_export_form_refuses_bad_options_in_russian(client):
    register_and_login(client)
    add_demo_pair(client)
    page = client.get("/export")
    connection_id = re.search(r'name="connection_id" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/export", data={"csrf_token": csrf_token(client, "/export"),
                                            "connection_id": connection_id, "markup_percent": "много"})
    assert response.status_code == 400 and "Наценка — число процентов" in response.text
    wb_id = re.search(r'<option value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/export", data={"csrf_token": csrf_token(client, "/export"), "connection_id": wb_id})
    assert response.status_code == 400 and "Выберите подключение Ozon" in response.text


def test_report_shows_counts_and_pages_through_the_problems(client, monkeypatch):
    import api.routes.upload_pages as pages

    register_and_login(client)
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    import_id, report = upload(client, "text_in_number_column.xlsx",
                               (BAD / "text_in_number_column.xlsx").read_bytes())
    assert "Ошибки: 2" in report and 'id="rows-with-issues">' in report
    assert "страница 1 из 2" in report and 'href="?page=2"' in report
    assert report.count("<tr><td>") >= 1 and "не число" in report
    second = client.get(f"/imports/{import_id}?page=2").text
    assert "страница 2 из 2" in second
    first_row = re.findall(r"<tbody>\s*<tr><td>(.*?)</td></tr>", report, re.S)
    second_row = re.findall(r"<tbody>\s*<tr><td>(.*?)</td></tr>", second, re.S)
    assert first_row[-1] != second_row[-1]
    assert "Нет подключения WB" in report  # nothing to push with yet


def test_a_file_level_problem_is_one_clear_message(client):
    register_and_login(client)
    _, report = upload(client, "absurd_dimensions.xlsx", (BAD / "absurd_dimensions.xlsx").read_bytes())
    assert "Файл не принят" in report and 'id="file-problem"' in report
    assert 'id="issues"' not in report and 'id="push-form"' not in report


def test_upload_refuses_what_is_not_an_xlsx_and_keeps_nothing(client, flow_settings):
    register_and_login(client)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                                                'officedocument.wordprocessingml.document.main+xml"/></Types>')
    cases = [(b"id;name\n1;x\n", "Это не таблица Excel"), (b"", "Файл пустой"),
             (docx.getvalue(), "документ другого типа"),
             ((BAD / "legacy_xls_renamed.xlsx").read_bytes(), "старого формата")]
    for content, message in cases:
        response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload")},
                               files={"file": ("book.xlsx", content, XLSX)})
        assert response.status_code == 400 and message in response.text, response.text
    response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload")})
    assert response.status_code == 400 and "Выберите файл" in response.text
    stored = [p for p in Path(flow_settings.files_dir).rglob("*") if p.is_file()]
    assert stored == []


def test_upload_without_the_forms_token_is_refused(client):
    register_and_login(client)
    response = client.post("/upload", files={"file": ("b.xlsx", (BAD / "valid_base.xlsx").read_bytes(), XLSX)},
                           data={"csrf_token": "forged"})
    assert response.status_code == 403


def push_ready(sandbox: RunningSandbox, content: bytes, path: Path) -> bytes:
    path.write_bytes(content)
    with WbClient(sandbox_settings(sandbox)) as wb:
        first = prepare_push(path, wb)
        assert first.reference is not None
        fill_missing_required(path, first.report.issues, first.reference.specs)
    use_pool_photos(sandbox, path)
    return path.read_bytes()


def test_a_dry_run_from_the_report_shows_the_payload_plan(client, web_app, sandbox, tmp_path):
    seller = register_and_login(client)
    owner = user_id(client, seller.email)
    add_demo_pair(client)
    export_id = start_export(client)
    drain(web_app, owner, export_id)
    workbook = push_ready(sandbox, client.get(f"/jobs/{export_id}/result").content, tmp_path / "edited.xlsx")
    import_id, report = upload(client, "edited.xlsx", workbook)
    assert 'id="no-issues"' in report and 'id="push-form"' in report
    wb_id = re.search(r'name="wb_connection_id">\s*<option value="(\d+)"', report).group(1)  # type: ignore[union-attr]
    response = client.post(f"/imports/{import_id}/push", data={
        "csrf_token": csrf_token(client, f"/imports/{import_id}"), "wb_connection_id": wb_id, "dry_run": "1"},
        follow_redirects=False)
    assert response.status_code == 303, response.text
    push_id = int(JOB_URL.search(response.headers["location"]).group(1))  # type: ignore[union-attr]
    drain(web_app, owner, push_id)
    page = client.get(f"/jobs/{push_id}").text
    assert "Перенос на WB (пробный запуск)" in page and "готово" in page
    assert "Что было бы отправлено на WB" in page and "/content/v2/cards/upload" in page
    assert "Карточки" in page and "Остатки" in page
    result = client.get(f"/jobs/{push_id}/result")
    assert result.status_code == 200 and f"ozwb-result-{push_id}.xlsx" in result.headers["content-disposition"]


def own_wb_connection(client: TestClient, sandbox: RunningSandbox, owner: int) -> int:
    """A WB connection to a sandbox seller of this test's own, so no other test's cards are in the way."""
    from engine.connections import add_wb
    from engine.settings import SANDBOX_WB_TOKEN

    app = client.app
    with app.state.store.session() as session:  # type: ignore[attr-defined]
        token = f"{SANDBOX_WB_TOKEN}.web{secrets.token_hex(3)}"
        return add_wb(session, app.state.keyring, owner, name="WB своя", token=token,  # type: ignore[attr-defined]
                      sandbox_url=sandbox.url).id


def push(client: TestClient, import_id: int, wb_id: int, **flags: str) -> int:
    response = client.post(f"/imports/{import_id}/push", data={
        "csrf_token": csrf_token(client, f"/imports/{import_id}"), "wb_connection_id": str(wb_id), **flags},
        follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(JOB_URL.search(response.headers["location"]).group(1))  # type: ignore[union-attr]


def test_wb_refusals_are_shown_in_wbs_words_and_only_failed_rows_are_pushed_again(client, new_client, web_app,
                                                                                  sandbox, tmp_path):
    seller = register_and_login(client)
    owner = user_id(client, seller.email)
    add_demo_pair(client)
    wb_id = own_wb_connection(client, sandbox, owner)
    export_id = start_export(client)
    drain(web_app, owner, export_id)
    ready = push_ready(sandbox, client.get(f"/jobs/{export_id}/result").content, tmp_path / "ready.xlsx")
    first, _ = upload(client, "ready.xlsx", ready)
    clean = push(client, first, wb_id)
    drain(web_app, owner, clean)
    assert 'id="to-fix"' not in client.get(f"/jobs/{clean}").text  # every row went through: nothing to fix
    nothing = client.get(f"/jobs/{clean}/to-fix", follow_redirects=False)
    assert nothing.status_code == 303 and nothing.headers["location"] == f"/jobs/{clean}"

    # Another card reusing a barcode WB already gave to a card of this seller: only WB can tell.
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(ready)
    vendor = STATIC_KEYS["vendorCode"]
    sheet, row, column = next((t.title, r.row, t.columns[vendor]) for t in read_workbook(copy).tables for r in t.rows
                              if sum(o.get(vendor) == r.get(vendor) for o in t.rows) == 1)  # a one-size card
    book = openpyxl.load_workbook(copy)
    book[sheet].cell(row=row, column=column).value = "NEW-CARD-1"
    book.save(copy)
    second, report = upload(client, "copy.xlsx", copy.read_bytes())
    assert 'id="no-issues"' in report
    job_id = push(client, second, wb_id)
    drain(web_app, owner, job_id)
    page = client.get(f"/jobs/{job_id}").text
    refusal = re.search(r"<td>NEW-CARD-1</td><td>([^<]+)</td>", page)
    assert "Ошибки WB" in page and refusal and refusal.group(1).strip()  # WB's own words, as WB sent them
    assert "строк: отклонена WB: <strong>1</strong>" in page
    assert "Повторить только строки с ошибками" in page
    assert f'<a class="button" id="to-fix" href="/jobs/{job_id}/to-fix">Скачать строки для исправления (1)</a>' in page
    to_fix = client.get(f"/jobs/{job_id}/to-fix")
    assert to_fix.status_code == 200 and f"ozwb-to-fix-{job_id}.xlsx" in to_fix.headers["content-disposition"]
    (tmp_path / "to-fix.xlsx").write_bytes(to_fix.content)
    assert [r.get(vendor) for t in read_workbook(tmp_path / "to-fix.xlsx").tables for r in t.rows] == ["NEW-CARD-1"]
    stranger = new_client()
    register_and_login(stranger)
    assert stranger.get(f"/jobs/{job_id}/to-fix").status_code == 404
    response = client.post(f"/jobs/{job_id}/rerun", data={"csrf_token": csrf_token(client, f"/jobs/{job_id}")},
                           follow_redirects=False)
    assert response.status_code == 303
    again = int(JOB_URL.search(response.headers["location"]).group(1))  # type: ignore[union-attr]
    drain(web_app, owner, again)
    rerun = client.get(f"/jobs/{again}").text
    assert "<td>NEW-CARD-1</td>" in rerun and "строк: создана" not in rerun  # the others were on WB already


def test_an_upload_over_the_size_limit_is_refused_and_not_kept(client, web_app, flow_settings):
    register_and_login(client)
    web_app.state.settings = web_app.state.settings.model_copy(update={"upload_max_bytes": 4096})
    response = client.post("/upload", data={"csrf_token": csrf_token(client, "/upload")},
                           files={"file": ("big.xlsx", (BAD / "valid_base.xlsx").read_bytes(), XLSX)})
    assert response.status_code == 413 and "Файл больше 4 КБ" in response.text and "до 4 КБ" in response.text
    assert [p for p in Path(flow_settings.files_dir).rglob("*") if p.is_file()] == []
