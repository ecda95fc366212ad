"""Databases (SQLite and PostgreSQL), two owners, a keyring and a sandbox for connection tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from api.app import create_app
from engine.keyring import Keyring, generate_key
from engine.settings import Settings
from engine.store import Store, open_store, upgrade_to_head
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.connections.support import Owners, make_owners
from tests.store.conftest import db_settings, pg_schema_settings, sqlite_settings  # noqa: F401 - fixtures
from tests.support.web import (  # noqa: F401 - fixtures are found by name
    client,
    new_client,
    pg_web_settings,
    sqlite_web_settings,
    web_settings,
)

SPEED = 100.0


@pytest.fixture
def keyring() -> Keyring:
    return Keyring([generate_key().encode()])


@pytest.fixture
def store(db_settings: Settings) -> Iterator[Store]:  # noqa: F811 - the imported fixture
    opened = open_store(db_settings)
    upgrade_to_head(db_settings, opened.engine)
    yield opened
    opened.close()


@pytest.fixture
def owners(store: Store) -> Owners:
    return make_owners(store)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(speed=SPEED)) as running:
        yield running


# --- the web app, pointed at the sandbox (demo mode on) ----------------------------------------


@pytest.fixture
def web_app(web_settings: Settings, sandbox: RunningSandbox) -> FastAPI:  # noqa: F811 - overrides the plain app
    """Marketplace hosts at the sandbox (a form's key is checked there) and its demo pair offered."""
    pointed = web_settings.for_sandbox(sandbox.url).model_copy(update={
        "demo_sandbox_url": sandbox.url, "limit_speed": SPEED, "http_backoff_base": 0.02, "http_backoff_cap": 0.3,
    })
    return create_app(pointed)
