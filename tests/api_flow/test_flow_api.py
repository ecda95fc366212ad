"""The REST flow end to end on the sandbox with a real worker: export → download → upload → report → push →
progress → result with nmIDs → re-run; and each endpoint's refusals with their stable error codes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from sqlalchemy import select

from engine.jobs import create_export_job
from engine.preview import fill_missing_required
from engine.push import prepare_push
from engine.store.account_models import AuditEvent
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from tests.api_flow.conftest import Seller, Service
from tests.push.catalogs import use_pool_photos

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "samples" / "bad"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(service: Service, seller: Seller, content: bytes, name: str = "book.xlsx",
           **fields: str) -> dict[str, object]:
    response = service.client.post("/api/v1/imports", headers=seller.headers, files={"file": (name, content, XLSX)},
                                   data=fields)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def error_of(response: object) -> str:
    code: str = response.json()["error"]["code"]  # type: ignore[attr-defined]
    assert response.json()["error"]["message"]  # type: ignore[attr-defined]
    return code


def made_push_ready(service: Service, exported: bytes, target: Path) -> bytes:
    """What a seller does with the export before pushing: fill the gaps, photos WB can fetch."""
    target.write_bytes(exported)
    with WbClient(service.settings.for_sandbox(service.sandbox.url)) as wb:
        first = prepare_push(target, wb)
        assert first.reference is not None
        fill_missing_required(target, first.report.issues, first.reference.specs)
    use_pool_photos(service.sandbox, target)
    return target.read_bytes()


def broken(content: bytes, path: Path) -> bytes:
    """The workbook with a negative price in its first data row."""
    path.write_bytes(content)
    table = read_workbook(path).tables[0]
    book = openpyxl.load_workbook(path)
    book[table.title].cell(row=table.rows[0].row, column=table.columns[STATIC_KEYS["price"]]).value = -5
    book.save(path)
    return path.read_bytes()


def nm_ids(content: bytes, path: Path) -> list[object]:
    path.write_bytes(content)
    book = openpyxl.load_workbook(path, read_only=True)
    found: list[object] = []
    for table in read_workbook(path).tables:
        column = table.columns[STATIC_KEYS["nmID"]]
        found.extend(book[table.title].cell(row=row.row, column=column).value for row in table.rows)
    book.close()
    return found


def test_export_upload_push_and_result_through_the_api(service: Service, tmp_path: Path) -> None:
    seller = service.seller()
    client = service.client
    started = client.post("/api/v1/exports", headers=seller.headers, json={"connection_id": seller.ozon_id})
    assert started.status_code == 202, started.text
    export = started.json()["job"]
    assert export["kind"] == "export" and export["status"] in ("queued", "running")
    assert started.json()["url"] == f"/api/v1/jobs/{export['id']}"
    finished = service.wait(seller, export["id"])
    assert finished["status"] == "done", finished
    assert [s["state"] for s in finished["steps"]] == ["done"] * 6  # type: ignore[attr-defined]
    assert finished["result_url"] == f"/api/v1/jobs/{export['id']}/result" and finished["eta_seconds"] == 0
    downloaded = client.get(f"/api/v1/jobs/{export['id']}/result", headers=seller.headers)
    assert downloaded.status_code == 200 and downloaded.headers["content-type"] == XLSX
    assert "ozwb-export" in downloaded.headers["content-disposition"]

    raw = upload(service, seller, broken(downloaded.content, tmp_path / "broken.xlsx"), "export.xlsx",
                 wb_connection_id=str(seller.wb_id))
    assert raw["checked_with_wb"] and not raw["ready"] and raw["issues_total"] == len(raw["issues"]) > 0  # type: ignore[arg-type]
    assert "row.out_of_range" in {i["code"] for i in raw["issues"]}  # type: ignore[attr-defined]
    assert {"sheet", "row", "column", "code", "message"} <= set(raw["issues"][0])  # type: ignore[index]
    refused = client.post(f"/api/v1/imports/{raw['id']}/push", headers=seller.headers,
                          json={"wb_connection_id": seller.wb_id})
    assert refused.status_code == 400 and error_of(refused) == "bad_input"
    skipping = client.post(f"/api/v1/imports/{raw['id']}/push", headers=seller.headers,
                           json={"wb_connection_id": seller.wb_id, "dry_run": True, "skip_invalid": True})
    assert skipping.status_code == 202, skipping.text
    skipped = service.wait(seller, skipping.json()["job"]["id"])
    assert skipped["status"] == "done" and int(skipped["to_fix_rows"]) >= 1, skipped  # type: ignore[call-overload]
    assert skipped["to_fix_url"] == f"/api/v1/jobs/{skipped['id']}/to-fix"
    to_fix = client.get(str(skipped["to_fix_url"]), headers=seller.headers)
    assert to_fix.status_code == 200 and to_fix.headers["content-type"] == XLSX
    assert f"ozwb-to-fix-{skipped['id']}.xlsx" in to_fix.headers["content-disposition"]
    (tmp_path / "to-fix.xlsx").write_bytes(to_fix.content)
    fix_rows = [r for t in read_workbook(tmp_path / "to-fix.xlsx").tables for r in t.rows]
    assert len(fix_rows) == skipped["to_fix_rows"] and -5 in [r.get(STATIC_KEYS["price"]) for r in fix_rows]
    other = service.seller()
    stranger = client.get(str(skipped["to_fix_url"]), headers=other.headers)
    assert stranger.status_code == 404 and error_of(stranger) == "not_found"

    fixed = upload(service, seller, made_push_ready(service, downloaded.content, tmp_path / "fixed.xlsx"),
                   "fixed.xlsx")
    assert fixed["ready"] and fixed["issues"] == [] and fixed["counts"]["rows"] > 0, fixed  # type: ignore[index]
    again = client.get(f"/api/v1/imports/{fixed['id']}", headers=seller.headers)
    assert again.status_code == 200 and again.json() == fixed

    dry = client.post(f"/api/v1/imports/{fixed['id']}/push", headers=seller.headers,
                      json={"wb_connection_id": seller.wb_id, "dry_run": True})
    assert dry.status_code == 202, dry.text
    with service.client.app.state.store.session() as session:  # type: ignore[attr-defined]
        started = session.scalars(select(AuditEvent).where(AuditEvent.action == "push_started",
                                                           AuditEvent.target == f"job:{dry.json()['job']['id']}"))
        assert [event.user_id for event in started] == [seller.id]  # the API's pushes are audited too
    dry_job = service.wait(seller, dry.json()["job"]["id"])
    assert dry_job["status"] == "done" and dry_job["dry_run"], dry_job

    pushed = client.post(f"/api/v1/imports/{fixed['id']}/push", headers=seller.headers,
                         json={"wb_connection_id": seller.wb_id})
    assert pushed.status_code == 202, pushed.text
    push = service.wait(seller, pushed.json()["job"]["id"])
    assert push["status"] == "done" and push["import_id"] == fixed["id"], push
    cards = next(s for s in push["steps"] if s["key"] == "cards")  # type: ignore[attr-defined]
    assert cards["done"] == cards["total"] > 0 and push["errors"] == []
    assert push["to_fix_rows"] == 0 and push["to_fix_url"] is None
    nothing = client.get(f"/api/v1/jobs/{push['id']}/to-fix", headers=seller.headers)
    assert nothing.status_code == 409 and error_of(nothing) == "no_to_fix"
    result = client.get(f"/api/v1/jobs/{push['id']}/result", headers=seller.headers)
    assert result.status_code == 200
    found = nm_ids(result.content, tmp_path / "result.xlsx")
    assert found and all(isinstance(n, int) and n > 0 for n in found)

    rerun = client.post(f"/api/v1/jobs/{push['id']}/rerun", headers=seller.headers)
    assert rerun.status_code == 202, rerun.text
    second = service.wait(seller, rerun.json()["job"]["id"])
    assert second["status"] == "done" and second["counts"]["cards"].get("created", 0) == 0  # type: ignore[index]

    listed = client.get("/api/v1/jobs", headers=seller.headers)
    assert listed.status_code == 200
    ids = [j["id"] for j in listed.json()["jobs"]]
    assert ids == sorted(ids, reverse=True) and {export["id"], push["id"], second["id"]} <= set(ids)


def test_each_endpoint_refuses_with_a_stable_code(service: Service) -> None:
    seller = service.seller()
    client = service.client
    wrong_kind = client.post("/api/v1/exports", headers=seller.headers, json={"connection_id": seller.wb_id})
    assert wrong_kind.status_code == 400 and error_of(wrong_kind) == "bad_input"
    assert error_of(client.post("/api/v1/exports", headers=seller.headers, json={"connection_id": 10**9})) \
        == "not_found"
    markup = client.post("/api/v1/exports", headers=seller.headers,
                         json={"connection_id": seller.ozon_id, "markup_percent": 5000})
    assert markup.status_code == 422 and error_of(markup) == "invalid_request"
    assert client.post("/api/v1/exports", json={"connection_id": seller.ozon_id}).status_code == 401

    not_xlsx = client.post("/api/v1/imports", headers=seller.headers,
                           files={"file": ("book.xlsx", b"name;price\nshirt;10\n", XLSX)})
    assert not_xlsx.status_code == 400 and error_of(not_xlsx) == "not_xlsx"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                                                'officedocument.wordprocessingml.document.main+xml"/></Types>')
    renamed = client.post("/api/v1/imports", headers=seller.headers,
                          files={"file": ("book.xlsx", docx.getvalue(), XLSX)})
    assert renamed.status_code == 400 and error_of(renamed) == "not_xlsx"
    neither = client.post("/api/v1/imports", headers=seller.headers, data={"sheet_url": " "})
    assert neither.status_code == 400 and error_of(neither) == "bad_input"
    no_google = client.post("/api/v1/imports", headers=seller.headers,
                            data={"sheet_url": "https://docs.google.com/spreadsheets/d/abc/edit"})
    assert no_google.status_code == 400 and "Google" in no_google.json()["error"]["message"]
    ozon_as_wb = client.post("/api/v1/imports", headers=seller.headers, data={"wb_connection_id": str(seller.ozon_id)},
                             files={"file": ("b.xlsx", (BAD / "bad_ean.xlsx").read_bytes(), XLSX)})
    assert ozon_as_wb.status_code == 400 and error_of(ozon_as_wb) == "bad_input"

    bad = upload(service, seller, (BAD / "bad_ean.xlsx").read_bytes(), "bad_ean.xlsx")
    assert [(i["sheet"], i["row"], i["code"]) for i in bad["issues"]] == [("Джинсы", 6, "row.bad_barcode")]  # type: ignore[attr-defined]
    bomb = upload(service, seller, (BAD / "absurd_dimensions.xlsx").read_bytes())
    assert bomb["file_problem"]["code"] == "file.too_large" and not bomb["ready"]  # type: ignore[index]
    assert error_of(client.post(f"/api/v1/imports/{bomb['id']}/push", headers=seller.headers,
                                json={"wb_connection_id": seller.wb_id})) == "bad_input"

    with client.app.state.store.session() as session:  # type: ignore[attr-defined]
        from engine.store.web_models import WebJob

        queued = create_export_job(client.app.state.store, seller.id, seller.ozon_id)  # type: ignore[attr-defined]
        assert session.get(WebJob, queued) is not None
    not_ready = client.get(f"/api/v1/jobs/{queued}/result", headers=seller.headers)
    assert not_ready.status_code == 409 and error_of(not_ready) == "result_not_ready"
    assert error_of(client.get(f"/api/v1/jobs/{queued}/to-fix", headers=seller.headers)) == "result_not_ready"
    assert error_of(client.post(f"/api/v1/jobs/{queued}/rerun", headers=seller.headers)) == "bad_input"
    assert error_of(client.get("/api/v1/jobs/0", headers=seller.headers)) == "invalid_request"


def test_a_failed_export_has_no_result_and_says_why(service: Service) -> None:
    seller = service.seller()
    app = service.client.app
    from engine.store.web_models import Connection

    with app.state.store.session() as session:  # type: ignore[attr-defined]
        ozon = session.get(Connection, seller.ozon_id)
        assert ozon is not None
        ozon.secret = app.state.keyring.encrypt("not-the-sandbox-key")  # type: ignore[attr-defined]
    started = service.client.post("/api/v1/exports", headers=seller.headers, json={"connection_id": seller.ozon_id})
    job = service.wait(seller, started.json()["job"]["id"])
    assert job["status"] == "failed" and "ключ" in str(job["message"]) and not job["result_ready"]
    result = service.client.get(f"/api/v1/jobs/{job['id']}/result", headers=seller.headers)
    assert result.status_code == 409 and error_of(result) == "no_result" and "ключ" in result.json()["error"]["message"]
