"""Every jobs function refuses another owner's ids, on SQLite and PostgreSQL (no network involved)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from engine.connections import add_ozon, add_wb
from engine.errors import RecordNotFoundError
from engine.jobs import (
    create_export_job,
    create_push_job,
    get_import,
    import_issues,
    job_view,
    list_jobs,
    rerun_failed,
    result_file,
)
from engine.jobs.files import new_file, owned_file
from engine.store import ImportRecord, WebJob
from tests.connections.conftest import SPEED
from tests.connections.support import base_settings


def test_another_owners_ids_read_as_missing(store, owners, keyring, tmp_path):
    settings = base_settings(SPEED, tmp_path / "files")
    with store.session() as session:
        ozon = add_ozon(session, keyring, owners.alice, name="Ozon", client_id="1", api_key="k-ozon")
        wb = add_wb(session, keyring, owners.alice, name="WB", token="t-wb")
        ozon_id, wb_id = ozon.id, wb.id
        bobs_wb = add_wb(session, keyring, owners.bob, name="WB Боба", token="t-bob").id
    export_id = create_export_job(store, owners.alice, ozon_id)
    result = new_file(settings, owners.alice, "result", ".xlsx")
    result.write_bytes(b"PK")
    report = new_file(settings, owners.alice, "report", ".json")
    report.write_text(json.dumps({"issues": [{"sheet": "Лист", "row": 5, "column": "Цена", "code": "c",
                                              "message": "м"}]}), encoding="utf-8")
    with store.session() as session:
        record = ImportRecord(owner_id=owners.alice, source_name="book.xlsx", source_kind="xlsx",
                              stored_path=str(result), report_path=str(report), summary="{}", created_at=time.time())
        session.add(record)
        session.flush()
        import_id = record.id
        job = session.get(WebJob, export_id)
        assert job is not None
        job.result_path, job.status = str(result), "done"

    with store.session() as session:  # alice reaches everything of hers
        assert job_view(session, owners.alice, export_id).status == "done"
        assert result_file(settings, session, owners.alice, export_id) == result.resolve()
        assert get_import(session, owners.alice, import_id).source_name == "book.xlsx"
        assert import_issues(settings, session, owners.alice, import_id)[0]["column"] == "Цена"
        assert [j.id for j in list_jobs(session, owners.alice)] == [export_id]
        # bob reaches nothing of hers
        assert list_jobs(session, owners.bob) == []
        for call in (lambda: job_view(session, owners.bob, export_id),
                     lambda: result_file(settings, session, owners.bob, export_id),
                     lambda: get_import(session, owners.bob, import_id),
                     lambda: import_issues(settings, session, owners.bob, import_id)):
            with pytest.raises(RecordNotFoundError):
                call()
    creators: list[Callable[[], object]] = [
        lambda: create_export_job(store, owners.bob, ozon_id),
        lambda: create_export_job(store, owners.bob, ozon_id, wb_connection_id=wb_id),
        lambda: create_push_job(store, keyring, settings, owners.bob, import_id, wb_id),
        lambda: create_push_job(store, keyring, settings, owners.bob, import_id, bobs_wb),
        lambda: create_push_job(store, keyring, settings, owners.alice, import_id, bobs_wb),
        lambda: create_export_job(store, owners.alice, ozon_id, wb_connection_id=bobs_wb),
        lambda: rerun_failed(store, keyring, settings, owners.bob, export_id),
    ]
    for create in creators:
        with pytest.raises(RecordNotFoundError):
            create()
    with pytest.raises(RecordNotFoundError):  # a path outside bob's folder is not his file
        owned_file(settings, owners.bob, str(result))


def test_eta_follows_the_rate_of_progress():
    from engine.jobs.views import StepView, eta

    steps = [StepView("cards", "Карточки", 30, 100, "running"), StepView("photos", "Фото", 10, 100, "running")]
    assert eta(steps, 1000.0, "running", 1040.0) == pytest.approx(160 * 40 / 40)
    assert eta(steps, None, "queued", 1040.0) is None
    assert eta([StepView("cards", "Карточки", 0, 10, "pending")], 1000.0, "running", 1040.0) is None
    assert eta(steps, 1000.0, "done", 1040.0) == 0.0


def test_a_linked_manager_reads_the_sellers_jobs_but_starts_nothing(store, owners, keyring, tmp_path):
    from engine.store.account_models import ManagerLink

    settings = base_settings(SPEED, tmp_path / "files")
    with store.session() as session:
        ozon_id = add_ozon(session, keyring, owners.alice, name="Ozon", client_id="1", api_key="k").id
        add_wb(session, keyring, owners.alice, name="WB", token="t")
        session.add(ManagerLink(seller_id=owners.alice, manager_id=owners.bob, created_at=time.time()))
    export_id = create_export_job(store, owners.alice, ozon_id)
    with store.session() as session:
        assert job_view(session, owners.bob, export_id).owner_id == owners.alice
        assert [j.id for j in list_jobs(session, owners.bob)] == [export_id]
    with pytest.raises(RecordNotFoundError):  # reading is not acting: the connection is still the seller's
        create_export_job(store, owners.bob, ozon_id)
    with pytest.raises(RecordNotFoundError):
        rerun_failed(store, keyring, settings, owners.bob, export_id)
