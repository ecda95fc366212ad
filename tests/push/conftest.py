"""A fault-free sandbox with the sample catalog, and a push-ready export of it, shared by the push tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.settings import Settings, get_settings
from engine.store import Store, open_store, upgrade_to_head
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.push.catalogs import Catalog, export_ready

SPEED = 150.0


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, card_creation_delay=5.0)) as running:
        yield running


@pytest.fixture(scope="module")
def catalog(sb: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return export_ready(sb, tmp_path_factory.mktemp("catalog") / "catalog.xlsx")


@pytest.fixture
def workbook(catalog: Catalog, tmp_path: Path) -> Path:
    """A private copy of the push-ready workbook for one test."""
    copy = tmp_path / "catalog.xlsx"
    shutil.copy(catalog.path, copy)
    return copy


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    settings: Settings = get_settings(database_url=f"sqlite:///{tmp_path / 'push.sqlite3'}")
    opened = open_store(settings)
    upgrade_to_head(settings, opened.engine)
    yield opened
    opened.close()
