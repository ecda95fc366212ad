"""Where every row ends: its final state, the cells the results show, and counts per state and step."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.push.states import (
    CARD_STEP_LABELS,
    LIVE_CARDS,
    ROW_LABELS,
    STEP_LABELS,
    CardStatus,
    RowStatus,
    StepState,
)
from engine.store.push_models import PushCard, PushJob, PushPayload, PushRow

CARD_TO_ROW = {
    CardStatus.CREATED: RowStatus.CREATED,
    CardStatus.UPDATED: RowStatus.UPDATED,
    CardStatus.UNCHANGED: RowStatus.SKIPPED,
    CardStatus.REJECTED: RowStatus.REJECTED,
    CardStatus.FAILED: RowStatus.FAILED,
    CardStatus.SKIPPED: RowStatus.SKIPPED,
    CardStatus.PLANNED: RowStatus.PLANNED,
}
UNFINISHED_STEP = "не выполнен: карточки нет на WB"
NO_CHRT = "WB не сообщил chrtID размера — остатки не переданы"


def close_steps(card: PushCard, rows: list[PushRow]) -> None:
    """Steps that can no longer happen end too: a card that is not on WB has no photos, price or stocks."""
    live = card.status in LIVE_CARDS or card.status == CardStatus.PLANNED
    open_states = (StepState.PENDING, StepState.SENT, StepState.FILES)
    if not live:
        if card.photo_state in open_states:
            card.photo_state, card.photo_message = StepState.NONE, ""
        if card.price_state in open_states:
            card.price_state, card.price_message = StepState.NONE, ""
    for row in rows:
        if row.stock_state == StepState.PENDING and (not live or row.chrt_id is None):
            row.stock_state = StepState.NONE if not live else StepState.FAILED
            row.stock_message = "" if not live else NO_CHRT


def finish_rows(card: PushCard, rows: list[PushRow]) -> None:
    status = CARD_TO_ROW.get(CardStatus(card.status), RowStatus.FAILED)
    for row in rows:
        if row.status:
            continue  # decided when the job was made (issues, already on WB)
        row.status = status
        row.message = card.message


@dataclass(frozen=True)
class RowResult:
    """The result cells of one sheet row."""

    sheet: str
    row: int
    status: str  # RowStatus value
    nm_id: int | None
    imt_id: int | None
    chrt_id: int | None
    barcodes: str
    barcodes_generated: bool
    message: str
    step_card: str
    step_photos: str
    step_price: str
    step_stock: str

    @property
    def label(self) -> str:
        return ROW_LABELS.get(self.status, self.status)


def row_results(session: Session, job_id: int) -> list[RowResult]:
    cards = {c.id: c for c in session.scalars(select(PushCard).where(PushCard.job_id == job_id))}
    found: list[RowResult] = []
    for row in session.scalars(select(PushRow).where(PushRow.job_id == job_id).order_by(PushRow.id)):
        card = cards.get(row.card_id or -1)
        messages = [row.message] if row.message else []
        if card is not None:
            messages += [m for m in (card.photo_message, card.price_message) if m]
        if row.stock_message:
            messages.append(row.stock_message)
        found.append(RowResult(
            sheet=row.sheet, row=row.row, status=row.status or RowStatus.FAILED,
            nm_id=card.nm_id if card is not None and card.nm_id and card.nm_id > 0 else None,
            imt_id=card.imt_id if card is not None and card.imt_id and card.imt_id > 0 else None,
            chrt_id=row.chrt_id, barcodes=row.barcodes, barcodes_generated=row.barcodes_generated,
            message=" | ".join(dict.fromkeys(messages)),
            step_card=CARD_STEP_LABELS.get(card.status, "") if card is not None else CARD_STEP_LABELS["skipped"],
            step_photos=STEP_LABELS.get(card.photo_state, "") if card is not None else "",
            step_price=STEP_LABELS.get(card.price_state, "") if card is not None else "",
            step_stock=STEP_LABELS.get(row.stock_state, ""),
        ))
    return found


@dataclass
class JobProgress:
    """Counts for a progress display: cards per state, and each step's states."""

    status: str
    step: str
    message: str
    cards: Counter[str] = field(default_factory=Counter)
    photos: Counter[str] = field(default_factory=Counter)
    prices: Counter[str] = field(default_factory=Counter)
    stocks: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def to_dict(self) -> dict[str, object]:
        return {"status": self.status, "step": self.step, "message": self.message, "cards": dict(self.cards),
                "photos": dict(self.photos), "prices": dict(self.prices), "stocks": dict(self.stocks),
                "rows": dict(self.rows)}


def job_progress(session: Session, job_id: int) -> JobProgress:
    job = session.get(PushJob, job_id)
    if job is None:
        return JobProgress("missing", "", "")
    progress = JobProgress(job.status, job.step, job.message)
    card_counts = session.execute(
        select(PushCard.status, PushCard.photo_state, PushCard.price_state, func.count())
        .where(PushCard.job_id == job_id).group_by(PushCard.status, PushCard.photo_state, PushCard.price_state))
    for status, photo, price, count in card_counts:
        progress.cards[status] += count
        progress.photos[photo] += count
        progress.prices[price] += count
    row_counts = session.execute(select(PushRow.status, PushRow.stock_state, func.count())
                                 .where(PushRow.job_id == job_id).group_by(PushRow.status, PushRow.stock_state))
    for status, stock, count in row_counts:
        progress.rows[status or "running"] += count
        progress.stocks[stock] += count
    return progress


def recorded_payloads(session: Session, job_id: int) -> list[dict[str, object]]:
    """What a dry run would have sent, in order: ``{"method", "path", "body"}`` each."""
    return [{"method": p.method, "path": p.path, "body": json.loads(p.body)}
            for p in session.scalars(select(PushPayload).where(PushPayload.job_id == job_id).order_by(PushPayload.id))]
