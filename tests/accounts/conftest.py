"""A migrated store per test on SQLite and on PostgreSQL, plus a keyring and a logging mailer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from engine.keyring import Keyring
from engine.mail import Mailer
from engine.settings import Settings
from engine.store import Store, open_store, upgrade_to_head
from tests.support.web import pg_web_settings, sqlite_web_settings, web_settings  # noqa: F401

# ``web_settings`` (parametrised SQLite / PostgreSQL) comes from tests.support.web.


@pytest.fixture
def store(web_settings: Settings) -> Iterator[Store]:  # noqa: F811
    opened = open_store(web_settings)
    upgrade_to_head(web_settings, opened.engine)
    yield opened
    opened.close()


@pytest.fixture
def keyring() -> Keyring:
    return Keyring([Fernet.generate_key()])


@pytest.fixture
def mailer(web_settings: Settings) -> Mailer:  # noqa: F811
    return Mailer(web_settings)
