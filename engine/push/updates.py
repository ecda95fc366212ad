"""Cards already on WB (a re-push): each is overwritten with the sheet's values through ``cards/update``.

Every field goes again and each known size keeps its chrtID, so WB never makes a second card or size.
A request WB refuses whole is split in halves down to the card at fault, which gets WB's words.
"""

from __future__ import annotations

from engine.errors import BadRequestError
from engine.push.cards import full_variant, refusal_text
from engine.push.context import PushContext
from engine.push.payloads import MAX_UPDATE_CARDS, batches, body_bytes, card_update
from engine.push.states import CardStatus
from engine.store.push_models import PushCard
from engine.wb.card_models import CardUpdate
from engine.wb.models import dump


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
