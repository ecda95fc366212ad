"""What every step of one push slice works with: the job's rows in memory, WB, the clock, the pacing.

A slice loads the job's cards and rows once and keeps them; each step changes them and calls
:meth:`PushContext.save`, which commits only what changed. A checkpoint is therefore one commit.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from engine.push.errands import Errands
from engine.push.writer import RecordingWriter, WbWriter
from engine.store.push_models import PushCard, PushJob, PushPayload, PushRow
from engine.wb.card_models import parse_stamp
from engine.wb.client import WbClient

logger = logging.getLogger("engine.push")

Progress = Callable[[str], None]
MIN_PHOTO_WAIT = 15.0  # wall-clock seconds: downloading and decoding photos takes real time at any speed


@dataclass(frozen=True)
class Timing:
    """How long the push waits for WB, in real-world seconds; a sandbox at speed K runs them K times faster.

    ``poll``: between two looks at the card list; ``photo_poll`` while only photo links are on their way
    (a page of 100 cards fills in a minute at WB's media pace). ``errors``: between two looks at the error list
    (10 requests a minute). ``creation``: how long an accepted card may take to appear. ``photos``:
    how long WB may take to fetch linked photos before we upload the files ourselves. ``price_settle``:
    how long after a card appears its price is first sent (WB refuses prices of cards not synced yet);
    a refused price is sent again after ``price_retry`` × 2^tries, at most ``price_tries`` times.
    """

    poll: float = 6.0
    photo_poll: float = 60.0
    errors: float = 30.0
    creation: float = 30 * 60.0
    photos: float = 180.0
    price_settle: float = 15.0
    price_retry: float = 30.0
    price_tries: int = 5
    price_timeout: float = 30 * 60.0
    skew: float = 5.0  # our clock against WB's

    def scaled(self, speed: float) -> Timing:
        """WB's own delays run ``speed`` times faster in a sandbox; fetching photos does not (it is real work)."""
        if speed == 1.0:
            return self
        return Timing(poll=self.poll / speed, photo_poll=self.photo_poll / speed, errors=self.errors / speed,
                      creation=self.creation / speed, photos=max(self.photos / speed, MIN_PHOTO_WAIT),
                      price_settle=self.price_settle / speed, price_retry=self.price_retry / speed,
                      price_tries=self.price_tries, price_timeout=self.price_timeout / speed, skew=self.skew)


@dataclass
class PushContext:
    session: Session
    job: PushJob
    cards: list[PushCard]
    rows: list[PushRow]
    reader: WbClient
    writer: WbWriter
    timing: Timing
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    progress: Progress | None = None
    resumed: set[int] = field(default_factory=set)  # cards that were SENDING when this slice started
    deadline: float | None = None  # when this slice should hand over; long loops check it
    errands: Errands = field(default_factory=Errands)  # writes on their way while the slice goes on
    linking: dict[int, float] = field(default_factory=dict)  # card id -> when its media/save was sent off
    # Cards listed with their new photos while their media/save answer was not collected yet.
    photos_shown: set[int] = field(default_factory=set)
    said: set[str] = field(default_factory=set)
    stocked: set[tuple[int, int]] = field(default_factory=set)  # (row id, warehouse) whose amount went to WB
    _stocks: dict[int, dict[int, int]] = field(default_factory=dict)
    _since: tuple[str, datetime | None] | None = None
    by_code: dict[str, PushCard] = field(default_factory=dict)
    by_id: dict[int, PushCard] = field(default_factory=dict)
    rows_of: dict[int, list[PushRow]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_code = {c.vendor_code: c for c in self.cards}
        self.by_id = {c.id: c for c in self.cards}
        grouped: dict[int, list[PushRow]] = defaultdict(list)
        for row in self.rows:
            if row.card_id is not None:
                grouped[row.card_id].append(row)
        self.rows_of = {cid: sorted(rows, key=lambda r: r.size_index) for cid, rows in grouped.items()}

    @property
    def dry(self) -> bool:
        return self.writer.dry

    def now(self) -> float:
        return self.clock()

    def out_of_time(self) -> bool:
        return self.deadline is not None and self.clock() >= self.deadline

    def say(self, text: str) -> None:
        logger.info("push %s: %s", self.job.id, text)
        if self.progress is not None:
            self.progress(text)

    def say_once(self, text: str) -> None:
        """:meth:`say`, the first time in this slice only (steps that go on in small portions)."""
        if text not in self.said:
            self.said.add(text)
            self.say(text)

    def save(self) -> None:
        """Checkpoint: commit every change so far (and, in a dry run, the writes it would have made)."""
        if isinstance(self.writer, RecordingWriter):
            for write in self.writer.drain():
                self.session.add(PushPayload(job_id=self.job.id, method=write.method, path=write.path,
                                             body=write.body_json()))
        self.session.commit()

    def variant(self, card: PushCard) -> dict[str, object]:
        loaded: dict[str, object] = json.loads(card.variant)
        return loaded

    def card_rows(self, card: PushCard) -> list[PushRow]:
        return self.rows_of.get(card.id, [])

    def since_stamp(self) -> datetime | None:
        """``job.since`` as a time (parsed once per value: every listed card is compared with it)."""
        if self._since is None or self._since[0] != self.job.since:
            self._since = (self.job.since, parse_stamp(self.job.since))
        return self._since[1]

    def stocks_of(self, row: PushRow) -> dict[int, int]:
        """The row's amount per warehouse (parsed once per slice)."""
        found = self._stocks.get(row.id)
        if found is None:
            found = {int(w): int(a) for w, a in json.loads(row.stocks).items()}
            self._stocks[row.id] = found
        return found


def wb_stamp(moment: float) -> str:
    """Epoch seconds as WB writes times (RFC 3339, UTC)."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def wb_since(moment: float, skew: float) -> str:
    return wb_stamp((datetime.fromtimestamp(moment, UTC) - timedelta(seconds=skew)).timestamp())
