"""Web test fixtures: each test runs on SQLite and on a PostgreSQL schema of its own."""

from tests.support.web import (  # noqa: F401 - fixtures are found by name
    client,
    new_client,
    pg_web_settings,
    sqlite_web_settings,
    web_app,
    web_settings,
)
