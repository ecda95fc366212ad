"""Push-ready workbooks from the sandbox: the sample catalog exported, its gaps filled as a seller would.

Photos are pointed at a small pool of valid sandbox photos, so a big push does not spend minutes
drawing thousands of distinct pictures (the photo steps have their own tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from engine.drafts import Directories, SubjectSpec
from engine.export import export_catalog
from engine.ozon.client import OzonClient
from engine.preview import fill_missing_required
from engine.push import PreparedPush, prepare_push
from engine.settings import Settings, get_settings
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.server import RunningSandbox

POOL = ("pool-a-900x1200.jpg", "pool-b-800x1000.png", "pool-c-700x900.webp")


def sandbox_settings(sb: RunningSandbox, *, seller: str | None = None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"limit_speed": sb.config.speed, "http_backoff_base": 0.02, "http_backoff_cap": 0.3,
                              "http_timeout": 5.0, "http_max_retries": 8}
    values.update(overrides)
    settings = get_settings(**values).for_sandbox(sb.url)
    if seller:
        from pydantic import SecretStr

        settings = settings.model_copy(update={"wb_token": SecretStr(f"sandbox-wb-token.{seller}")})
    return settings


def pool_photo(sb: RunningSandbox, n: int) -> str:
    return f"{sb.url}/cdn/img/{POOL[n % len(POOL)]}"


@dataclass
class Catalog:
    path: Path
    prepared: PreparedPush

    @property
    def specs(self) -> dict[int, SubjectSpec]:
        return self.prepared.reference.specs if self.prepared.reference else {}

    @property
    def directories(self) -> Directories:
        return self.prepared.reference.directories if self.prepared.reference else Directories()


def export_ready(sb: RunningSandbox, path: Path, *, pool_photos: bool = True) -> Catalog:
    """Export ``sb``'s Ozon catalog, fill every missing required value, validate (no issues left)."""
    settings = sandbox_settings(sb)
    with OzonClient(settings) as ozon, WbClient(settings) as wb:
        export_catalog(ozon, wb, path)
        first = prepare_push(path, wb)
        assert first.reference is not None
        fill_missing_required(path, first.report.issues, first.reference.specs)
        if pool_photos:
            use_pool_photos(sb, path)
        prepared = prepare_push(path, wb)
    assert not prepared.report.issues, prepared.report.issues[:3]
    return Catalog(path, prepared)


def use_pool_photos(sb: RunningSandbox, path: Path) -> None:
    book = openpyxl.load_workbook(path)
    for table in read_workbook(path).tables:
        column = table.columns.get(STATIC_KEYS["photo"])
        if column is None:
            continue
        cards: dict[object, int] = {}
        for row in table.rows:
            n = cards.setdefault(row.get(STATIC_KEYS["vendorCode"]), len(cards))  # one photo set per card
            book[table.title].cell(row=row.row, column=column).value = pool_photo(sb, n)
    book.save(path)


def revalidate(sb: RunningSandbox, path: Path, **overrides: Any) -> PreparedPush:
    with WbClient(sandbox_settings(sb, **overrides)) as wb:
        return prepare_push(path, wb)
