"""Databases, owners, keyring and sandbox fixtures shared with the connection tests."""

from __future__ import annotations

from tests.connections.conftest import keyring, owners, sandbox, store  # noqa: F401 - fixtures
from tests.store.conftest import db_settings, pg_schema_settings, sqlite_settings  # noqa: F401 - fixtures
