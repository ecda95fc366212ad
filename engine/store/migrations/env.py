"""Alembic's entry point: runs migrations on the connection ``upgrade_to_head`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from engine.store.errors import StoreError
from engine.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise StoreError("migrations run through engine.store.upgrade_to_head(settings), which passes a connection")
    _run(connection)


_main()
