"""The ``ozwb`` commands, run as a seller would run them."""

import os
import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from cli.main import app
from sandbox.server import free_port

runner = CliRunner()


def test_demo_reads_the_sandbox_catalog_and_reports_groups_and_subjects():
    result = runner.invoke(app, ["demo", "--speed", "20", "--no-push"])  # the push story: tests/push/test_demo.py
    assert result.exit_code == 0, result.output
    assert "Каталог Ozon: 441 товар" in result.output
    assert "карточ" in result.output and "Предметы WB" in result.output
    assert "Футболки" in result.output


def test_demo_against_a_sandbox_that_is_not_there_fails_cleanly(monkeypatch):
    monkeypatch.setenv("OZWB_HTTP_MAX_RETRIES", "1")
    result = runner.invoke(app, ["demo", "--sandbox", f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code == 2
    assert "Ошибка" in result.output
    assert "Traceback" not in result.output


def test_sandbox_command_serves_both_marketplaces_with_demo_keys():
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sandbox", "--port", str(port), "--speed", "10", "--catalog-size", "50"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                ozon = httpx.post(f"{base}/ozon/v3/product/list", json={"filter": {}, "limit": 1000},
                                  headers={"Client-Id": "100000", "Api-Key": "sandbox-ozon-key"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "sandbox did not start"
                time.sleep(0.2)
        assert ozon.status_code == 200
        assert ozon.json()["result"]["total"] + 0 <= 50
        wb = httpx.get(f"{base}/wb/ping", headers={"Authorization": "Bearer sandbox-wb-token"})
        assert wb.status_code == 200 and wb.json()["Status"] == "OK"
    finally:
        proc.terminate()
        proc.wait(10)


def test_sandbox_command_rejects_bad_faults_with_a_message():
    result = runner.invoke(app, ["sandbox", "--faults", "418=0.5"])
    assert result.exit_code == 2
    assert "418" in result.output
