"""SQLite transactions: a read-then-write one waits for the other writer instead of failing; reads stay free."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.store import Store, StoreError, User, open_store, upgrade_to_head
from engine.store.migrations import head_revision

REPO = Path(__file__).resolve().parents[2]


def _user(email: str) -> User:
    return User(email=email, password_hash="x", role="seller", is_active=True, created_at=0.0)


@pytest.fixture
def store(sqlite_settings):
    opened = open_store(sqlite_settings)
    upgrade_to_head(sqlite_settings, opened.engine)
    yield opened
    opened.close()


def _count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def test_a_transaction_that_read_before_another_write_still_writes(store):
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0  # its snapshot: no users
        with store.session() as other:  # commits a write after that snapshot (a plain BEGIN failed here)
            other.add(_user("first@example.ru"))
        session.add(_user("second@example.ru"))
        # From its first write on it sees the latest data, like PostgreSQL's READ COMMITTED.
        session.flush()
        assert session.scalar(select(func.count()).select_from(User)) == 2
    assert _count(store) == 2


def test_a_reading_session_does_not_block_a_write_in_the_same_thread(store):
    with store.session() as reader:
        reader.scalar(select(func.count()).select_from(User))
        with store.session() as writer:
            writer.add(_user("inner@example.ru"))
        assert reader.scalar(select(func.count()).select_from(User)) == 0  # still its own snapshot
    assert _count(store) == 1


def test_simultaneous_read_then_write_transactions_all_land(store):
    threads = 8
    start = threading.Barrier(threads)

    def sign_up(index: int) -> None:
        start.wait()
        with store.session() as session:
            email = f"user-{index}@example.ru"
            assert session.scalar(select(User).where(User.email == email)) is None
            session.add(_user(email))

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(sign_up, range(threads)))
    assert _count(store) == threads


def test_a_writer_gives_up_after_the_busy_timeout(sqlite_settings):
    settings = sqlite_settings.model_copy(update={"sqlite_busy_timeout": 0.2})
    store = open_store(settings)
    upgrade_to_head(settings, store.engine)
    try:
        with store.session() as holder:
            holder.add(_user("holder@example.ru"))
            holder.flush()  # holds the write lock until the block ends
            failures: list[BaseException] = []

            def write() -> None:
                try:
                    with store.session() as session:
                        session.add(_user("late@example.ru"))
                except StoreError as exc:
                    failures.append(exc)

            waiter = threading.Thread(target=write)
            waiter.start()
            waiter.join()
        assert len(failures) == 1 and "database is locked" in str(failures[0])
        assert _count(store) == 1
    finally:
        store.close()


def test_service_processes_migrating_together_all_succeed(sqlite_settings):
    # Processes, as in production (uvicorn and the workers of `ozwb serve`): alembic's context is per process.
    script = ("import sys; from engine.settings import get_settings; from engine.store import upgrade_to_head; "
              "print(upgrade_to_head(get_settings(database_url=sys.argv[1])))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen([sys.executable, "-c", script, sqlite_settings.database_url], cwd=REPO, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    answers = [process.communicate(timeout=300) for process in processes]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(processes, answers, strict=True)] == [
        (0, head_revision())] * 4, [err[-500:] for _, err in answers]
