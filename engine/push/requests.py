"""The requests that create a push's cards: one ``cards/upload`` element per new group, ``upload/add`` for
cards joining a group already on WB, packed within WB's limits and built one at a time as they are sent.

:class:`engine.push.cards.CardSender` sends them and acts on WB's answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine.push.context import PushContext
from engine.push.payloads import MAX_GROUPS_PER_UPLOAD, batches, body_bytes, with_barcodes
from engine.push.states import CardStatus
from engine.store.push_models import PushCard
from engine.wb.upload import MAX_ADDED

TO_CREATE = (CardStatus.PENDING, CardStatus.SENDING)
ON_WB = (CardStatus.EXISTING, CardStatus.UNCHANGED, CardStatus.UPDATING, CardStatus.UPDATED, CardStatus.CREATED)


def full_variant(ctx: PushContext, card: PushCard) -> dict[str, Any]:
    rows = ctx.card_rows(card)
    return with_barcodes(ctx.variant(card), [[b for b in r.barcodes.split(";") if b] for r in rows])


@dataclass
class Unit:
    """What one ``cards/upload`` element (or one ``upload/add`` request) carries."""

    cards: list[PushCard]
    payload: dict[str, Any]
    imt_id: int | None = None  # set: the cards join this existing group through upload/add

    @property
    def size(self) -> int:
        return body_bytes(self.payload)


def _classify(ctx: PushContext) -> tuple[list[list[PushCard]], list[tuple[int, list[PushCard]]]]:
    """Cards still to create, per upload element: new groups, and cards joining a group already on WB."""
    grouped: dict[int, list[PushCard]] = defaultdict(list)
    for card in ctx.cards:
        grouped[card.unit].append(card)
    fresh: list[list[PushCard]] = []
    adds: list[tuple[int, list[PushCard]]] = []
    for members in grouped.values():
        if not any(c.status in TO_CREATE for c in members):
            continue
        # Only a mate WB still shows (or the sheet vouches for, on an only-failed run) gives a group to join:
        # a rejected, failed or skipped card's imtID may name a group that no longer exists.
        imt = next((c.imt_id for c in members if c.imt_id and c.status in ON_WB), None)
        if imt is not None:
            adds.append((imt, members))
        else:
            fresh.append(members)
    return fresh, adds


def _fresh_units(ctx: PushContext, groups: list[list[PushCard]]) -> Iterator[Unit]:
    for members in groups:
        todo = [c for c in members if c.status in TO_CREATE]  # looked at late: a listing may have found one
        if todo:
            yield Unit(todo, {"subjectID": todo[0].subject_id, "variants": [full_variant(ctx, c) for c in todo]})


def plan_requests(ctx: PushContext) -> Iterator[list[Unit]]:
    """Every request that creates the cards still to create, built one at a time as they are sent."""
    fresh, adds = _classify(ctx)
    yield from batches(_fresh_units(ctx, fresh), max_items=MAX_GROUPS_PER_UPLOAD, size_of=lambda u: u.size)
    for imt, members in adds:
        todo = [c for c in members if c.status in TO_CREATE]
        variants = [full_variant(ctx, c) for c in todo]
        for start in range(0, len(todo), MAX_ADDED):
            part = todo[start:start + MAX_ADDED]
            yield [Unit(part, {"imtID": imt, "cardsToAdd": variants[start:start + MAX_ADDED]}, imt)]
