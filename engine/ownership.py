"""Who may see whose objects: the one place the tenant rule lives for connections, imports and jobs.

Writing (adding, checking, removing, starting jobs) is for the owner only. Reading jobs and their
results is also open to the managers a seller linked (``engine.accounts.sellers_visible_to``).
Anything else reads as missing, never as forbidden, so ids cannot be probed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.accounts import sellers_visible_to
from engine.errors import RecordNotFoundError


def readable_owner_ids(session: Session, user_id: int) -> set[int]:
    """The owners whose jobs and results ``user_id`` may read: themselves and the sellers linked to them."""
    return {user_id, *sellers_visible_to(session, user_id)}


def not_found(what: str, record_id: int) -> RecordNotFoundError:
    return RecordNotFoundError(f"{what} {record_id} not found")
