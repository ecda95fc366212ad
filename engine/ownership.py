"""Who may see whose objects: the one place the tenant rule lives for connections, imports and jobs.

Writing (adding, checking, removing, starting jobs) is for the owner only. Reading jobs and their
results is also open to the managers a seller linked (``engine.accounts.sellers_visible_to``).
Anything else reads as missing, never as forbidden, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from engine.accounts import sellers_visible_to
from engine.errors import RecordNotFoundError


class HasOwner(Protocol):
    owner_id: int


T = TypeVar("T", bound=HasOwner)


def readable_owner_ids(session: Session, user_id: int) -> set[int]:
    """The owners whose jobs and results ``user_id`` may read: themselves and the sellers linked to them."""
    return {user_id, *sellers_visible_to(session, user_id)}


def not_found(what: str, record_id: int) -> RecordNotFoundError:
    return RecordNotFoundError(f"{what} {record_id} not found")


def readable_record(session: Session, model: type[T], what: str, user_id: int, record_id: int) -> T:
    """The record if ``user_id`` owns it or manages its owner; otherwise it does not exist."""
    record = session.get(model, record_id)
    if record is None or record.owner_id not in readable_owner_ids(session, user_id):
        raise not_found(what, record_id)
    return record


def owned_record(session: Session, model: type[T], what: str, owner_id: int, record_id: int) -> T:
    """The record if ``owner_id`` owns it (writing is for the owner only); otherwise it does not exist."""
    record = session.get(model, record_id)
    if record is None or record.owner_id != owner_id:
        raise not_found(what, record_id)
    return record
