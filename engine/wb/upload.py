"""Creating cards without ever creating one twice.

``cards/upload`` and ``cards/upload/add`` are not safe to repeat: if an attempt's answer is
lost (timeout, reset, 5xx) the cards may already be on their way. So the HTTP base raises
``AmbiguousWriteError`` instead of resending, and we reconcile:

1. Wait (up to the card-creation delay, scaled by speed) for the attempt's vendor codes
   to surface: created cards in ``get/cards/list`` (newest first, back to when we started)
   or rejected ones in ``cards/error/list``. Only entries newer than our first attempt count.
2. Units (a merged group, or one added card) with a sighting were accepted; only the
   others are sent again.
3. If a resend is refused with "vendor code is used in other cards", the codes were ours
   from an unanswered attempt that WB did accept (still pending, so not yet listed): they
   are reported as accepted. Unless a card with such a code existed before we started
   (looked up one by one): then the conflict is real and is raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.errors import AmbiguousWriteError, BadRequestError
from engine.ratelimit import WB_CARD_WRITES
from engine.wb.card_models import CardDraft, CardGroup, UploadOutcome, parse_stamp
from engine.wb.cards import CardsMixin
from engine.wb.models import dump

logger = logging.getLogger(__name__)

MAX_GROUPS = 100
MAX_VARIANTS = 30
MAX_ADDED = 29
MAX_AMBIGUOUS_ATTEMPTS = 5
# Our clock against WB's: entries this much older than our first attempt still count as ours.
CLOCK_SKEW = timedelta(seconds=5)
POLLS_PER_WAIT = 6
VENDOR_CODE_USED = "vendor code is used in other cards"


@dataclass(frozen=True)
class _Unit:
    """What WB accepts or refuses as a whole inside one request."""

    codes: tuple[str, ...]
    payload: dict[str, Any]


@dataclass
class _Sightings:
    created: dict[str, int]
    rejected: dict[str, list[str]]

    def __contains__(self, code: str) -> bool:
        return code in self.created or code in self.rejected


def is_vendor_code_conflict(error: BadRequestError) -> bool:
    return VENDOR_CODE_USED in error.message


class UploadMixin(CardsMixin):
    def upload_cards(self, groups: Sequence[CardGroup]) -> UploadOutcome:
        """Create cards: ≤ 100 groups, each a standalone card or ≤ 30 merged variants of one subject.

        A 200 means *accepted*; each card appears in the card list or the error list later.
        """
        if not 1 <= len(groups) <= MAX_GROUPS:
            raise ValueError(f"cards/upload takes 1..{MAX_GROUPS} groups per request")
        if any(not 1 <= len(g.variants) <= MAX_VARIANTS for g in groups):
            raise ValueError(f"a group holds 1..{MAX_VARIANTS} variants")
        units = [_Unit(tuple(v.vendor_code for v in g.variants), dump(g)) for g in groups]
        return self._write_once("/content/v2/cards/upload", units, lambda us: [u.payload for u in us])

    def upload_add(self, imt_id: int, cards: Sequence[CardDraft]) -> UploadOutcome:
        """Create cards inside the existing merged group ``imt_id`` (≤ 29 per request)."""
        if not 1 <= len(cards) <= MAX_ADDED:
            raise ValueError(f"cards/upload/add takes 1..{MAX_ADDED} cards per request")
        units = [_Unit((c.vendor_code,), dump(c)) for c in cards]
        return self._write_once(
            "/content/v2/cards/upload/add", units, lambda us: {"imtID": imt_id, "cardsToAdd": [u.payload for u in us]}
        )

    def _write_once(
        self, path: str, units: list[_Unit], build: Callable[[list[_Unit]], Any]
    ) -> UploadOutcome:
        codes = [c for u in units for c in u.codes]
        if any(not c for c in codes) or len(set(codes)) != len(codes):
            raise ValueError("every card needs its own non-empty vendorCode")
        outcome = UploadOutcome()
        since = datetime.now(UTC) - CLOCK_SKEW
        unanswered: set[str] = set()
        pending = units
        while pending:
            sent = [c for u in pending for c in u.codes]
            try:
                answer = self.call("content", "POST", path, json=build(pending), bucket=WB_CARD_WRITES,
                                   idempotent=False)
                self.unwrap(answer, "POST", path)
            except AmbiguousWriteError:
                outcome.ambiguous_attempts += 1
                unanswered.update(sent)
                if outcome.ambiguous_attempts > MAX_AMBIGUOUS_ATTEMPTS:
                    raise
                seen = self._look_for(set(sent), since)
                outcome.created.update(seen.created)
                outcome.rejected.update(seen.rejected)
                found = [u for u in pending if any(c in seen for c in u.codes)]
                outcome.accepted.extend(c for u in found for c in u.codes)
                pending = [u for u in pending if u not in found]
                outcome.resent.extend(c for u in pending for c in u.codes)
                if pending:
                    logger.info("wb %s: no trace of %d unanswered cards; sending them again", path, len(pending))
                continue
            except BadRequestError as error:
                if not (is_vendor_code_conflict(error) and unanswered.issuperset(sent)):
                    raise
                self._settle_conflict(error, sent, since)
                logger.info("wb %s: %d cards of an unanswered attempt were accepted after all", path, len(sent))
            outcome.accepted.extend(sent)
            pending = []
        return outcome

    def _look_for(self, codes: set[str], since: datetime) -> _Sightings:
        """Poll the card list and the error list until some of ``codes`` show up or the wait ends."""
        wait = self.card_creation_wait
        step = max(wait / POLLS_PER_WAIT, 0.01)
        deadline = time.monotonic() + wait
        while True:
            time.sleep(min(step, max(deadline - time.monotonic(), 0.0)))
            seen = _Sightings(self._recent_cards(codes, since), self._recent_errors(codes, since))
            if seen.created or seen.rejected or time.monotonic() >= deadline:
                return seen

    def _recent_cards(self, codes: set[str], since: datetime) -> dict[str, int]:
        """Cards with these codes created since ``since``: newest first, stop at older ones."""
        found: dict[str, int] = {}
        for page in self.iter_card_pages(ascending=False):
            for card in page.cards:
                created = parse_stamp(card.created_at)
                if card.vendor_code in codes and (created is None or created >= since):
                    found[card.vendor_code] = card.nm_id
            oldest = parse_stamp(page.cards[-1].updated_at) if page.cards else None
            if oldest is None or oldest < since:
                break
        return found

    def _recent_errors(self, codes: set[str], since: datetime) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for batch in self.iter_error_list(ascending=False):
            stamp = parse_stamp(batch.updated_at)
            if stamp is not None and stamp < since:
                break
            for code, messages in batch.errors.items():
                if code in codes:
                    found[code] = list(messages)
        return found

    def _settle_conflict(self, error: BadRequestError, codes: list[str], since: datetime) -> None:
        """Raise ``error`` if a code belongs to a card that existed before our first attempt."""
        older = [code for code in codes if self._existed_before(code, since)]
        if older:
            raise BadRequestError(
                f"{error.message} (already used before this upload: {', '.join(older[:10])})",
                marketplace=error.marketplace,
                method=error.method,
                path=error.path,
                status=error.status,
                code=error.code,
                details={"vendorCodes": older},
            ) from None

    def _existed_before(self, code: str, since: datetime) -> bool:
        for card in self.iter_cards(text_search=code):
            created = parse_stamp(card.created_at)
            if card.vendor_code == code and created is not None and created < since:
                return True
        return False
