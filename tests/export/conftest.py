"""The sample catalog exported through the real ``ozwb`` command against an in-process sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from engine.workbook import STATIC_KEYS, ReadRow, read_workbook
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox

SPEED = 200.0
KAZAN = 1211570  # a WB warehouse of the sandbox's default seller, not the first one
PODOLSK = 1093405


@dataclass
class Cli:
    """``ozwb`` as a seller runs it, with the sandbox's speed and a database of the test's own."""

    sandbox: RunningSandbox
    database: Path

    def __call__(self, *args: str, sandbox: bool = True) -> Result:
        env = {"OZWB_LIMIT_SPEED": str(SPEED), "OZWB_HTTP_BACKOFF_BASE": "0.02", "OZWB_HTTP_BACKOFF_CAP": "0.2",
               "OZWB_HTTP_MAX_RETRIES": "2", "OZWB_DATABASE_URL": f"sqlite:///{self.database}",
               "OZWB_CACHE_DIR": str(self.database.parent / "cache")}
        argv = [*args, "--sandbox", self.sandbox.url] if sandbox else list(args)
        result = CliRunner().invoke(app, argv, env=env)
        assert "Traceback" not in result.output
        return result


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED)) as running:
        yield running


@pytest.fixture(scope="module")
def cli(sandbox: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return Cli(sandbox, tmp_path_factory.mktemp("db") / "ozwb.sqlite3")


def rows_by_offer(path: Path) -> dict[str, ReadRow]:
    """Every data row of the workbook by its Ozon offer_id (product_id when two offers share one)."""
    found: dict[str, ReadRow] = {}
    for row in read_workbook(path).rows():
        offer = str(row.get(STATIC_KEYS["ozonOfferId"]))
        key = offer if offer not in found else f"{offer}#{row.get(STATIC_KEYS['ozonProductId'])}"
        found[key] = row
    return found


def value(row: ReadRow, field: str) -> object:
    return row.get(STATIC_KEYS[field])
