"""Server-side web sessions: the browser holds a random token, the database its hash.

A session created after the password of a 2FA account is ``pending_totp`` until the code is given;
:func:`session_user` only returns users of complete sessions.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.accounts.secrets import hash_token, new_token, now
from engine.settings import Settings
from engine.store.account_models import User, WebSession


def start_session(session: Session, settings: Settings, user: User, *, ip: str = "", pending_totp: bool = False) -> str:
    """A new session; returns the token for the cookie (never stored)."""
    token = new_token()
    at = now()
    session.add(WebSession(user_id=user.id, token_hash=hash_token(token), pending_totp=pending_totp, ip=ip[:64],
                           created_at=at, expires_at=at + settings.session_ttl))
    session.flush()
    return token


def find_session(session: Session, token: str) -> WebSession | None:
    if not token:
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == hash_token(token)))
    if row is None or row.expires_at < now():
        return None
    return row


def session_user(session: Session, token: str) -> User | None:
    """The signed-in, active, not blocked user of a complete session, else None."""
    row = find_session(session, token)
    if row is None or row.pending_totp:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active and user.blocked_at is None else None


def pending_user(session: Session, token: str) -> User | None:
    """The user still owing a 2FA code on this session, else None."""
    row = find_session(session, token)
    if row is None or not row.pending_totp:
        return None
    return session.get(User, row.user_id)


def end_session(session: Session, token: str, *, ip: str = "") -> None:
    row = find_session(session, token)
    if row is None:
        return
    record_audit(session, "logout", user_id=row.user_id, target=f"user:{row.user_id}", ip=ip)
    session.delete(row)
    session.flush()


def drop_session(session: Session, token: str) -> None:
    """Forget a session without an audit entry (e.g. the pending half of a 2FA sign-in)."""
    session.execute(delete(WebSession).where(WebSession.token_hash == hash_token(token)))


def end_all_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
