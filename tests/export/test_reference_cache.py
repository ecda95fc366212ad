"""The WB reference cache: TTL, scope, atomic replacement, unreadable files, and the export using it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from engine.export import export_catalog
from engine.ozon.client import OzonClient
from engine.reference_cache import ReferenceCache, scope_of
from engine.settings import get_settings
from engine.wb.client import WbClient
from engine.wb.models import Color
from engine.wb_reference import WbReference
from engine.workbook import read_workbook
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.export.conftest import Cli

SPEED = 200.0
SCOPE = "https://content-api.wildberries.ru|ru"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Fetcher:
    """A fetch that counts its calls and answers a new list each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return [f"answer {self.calls}", "Ёлка «ёж»"]


def test_a_fresh_entry_is_served_from_disk_until_its_ttl(tmp_path: Path) -> None:
    clock, fetch = Clock(), Fetcher()
    cache = ReferenceCache(tmp_path, SCOPE, ttl=3600, clock=clock)
    assert cache.get_or_fetch("colors", fetch) == ["answer 1", "Ёлка «ёж»"]
    clock.now += 3599
    assert ReferenceCache(tmp_path, SCOPE, ttl=3600, clock=clock).get_or_fetch("colors", fetch)[0] == "answer 1"
    assert fetch.calls == 1
    clock.now += 1
    assert cache.get_or_fetch("colors", fetch)[0] == "answer 2"
    assert fetch.calls == 2


def test_refresh_fetches_again_and_keeps_the_new_copy(tmp_path: Path) -> None:
    fetch = Fetcher()
    ReferenceCache(tmp_path, SCOPE, ttl=3600).get_or_fetch("vat", fetch)
    assert ReferenceCache(tmp_path, SCOPE, ttl=3600, refresh=True).get_or_fetch("vat", fetch)[0] == "answer 2"
    assert ReferenceCache(tmp_path, SCOPE, ttl=3600).get_or_fetch("vat", fetch)[0] == "answer 2"
    assert fetch.calls == 2


def test_another_host_or_locale_does_not_share_entries(tmp_path: Path) -> None:
    fetch = Fetcher()
    ReferenceCache(tmp_path, SCOPE, ttl=3600).get_or_fetch("kinds", fetch)
    ReferenceCache(tmp_path, "http://127.0.0.1:8099/wb|ru", ttl=3600).get_or_fetch("kinds", fetch)
    ReferenceCache(tmp_path, "https://content-api.wildberries.ru|en", ttl=3600).get_or_fetch("kinds", fetch)
    assert fetch.calls == 3


def test_scope_drops_credentials_and_trailing_slash() -> None:
    assert scope_of("https://user:secret@content-api.wildberries.ru/", "ru") == SCOPE
    assert scope_of("http://127.0.0.1:8099/wb/", "ru") == "http://127.0.0.1:8099/wb|ru"


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe", b"[1, 2]", b'{"format": 1}'])
def test_an_unreadable_or_foreign_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    fetch = Fetcher()
    cache = ReferenceCache(tmp_path, SCOPE, ttl=3600)
    cache.folder.mkdir(parents=True)
    (cache.folder / "colors.json").write_bytes(content)
    assert cache.get_or_fetch("colors", fetch)[0] == "answer 1"
    assert json.loads((cache.folder / "colors.json").read_bytes())["data"][0] == "answer 1"
    assert cache.get_or_fetch("colors", fetch)[0] == "answer 1"
    assert fetch.calls == 1


def test_an_entry_that_no_longer_fits_the_model_is_fetched_again(tmp_path: Path) -> None:
    cache = ReferenceCache(tmp_path, SCOPE, ttl=3600)
    cache.get_or_fetch("colors", lambda: [{"name": ["not", "a", "text"]}])
    calls: list[int] = []

    def fetch() -> list[dict[str, str]]:
        calls.append(1)
        return [Color(name="красный").model_dump(mode="json", by_alias=True)]

    found = cache.get_or_fetch("colors", fetch, check=lambda data: [Color.model_validate(d) for d in data])
    assert found == [{"name": "красный", "parentName": ""}]
    assert calls == [1]


def test_writes_replace_whole_files_and_leave_no_scratch(tmp_path: Path) -> None:
    """Writers racing on one entry never leave a torn file for a reader (each writes its own, then renames)."""
    cache = ReferenceCache(tmp_path, SCOPE, ttl=3600)
    big = [f"значение {n}" * 20 for n in range(2000)]
    seen: list[object] = []

    def write(copy: int) -> None:
        for _ in range(5):
            ReferenceCache(tmp_path, SCOPE, ttl=3600, refresh=True).get_or_fetch("countries", lambda: [copy, *big])

    def read() -> None:
        for _ in range(50):
            path = cache.folder / "countries.json"
            if path.exists():
                seen.append(json.loads(path.read_bytes())["data"][1:] == big)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(seen)
    assert [p.name for p in cache.folder.iterdir()] == ["countries.json"]


def test_an_unwritable_folder_only_means_nothing_is_kept(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    fetch = Fetcher()
    cache = ReferenceCache(blocker, SCOPE, ttl=3600)
    assert cache.get_or_fetch("seasons", fetch)[0] == "answer 1"
    assert cache.get_or_fetch("seasons", fetch)[0] == "answer 2"


def test_no_secret_reaches_the_cache(sandbox: RunningSandbox, tmp_path: Path) -> None:
    settings = get_settings(limit_speed=SPEED, cache_dir=str(tmp_path)).for_sandbox(sandbox.url)
    with WbClient(settings) as wb:
        reference = WbReference(wb, ReferenceCache.from_settings(settings))
        reference.subjects()
        reference.charcs(reference.subjects()[0].subject_id)
        reference.texts("vat")
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert stored
    assert settings.wb_token.get_secret_value().encode() not in stored
    assert b"sandbox-wb-token" not in stored


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED, catalog_size=60)) as running:
        yield running


def _wb_calls(sandbox: RunningSandbox) -> int:
    calls = httpx.get(f"{sandbox.url}/_sandbox/stats").json()["calls"]
    return sum(n for key, n in calls.items() if key.partition(" ")[2].startswith(("/content/", "/api/")))


def test_a_warm_export_asks_wb_only_for_the_sellers_warehouses(sandbox: RunningSandbox, tmp_path: Path) -> None:
    settings = get_settings(limit_speed=SPEED, cache_dir=str(tmp_path / "cache")).for_sandbox(sandbox.url)
    books: list[bytes] = []
    used: list[int] = []
    for _ in range(2):
        before = _wb_calls(sandbox)
        with OzonClient(settings) as ozon, WbClient(settings) as wb:
            report = export_catalog(ozon, wb, tmp_path / "book.xlsx",
                                    reference_cache=ReferenceCache.from_settings(settings))
        used.append(_wb_calls(sandbox) - before)
        books.append((tmp_path / "book.xlsx").read_bytes())
        assert report.cards > 0
    assert used[0] > 10
    assert used[1] == 1  # /api/v3/warehouses: the seller's own, never cached
    first, second = (tmp_path / "a.xlsx"), (tmp_path / "b.xlsx")
    first.write_bytes(books[0])
    second.write_bytes(books[1])
    assert [r.values for r in read_workbook(first).rows()] == [r.values for r in read_workbook(second).rows()]


def test_the_export_command_caches_and_refresh_reference_fetches_again(
    sandbox: RunningSandbox, cli: Cli, tmp_path: Path
) -> None:
    used: list[int] = []
    for extra in ([], [], ["--refresh-reference"]):
        before = _wb_calls(sandbox)
        result = cli("export", "--out", str(tmp_path / "book.xlsx"), *extra)
        assert result.exit_code == 0, result.output
        used.append(_wb_calls(sandbox) - before)
    assert used[1] == 1
    assert used[0] == used[2] > 10
