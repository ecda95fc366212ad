"""Prices (one whole-card price and discount per nmID) and stocks (per size, by chrtID, per warehouse).

Both are sent in full requests (1000 items) as soon as that many are ready, and the remainder only
once nothing more can become ready, so the number of writes stays at what the limits allow. WB
refuses the price of a card that has not synced yet (up to 30 min after creation): such items are
sent again later, a bounded number of times, with WB's words kept if they never go through.
"""

from __future__ import annotations

import math
from collections import defaultdict

from engine.errors import BadRequestError, ConflictError
from engine.push.context import PushContext
from engine.push.payloads import MAX_PRICES_PER_TASK, MAX_STOCKS_PER_CALL, chunked
from engine.push.states import LIVE_CARDS, CardStatus, StepState
from engine.push.tracking import waiting_for_cards
from engine.store.push_models import PushCard, PushRow
from engine.wb.models import PriceItem, StockAmount

ALREADY_SET = "already set"
PRICE_LATE = "WB не обработал задачу по ценам вовремя"
OK_STATUS = 2


def _live(card: PushCard) -> bool:
    return card.status in LIVE_CARDS or card.status == CardStatus.PLANNED


def send_prices(ctx: PushContext) -> int:
    now = ctx.now()
    settle = ctx.timing.price_settle
    ready = [c for c in ctx.cards if c.price_state == StepState.PENDING and _live(c) and now >= c.price_after
             and (ctx.dry or now - (c.seen_at or now) >= settle)]
    taken = {c.id for c in ready}
    # Cards yet to be created or to settle: a task with them in it later costs fewer calls.
    maybe_later = waiting_for_cards(ctx) or any(
        c.price_state == StepState.PENDING and c.id not in taken and (_live(c) or c.status == CardStatus.PENDING)
        for c in ctx.cards)
    tasks = 0
    for chunk in chunked(ready, MAX_PRICES_PER_TASK):
        if len(chunk) < MAX_PRICES_PER_TASK and maybe_later:
            break
        items = [PriceItem(nm_id=c.nm_id or 0, price=c.price, discount=c.discount) for c in chunk]
        try:
            ref = ctx.writer.upload_price_task(items)
        except BadRequestError as error:
            for card in chunk:
                done = ALREADY_SET in error.message
                card.price_state = StepState.DONE if done else StepState.FAILED
                card.price_message = "" if done else error.message
            ctx.save()
            continue
        for card in chunk:
            card.price_state = StepState.PLANNED if ctx.dry else StepState.SENT
            card.price_task = ref.id
            card.price_tries += 1
            card.price_after = now
        tasks += 1
        ctx.save()
    return tasks


def prices_due(ctx: PushContext) -> float:
    """When the next pending price becomes ready to send (infinity if none will by waiting alone)."""
    now = ctx.now()
    settle = ctx.timing.price_settle
    due = (max(c.price_after, (c.seen_at or now) + settle) for c in ctx.cards
           if c.price_state == StepState.PENDING and _live(c))
    return min((t for t in due if t > now), default=math.inf)


def check_prices(ctx: PushContext) -> int:
    """Results of sent price tasks: done, failed with WB's words, or to be sent again later."""
    sent: dict[int, list[PushCard]] = defaultdict(list)
    for card in ctx.cards:
        if card.price_state == StepState.SENT and card.price_task is not None:
            sent[card.price_task].append(card)
    now = ctx.now()
    settled = 0
    for task_id, cards in sent.items():
        task = ctx.reader.get_price_task(task_id)
        if task is None:
            if all(now - c.price_after > ctx.timing.price_timeout for c in cards):
                for card in cards:
                    card.price_state, card.price_message = StepState.FAILED, PRICE_LATE
            continue
        results = {g.nm_id: g for g in ctx.reader.iter_price_task_goods(task_id)}
        for card in cards:
            good = results.get(card.nm_id or 0)
            if good is None or good.status == OK_STATUS or not good.error_text:
                card.price_state, card.price_message = StepState.DONE, ""
            elif card.price_tries < ctx.timing.price_tries:
                card.price_state = StepState.PENDING
                card.price_after = now + ctx.timing.price_retry * 2 ** (card.price_tries - 1)
                card.price_message = good.error_text
            else:
                card.price_state, card.price_message = StepState.FAILED, good.error_text
        settled += len(cards)
    ctx.save()
    return settled


def _stock_ready(ctx: PushContext, row: PushRow) -> bool:
    card = ctx.by_id.get(row.card_id or 0)
    return card is not None and _live(card) and (row.chrt_id is not None or ctx.dry)


def send_stocks(ctx: PushContext) -> int:
    """``PUT /api/v3/stocks/{warehouse}`` by chrtId, ≤ 1000 sizes a call and warehouse; a partial call only at the end.

    A row is done once its amount went to every warehouse it names. Which (row, warehouse) pairs went
    is kept for the slice only: a resumed slice may set an amount again, which changes nothing on WB.
    """
    pending = [r for r in ctx.rows if r.stock_state == StepState.PENDING]
    ready = [r for r in pending if _stock_ready(ctx, r)]
    maybe_later = len(ready) < len(pending) and (waiting_for_cards(ctx) or any(
        ctx.by_id[r.card_id].status in (CardStatus.PENDING, CardStatus.EXISTING) for r in pending
        if r.card_id in ctx.by_id and not _stock_ready(ctx, r)))
    per_warehouse: dict[int, list[tuple[PushRow, int]]] = defaultdict(list)
    for row in ready:
        for warehouse, amount in ctx.stocks_of(row).items():
            if (row.id, warehouse) not in ctx.stocked:
                per_warehouse[warehouse].append((row, amount))
    calls = 0
    for warehouse, items in sorted(per_warehouse.items()):
        for chunk in chunked(items, MAX_STOCKS_PER_CALL):
            if maybe_later and len(chunk) < MAX_STOCKS_PER_CALL:
                break  # a fuller call later costs fewer calls
            _put(ctx, warehouse, chunk)
            ctx.stocked.update((row.id, warehouse) for row, _ in chunk)
            calls += 1
    if not calls:
        return 0
    for row in ready:
        if row.stock_state == StepState.PENDING and all((row.id, w) in ctx.stocked for w in ctx.stocks_of(row)):
            row.stock_state = StepState.PLANNED if ctx.dry else StepState.DONE
    ctx.save()
    return calls


def _put(ctx: PushContext, warehouse: int, chunk: list[tuple[PushRow, int]]) -> None:
    stocks = [StockAmount(chrt_id=row.chrt_id or 0, amount=amount) for row, amount in chunk]
    try:
        ctx.writer.set_stocks(warehouse, stocks)
    except ConflictError as error:
        # WB names the sizes it refused; the others go again without them.
        refused = _refused_chrts(error.details)
        for row, _ in chunk:
            if row.chrt_id in refused or not refused:
                row.stock_state, row.stock_message = StepState.FAILED, error.message
        rest = [(r, a) for r, a in chunk if r.chrt_id not in refused]
        if refused and rest:
            _put(ctx, warehouse, rest)
    except BadRequestError as error:
        for row, _ in chunk:
            row.stock_state, row.stock_message = StepState.FAILED, error.message


def _refused_chrts(details: object) -> set[int]:
    found: set[int] = set()
    if isinstance(details, list):
        for entry in details:
            data = entry.get("data") if isinstance(entry, dict) else None
            for item in data if isinstance(data, list) else []:
                if isinstance(item, dict) and isinstance(item.get("chrtId"), int):
                    found.add(int(item["chrtId"]))
    return found
