"""Push jobs: a job per pushed workbook, its cards and rows with per-step checkpoints, dry-run payloads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "push_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("only_failed", sa.Boolean(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("sandbox_url", sa.String(length=255), nullable=True),
        sa.Column("sandbox_seller", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=True),
        sa.Column("finished_at", sa.Float(), nullable=True),
        sa.Column("slices", sa.Integer(), nullable=False),
        sa.Column("failed_slices", sa.Integer(), nullable=False),
        sa.Column("since", sa.String(length=40), nullable=False),
        sa.Column("list_at", sa.String(length=40), nullable=False),
        sa.Column("list_nm", sa.BigInteger(), nullable=False),
        sa.Column("errors_at", sa.String(length=40), nullable=False),
        sa.Column("errors_uuid", sa.String(length=40), nullable=False),
        sa.Column("errors_checked_at", sa.Float(), nullable=False),
        sa.Column("looked_up", sa.Boolean(), nullable=False),
        sa.Column("rq_job_id", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_push_jobs"),
    )
    op.create_table(
        "push_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("vendor_code", sa.String(length=80), nullable=False),
        sa.Column("sheet", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("variant", sa.Text(), nullable=False),
        sa.Column("photos", sa.Text(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=True),
        sa.Column("discount", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("nm_id", sa.BigInteger(), nullable=True),
        sa.Column("imt_id", sa.BigInteger(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=True),
        sa.Column("seen_at", sa.Float(), nullable=True),
        sa.Column("photo_state", sa.String(length=16), nullable=False),
        sa.Column("photo_at", sa.Float(), nullable=True),
        sa.Column("photo_message", sa.Text(), nullable=False),
        sa.Column("price_state", sa.String(length=16), nullable=False),
        sa.Column("price_task", sa.BigInteger(), nullable=True),
        sa.Column("price_tries", sa.Integer(), nullable=False),
        sa.Column("price_after", sa.Float(), nullable=False),
        sa.Column("price_message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["push_jobs.id"], name="fk_push_cards_job_id_push_jobs",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_push_cards"),
        sa.UniqueConstraint("job_id", "vendor_code", name="uq_push_cards_job_vendor_code"),
    )
    op.create_index("ix_push_cards_job_status", "push_cards", ["job_id", "status"])
    op.create_table(
        "push_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("sheet", sa.String(length=64), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("size_index", sa.Integer(), nullable=False),
        sa.Column("tech_size", sa.String(length=64), nullable=False),
        sa.Column("barcodes", sa.Text(), nullable=False),
        sa.Column("barcodes_generated", sa.Boolean(), nullable=False),
        sa.Column("chrt_id", sa.BigInteger(), nullable=True),
        sa.Column("stocks", sa.Text(), nullable=False),
        sa.Column("stock_state", sa.String(length=16), nullable=False),
        sa.Column("stock_message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["push_cards.id"], name="fk_push_rows_card_id_push_cards",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["push_jobs.id"], name="fk_push_rows_job_id_push_jobs",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_push_rows"),
    )
    op.create_index("ix_push_rows_job_card", "push_rows", ["job_id", "card_id"])
    op.create_table(
        "push_payloads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["push_jobs.id"], name="fk_push_payloads_job_id_push_jobs",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_push_payloads"),
    )
    op.create_index("ix_push_payloads_job", "push_payloads", ["job_id"])


def downgrade() -> None:
    op.drop_index("ix_push_payloads_job", table_name="push_payloads")
    op.drop_table("push_payloads")
    op.drop_index("ix_push_rows_job_card", table_name="push_rows")
    op.drop_table("push_rows")
    op.drop_index("ix_push_cards_job_status", table_name="push_cards")
    op.drop_table("push_cards")
    op.drop_table("push_jobs")
