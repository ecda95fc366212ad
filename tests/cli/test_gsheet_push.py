"""``ozwb validate --gsheet`` and ``ozwb push --gsheet``: the catalog read from a Google Sheet, pushed to the
sandbox over real HTTP, the results written to result.xlsx and back into the sheet. Google is the replaying
fake of tests/gsheets, which checks every request against the Sheets v4 discovery document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from engine.gsheets import read_google_sheet
from engine.ratelimit import UnlimitedRateLimiter
from engine.results.summary import SUMMARY_SHEET
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from sandbox.wb import cards_of
from tests.gsheets.conftest import KEY, URL
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.support.google_sheet import corpus_google_sheet

SPEED = 150.0
K = STATIC_KEYS
runner = CliRunner()


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, card_creation_delay=3.0)) as running:
        yield running


@pytest.fixture
def fake(sb: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    """The seller's Google Sheet with the corpus catalog (three WB subjects of the sandbox), shared with ozwb."""
    google = corpus_google_sheet(sb)
    account = (google.client(), ROBOT)
    monkeypatch.setattr("cli.push_source.google_account", lambda settings: account)
    monkeypatch.setattr("cli.validate.google_account", lambda settings: account)
    return google


@pytest.fixture
def env(tmp_path: Any) -> dict[str, str]:
    return {"OZWB_LIMIT_SPEED": str(SPEED), "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.2",
            "OZWB_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}


def invoke(env: dict[str, str], *args: str) -> Result:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.output
    return result


def test_validate_reads_the_google_sheet(sb, fake, env):
    result = invoke(env, "validate", "--gsheet", URL, "--sandbox", sb.url)
    assert result.exit_code == 0, result.output
    assert "Проблем нет" in result.output and fake.problems == []
    fake.spreadsheets[KEY].sheet("Сковороды").cells[(4, 2)] = "Сковорода " + "очень " * 10  # C5: the title
    result = invoke(env, "validate", "--gsheet", URL, "--sandbox", sb.url, "--json")
    assert result.exit_code == 1, result.output
    assert '"row.too_long"' in result.output


def test_validate_refuses_a_bad_link_or_a_file_and_a_link_together(fake, env, tmp_path):
    result = invoke(env, "validate", "--gsheet", "https://example.com/table", "--offline")
    assert result.exit_code == 2 and "Google" in result.output
    result = invoke(env, "validate", str(tmp_path / "a.xlsx"), "--gsheet", URL, "--offline")
    assert result.exit_code == 2 and "что-то одно" in result.output


def test_push_from_the_google_sheet_writes_results_to_the_file_and_back_into_the_sheet(sb, fake, env, tmp_path):
    out = tmp_path / "result.xlsx"
    result = invoke(env, "push", "--gsheet", URL, "--out", str(out), "--inline", "--sandbox", sb.url,
                    "--sandbox-seller", "gsheet")
    assert result.exit_code == 0, result.output
    assert "Google-таблицу" in result.output and fake.problems == []
    from_file = {(r.sheet, r.row): r for r in read_workbook(out).rows()}
    back = {(r.sheet, r.row): r for r in read_google_sheet(URL, client=fake.client(), service_account_email=ROBOT,
                                                             limiter=UnlimitedRateLimiter()).rows()}
    assert set(from_file) == set(back) and len(back) == 6
    on_wb = {c["vendorCode"]: c["nmID"] for c in cards_of(sb, "gsheet")}
    for spot, row in back.items():
        assert row.get(K["status"]) == "Создана" == from_file[spot].get(K["status"])
        assert row.get(K["nmID"]) == on_wb[str(row.get(K["vendorCode"]))] == from_file[spot].get(K["nmID"])
        assert row.get(K["chrtID"]) and row.get(K["chrtID"]) == from_file[spot].get(K["chrtID"])
        assert row.get(K["stepCard"]) == from_file[spot].get(K["stepCard"])
    assert fake.spreadsheets[KEY].sheet(SUMMARY_SHEET).value(1, 1) == "Результат переноса карточек на WB"
    writes = [c for c in fake.calls if c.path.endswith("values:batchUpdate")]
    assert len(writes) == 1 and writes[0].body["valueInputOption"] == "RAW"


def test_a_dry_run_leaves_the_google_sheet_as_it_was(sb, fake, env, tmp_path):
    before = {s.title: dict(s.cells) for s in fake.spreadsheets[KEY].sheets}
    result = invoke(env, "push", "--gsheet", URL, "--out", str(tmp_path / "r.xlsx"), "--inline", "--dry-run",
                    "--sandbox", sb.url, "--sandbox-seller", "gsheetdry")
    assert result.exit_code == 0, result.output
    assert {s.title: dict(s.cells) for s in fake.spreadsheets[KEY].sheets} == before
    assert not [c for c in fake.calls if c.method == "POST"]
