"""In-app notices (e.g. "the push has ended"), shown with a badge until read."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from engine.accounts.secrets import now
from engine.store.account_models import Notice


def add_notice(session: Session, user_id: int, text: str, link: str = "") -> Notice:
    """``link`` is a path inside the service ("/jobs/7"); anything else is dropped (no javascript: links)."""
    # Browsers read a backslash there as a slash: "/\host" is another site (the rule of api.security.safe_next).
    safe_link = link if link.startswith("/") and not link.startswith(("//", "/\\")) else ""
    notice = Notice(user_id=user_id, text=text, link=safe_link[:500], created_at=now())
    session.add(notice)
    session.flush()
    return notice


def unread_count(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None))
    return session.scalar(query) or 0


def list_notices(session: Session, user_id: int, limit: int = 50) -> list[Notice]:
    query = select(Notice).where(Notice.user_id == user_id).order_by(Notice.id.desc()).limit(limit)
    return list(session.scalars(query))


def mark_all_read(session: Session, user_id: int) -> None:
    session.execute(update(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None)).values(read_at=now()))
