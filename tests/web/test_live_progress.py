"""Live progress of a job page: the event stream follows the job until it ends; small helpers of the pages."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.routes.job_pages import eta_text
from api.uploads import size_text, workbook_type_problem
from engine.jobs.records import mark_finished, mark_running
from engine.store.web_models import WebJob
from tests.support.web import register_and_login
from tests.web.test_flow_pages import add_demo_pair, start_export


def test_the_event_stream_sends_each_change_and_ends_with_the_job(client, web_app):
    register_and_login(client)
    add_demo_pair(client)
    job_id = start_export(client)  # queued; nobody runs it but this test

    def move(step: Callable[[WebJob], None]) -> None:
        with web_app.state.store.session() as session:
            step(session.get(WebJob, job_id))

    nxt = {"queued": mark_running, "running": lambda job: mark_finished(job, True, "Готово по плану теста")}
    events: list[dict[str, Any]] = []
    with client.stream("GET", f"/jobs/{job_id}/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
                if events[-1]["status"] in nxt:  # the job moves on only once the page has seen where it is
                    move(nxt[str(events[-1]["status"])])
    assert [e["status"] for e in events] == ["queued", "running", "done"]
    assert events[-1]["finished"] and "Готово по плану теста" in events[-1]["html"]
    assert "выполняется" in events[1]["html"] and "<script" not in events[1]["html"]


@pytest.mark.parametrize(("seconds", "finished", "text"), [
    (None, False, "оцениваем…"), (42.0, False, "меньше минуты"), (150.0, False, "≈ 2 мин"),
    (3 * 3600 + 600.0, False, "≈ 3 ч 10 мин"), (0.0, True, ""),
])
def test_time_left_reads_naturally(seconds, finished, text):
    assert eta_text(seconds, finished) == text


def test_limits_read_in_kilo_and_megabytes():
    assert [size_text(n) for n in (50 << 20, 1536 << 10, 4096, 10)] == ["50 МБ", "1,5 МБ", "4 КБ", "1 КБ"]


def test_a_zip_that_declares_a_spreadsheet_is_a_workbook(tmp_path: Path):
    good = tmp_path / "good.xlsx"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Override ContentType="application/vnd.openxmlformats-officedocument.'
                                                'spreadsheetml.sheet.main+xml"/>')
    assert workbook_type_problem(good) == ""
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "архив, а не таблица" in workbook_type_problem(bare)
