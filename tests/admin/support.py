"""Helpers of the admin tests."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from engine.store.account_models import AuditEvent, User


def user_id(app: FastAPI, email: str) -> int:
    with app.state.store.session() as session:
        found: int | None = session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def is_blocked(app: FastAPI, email: str) -> bool:
    with app.state.store.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        return user.blocked_at is not None


def audit_actions(app: FastAPI, target: str) -> list[str]:
    with app.state.store.session() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.target == target)
                                    .order_by(AuditEvent.id)))
