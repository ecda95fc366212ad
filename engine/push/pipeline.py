"""Running a push job, one slice at a time, from wherever it stopped.

A slice loads the job, takes up every card where its checkpoint left it, and works until the job
is finished or the slice's time budget is spent. The same function serves ``ozwb push --inline``
(no budget) and the RQ worker (a budget, then the job goes to the back of the queue).

Order within a slice: on a resume, look at WB first (cards listed since the job began, the error
list) so that nothing sent before is sent twice; existing cards of a re-push are listed once; then
barcodes. Then, until nothing is open, one loop: new cards go out at WB's pace from a thread of their
own (then updates), and meanwhile the cards already created are followed up: an incremental card
listing when due, the error list when due, photos (from threads of their own), prices and stocks.
Only HTTP runs on those threads (:mod:`engine.push.errands`); every change and checkpoint happens here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engine.errors import (
    AuthenticationError,
    ConfigurationError,
    MarketplaceError,
    PermissionDeniedError,
)
from engine.push.cards import CardSender, assign_barcodes
from engine.push.context import Progress, PushContext, Timing, wb_since
from engine.push.errands import CARDS, PHOTOS
from engine.push.jobs import job_cards, job_rows, load_job
from engine.push.linking import lookup_existing
from engine.push.outcome import close_steps, finish_rows, job_progress
from engine.push.photos import fall_back_to_files, send_photos
from engine.push.states import WAITING_CARDS, CardStatus, JobStatus, StepState
from engine.push.tracking import give_up_late, poll_cards, scan_errors, waiting_for_cards, waiting_for_photos
from engine.push.trade import check_prices, prices_due, send_prices, send_stocks
from engine.push.updates import update_existing
from engine.push.writer import ClientWriter, RecordingWriter, WbWriter
from engine.store.database import Store, translated_errors
from engine.store.push_models import PushJob
from engine.wb.client import WbClient

logger = logging.getLogger("engine.push")

ClientFactory = Callable[[PushJob], WbClient]
MAX_FAILED_SLICES = 5
MAX_IDLE_DOUBLINGS = 3
MAX_ROUNDS = 3
MIN_POLL_PAUSE = 0.2  # wall-clock seconds, whatever the sandbox speed
OPEN_STEPS = (StepState.PENDING, StepState.SENT, StepState.FILES)
FATAL = "WB отказал в доступе: {error}. Проверьте токен WB (категории Контент, Цены и скидки, Маркетплейс)"
GAVE_UP = "WB не отвечал, перенос остановлен после {n} попыток: {error}"


@dataclass
class SliceResult:
    job_id: int
    finished: bool
    status: str
    retry_in: float = 0.0  # seconds the next slice should wait (WB was failing)
    message: str = ""
    counts: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"job_id": self.job_id, "finished": self.finished, "status": self.status,
                "retry_in": self.retry_in, "message": self.message, "counts": self.counts}


def run_slice(store: Store, job_id: int, clients: ClientFactory, *, budget: float | None = None,
              timing: Timing | None = None, progress: Progress | None = None,
              clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> SliceResult:
    """Advance job ``job_id`` until it is finished or ``budget`` seconds have passed."""
    session = store.sessions()
    try:
        with translated_errors(store.engine.url):
            job = load_job(session, job_id)
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                return _result(session, job, finished=True)
            with clients(job) as client:
                writer: WbWriter = RecordingWriter() if job.dry_run else ClientWriter(client)
                cards = job_cards(session, job_id)
                ctx = PushContext(session, job, cards, job_rows(session, job_id), client, writer,
                                  timing or Timing().scaled(client.speed), clock=clock, sleep=sleep,
                                  progress=progress,
                                  resumed={c.id for c in cards if c.status == CardStatus.SENDING})
                job.status = JobStatus.RUNNING
                job.slices += 1
                job.started_at = job.started_at or clock()
                ctx.save()
                deadline = clock() + budget if budget is not None else None
                ctx.deadline = deadline
                try:
                    finished = advance(ctx, deadline)
                except (AuthenticationError, PermissionDeniedError, ConfigurationError) as exc:
                    fail_open_work(ctx, FATAL.format(error=exc))
                    return _result(session, job, finished=True)
                except MarketplaceError as exc:
                    return _setback(ctx, exc)
                job.failed_slices = 0
                ctx.save()
                return _result(session, job, finished=finished)
    finally:
        session.close()


def _setback(ctx: PushContext, exc: MarketplaceError) -> SliceResult:
    """WB kept failing through every retry of one call: try again in a later slice, then give up."""
    session = ctx.session
    session.rollback()
    job = ctx.job
    job.failed_slices += 1
    job.message = str(exc)[:2000]
    logger.warning("push %s: slice %s failed: %s", job.id, job.failed_slices, exc)
    if job.failed_slices >= MAX_FAILED_SLICES:
        fail_open_work(ctx, GAVE_UP.format(n=job.failed_slices, error=exc))
        return _result(session, job, finished=True)
    ctx.save()
    result = _result(session, job, finished=False)
    result.retry_in = min(60.0, 2.0 ** job.failed_slices) / max(ctx.reader.speed, 1.0)
    return result


def _result(session: Session, job: PushJob, *, finished: bool) -> SliceResult:
    counts = job_progress(session, job.id).to_dict()
    return SliceResult(job.id, finished, job.status, message=job.message, counts=counts)


def advance(ctx: PushContext, deadline: float | None) -> bool:
    try:
        return _advance(ctx, deadline)
    finally:
        ctx.errands.close()  # on an error: whatever is still on its way is redone by the next slice


def _advance(ctx: PushContext, deadline: float | None) -> bool:
    job = ctx.job
    if not job.since:
        job.since = wb_since(ctx.now(), ctx.timing.skew)
        ctx.save()
    if ctx.resumed and not ctx.dry:
        job.step = "resume"
        ctx.say("продолжаю: сверяю с WB, что уже отправлено")
        lookup_existing(ctx, full=False)
        scan_errors(ctx, force=True)
    if not job.looked_up and any(c.status == CardStatus.EXISTING for c in ctx.cards):
        job.step = "lookup"
        ctx.say("ищу на WB карточки, созданные раньше")
        lookup_existing(ctx, full=True)
    job.step = "barcodes"
    assign_barcodes(ctx)
    job.step = "cards"
    return _follow(ctx, CardSender(ctx), deadline)


def _follow(ctx: PushContext, sender: CardSender, deadline: float | None) -> bool:
    """Cards go out at WB's pace while the ones already created get their photos, prices and stocks."""
    job = ctx.job
    rounds = 0
    updated = False
    idle = 0  # looks in a row that found nothing: the pause doubles, so a long wait costs few calls
    look_at = 0.0  # the next look at the card list
    follow_at = 0.0  # the next round of photos, prices and stocks (answered uploads alone need none)
    while True:
        if ctx.errands.collect():
            ctx.save()
        if not sender.busy and not ctx.out_of_time():
            # A vendor-code lookup may regroup cards; they go in the next round.
            if rounds < MAX_ROUNDS and sender.plan():
                rounds += 1
            elif not updated:
                if sender.cards_sent:
                    ctx.say(f"карточки: отправлено {sender.cards_sent}")
                update_existing(ctx)
                updated = True
                job.step = "waiting"
        sender.feed()
        now = ctx.now()
        if now >= look_at:
            if not ctx.dry and (waiting_for_cards(ctx) or waiting_for_photos(ctx)):
                moved = poll_cards(ctx) + scan_errors(ctx)
                idle = 0 if moved else min(idle + 1, MAX_IDLE_DOUBLINGS)
                give_up_late(ctx)
            look_at = ctx.now() + _look_pause(ctx, idle)
            follow_at = now
        if now >= follow_at:
            _follow_up(ctx)
            if updated and not sender.busy and not ctx.errands.waiting() and is_finished(ctx):
                finish(ctx)
                return True
            follow_at = min(ctx.now() + max(ctx.timing.poll, MIN_POLL_PAUSE), prices_due(ctx))
        now = ctx.now()
        if deadline is not None and now >= deadline:
            sender.feed()  # out of time: lets go of what it had lined up
            ctx.errands.stop(CARDS)
            ctx.errands.stop(PHOTOS)
            ctx.errands.drain()
            ctx.save()
            return False
        wake = min(look_at, follow_at, deadline if deadline is not None else look_at)
        if sender.busy:
            ctx.errands.wait(wake - now, CARDS)  # an answered upload lets the next one be lined up
        elif wake > now:
            ctx.sleep(wake - now)


def _look_pause(ctx: PushContext, idle: int) -> float:
    pause = max(ctx.timing.poll * 2.0 ** idle, MIN_POLL_PAUSE)
    if not waiting_for_cards(ctx) and ctx.errands.waiting(PHOTOS):
        # Only photo links on their way: a later look reads fuller pages, and no step waits on it.
        pause = max(pause, ctx.timing.photo_poll)
    return pause


def _follow_up(ctx: PushContext) -> None:
    """Photos, prices and stocks of every card that is ready for them."""
    if send_photos(ctx):
        ctx.say_once("фото: отправляю ссылки")
    if not ctx.dry and fall_back_to_files(ctx):
        ctx.say("фото: загружены файлы")
    if send_prices(ctx):
        ctx.say_once("цены: отправляю")
    if not ctx.dry and check_prices(ctx):
        ctx.say_once("цены: проверяю")
    if send_stocks(ctx):
        ctx.say_once("остатки: отправляю")


def is_finished(ctx: PushContext) -> bool:
    if ctx.linking or any(c.status in WAITING_CARDS for c in ctx.cards):
        return False
    live = [c for c in ctx.cards if c.status in (CardStatus.CREATED, CardStatus.UPDATED, CardStatus.UNCHANGED)]
    if any(c.photo_state in OPEN_STEPS or c.price_state in OPEN_STEPS for c in live):
        return False
    live_ids = {c.id for c in live}
    return not any(r.stock_state == StepState.PENDING and r.card_id in live_ids and r.chrt_id is not None
                   for r in ctx.rows)


def finish(ctx: PushContext) -> None:
    for card in ctx.cards:
        rows = ctx.card_rows(card)
        close_steps(card, rows)
        finish_rows(card, rows)
    ctx.job.status = JobStatus.DONE
    ctx.job.step = "done"
    ctx.job.finished_at = ctx.now()
    ctx.save()
    ctx.say("готово")


def fail_open_work(ctx: PushContext, message: str) -> None:
    """The job cannot go on: every card still open fails with ``message``; the job is over."""
    for card in ctx.cards:
        if card.status in (*WAITING_CARDS, CardStatus.PENDING):
            card.status = CardStatus.FAILED
            card.message = message
        for state in ("photo_state", "price_state"):
            if getattr(card, state) in OPEN_STEPS:
                setattr(card, state, StepState.FAILED)
        for row in ctx.card_rows(card):
            if row.stock_state == StepState.PENDING:
                row.stock_state, row.stock_message = StepState.FAILED, message
    for card in ctx.cards:
        finish_rows(card, ctx.card_rows(card))
    ctx.job.status = JobStatus.FAILED
    ctx.job.step = "failed"
    ctx.job.message = message[:2000]
    ctx.job.finished_at = ctx.now()
    ctx.save()
