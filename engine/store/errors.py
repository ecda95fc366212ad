"""The store's exceptions, under the engine's root ``OzwbError``."""

from __future__ import annotations

from engine.errors import OzwbError


class StoreError(OzwbError):
    """The database cannot be opened, migrated, read or written."""


class UnsupportedDatabaseError(StoreError):
    """``database_url`` names a database ozwb does not run on (only SQLite and PostgreSQL)."""
