"""Tables of the web service's accounts: users (more account tables join this file as they are built).

Times are epoch seconds (floats), as in the push tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base

EMAIL_LENGTH = 254  # RFC 5321's longest forward path
ROLE_LENGTH = 16


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
    created_at: Mapped[float] = mapped_column(Float)
