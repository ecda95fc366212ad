"""The audit log of sensitive actions. Callers pass no secrets in ``detail``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.accounts.secrets import now
from engine.store.account_models import AuditEvent

TARGET_LIMIT = 255


def record_audit(
    session: Session,
    action: str,
    *,
    user_id: int | None = None,
    target: str = "",
    ip: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Log one action, e.g. ``record_audit(s, "connection_added", user_id=u, target="connection:7")``.

    Actions in use: register, email_confirmed, login_ok, login_failed, logout, password_reset_requested,
    password_reset, totp_enabled, totp_disabled, manager_invited, manager_added, manager_removed,
    connection_added, connection_removed, push_started, role_granted, user_blocked, user_unblocked,
    job_stopped, job_resumed.
    """
    event = AuditEvent(user_id=user_id, action=action, target=target[:TARGET_LIMIT], ip=ip[:64], at=now(),
                       detail=detail or {})
    session.add(event)
    session.flush()
    return event


def audit_events(session: Session, user_id: int, limit: int = 50) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.user_id == user_id).order_by(AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(query))
