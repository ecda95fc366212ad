"""The caller's export options reach the cards, also when the export fills in the default warehouses."""

from __future__ import annotations

from pathlib import Path

from engine.export import ExportOptions, export_catalog
from engine.ozon.client import OzonClient
from engine.settings import get_settings
from engine.wb.client import WbClient
from engine.workbook import read_workbook
from sandbox.server import RunningSandbox
from tests.export.conftest import SPEED


def _export(sandbox: RunningSandbox, target: Path, options: ExportOptions) -> tuple[int, int]:
    settings = get_settings(limit_speed=SPEED, cache_dir=str(target.parent / "cache")).for_sandbox(sandbox.url)
    with OzonClient(settings) as ozon, WbClient(settings) as wb:
        report = export_catalog(ozon, wb, target, options)
    return report.cards, report.low_confidence_cards


def test_a_custom_low_confidence_survives_the_default_warehouse_map(sandbox: RunningSandbox, tmp_path: Path) -> None:
    # No warehouse map: the export maps fbs/rfbs to the seller's first WB warehouse itself.
    cards, flagged = _export(sandbox, tmp_path / "all.xlsx", ExportOptions(low_confidence=1.01))
    assert flagged == cards > 0  # above every score: the seller asked to check every card
    cards, flagged = _export(sandbox, tmp_path / "none.xlsx", ExportOptions(low_confidence=0.0))
    assert flagged == 0
    stock = [v for row in read_workbook(tmp_path / "none.xlsx").rows() for k, v in row.as_dict().items()
             if k.startswith("static_stock") and v not in (None, "")]
    assert stock  # the default warehouse map was applied all the same
