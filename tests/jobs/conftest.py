"""Databases, owners, keyring and sandbox fixtures shared with the connection tests; a web site and an RQ queue
of the job tests' own."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.connections.conftest import keyring, owners, sandbox, store  # noqa: F401 - fixtures
from tests.jobs.test_flow import REDIS_URL, Site
from tests.store.conftest import db_settings, pg_schema_settings, sqlite_settings  # noqa: F401 - fixtures


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = Site(tmp_path)
    yield made
    made.store.close()


@pytest.fixture
def queue() -> Iterator[tuple[str, redis.Redis]]:
    """A queue name no other test uses, and a Redis connection; the queue's keys are removed afterwards."""
    name = f"test-jobs-{secrets.token_hex(4)}"
    connection = redis.Redis.from_url(REDIS_URL)
    yield name, connection
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)
    connection.close()
