"""ozwb's database: models, migrations and repository functions (SQLAlchemy 2 + Alembic).

Usage::

    store = open_store(settings)
    upgrade_to_head(settings, store.engine)  # the service does this on start
    with store.session() as session:
        confirmed = load_confirmed(session, ozon_seller_key(settings.ozon_client_id))

SQLite by default (``sqlite:///./var/ozwb.sqlite3``; the folder is created), PostgreSQL through
``postgresql+psycopg://``. Everything that fails here raises :class:`StoreError`.
"""

from engine.store.account_models import User
from engine.store.choices import TypeKey, load_confirmed, ozon_seller_key, remember_choices
from engine.store.database import Store, create_store_engine, database_url, open_store
from engine.store.errors import StoreError, UnsupportedDatabaseError
from engine.store.migrations import alembic_config, current_revision, head_revision, upgrade_to_head
from engine.store.models import Base, ConfirmedChoice
from engine.store.push_models import PushCard, PushJob, PushPayload, PushRow
from engine.store.web_models import Connection, ImportRecord, WebJob

__all__ = [
    "Base",
    "ConfirmedChoice",
    "Connection",
    "ImportRecord",
    "PushCard",
    "PushJob",
    "PushPayload",
    "PushRow",
    "Store",
    "StoreError",
    "TypeKey",
    "UnsupportedDatabaseError",
    "User",
    "WebJob",
    "alembic_config",
    "create_store_engine",
    "current_revision",
    "database_url",
    "head_revision",
    "load_confirmed",
    "open_store",
    "ozon_seller_key",
    "remember_choices",
    "upgrade_to_head",
]
