"""Tables of the web service's accounts: users, email tokens, web sessions, manager links and
invitations, login attempts, the audit log and in-app notices.

Times are epoch seconds (floats), as in the push tables. Every token (email links, sessions) is
stored only as its SHA-256 hash, so a copy of the database opens no account.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base

EMAIL_LENGTH = 254  # RFC 5321's longest forward path
ROLE_LENGTH = 16
HASH_LENGTH = 64  # hex SHA-256
ACTION_LENGTH = 40
IP_LENGTH = 64
TARGET_LENGTH = 255
LINK_LENGTH = 500


class User(Base):
    """A person who signs in: a seller (owns connections and jobs), a manager or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(ROLE_LENGTH), default="seller")
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    email_confirmed_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    totp_secret: Mapped[str | None] = mapped_column(Text, nullable=True)  # encrypted, never plain
    totp_enabled_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: set up, not confirmed
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a code is accepted once
    created_at: Mapped[float] = mapped_column(Float)
    blocked_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # set by an admin: no sign-in at all
    # Part of every bearer token's fingerprint: bumping it voids the tokens issued before (block, even once unblocked).
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EmailToken(Base):
    """A link sent by mail: confirm the address or reset the password. Hashed, expiring, single use."""

    __tablename__ = "email_tokens"
    __table_args__ = (Index("ix_email_tokens_user", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))  # 'confirm' | 'reset'
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)


class WebSession(Base):
    """A signed-in browser. Deleting the row signs it out (logout, password reset)."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_user", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    pending_totp: Mapped[bool] = mapped_column(Boolean, default=False)  # password ok, code still due
    ip: Mapped[str] = mapped_column(String(IP_LENGTH), default="")
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class ManagerLink(Base):
    """A manager may read the results of this seller."""

    __tablename__ = "manager_links"
    __table_args__ = (UniqueConstraint("seller_id", "manager_id", name="uq_manager_links_seller_manager"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[float] = mapped_column(Float)


class ManagerInvite(Base):
    """A seller's invitation sent to a manager's email (the link carries the token; the hash is stored)."""

    __tablename__ = "manager_invites"
    __table_args__ = (Index("ix_manager_invites_seller", "seller_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    expires_at: Mapped[float] = mapped_column(Float)
    accepted_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)


class LoginAttempt(Base):
    """One sign-in try, for throttling guessers per (email, IP)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_ip_at", "email", "ip", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    ip: Mapped[str] = mapped_column(String(IP_LENGTH))
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[float] = mapped_column(Float)


class AuditEvent(Base):
    """A sensitive action: who, what, on what, from where. ``detail`` never holds a secret."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(ACTION_LENGTH))
    target: Mapped[str] = mapped_column(String(TARGET_LENGTH), default="")
    ip: Mapped[str] = mapped_column(String(IP_LENGTH), default="")
    at: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Notice(Base):
    """An in-app message to a user (e.g. a job ended), shown with a badge until read."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(LINK_LENGTH), default="")
    created_at: Mapped[float] = mapped_column(Float)
    read_at: Mapped[float | None] = mapped_column(Float, nullable=True)
