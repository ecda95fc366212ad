"""Barcodes for sizes without one, then the cards themselves: new ones uploaded (the requests are planned
in :mod:`engine.push.requests`), existing ones updated.

Every card is marked ``sending`` (committed) before its request leaves; a resumed job therefore
knows which cards may already be on their way and looks at WB before sending them again. A whole
request WB refuses with a 400 is split in halves until the card(s) at fault are found; they get
WB's ``errorText``/``additionalErrors`` verbatim and every other card goes through.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from engine.errors import BadRequestError
from engine.push.context import PushContext
from engine.push.errands import CARDS
from engine.push.linking import lookup_existing
from engine.push.payloads import MAX_BARCODES_PER_CALL
from engine.push.requests import TO_CREATE, Unit, full_variant, plan_requests
from engine.push.states import CardStatus
from engine.store.push_models import PushCard
from engine.wb.card_models import CardDraft, CardGroup, UploadOutcome
from engine.wb.upload import is_vendor_code_conflict


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


def _attempt(call: Callable[[], UploadOutcome]) -> UploadOutcome | BadRequestError:
    """WB's refusal of a whole request is an answer to act on, not a failure of the slice."""
    try:
        return call()
    except BadRequestError as error:
        return error


class CardSender:
    """Creates every card still to create, in requests of ≤ 100 elements and ≤ 10 MB, without holding the slice up.

    Requests go out from the card lane of :class:`~engine.push.errands.Errands`; the slice feeds them
    (:meth:`feed`) and acts on their answers when it collects them. A request WB refuses whole is split,
    and its parts go before anything else.
    """

    def __init__(self, ctx: PushContext) -> None:
        self.ctx = ctx
        self._again: deque[list[Unit]] = deque()
        self._planned: Iterator[list[Unit]] | None = None
        self.cards_sent = 0

    def plan(self) -> bool:
        """Line up every card still to create; False when there is none."""
        if not any(c.status in TO_CREATE for c in self.ctx.cards):
            return False
        self._planned = plan_requests(self.ctx)
        return True

    @property
    def busy(self) -> bool:
        return bool(self._again) or self._planned is not None or self.ctx.errands.waiting(CARDS) > 0

    def feed(self) -> None:
        """Hand every lined-up request to the card lane (none once the slice is out of time).

        All of them at once: the lane's own pace is WB's limit, and it must not wait for the slice, which
        may be busy with a long listing meanwhile. Each request's cards are marked ``sending`` before it
        is handed over; those of a request that never left (see :meth:`_dropped`) go back to ``pending``.
        """
        while True:
            if self.ctx.out_of_time():
                self._again.clear()
                self._planned = None  # the cards stay pending; the next slice plans them again
                return
            units = self._next()
            if units is None:
                return
            self._send(units)

    def run(self) -> None:
        """Send everything lined up and act on every answer, waiting for them."""
        while self.busy:
            self.feed()
            self.ctx.errands.wait(self.ctx.timing.creation, CARDS)
            self.ctx.errands.collect()

    def _next(self) -> list[Unit] | None:
        if self._again:
            return self._again.popleft()
        if self._planned is not None:
            found = next(self._planned, None)
            if found is not None:
                return found
            self._planned = None
        return None

    def _send(self, units: list[Unit]) -> None:
        ctx = self.ctx
        cards = [c for u in units for c in u.cards]
        now = ctx.now()
        for card in cards:
            card.status = CardStatus.SENDING
            card.sent_at = now
        ctx.save()  # the checkpoint: a resumed slice looks on WB before sending these again
        writer = ctx.writer
        call: Callable[[], UploadOutcome]
        if units[0].imt_id is not None:
            imt = units[0].imt_id
            drafts = [CardDraft.model_validate(v) for v in units[0].payload["cardsToAdd"]]
            call = partial(writer.upload_add, imt, drafts)
        else:
            call = partial(writer.upload_cards, [CardGroup.model_validate(u.payload) for u in units])
        self.cards_sent += len(cards)
        ctx.errands.send(CARDS, partial(_attempt, call), partial(self._answered, units, cards),
                         partial(self._dropped, cards))

    def _dropped(self, cards: list[PushCard]) -> None:
        """The slice ran out of time before this request left: its cards are simply still to create."""
        self.cards_sent -= len(cards)
        for card in cards:
            if card.status == CardStatus.SENDING and card.id not in self.ctx.resumed:
                card.status = CardStatus.PENDING

    def _answered(self, units: list[Unit], cards: list[PushCard], answer: UploadOutcome | BadRequestError) -> None:
        if isinstance(answer, BadRequestError):
            self._refused(units, answer)
        else:
            _accepted(self.ctx, cards, answer)

    def _again_first(self, *requests: list[Unit]) -> None:
        for request in reversed(requests):
            self._again.appendleft(request)

    def _split(self, units: list[Unit]) -> None:
        middle = max(1, len(units) // 2)
        self._again_first(*([units] if len(units) == 1 else [units[:middle], units[middle:]]))

    def _refused(self, units: list[Unit], error: BadRequestError) -> None:
        ctx = self.ctx
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
                            card.status = CardStatus.PENDING  # its group changed: the next round regroups it
            ctx.save()
            if left:
                self._split(left)
            return
        named = _named_codes(error, units)
        if named and not conflict:
            # WB named the cards at fault (additionalErrors keyed by vendor code): only their groups are refused.
            bad = [u for u in units if any(c.vendor_code in named for c in u.cards)]
            _reject(ctx, bad, error)
            rest = [u for u in units if u not in bad]
            if rest:
                self._again_first(rest)
            return
        if len(units) > 1:
            self._split(units)
            return
        unit = units[0]
        if conflict and all(c.id in ctx.resumed for c in unit.cards):
            # Our own unanswered attempt from before the restart did reach WB; it is still being created.
            for card in unit.cards:
                card.status = CardStatus.ACCEPTED
            ctx.save()
            return
        _reject(ctx, [unit], error)


def upload_new(ctx: PushContext) -> None:
    """Send every card still to create and act on every answer before returning."""
    sender = CardSender(ctx)
    if sender.plan():
        sender.run()
        ctx.say(f"карточки: отправлено {sender.cards_sent}")


def _accepted(ctx: PushContext, cards: list[PushCard], outcome: UploadOutcome) -> None:
    taken = set(outcome.accepted)
    for card in cards:
        if card.vendor_code in outcome.rejected:
            card.status = CardStatus.REJECTED
            card.message = "; ".join(outcome.rejected[card.vendor_code])
        elif card.vendor_code in taken and card.status == CardStatus.SENDING:
            card.status = CardStatus.PLANNED if ctx.dry else CardStatus.ACCEPTED
    ctx.save()


def _reject(ctx: PushContext, units: list[Unit], error: BadRequestError) -> None:
    for unit in units:
        for card in unit.cards:
            card.status = CardStatus.REJECTED
            card.message = refusal_text(error, card.vendor_code)
    ctx.save()


def _named_codes(error: BadRequestError, units: list[Unit]) -> set[str]:
    extra = error.additional_errors
    if not isinstance(extra, dict):
        return set()
    codes = {c.vendor_code for u in units for c in u.cards}
    return {str(k) for k in extra} & codes


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


# full_variant lives in engine.push.requests; engine.push.updates and the tests import it from here.
__all__ = ["CardSender", "assign_barcodes", "full_variant", "refusal_text", "upload_new"]
