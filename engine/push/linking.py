"""Joining what WB lists back to the job: cards by vendor code, sizes by barcode, errors verbatim.

Used by the lookup of cards that already exist (re-push, resume) and by the tracking of new ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from engine.push.context import PushContext
from engine.push.states import CardStatus, StepState
from engine.store.push_models import PushCard, PushRow
from engine.wb.card_models import Card, CardsCursor, ErrorBatch, parse_stamp

NOT_ON_WB = "Карточка с артикулом WB {nm} не найдена на WB (удалена или в корзине)"


def link_sizes(rows: list[PushRow], listed: Card) -> None:
    """Each row gets the chrtID of its size: by a shared barcode, else by size name, else by position."""
    free = list(listed.sizes)
    for row in rows:
        codes = {b for b in row.barcodes.split(";") if b}
        match = next((s for s in free if codes & set(s.skus)), None)
        if match is None:
            match = next((s for s in free if (s.tech_size or "") == row.tech_size and row.tech_size), None)
        if match is None and row.chrt_id is not None:
            match = next((s for s in free if s.chrt_id == row.chrt_id), None)
        if match is None and len(free) == 1 and len(rows) == 1:
            match = free[0]
        if match is not None:
            free.remove(match)
            row.chrt_id = match.chrt_id
            if not codes and match.skus:
                row.barcodes = ";".join(match.skus)


def link(ctx: PushContext, card: PushCard, listed: Card) -> None:
    card.nm_id = listed.nm_id
    card.imt_id = listed.imt_id
    link_sizes(ctx.card_rows(card), listed)


def is_ours(ctx: PushContext, listed: Card) -> bool:
    """Created by this job (not before it started)."""
    created = parse_stamp(listed.created_at)
    since = ctx.since_stamp()
    return created is None or since is None or created >= since


def apply_listed(ctx: PushContext, listed: Card) -> bool:
    """Take one listed card into account; True if it moved a card of the job forward."""
    card = ctx.by_code.get(listed.vendor_code)
    if card is None:
        return False
    now = ctx.now()
    if card.status in (CardStatus.SENDING, CardStatus.ACCEPTED):
        link(ctx, card, listed)
        card.status = CardStatus.CREATED if is_ours(ctx, listed) else CardStatus.EXISTING
        card.seen_at = now
        card.message = ""
        return True
    if card.status is CardStatus.PENDING or card.status == CardStatus.PENDING:
        # Already on WB under this vendor code (an earlier push): update it, never create a twin.
        link(ctx, card, listed)
        card.status = CardStatus.EXISTING
        _settle_existing(ctx, card, listed)
        return True
    if card.status == CardStatus.EXISTING and card.nm_id in (None, listed.nm_id):
        link(ctx, card, listed)
        _settle_existing(ctx, card, listed)
        return True
    if card.status == CardStatus.UPDATING and card.sent_at is not None:
        stamp = parse_stamp(listed.updated_at)
        if stamp is None or stamp.timestamp() >= card.sent_at - ctx.timing.skew:
            link(ctx, card, listed)
            card.status = CardStatus.UPDATED
            card.seen_at = card.seen_at or now
            return True
    if card.photo_state == StepState.SENT and len(listed.photos) >= len(json.loads(card.photos)):
        card.photo_state = StepState.DONE
        return True
    sent_off = ctx.linking.get(card.id)
    if sent_off is not None and listed.photos and len(listed.photos) >= len(json.loads(card.photos)):
        changed = parse_stamp(listed.updated_at)
        if changed is None or changed.timestamp() >= sent_off - ctx.timing.skew:
            ctx.photos_shown.add(card.id)
    return False


def _settle_existing(ctx: PushContext, card: PushCard, listed: Card) -> None:
    """An existing card: unchanged ones are left alone (their photos too, if WB has some)."""
    if same_content(ctx.variant(card), listed, ctx.card_rows(card)):
        card.status = CardStatus.UNCHANGED
        card.message = "На WB без изменений"
        card.seen_at = card.seen_at or ctx.now()
    if listed.photos and card.photo_state == StepState.PENDING:
        card.photo_state = StepState.NONE if card.status == CardStatus.UNCHANGED else card.photo_state


def same_content(variant: dict[str, Any], listed: Card, rows: list[PushRow]) -> bool:
    dims = variant.get("dimensions") or {}
    mine = {int(c["id"]): _norm_value(c["value"]) for c in variant.get("characteristics") or []}
    theirs = {c.id: _norm_value(c.value) for c in listed.characteristics if c.value not in (None, [], "")}
    return (
        (variant.get("title") or "") == listed.title
        and (variant.get("description") or "") == listed.description
        and (variant.get("brand") or "") == listed.brand
        and (dims.get("length"), dims.get("width"), dims.get("height"), dims.get("weightBrutto"))
        == (listed.dimensions.length, listed.dimensions.width, listed.dimensions.height,
            listed.dimensions.weight_brutto)
        and mine == theirs
        and all(r.chrt_id is not None for r in rows)
        and len(rows) == len(listed.sizes)
    )


def _norm_value(value: Any) -> object:
    if isinstance(value, list):
        return tuple(sorted(str(v).casefold() for v in value))
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def lookup_existing(ctx: PushContext, *, full: bool) -> int:
    """One ascending card listing (every card of the seller, or since this job began); returns cards moved."""
    after = None if full or not ctx.job.since else CardsCursor.model_validate({"updatedAt": ctx.job.since})
    moved = 0
    listed_nm: set[int] = set()
    for page in ctx.reader.iter_card_pages(ascending=True, after=after):
        for listed in page.cards:
            listed_nm.add(listed.nm_id)
            moved += apply_listed(ctx, listed)
    if full:
        ctx.job.looked_up = True
        for card in ctx.cards:
            if card.status == CardStatus.EXISTING and card.nm_id is not None and card.nm_id not in listed_nm:
                card.status = CardStatus.FAILED
                card.message = NOT_ON_WB.format(nm=card.nm_id)
    ctx.save()
    return moved


def apply_errors(ctx: PushContext, batches: Iterable[ErrorBatch]) -> int:
    """Cards WB accepted and then refused: WB's messages, verbatim, joined with "; "."""
    moved = 0
    waiting = (CardStatus.SENDING, CardStatus.ACCEPTED, CardStatus.UPDATING)
    for batch in batches:
        for code, messages in batch.errors.items():
            card = ctx.by_code.get(code)
            if card is None or card.status not in waiting:
                continue
            stamp = parse_stamp(batch.updated_at)
            if card.sent_at is not None and stamp is not None and stamp.timestamp() < card.sent_at - ctx.timing.skew:
                continue  # about an earlier attempt, not this one
            card.status = CardStatus.REJECTED
            card.message = "; ".join(messages)
            moved += 1
    return moved
