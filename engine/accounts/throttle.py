"""Sign-in throttling per (email, IP): too many failures in the window → refuse for a while."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from engine.accounts.errors import TooManyAttemptsError
from engine.accounts.secrets import now
from engine.settings import Settings
from engine.store.account_models import LoginAttempt


def check_throttle(session: Session, settings: Settings, email: str, ip: str) -> None:
    """Raise :class:`TooManyAttemptsError` when this email+IP failed too often lately."""
    since = now() - settings.login_window
    last_ok = session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.ip == ip, LoginAttempt.ok)
    )
    start = max(since, last_ok or 0.0)
    failures = session.scalar(
        select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.ip == ip, ~LoginAttempt.ok, LoginAttempt.at > start
        )
    ) or 0
    if failures >= settings.login_max_failures:
        minutes = max(1, round(settings.login_window / 60))
        raise TooManyAttemptsError(
            f"Слишком много неудачных попыток входа. Попробуйте снова через {minutes} мин."
        )


def record_attempt(session: Session, settings: Settings, email: str, ip: str, *, ok: bool) -> None:
    at = now()
    session.add(LoginAttempt(email=email, ip=ip[:64], ok=ok, at=at))
    # Old rows say nothing about the window any more; keep the table small.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < at - 2 * settings.login_window))
    session.flush()
