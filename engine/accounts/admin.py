"""What an admin may do: grant roles (CLI only), list users, block and unblock them, read the audit log.

Every view here carries account facts only (email, role, flags, times, audit entries): nothing of a
user's connections, keys, files or workbooks. Grants, blocks and unblocks are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.accounts.errors import AccountError
from engine.accounts.secrets import now
from engine.accounts.sessions import end_all_sessions
from engine.accounts.totp import totp_enabled
from engine.accounts.users import ROLES, user_by_email
from engine.errors import RecordNotFoundError
from engine.store.account_models import AuditEvent, User

PER_PAGE = 50
SEARCH_LIMIT = 254


class AdminActionError(AccountError):
    """An admin action that is refused as asked (unknown role, blocking oneself)."""

    code = "admin_action_refused"


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    role: str
    is_active: bool
    confirmed: bool
    totp_on: bool
    blocked: bool
    created_at: float


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: float
    action: str
    user_email: str  # "" for events of nobody signed in (a failed sign-in of an unknown address, the CLI)
    target: str
    ip: str
    detail: dict[str, Any]


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    page: int
    pages: int
    total: int


def grant_role(session: Session, email: str, role: str, *, actor_id: int | None = None, via: str = "cli",
               ip: str = "") -> User:
    """Give the account with this email a role; the audit entry names the previous one."""
    if role not in ROLES:
        raise AdminActionError(f"Неизвестная роль «{role}». Допустимые: {', '.join(ROLES)}.")
    user = user_by_email(session, email)
    if user is None:
        raise RecordNotFoundError(f"Пользователя с адресом «{email.strip()}» нет. Сначала он регистрируется сам.")
    previous = user.role
    user.role = role
    record_audit(session, "role_granted", user_id=actor_id, target=f"user:{user.id}", ip=ip,
                 detail={"role": role, "previous": previous, "via": via})
    session.flush()
    return user


def block_user(session: Session, admin: User, user_id: int, *, ip: str = "") -> User:
    """Block a user: every session and bearer token of theirs stops working, and they cannot sign in.

    Their jobs stop too: the workers look at the block at each job's safe point and stop it there,
    queued ones before they start (:mod:`engine.jobs.stops`, audited as ``job_stopped``).
    """
    if user_id == admin.id:
        raise AdminActionError("Нельзя заблокировать самого себя.")
    user = _user(session, user_id)
    if user.blocked_at is None:
        user.blocked_at = now()
        user.token_version += 1
        end_all_sessions(session, user.id)
        record_audit(session, "user_blocked", user_id=admin.id, target=f"user:{user.id}", ip=ip)
        session.flush()
    return user


def unblock_user(session: Session, admin: User, user_id: int, *, ip: str = "") -> User:
    """Let a blocked user sign in again; the tokens voided by the block stay void."""
    user = _user(session, user_id)
    if user.blocked_at is not None:
        user.blocked_at = None
        record_audit(session, "user_unblocked", user_id=admin.id, target=f"user:{user.id}", ip=ip)
        session.flush()
    return user


def list_users(session: Session, *, search: str = "", page: int = 1, per_page: int = PER_PAGE) -> Page[UserRow]:
    """Users, newest first; ``search`` is a part of the email (case does not matter)."""
    condition = _email_like(search) if search.strip() else None
    query = select(User)
    counted = select(func.count()).select_from(User)
    if condition is not None:
        query, counted = query.where(condition), counted.where(condition)
    total = session.scalar(counted) or 0
    page, pages = _clamp(page, total, per_page)
    found = session.scalars(query.order_by(User.id.desc()).offset((page - 1) * per_page).limit(per_page))
    return Page([_user_row(u) for u in found], page, pages, total)


def list_users_by_role(session: Session) -> list[UserRow]:
    """Every account, admins first (for ``ozwb admin list``)."""
    order = {role: index for index, role in enumerate(reversed(ROLES))}
    rows = [_user_row(u) for u in session.scalars(select(User).order_by(User.id))]
    return sorted(rows, key=lambda r: (order.get(r.role, len(order)), r.id))


def audit_log(session: Session, *, user: str = "", action: str = "", page: int = 1,
              per_page: int = PER_PAGE) -> Page[AuditRow]:
    """Audit entries, newest first. ``user`` (a part of an email) matches entries done by or aimed at them."""
    conditions: list[ColumnElement[bool]] = []
    if action.strip():
        conditions.append(AuditEvent.action == action.strip())
    if user.strip():
        ids = list(session.scalars(select(User.id).where(_email_like(user))))
        targets = [f"user:{i}" for i in ids]
        conditions.append(or_(AuditEvent.user_id.in_(ids), AuditEvent.target.in_(targets)) if ids else false())
    counted = select(func.count()).select_from(AuditEvent).where(*conditions)
    total = session.scalar(counted) or 0
    page, pages = _clamp(page, total, per_page)
    query = (select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.user_id).where(*conditions)
             .order_by(AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page))
    rows = [AuditRow(e.id, e.at, e.action, email or "", e.target, e.ip, dict(e.detail or {}))
            for e, email in session.execute(query)]
    return Page(rows, page, pages, total)


def audit_actions(session: Session) -> list[str]:
    """The actions present in the log, for the filter's choices."""
    return sorted(session.scalars(select(AuditEvent.action).distinct()))


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise RecordNotFoundError("Пользователь не найден.")
    return user


def _user_row(user: User) -> UserRow:
    return UserRow(user.id, user.email, user.role, user.is_active, user.email_confirmed_at is not None,
                   totp_enabled(user), user.blocked_at is not None, user.created_at)


def _email_like(search: str) -> ColumnElement[bool]:
    # LIKE wildcards typed by the admin are matched literally.
    escaped = search.strip().lower()[:SEARCH_LIMIT].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return User.email.like(f"%{escaped}%", escape="\\")


def _clamp(page: int, total: int, per_page: int) -> tuple[int, int]:
    pages = max(1, -(-total // per_page))
    return min(max(page, 1), pages), pages
