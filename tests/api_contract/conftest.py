"""Web test fixtures for the contract tests (a fixed SQLite backend: the contract does not depend on it)."""

from tests.support.web import sqlite_web_settings  # noqa: F401 - fixtures are found by name
