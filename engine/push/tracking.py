"""Waiting for WB's asynchronous card creation with as few calls as possible.

One ascending cursor over the card list, kept in the job, so each look fetches only cards created or
changed since the last one (a card whose photos landed comes round again and confirms them). The
error list is read with its own cursor, at most every ``Timing.errors``, and only while cards are
unaccounted for. Before a card is given up, one sweep from the job's start catches anything the
cursor might have stepped over.
"""

from __future__ import annotations

import json

from engine.push.context import PushContext
from engine.push.linking import apply_errors, apply_listed, lookup_existing
from engine.push.states import CardStatus, StepState
from engine.ratelimit import WB_ERROR_LIST
from engine.wb.card_models import CardsCursor, ErrorBatch, ErrorPage
from engine.wb.cards import ERRORS_PAGE

IN_FLIGHT = (CardStatus.SENDING, CardStatus.ACCEPTED, CardStatus.UPDATING)
MAX_ERROR_PAGES = 1000
NEVER_CREATED = "WB принял карточку, но за {minutes} мин не создал её и не сообщил об ошибке"


def poll_cards(ctx: PushContext) -> int:
    """Cards listed since the kept cursor; returns how many cards of the job moved forward."""
    job = ctx.job
    cursor = CardsCursor.model_validate({"updatedAt": job.list_at or job.since, "nmID": job.list_nm})
    moved = 0
    for page in ctx.reader.iter_card_pages(ascending=True, after=cursor):
        for listed in page.cards:
            moved += apply_listed(ctx, listed)
        if page.cards:
            job.list_at = page.cursor.updated_at or job.list_at
            job.list_nm = page.cursor.nm_id or 0
    ctx.save()
    return moved


def waiting_for_cards(ctx: PushContext) -> bool:
    return any(c.status in IN_FLIGHT for c in ctx.cards)


def waiting_for_photos(ctx: PushContext) -> bool:
    return any(c.photo_state == StepState.SENT for c in ctx.cards)


def scan_errors(ctx: PushContext, *, force: bool = False) -> int:
    """New entries of the error list (its own cursor); only when some card is unaccounted for."""
    job = ctx.job
    now = ctx.now()
    sent = [c.sent_at or 0.0 for c in ctx.cards if c.status in IN_FLIGHT]
    if not sent:
        return 0
    # Only once a card has been waited for that long: cards that show up promptly cost no look at all.
    if not force and (now - job.errors_checked_at < ctx.timing.errors or now - min(sent) < ctx.timing.errors):
        return 0
    moved = apply_errors(ctx, _new_error_batches(ctx))
    job.errors_checked_at = now
    ctx.save()
    return moved


def give_up_late(ctx: PushContext) -> None:
    """Cards WB took in but never showed: one last sweep, then they fail with a Russian message."""
    now = ctx.now()
    limit = ctx.timing.creation
    late = [c for c in ctx.cards if c.status in IN_FLIGHT and c.sent_at is not None and now - c.sent_at > limit]
    if not late:
        return
    lookup_existing(ctx, full=False)
    scan_errors(ctx, force=True)
    minutes = max(1, round(limit * _speed_hint(ctx) / 60))
    for card in late:
        if card.status in IN_FLIGHT:
            card.status = CardStatus.FAILED
            card.message = NEVER_CREATED.format(minutes=minutes)
    ctx.save()


def _new_error_batches(ctx: PushContext) -> list[ErrorBatch]:
    """Error-list batches after the job's cursor (ascending), moving the cursor along."""
    job = ctx.job
    path = "/content/v2/cards/error/list"
    found: list[ErrorBatch] = []
    for _ in range(MAX_ERROR_PAGES):
        cursor: dict[str, object] = {"limit": ERRORS_PAGE, "updatedAt": job.errors_at or job.since}
        if job.errors_uuid:
            cursor["batchUUID"] = job.errors_uuid
        body = {"cursor": cursor, "order": {"ascending": True}}
        answer = ctx.reader.call("content", "POST", path, json=body, bucket=WB_ERROR_LIST, idempotent=True)
        page = ctx.reader.parse(ErrorPage, ctx.reader.unwrap(answer, "POST", path) or {}, "POST", path)
        found.extend(page.items)
        if page.items:
            job.errors_at = page.items[-1].updated_at or job.errors_at
            job.errors_uuid = page.items[-1].batch_uuid
        if not page.cursor.next or not page.items:
            break
    return found


def photo_count(card_photos: str) -> int:
    return len(json.loads(card_photos))


def _speed_hint(ctx: PushContext) -> float:
    return float(getattr(ctx.reader, "speed", 1.0))
