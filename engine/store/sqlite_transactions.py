"""SQLite transactions that wait for the one writer instead of failing with "database is locked".

A plain (deferred) ``BEGIN`` starts by reading. When such a transaction then writes while another connection
has committed a write since it began, SQLite refuses at once with SQLITE_BUSY, whatever the busy timeout:
waiting could never help (its snapshot is stale) and two such upgraders would deadlock. Two sellers signing
up at the same moment hit exactly that. ``BEGIN IMMEDIATE`` takes the write lock first and does wait, but
taking it for every transaction would queue read-only page loads behind each other and behind every write,
and would deadlock a thread holding two sessions at once even when the outer one only reads.

So here a transaction is begun by its first statement: ``BEGIN`` if that statement reads, ``BEGIN IMMEDIATE``
if it writes. A transaction that has only read so far and is about to write changed nothing yet, so it is
committed and begun again with ``BEGIN IMMEDIATE``: from there on it owns the write lock and sees the latest
data until it ends. What it read before its first write may have changed meanwhile; that is what
PostgreSQL's READ COMMITTED (the other supported database) allows too, so callers are already written for it,
and unique constraints still stop duplicates. A SAVEPOINT counts as a write, so an open savepoint is never
cut by such a restart.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Connection, Engine, event

_STATE = "ozwb_sqlite_transaction"
_READS = frozenset({"SELECT", "PRAGMA", "EXPLAIN"})


class _State(enum.Enum):
    PENDING = "begun, nothing sent yet"
    WRITE_NEXT = "begun, the write lock wanted at the first statement"
    READING = "BEGIN sent"
    WRITING = "BEGIN IMMEDIATE sent: the write lock is held"


def watch_transactions(engine: Engine) -> None:
    """Begin every transaction of the SQLite ``engine`` as described above (engine events)."""
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "before_cursor_execute", _before_statement)
    event.listen(engine, "commit", _on_end)
    event.listen(engine, "rollback", _on_end)


def reserve_writes(connection: Connection) -> None:
    """Take SQLite's write lock at the first statement of ``connection``'s transaction, which must read what
    it will write consistently (e.g. migrations: two processes starting together). No effect elsewhere."""
    if connection.info.get(_STATE) is _State.PENDING:
        connection.info[_STATE] = _State.WRITE_NEXT


def _on_begin(connection: Connection) -> None:
    # BEGIN waits for the first statement, which tells whether the transaction starts by reading or writing.
    connection.info[_STATE] = _State.PENDING


def _on_end(connection: Connection) -> None:
    connection.info.pop(_STATE, None)


def _before_statement(connection: Connection, cursor: Any, statement: str, _parameters: Any, _context: Any,
                      _executemany: bool) -> None:
    state = connection.info.get(_STATE)
    if state is None or state is _State.WRITING:
        return
    if state is not _State.WRITE_NEXT and _reads(statement):
        if state is _State.PENDING:
            cursor.execute("BEGIN")
            connection.info[_STATE] = _State.READING
        return
    if state is _State.READING:
        cursor.execute("COMMIT")  # it has only read: nothing of it is lost
        connection.info[_STATE] = _State.PENDING
    cursor.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout for the current writer
    connection.info[_STATE] = _State.WRITING


def _reads(statement: str) -> bool:
    words = statement.lstrip().split(None, 1)
    return bool(words) and words[0].upper() in _READS
