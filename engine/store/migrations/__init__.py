"""Alembic migrations, configured in code (no ``alembic.ini``): :func:`upgrade_to_head` brings a
database to the newest schema and is safe to run on every start, from several processes at once.

A new revision (developers): ``alembic.command.revision(alembic_config(), message="...",
autogenerate=True)`` with ``config.attributes["connection"]`` set to a connection of an up-to-date database,
or write the file by hand next to ``versions/0001_confirmed_category_choices.py``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from engine.settings import Settings
from engine.store.database import create_store_engine, translated_errors
from engine.store.errors import StoreError
from engine.store.sqlite_transactions import reserve_writes

SCRIPT_LOCATION = Path(__file__).resolve().parent
# Any constant works; it only has to be the same in every process that migrates this database.
_PG_MIGRATION_LOCK = 0x6F7A7762


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its revisions
        raise StoreError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    with translated_errors(engine.url), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(settings: Settings, engine: Engine | None = None) -> str:
    """Apply every migration the database lacks; returns the revision it is at afterwards."""
    own = engine is None
    engine = engine or create_store_engine(settings)
    try:
        with translated_errors(engine.url), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Several service processes start together; only one may create the tables.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            else:  # the same on SQLite: the file's write lock from the first statement on
                reserve_writes(connection)
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return current_revision(engine) or ""
    finally:
        if own:
            engine.dispose()
