"""Creating a push job from a validation report: one row per card and per sheet row, with their first states.

From here on the job lives in the database only; the workbook is needed again just for the results.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.issues import RowIssue
from engine.push.errors import JobNotFoundError
from engine.push.payloads import MAX_VARIANTS_PER_GROUP, variant_json
from engine.push.states import CardStatus, JobStatus, RowStatus, StepState
from engine.store.push_models import PushCard, PushJob, PushRow
from engine.validation import ValidatedCard, ValidatedRow, ValidationReport

ALREADY_ON_WB = "Карточка уже на WB (есть артикул WB), повтор только ошибок — не менялась"
DUPLICATE_CODE = "Артикул продавца «{code}» уже встречается выше в таблице — строка пропущена"
NO_SUBJECT = "Не выбран предмет WB — строка пропущена"


@dataclass(frozen=True)
class PushOptions:
    dry_run: bool = False
    only_failed: bool = False  # cards already on WB (nmID in the sheet) are left as they are
    source_name: str = ""
    sandbox_url: str | None = None
    sandbox_seller: str | None = None


def issue_text(issues: Iterable[RowIssue]) -> str:
    return "; ".join(dict.fromkeys(f"{i.column}: {i.message}" if i.column else i.message for i in issues))


def create_job(session: Session, report: ValidationReport, seller: str, options: PushOptions,
               *, now: float | None = None) -> int:
    """Store a job for every row of ``report``; rows with issues are recorded as skipped right away."""
    job = PushJob(seller=seller, status=JobStatus.QUEUED, step="", dry_run=options.dry_run,
                  only_failed=options.only_failed, source_name=options.source_name[:255],
                  sandbox_url=options.sandbox_url, sandbox_seller=options.sandbox_seller,
                  created_at=now if now is not None else time.time(), slices=0, failed_slices=0, since="",
                  list_at="", list_nm=0, errors_at="", errors_uuid="", errors_checked_at=0.0, looked_up=False,
                  rq_job_id="", message="")
    session.add(job)
    session.flush()
    carded: set[tuple[str, int]] = set()
    seen: set[str] = set()
    unit = 0
    position = 0
    for group in report.groups:
        for start in range(0, len(group.cards), MAX_VARIANTS_PER_GROUP):
            unit += 1
            for card in group.cards[start:start + MAX_VARIANTS_PER_GROUP]:
                position += 1
                carded.update((r.sheet, r.row) for r in card.sizes)
                _add_card(session, job, card, unit, position, seen, options)
    for row in report.rows:
        if (row.sheet, row.row) not in carded:
            message = issue_text(row.issues) or "Нет артикула продавца — строка пропущена"
            session.add(_row(job, None, row, 0, RowStatus.SKIPPED, message))
    session.flush()
    return job.id


def _add_card(session: Session, job: PushJob, card: ValidatedCard, unit: int, position: int, seen: set[str],
              options: PushOptions) -> None:
    status, message = CardStatus.PENDING, ""
    if card.vendor_code in seen:
        status, message = CardStatus.SKIPPED, DUPLICATE_CODE.format(code=card.vendor_code)
    elif not card.ok:
        status, message = CardStatus.SKIPPED, issue_text(card.issues)
    elif card.subject_id is None:
        status, message = CardStatus.SKIPPED, NO_SUBJECT
    elif card.nm_id is not None:
        status = CardStatus.UNCHANGED if options.only_failed else CardStatus.EXISTING
        message = ALREADY_ON_WB if options.only_failed else ""
    if status is CardStatus.SKIPPED and card.vendor_code in seen:
        # The first card with this code owns it in the job; this one only gets its rows recorded.
        for index, size in enumerate(card.sizes):
            session.add(_row(job, None, size, index, RowStatus.SKIPPED, message))
        return
    seen.add(card.vendor_code)
    priced = next((s for s in card.sizes if s.price is not None or s.discount is not None), None)
    active = status in (CardStatus.PENDING, CardStatus.EXISTING)
    entry = PushCard(
        job_id=job.id, position=position, unit=unit, vendor_code=card.vendor_code, sheet=card.sheet[:64],
        subject_id=card.subject_id or 0, variant=variant_json(card), photos=json.dumps(list(card.photos)),
        price=priced.price if priced else None, discount=priced.discount if priced else None, status=status,
        nm_id=card.nm_id, imt_id=card.imt_id, message=message,
        photo_state=StepState.PENDING if active and card.photos else StepState.NONE, photo_message="",
        price_state=StepState.PENDING if active and priced else StepState.NONE, price_tries=0, price_after=0.0,
        price_message="",
    )
    session.add(entry)
    session.flush()
    for index, size in enumerate(card.sizes):
        row_status = RowStatus.SKIPPED if status in (CardStatus.SKIPPED, CardStatus.UNCHANGED) else ""
        pushed = _row(job, entry.id, size, index, row_status, message if row_status else "")
        pushed.stock_state = StepState.PENDING if active and size.stocks else StepState.NONE
        session.add(pushed)


def _row(job: PushJob, card_id: int | None, row: ValidatedRow, index: int, status: str, message: str) -> PushRow:
    return PushRow(
        job_id=job.id, card_id=card_id, sheet=row.sheet[:64], row=row.row, size_index=index,
        tech_size=row.tech_size[:64], barcodes=";".join(row.barcodes), barcodes_generated=False,
        chrt_id=row.chrt_id, stocks=json.dumps({str(k): v for k, v in row.stocks.items()}),
        stock_state=StepState.NONE, stock_message="", status=status, message=message,
    )


def load_job(session: Session, job_id: int) -> PushJob:
    job = session.get(PushJob, job_id)
    if job is None:
        raise JobNotFoundError(f"push job {job_id} does not exist")
    return job


def job_cards(session: Session, job_id: int) -> list[PushCard]:
    return list(session.scalars(select(PushCard).where(PushCard.job_id == job_id).order_by(PushCard.position)))


def job_rows(session: Session, job_id: int) -> list[PushRow]:
    return list(session.scalars(select(PushRow).where(PushRow.job_id == job_id).order_by(PushRow.id)))
