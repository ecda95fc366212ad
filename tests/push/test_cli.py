"""``ozwb push`` as a seller runs it: refusals with exit codes, --dry-run, --inline with results and "to fix"."""

import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from engine.workbook import STATIC_KEYS, read_workbook
from tests.push.conftest import SPEED

runner = CliRunner()


@pytest.fixture
def env(tmp_path):
    return {"OZWB_LIMIT_SPEED": str(SPEED), "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.2",
            "OZWB_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}


def run(env: dict[str, str], *args: str) -> Result:
    result = runner.invoke(app, ["push", *args], env=env)
    assert "Traceback" not in result.output
    return result


def test_a_file_that_is_not_a_workbook_exits_2(sb, env, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    result = run(env, str(bad), "--out", str(tmp_path / "r.xlsx"), "--inline", "--sandbox", sb.url)
    assert result.exit_code == 2 and "Файл не принят" in result.output


def test_row_issues_exit_1_unless_the_seller_skips_them(sb, catalog, env, tmp_path):
    broken = tmp_path / "broken.xlsx"
    shutil.copy(catalog.path, broken)
    table = read_workbook(broken).tables[0]
    book = openpyxl.load_workbook(broken)
    book[table.title].cell(row=table.rows[0].row, column=table.columns[STATIC_KEYS["title"]]).value = "Т" * 80
    book.save(broken)
    result = run(env, str(broken), "--out", str(tmp_path / "r.xlsx"), "--inline", "--dry-run", "--sandbox", sb.url)
    assert result.exit_code == 1 and "--skip-invalid" in result.output
    result = run(env, str(broken), "--out", str(tmp_path / "r.xlsx"), "--inline", "--dry-run", "--skip-invalid",
                 "--sandbox", sb.url, "--sandbox-seller", "clidry")
    assert result.exit_code == 0, result.output
    plan = json.loads((tmp_path / "r.payloads.json").read_text("utf-8"))
    assert {"POST /content/v2/cards/upload", "POST /api/v2/upload/task"} <= {f"{p['method']} {p['path']}" for p in plan}
    assert "POST /content/v2/cards/upload" in result.output


def test_inline_push_writes_results_and_the_rows_to_fix(sb, workbook, env, tmp_path):
    out = tmp_path / "result.xlsx"
    result = run(env, str(workbook), "--out", str(out), "--inline", "--sandbox", sb.url, "--sandbox-seller", "cli")
    assert result.exit_code in (0, 1), result.output
    assert "Результат:" in result.output and out.is_file()
    statuses = {row.get(STATIC_KEYS["status"]) for row in read_workbook(out).rows()}
    assert "Создана" in statuses and None not in statuses
    if "Отклонена WB" in statuses:
        assert (tmp_path / "result.исправить.xlsx").is_file()


def test_queue_mode_needs_redis(sb, workbook, env, tmp_path):
    result = run({**env, "OZWB_REDIS_URL": ""}, str(workbook), "--out", str(tmp_path / "r.xlsx"), "--sandbox", sb.url)
    assert result.exit_code == 2 and "OZWB_REDIS_URL" in result.output
