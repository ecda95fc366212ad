"""Barcodes for sizes without one, then the cards themselves: new ones uploaded, existing ones updated.

Every card is marked ``sending`` (committed) before its request leaves; a resumed job therefore
knows which cards may already be on their way and looks at WB before sending them again. A whole
request WB refuses with a 400 is split in halves until the card(s) at fault are found; they get
WB's ``errorText``/``additionalErrors`` verbatim and every other card goes through.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from engine.errors import BadRequestError
from engine.push.context import PushContext
from engine.push.linking import lookup_existing
from engine.push.payloads import (
    MAX_BARCODES_PER_CALL,
    MAX_GROUPS_PER_UPLOAD,
    MAX_UPDATE_CARDS,
    batches,
    body_bytes,
    card_update,
    with_barcodes,
)
from engine.push.states import CardStatus
from engine.store.push_models import PushCard
from engine.wb.card_models import CardDraft, CardGroup, CardUpdate, UploadOutcome
from engine.wb.models import dump
from engine.wb.upload import MAX_ADDED, is_vendor_code_conflict

TO_CREATE = (CardStatus.PENDING, CardStatus.SENDING)


def assign_barcodes(ctx: PushContext) -> int:
    """Ask WB for a barcode per size that has none; stored before any card uses them, so never asked twice."""
    needy = [row for card in ctx.cards if card.status in (*TO_CREATE, CardStatus.EXISTING)
             for row in ctx.card_rows(card) if not row.barcodes and row.chrt_id is None]
    for start in range(0, len(needy), MAX_BARCODES_PER_CALL):
        chunk = needy[start:start + MAX_BARCODES_PER_CALL]
        codes = ctx.writer.generate_barcodes(len(chunk))
        for row, code in zip(chunk, codes, strict=False):
            row.barcodes = code
            row.barcodes_generated = True
        ctx.save()
    if needy:
        ctx.say(f"штрихкоды: выдано {len(needy)}")
    return len(needy)


def full_variant(ctx: PushContext, card: PushCard) -> dict[str, Any]:
    rows = ctx.card_rows(card)
    return with_barcodes(ctx.variant(card), [[b for b in r.barcodes.split(";") if b] for r in rows])


@dataclass
class _Unit:
    """What one ``cards/upload`` element (or one ``upload/add`` request) carries."""

    cards: list[PushCard]
    payload: dict[str, Any]
    imt_id: int | None = None  # set: the cards join this existing group through upload/add

    @property
    def size(self) -> int:
        return body_bytes(self.payload)


def _units(ctx: PushContext) -> list[_Unit]:
    grouped: dict[int, list[PushCard]] = defaultdict(list)
    for card in ctx.cards:
        grouped[card.unit].append(card)
    found: list[_Unit] = []
    for members in grouped.values():
        todo = [c for c in members if c.status in TO_CREATE]
        if not todo:
            continue
        variants = [full_variant(ctx, c) for c in todo]
        imt = next((c.imt_id for c in members if c.imt_id and c.status not in TO_CREATE), None)
        if imt is not None:
            for start in range(0, len(todo), MAX_ADDED):
                part = todo[start:start + MAX_ADDED]
                found.append(_Unit(part, {"imtID": imt, "cardsToAdd": variants[start:start + MAX_ADDED]}, imt))
        else:
            found.append(_Unit(todo, {"subjectID": todo[0].subject_id, "variants": variants}))
    return found


def upload_new(ctx: PushContext) -> None:
    """Send every card still to create, ≤ 100 elements and ≤ 10 MB per request."""
    units = _units(ctx)
    adds = [u for u in units if u.imt_id is not None]
    fresh = [u for u in units if u.imt_id is None]
    for batch in batches(fresh, max_items=MAX_GROUPS_PER_UPLOAD, size_of=lambda u: u.size):
        _send(ctx, batch)
        if ctx.out_of_time():
            return
    for unit in adds:
        _send(ctx, [unit])
    if units:
        ctx.say(f"карточки: отправлено {sum(len(u.cards) for u in units)}")


def _send(ctx: PushContext, units: list[_Unit]) -> None:
    cards = [c for u in units for c in u.cards]
    now = ctx.now()
    for card in cards:
        card.status = CardStatus.SENDING
        card.sent_at = now
    ctx.save()
    try:
        if units[0].imt_id is not None:
            drafts = [CardDraft.model_validate(v) for v in units[0].payload["cardsToAdd"]]
            outcome = ctx.writer.upload_add(units[0].imt_id, drafts)
        else:
            outcome = ctx.writer.upload_cards([CardGroup.model_validate(u.payload) for u in units])
    except BadRequestError as error:
        _refused(ctx, units, error)
        return
    _accepted(ctx, cards, outcome)


def _accepted(ctx: PushContext, cards: list[PushCard], outcome: UploadOutcome) -> None:
    taken = set(outcome.accepted)
    for card in cards:
        if card.vendor_code in outcome.rejected:
            card.status = CardStatus.REJECTED
            card.message = "; ".join(outcome.rejected[card.vendor_code])
        elif card.vendor_code in taken and card.status == CardStatus.SENDING:
            card.status = CardStatus.PLANNED if ctx.dry else CardStatus.ACCEPTED
    ctx.save()


def _refused(ctx: PushContext, units: list[_Unit], error: BadRequestError) -> None:
    conflict = is_vendor_code_conflict(error)
    if conflict and not ctx.job.looked_up:
        # Some of these vendor codes are on WB already (an earlier push): find them all in one listing
        # rather than bisecting a whole catalog down to single cards.
        for unit in units:
            for card in unit.cards:
                card.status = CardStatus.PENDING if card.id not in ctx.resumed else CardStatus.SENDING
        lookup_existing(ctx, full=True)
        left = [u for u in units if all(c.status in TO_CREATE for c in u.cards)]
        for unit in units:
            if unit not in left:
                for card in unit.cards:
                    if card.status in TO_CREATE:
                        card.status = CardStatus.PENDING  # its group changed: next slice regroups it
        ctx.save()
        if left:
            _split(ctx, left)
        return
    named = _named_codes(error, units)
    if named and not conflict:
        # WB named the cards at fault (additionalErrors keyed by vendor code): only their groups are refused.
        bad = [u for u in units if any(c.vendor_code in named for c in u.cards)]
        _reject(ctx, bad, error)
        rest = [u for u in units if u not in bad]
        if rest:
            _send(ctx, rest)
        return
    if len(units) > 1:
        _split(ctx, units)
        return
    unit = units[0]
    if conflict and all(c.id in ctx.resumed for c in unit.cards):
        # Our own unanswered attempt from before the restart did reach WB; it is still being created.
        for card in unit.cards:
            card.status = CardStatus.ACCEPTED
        ctx.save()
        return
    _reject(ctx, [unit], error)


def _reject(ctx: PushContext, units: list[_Unit], error: BadRequestError) -> None:
    for unit in units:
        for card in unit.cards:
            card.status = CardStatus.REJECTED
            card.message = refusal_text(error, card.vendor_code)
    ctx.save()


def _named_codes(error: BadRequestError, units: list[_Unit]) -> set[str]:
    extra = error.additional_errors
    if not isinstance(extra, dict):
        return set()
    codes = {c.vendor_code for u in units for c in u.cards}
    return {str(k) for k in extra} & codes


def _split(ctx: PushContext, units: list[_Unit]) -> None:
    if len(units) == 1:
        _send(ctx, units)
        return
    middle = len(units) // 2
    _send(ctx, units[:middle])
    _send(ctx, units[middle:])


def refusal_text(error: BadRequestError, vendor_code: str) -> str:
    """WB's ``errorText`` and what ``additionalErrors`` says about this card (or all of it), verbatim."""
    extra = error.additional_errors
    if isinstance(extra, dict) and vendor_code in extra:
        detail: Any = extra[vendor_code]
    else:
        detail = extra
    if detail in (None, "", {}, []):
        return error.message
    shown = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    return f"{error.message}: {shown}"


def update_existing(ctx: PushContext) -> None:
    """Overwrite cards already on WB with the sheet's values (every field, sizes with their chrtIDs)."""
    todo = [c for c in ctx.cards if c.status == CardStatus.EXISTING and c.nm_id is not None]
    updates = [(c, _update_of(ctx, c)) for c in todo]
    for batch in batches(updates, max_items=MAX_UPDATE_CARDS, size_of=lambda pair: body_bytes(dump(pair[1]))):
        _send_updates(ctx, batch)
    if todo:
        ctx.say(f"карточки: обновлено {len(todo)}")


def _update_of(ctx: PushContext, card: PushCard) -> CardUpdate:
    return card_update(full_variant(ctx, card), card.nm_id or 0, [r.chrt_id for r in ctx.card_rows(card)])


def _send_updates(ctx: PushContext, batch: list[tuple[PushCard, CardUpdate]]) -> None:
    now = ctx.now()
    for card, _ in batch:
        card.status = CardStatus.UPDATING
        card.sent_at = now
    ctx.save()
    try:
        ctx.writer.update_cards([u for _, u in batch])
    except BadRequestError as error:
        if len(batch) > 1:
            middle = len(batch) // 2
            _send_updates(ctx, batch[:middle])
            _send_updates(ctx, batch[middle:])
            return
        card = batch[0][0]
        card.status = CardStatus.REJECTED
        card.message = refusal_text(error, card.vendor_code)
    if ctx.dry:
        for card, _ in batch:
            if card.status == CardStatus.UPDATING:
                card.status = CardStatus.PLANNED
    ctx.save()
