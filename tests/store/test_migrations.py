"""Opening databases and migrating them, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from engine.settings import get_settings
from engine.store import (
    Base,
    StoreError,
    UnsupportedDatabaseError,
    current_revision,
    database_url,
    head_revision,
    open_store,
    upgrade_to_head,
)


def test_upgrade_creates_the_choices_table_and_is_idempotent(db_settings):
    store = open_store(db_settings)
    try:
        assert current_revision(store.engine) is None
        assert upgrade_to_head(db_settings, store.engine) == head_revision()
        assert upgrade_to_head(db_settings, store.engine) == head_revision()  # every service start runs it
        inspector = inspect(store.engine)
        assert "confirmed_category_choices" in inspector.get_table_names()
        unique = inspector.get_unique_constraints("confirmed_category_choices")
        assert [(u["name"], u["column_names"]) for u in unique] == [
            ("uq_confirmed_category_choices_seller_type", ["seller", "description_category_id", "type_id"])
        ]
    finally:
        store.close()


def test_models_describe_exactly_the_migrated_schema(db_settings):
    store = open_store(db_settings)
    try:
        upgrade_to_head(db_settings, store.engine)
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        store.close()


def test_upgrade_opens_its_own_engine_when_given_none(db_settings):
    assert upgrade_to_head(db_settings) == head_revision()
    store = open_store(db_settings)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_services_starting_together_migrate_once_on_postgresql(pg_schema_settings):
    results: list[str] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            results.append(upgrade_to_head(pg_schema_settings))
        except BaseException as exc:  # reported below, so a failing thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert results == [head_revision()] * 4


def test_default_sqlite_file_lands_in_var_under_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OZWB_DATABASE_URL", raising=False)
    settings = get_settings()
    assert settings.database_url == "sqlite:///./var/ozwb.sqlite3"
    assert upgrade_to_head(settings) == head_revision()
    assert (tmp_path / "var" / "ozwb.sqlite3").is_file()


def test_database_urls_are_normalised_or_refused():
    assert database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(UnsupportedDatabaseError, match="only SQLite and PostgreSQL"):
        database_url("mysql://u:pw@h/db")
    with pytest.raises(UnsupportedDatabaseError, match="not a database URL"):
        database_url("not a url")


def test_unreachable_postgresql_is_a_store_error_without_the_password():
    settings = get_settings(database_url="postgresql://ozwb:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2")
    with pytest.raises(StoreError) as caught:
        upgrade_to_head(settings)
    assert "s3cret-pw" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_sqlite_folder_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError):
        open_store(get_settings(database_url=f"sqlite:///{blocker / 'sub' / 'db.sqlite3'}"))
