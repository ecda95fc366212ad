"""Opening the database named by ``Settings.database_url``: engine, sessions, error translation.

SQLite (a local file, the default) and PostgreSQL (``postgresql+psycopg://``) are supported.
Every SQLAlchemy failure leaves this package as a :class:`StoreError`, so callers handle one
engine error tree and never print a driver traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from engine.settings import Settings
from engine.store.errors import StoreError, UnsupportedDatabaseError
from engine.store.sqlite_transactions import watch_transactions


@dataclass(frozen=True)
class Store:
    """An open database: the engine and the session factory bound to it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with translated_errors(self.engine.url), self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def database_url(raw: str) -> URL:
    """The URL to connect with: ``postgresql://`` and ``postgres://`` mean psycopg 3, the driver we ship."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise UnsupportedDatabaseError(f"database_url is not a database URL: {exc}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise UnsupportedDatabaseError(
            f"database_url {url.render_as_string(hide_password=True)}: only SQLite and PostgreSQL are supported"
        )
    return url


def create_store_engine(settings: Settings) -> Engine:
    url = database_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, settings.sqlite_busy_timeout)
    with translated_errors(url):
        return create_engine(url, pool_pre_ping=True)


def open_store(settings: Settings) -> Store:
    """The database of ``settings``, without touching its schema (see ``upgrade_to_head``)."""
    engine = create_store_engine(settings)
    return Store(engine, sessionmaker(engine, expire_on_commit=False))


@contextmanager
def translated_errors(url: URL) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        where = url.render_as_string(hide_password=True)
        raise StoreError(f"database {where}: {reason}") from exc
    except OSError as exc:  # the SQLite folder cannot be created
        raise StoreError(f"database {url.render_as_string(hide_password=True)}: {exc}") from exc


def _sqlite_engine(url: URL, busy_seconds: float) -> Engine:
    path = url.database or ""
    if path and path != ":memory:" and not path.startswith("file:"):
        with translated_errors(url):
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_seconds})

    # pysqlite's own transaction handling skips BEGIN before DDL and breaks SAVEPOINTs;
    # SQLAlchemy's documented recipe hands transactions back to SQLAlchemy (sqlite_transactions).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the one writer
        cursor.close()

    watch_transactions(engine)
    return engine
