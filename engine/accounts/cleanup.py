"""Housekeeping: rows that can no longer do anything — expired sessions, links and invitations, old sign-in
attempts — deleted, so the tables stay small and no stale token hash is kept longer than it is useful.

A used link that has not expired yet is kept: it still answers "this link was already used".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from engine.accounts.secrets import now
from engine.settings import Settings
from engine.store.account_models import EmailToken, LoginAttempt, ManagerInvite, WebSession


@dataclass(frozen=True)
class Removed:
    sessions: int
    email_tokens: int
    login_attempts: int
    invites: int

    @property
    def total(self) -> int:
        return self.sessions + self.email_tokens + self.login_attempts + self.invites


def delete_expired(session: Session, settings: Settings, *, at: float | None = None) -> Removed:
    """Delete what expired before ``at`` (now); sign-in attempts older than the throttle needs (two windows)."""
    moment = now() if at is None else at
    removed = Removed(
        sessions=_count(session.execute(delete(WebSession).where(WebSession.expires_at < moment))),
        email_tokens=_count(session.execute(delete(EmailToken).where(EmailToken.expires_at < moment))),
        login_attempts=_count(session.execute(
            delete(LoginAttempt).where(LoginAttempt.at < moment - 2 * settings.login_window))),
        invites=_count(session.execute(delete(ManagerInvite).where(ManagerInvite.accepted_at.is_(None),
                                                                   ManagerInvite.expires_at < moment))),
    )
    session.flush()
    return removed


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
