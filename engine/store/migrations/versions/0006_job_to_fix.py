"""The "to fix" workbook of a web push: jobs.to_fix_path and jobs.to_fix_rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("to_fix_path", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("to_fix_rows", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("to_fix_rows")
        batch.drop_column("to_fix_path")
