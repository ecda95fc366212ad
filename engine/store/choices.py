"""Confirmed category choices: which WB subject a seller settled on for each Ozon type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.ratelimit import fingerprint
from engine.store.errors import UnsupportedDatabaseError
from engine.store.models import ConfirmedChoice

TypeKey = tuple[int, int]  # (description_category_id, type_id), as the category matcher keys Ozon types


def ozon_seller_key(client_id: str) -> str:
    """Who a choice belongs to until sellers have accounts: a fingerprint of the Ozon Client-Id.

    The id itself is never stored; the prefix leaves room for other kinds of key later.
    """
    return f"ozon:{fingerprint(client_id.strip())}"


def load_confirmed(session: Session, seller: str) -> dict[TypeKey, int]:
    """Every choice ``seller`` confirmed: (description_category_id, type_id) -> WB subject id."""
    rows = session.execute(
        select(ConfirmedChoice.description_category_id, ConfirmedChoice.type_id, ConfirmedChoice.subject_id)
        .where(ConfirmedChoice.seller == seller)
    )
    return {(dcid, type_id): subject_id for dcid, type_id, subject_id in rows}


def remember_choices(
    session: Session, seller: str, choices: Mapping[TypeKey, int], *, now: datetime | None = None
) -> int:
    """Record ``choices`` for ``seller``; a newer choice for the same Ozon type replaces the older one.

    One upsert statement, so two processes remembering at once cannot trip over the unique key.
    Returns how many choices were written.
    """
    if not choices:
        return 0
    stamp = now or datetime.now(UTC)
    rows = [
        {"seller": seller, "description_category_id": dcid, "type_id": type_id, "subject_id": subject_id,
         "confirmed_at": stamp}
        for (dcid, type_id), subject_id in sorted(choices.items())
    ]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg = postgresql.insert(ConfirmedChoice).values(rows)
        session.execute(pg.on_conflict_do_update(
            constraint="uq_confirmed_category_choices_seller_type",
            set_={"subject_id": pg.excluded.subject_id, "confirmed_at": pg.excluded.confirmed_at},
        ))
    elif dialect == "sqlite":
        lite = sqlite.insert(ConfirmedChoice).values(rows)
        session.execute(lite.on_conflict_do_update(
            index_elements=["seller", "description_category_id", "type_id"],
            set_={"subject_id": lite.excluded.subject_id, "confirmed_at": lite.excluded.confirmed_at},
        ))
    else:  # pragma: no cover - database_url() refuses other databases before a session exists
        raise UnsupportedDatabaseError(f"no upsert for {dialect}")
    return len(rows)
