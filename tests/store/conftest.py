"""A fresh database per test: a SQLite file in tmp_path, or a PostgreSQL schema of its own (dropped after)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine.settings import Settings, get_settings

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_url() -> str:
    return os.environ.get("OZWB_TEST_DATABASE_URL", DEFAULT_PG)


def _schema_url(base: str, schema: str) -> str:
    # search_path makes the schema the default one, so migrations and alembic_version land in it.
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_schema_settings() -> Iterator[Settings]:
    schema = f"ozwb_store_{secrets.token_hex(5)}"
    admin = create_engine(pg_url())
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield get_settings(database_url=_schema_url(pg_url(), schema))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_settings(tmp_path) -> Settings:
    return get_settings(database_url=f"sqlite:///{tmp_path / 'db' / 'ozwb.sqlite3'}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(request: pytest.FixtureRequest) -> Settings:
    name = "sqlite_settings" if request.param == "sqlite" else "pg_schema_settings"
    settings: Settings = request.getfixturevalue(name)
    return settings
