"""Tables of the web service's work: marketplace connections, imported workbooks, background jobs.

Every row has an owner (a user); services filter by it, so another owner's id reads as missing.
Times are epoch seconds (floats), as in the push tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base

KIND_LENGTH = 16
STATE_LENGTH = 16
NAME_LENGTH = 120
URL_LENGTH = 500
PATH_LENGTH = 500


class Connection(Base):
    """One marketplace account of a seller: an Ozon Client-Id + Api-Key, or a WB token (encrypted)."""

    __tablename__ = "connections"
    __table_args__ = (Index("ix_connections_owner", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))  # 'ozon' | 'wb'
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    client_id: Mapped[str] = mapped_column(String(64), default="")  # Ozon Client-Id; not secret, shown masked
    secret: Mapped[str] = mapped_column(Text)  # Fernet token of the Api-Key / WB token
    secret_hint: Mapped[str] = mapped_column(String(16), default="")  # last characters, e.g. "…a1b2"
    key_id: Mapped[str] = mapped_column(String(16))  # which keyring key encrypted ``secret``
    state: Mapped[str] = mapped_column(String(STATE_LENGTH), default="unchecked")
    state_detail: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    sandbox_url: Mapped[str | None] = mapped_column(String(URL_LENGTH), nullable=True)  # the demo pair
    created_at: Mapped[float] = mapped_column(Float)


class ImportRecord(Base):
    """A workbook a seller uploaded (or a Google Sheet they named) and its validation report."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_owner", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source_name: Mapped[str] = mapped_column(String(255))
    source_kind: Mapped[str] = mapped_column(String(KIND_LENGTH))  # 'xlsx' | 'gsheet'
    stored_path: Mapped[str] = mapped_column(String(PATH_LENGTH), default="")
    sheet_url: Mapped[str] = mapped_column(String(URL_LENGTH), default="")
    report_path: Mapped[str] = mapped_column(String(PATH_LENGTH), default="")  # issues list as JSON
    summary: Mapped[str] = mapped_column(Text, default="{}")  # counts as JSON
    created_at: Mapped[float] = mapped_column(Float)


class WebJob(Base):
    """A background job the web started: an export from Ozon or a push to WB."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))  # 'export' | 'push'
    status: Mapped[str] = mapped_column(String(STATE_LENGTH), default="queued")
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"),
                                                      nullable=True)
    # An export reads WB's reference data with this WB connection's token (the demo pair needs none).
    wb_connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"),
                                                         nullable=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"), nullable=True)
    push_job_id: Mapped[int | None] = mapped_column(ForeignKey("push_jobs.id", ondelete="SET NULL"),
                                                    nullable=True)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    progress: Mapped[str] = mapped_column(Text, default="{}")  # export stages as JSON
    message: Mapped[str] = mapped_column(Text, default="")
    result_path: Mapped[str] = mapped_column(String(PATH_LENGTH), default="")
    result_sheet_url: Mapped[str] = mapped_column(String(URL_LENGTH), default="")
    # A push's failed rows alone, ready to fix and upload again; how many, for the download button.
    to_fix_path: Mapped[str] = mapped_column(String(PATH_LENGTH), default="", server_default="")
    to_fix_rows: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[float] = mapped_column(Float)
    started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    finished_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    rq_job_id: Mapped[str] = mapped_column(String(64), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
