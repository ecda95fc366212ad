"""Tables, as typed SQLAlchemy 2 declarative models.

Every schema change goes through an Alembic revision in ``engine/store/migrations/versions``;
the models here describe the head revision, and a test checks the two agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names: Alembic can only alter or drop a constraint it can name, and
# PostgreSQL and SQLite would otherwise invent different ones.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SELLER_KEY_LENGTH = 64


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ConfirmedChoice(Base):
    """The WB subject a seller settled on for one Ozon type; the matcher puts it first next time."""

    __tablename__ = "confirmed_category_choices"
    __table_args__ = (
        UniqueConstraint(
            "seller", "description_category_id", "type_id", name="uq_confirmed_category_choices_seller_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who chose: for now a fingerprint of the Ozon Client-Id (never the id itself), later an account.
    seller: Mapped[str] = mapped_column(String(SELLER_KEY_LENGTH))
    description_category_id: Mapped[int] = mapped_column(BigInteger)
    type_id: Mapped[int] = mapped_column(BigInteger)
    subject_id: Mapped[int] = mapped_column(BigInteger)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
