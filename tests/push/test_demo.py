"""``ozwb demo`` tells the whole story on its own sandbox: export, the seller's edits, validation, push, results."""

from typer.testing import CliRunner

from cli.main import app
from engine.workbook import STATIC_KEYS, read_workbook


def test_demo_goes_from_the_ozon_catalog_to_cards_on_wb(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--speed", "200", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Каталог Ozon: 441 товар" in result.output and "Предметы WB" in result.output  # the preview stays
    assert "Продавец сменил предмет" in result.output and "обязательных значений" in result.output
    assert "Перенос: создана" in result.output
    statuses = [row.get(STATIC_KEYS["status"]) for row in read_workbook(tmp_path / "result.xlsx").rows()]
    assert statuses and None not in statuses and "Создана" in statuses
