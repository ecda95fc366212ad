"""Confirmed category choices: the WB subject each seller settled on per Ozon type.

Revision ID: 0001
Revises:
Create Date: 2026-06-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "confirmed_category_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller", sa.String(length=64), nullable=False),
        sa.Column("description_category_id", sa.BigInteger(), nullable=False),
        sa.Column("type_id", sa.BigInteger(), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_confirmed_category_choices"),
        sa.UniqueConstraint(
            "seller", "description_category_id", "type_id", name="uq_confirmed_category_choices_seller_type"
        ),
    )


def downgrade() -> None:
    op.drop_table("confirmed_category_choices")
