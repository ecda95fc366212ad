"""Tables of the push (workbook → WB cards): one job, its cards, its sheet rows, and dry-run payloads.

Every step of a push is checkpointed here per card or per row before and after it talks to WB, so
a worker killed at any moment resumes where it stopped. Times are epoch seconds (floats): they are
only compared with each other, and SQLite has no time zones.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import SELLER_KEY_LENGTH, Base

STATE_LENGTH = 16
VENDOR_CODE_LENGTH = 80  # WB allows 72; a longer one is kept whole to be refused with WB's own words
SHEET_LENGTH = 64


class PushJob(Base):
    """One seller's validated workbook pushed to one WB account."""

    __tablename__ = "push_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller: Mapped[str] = mapped_column(String(SELLER_KEY_LENGTH))  # fingerprint of the WB account
    status: Mapped[str] = mapped_column(String(STATE_LENGTH))
    step: Mapped[str] = mapped_column(String(STATE_LENGTH), default="")
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    only_failed: Mapped[bool] = mapped_column(Boolean, default=False)
    source_name: Mapped[str] = mapped_column(String(255), default="")
    # A sandbox job names its sandbox (public demo credentials); a real one uses the worker's token.
    sandbox_url: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sandbox_seller: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    finished_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    slices: Mapped[int] = mapped_column(Integer, default=0)
    failed_slices: Mapped[int] = mapped_column(Integer, default=0)  # in a row; reset by a good slice
    # WB-time lower bound of everything this job created (RFC 3339), and the listing/error-list cursors.
    since: Mapped[str] = mapped_column(String(40), default="")
    list_at: Mapped[str] = mapped_column(String(40), default="")
    list_nm: Mapped[int] = mapped_column(BigInteger, default=0)
    errors_at: Mapped[str] = mapped_column(String(40), default="")
    errors_uuid: Mapped[str] = mapped_column(String(40), default="")
    errors_checked_at: Mapped[float] = mapped_column(Float, default=0.0)
    looked_up: Mapped[bool] = mapped_column(Boolean, default=False)  # the seller's existing cards were listed
    rq_job_id: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    # A web push names its WB connection; the worker decrypts that connection's token itself.
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"),
                                                      nullable=True)


class PushCard(Base):
    """One WB card (a vendor code with its sizes) of a job, and where each of its steps stands."""

    __tablename__ = "push_cards"
    __table_args__ = (
        UniqueConstraint("job_id", "vendor_code", name="uq_push_cards_job_vendor_code"),
        Index("ix_push_cards_job_status", "job_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("push_jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # sheet order
    unit: Mapped[int] = mapped_column(Integer)  # the cards/upload element it belongs to (merged group)
    vendor_code: Mapped[str] = mapped_column(String(VENDOR_CODE_LENGTH))
    sheet: Mapped[str] = mapped_column(String(SHEET_LENGTH))
    subject_id: Mapped[int] = mapped_column(BigInteger)
    variant: Mapped[str] = mapped_column(Text)  # the cards/upload variant as JSON, without generated barcodes
    photos: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of URLs
    price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    discount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(STATE_LENGTH))
    nm_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    imt_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")  # WB's own words, verbatim
    sent_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    seen_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # first listed as created
    photo_state: Mapped[str] = mapped_column(String(STATE_LENGTH), default="none")
    photo_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    photo_message: Mapped[str] = mapped_column(Text, default="")
    price_state: Mapped[str] = mapped_column(String(STATE_LENGTH), default="none")
    price_task: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    price_tries: Mapped[int] = mapped_column(Integer, default=0)
    price_after: Mapped[float] = mapped_column(Float, default=0.0)
    price_message: Mapped[str] = mapped_column(Text, default="")


class PushRow(Base):
    """One sheet row (one WB size) of a job: its barcodes, its chrtID, its stocks and its final state."""

    __tablename__ = "push_rows"
    __table_args__ = (Index("ix_push_rows_job_card", "job_id", "card_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("push_jobs.id", ondelete="CASCADE"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("push_cards.id", ondelete="CASCADE"), nullable=True)
    sheet: Mapped[str] = mapped_column(String(SHEET_LENGTH))
    row: Mapped[int] = mapped_column(Integer)
    size_index: Mapped[int] = mapped_column(Integer, default=0)  # position among its card's sizes
    tech_size: Mapped[str] = mapped_column(String(64), default="")
    barcodes: Mapped[str] = mapped_column(Text, default="")  # ";"-joined, generated ones included
    barcodes_generated: Mapped[bool] = mapped_column(Boolean, default=False)
    chrt_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    stocks: Mapped[str] = mapped_column(Text, default="{}")  # JSON {warehouse id: amount}
    stock_state: Mapped[str] = mapped_column(String(STATE_LENGTH), default="none")
    stock_message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(STATE_LENGTH), default="")  # final state, "" while running
    message: Mapped[str] = mapped_column(Text, default="")


class PushPayload(Base):
    """A write a dry run would have sent to WB, exactly as it would have gone out."""

    __tablename__ = "push_payloads"
    __table_args__ = (Index("ix_push_payloads_job", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("push_jobs.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
