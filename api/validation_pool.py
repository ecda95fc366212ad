"""Checking uploads off the web process: a small pool of processes runs :func:`engine.jobs.create_import`
(and the re-lay of :func:`engine.jobs.refreshes.refresh_into_import`, CPU work of the same kind).

Validating a 10,000-row workbook is about two seconds of pure-Python CPU. In the web process's
thread pool it would hold the GIL and stall every page and API call while it runs; in a pool of
worker processes it does not, and the request still answers with the report (the issue's contract).
The pool is one per web process (shared by every app in it), started on first use with ``spawn``
(no inherited database connections or locks), and each child keeps one store per database; its idle
processes end with the web process (concurrent.futures joins them at exit).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from engine.jobs import ImportView, create_import
from engine.jobs.refreshes import RefreshedImport, refresh_into_import
from engine.keyring import Keyring, keyring_from_settings
from engine.settings import Settings
from engine.store import Store, open_store

_lock = threading.Lock()
_pools: dict[str, ProcessPoolExecutor] = {}  # at most one, under "pool"
_stores: dict[str, Store] = {}
_keyrings: dict[str, Keyring] = {}


def pool_size(settings: Settings) -> int:
    """``OZWB_VALIDATION_PROCESSES``; 0 checks in the web process itself (tests, tiny installs)."""
    if settings.validation_processes is not None:
        return settings.validation_processes
    return max(1, min(4, os.cpu_count() or 1))


def _executor(settings: Settings) -> ProcessPoolExecutor:
    with _lock:
        pool = _pools.get("pool")
        if pool is None:
            pool = _pools["pool"] = ProcessPoolExecutor(max_workers=pool_size(settings),
                                                        mp_context=multiprocessing.get_context("spawn"))
        return pool


async def checked_import(settings: Settings, owner_id: int, source_name: str, *, path: Path | None = None,
                         sheet_url: str | None = None, wb_connection_id: int | None = None) -> ImportView:
    """:func:`engine.jobs.create_import` for the web: in a worker process (or inline when the pool size is 0)."""
    arguments = (settings, owner_id, source_name, str(path) if path is not None else None, sheet_url,
                 wb_connection_id)
    if pool_size(settings) == 0:
        return await asyncio.to_thread(run_import, *arguments)
    return await asyncio.get_running_loop().run_in_executor(_executor(settings), run_import, *arguments)


def run_import(settings: Settings, owner_id: int, source_name: str, path: str | None, sheet_url: str | None,
               wb_connection_id: int | None) -> ImportView:
    """In the child: the same service the CLI-like engine code runs, with this process's store and keyring."""
    store, keyring = _resources(settings)
    return create_import(store, keyring, settings, owner_id, source_name,
                         path=Path(path) if path is not None else None, sheet_url=sheet_url,
                         wb_connection_id=wb_connection_id)


async def refreshed_import(settings: Settings, owner_id: int, import_id: int) -> RefreshedImport:
    """:func:`engine.jobs.refreshes.refresh_into_import` off the web process: re-laying is CPU work like a check."""
    if pool_size(settings) == 0:
        return await asyncio.to_thread(run_refresh, settings, owner_id, import_id)
    return await asyncio.get_running_loop().run_in_executor(_executor(settings), run_refresh, settings, owner_id,
                                                            import_id)


def run_refresh(settings: Settings, owner_id: int, import_id: int) -> RefreshedImport:
    store, keyring = _resources(settings)
    return refresh_into_import(store, keyring, settings, owner_id, import_id)


def _resources(settings: Settings) -> tuple[Store, Keyring]:
    key = settings.secret_keys.get_secret_value() or settings.files_dir
    with _lock:
        store = _stores.get(settings.database_url)
        if store is None:
            store = _stores[settings.database_url] = open_store(settings)
        keyring = _keyrings.get(key)
        if keyring is None:
            keyring = _keyrings[key] = keyring_from_settings(settings)
    return store, keyring
