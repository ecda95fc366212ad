"""Photos of created cards: by link first (one ``media/save`` per card), our own upload when WB can't.

WB fetches linked photos later and, if any one fails its rules, silently keeps none (HTTP 200 all
the same). So a card's photos count as set only once a later card listing shows them; if that does
not happen within ``Timing.photos``, each photo is downloaded here, checked and converted with
Pillow, and uploaded with ``media/file``, which WB checks at once.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx

from engine.errors import BadRequestError
from engine.push.context import PushContext
from engine.push.images import PreparedPhoto, link_acceptable, prepare_photo
from engine.push.states import LIVE_CARDS, CardStatus, StepState
from engine.store.push_models import PushCard

MAX_PHOTOS = 30
DOWNLOAD_LIMIT = 64 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30.0
LATE_FACTOR = 10
PARALLEL_SAVES = 1  # more in flight only buys 429s from a WB (or sandbox) that is already at its pace
SAVE_EVERY = 50  # checkpoint after this many cards: a resume repeats at most these (media/save is idempotent)


def send_photos(ctx: PushContext) -> int:
    """``media/save`` for every live card whose photos are not set yet; returns the calls made.

    Calls go out a few at a time: at WB's pace (0.6 s apart) one at a time is enough, but an answer
    can take longer than that, and the rate limiter, not our waiting, should set the pace.
    """
    ready = [c for c in ctx.cards if c.photo_state == StepState.PENDING and _has_card(c)]
    linked = [c for c in ready if all(link_acceptable(u) for u in json.loads(c.photos)[:MAX_PHOTOS])]
    for card in ready:
        if card not in linked:
            upload_files(ctx, card, json.loads(card.photos)[:MAX_PHOTOS])
    workers = 1 if ctx.dry else PARALLEL_SAVES
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="media-save") as pool:
        for start in range(0, len(linked), SAVE_EVERY):
            chunk = linked[start:start + SAVE_EVERY]
            # Any call that fails for good raises here, after the chunk: the slice then ends and
            # the cards still pending are sent again later (media/save replaces, so that is safe).
            for card, _ in zip(chunk, pool.map(_save, [(ctx, c) for c in chunk]), strict=True):
                card.photo_state = StepState.PLANNED if ctx.dry else StepState.SENT
                card.photo_at = ctx.now()
            ctx.save()
            if ctx.out_of_time():
                break
    ctx.save()
    return len(ready)


def _save(job: tuple[PushContext, PushCard]) -> None:
    ctx, card = job
    ctx.writer.media_save(card.nm_id or 0, json.loads(card.photos)[:MAX_PHOTOS])


def _has_card(card: PushCard) -> bool:
    return card.status in LIVE_CARDS or card.status == CardStatus.PLANNED


def fall_back_to_files(ctx: PushContext) -> int:
    """Cards whose linked photos never showed up: upload the files ourselves.

    WB works through saves roughly in order, so a card counts as dropped only once photos saved
    *after* it have shown up (WB is past it), or after ten times the usual wait (WB shows nothing at
    all). A slow WB therefore costs waiting, not a second upload of every photo.
    """
    now = ctx.now()
    wait = ctx.timing.photos
    passed = max((c.photo_at or 0.0 for c in ctx.cards if c.photo_state == StepState.DONE and c.photo_at), default=0.0)
    late = [c for c in ctx.cards if c.photo_state == StepState.SENT and c.photo_at is not None
            and now - c.photo_at > wait and (passed > c.photo_at or now - c.photo_at > wait * LATE_FACTOR)]
    for card in late:
        upload_files(ctx, card, json.loads(card.photos)[:MAX_PHOTOS])
        ctx.save()
        if ctx.out_of_time():
            break
    return len(late)


def upload_files(ctx: PushContext, card: PushCard, urls: list[str]) -> None:
    notes: list[str] = []
    number = 0
    with httpx.Client(timeout=DOWNLOAD_TIMEOUT, follow_redirects=True) as http:
        for index, url in enumerate(urls, 1):
            got = download(http, url)
            prepared: PreparedPhoto | str = prepare_photo(got, f"{card.vendor_code}-{index}") \
                if isinstance(got, bytes) else got
            if isinstance(prepared, str):
                notes.append(f"фото {index}: {prepared}")
                continue
            try:
                ctx.writer.media_file(card.nm_id or 0, number + 1, prepared.content, filename=prepared.filename,
                                      content_type=prepared.content_type)
            except BadRequestError as error:
                notes.append(f"фото {index}: {error.message}")
                continue
            number += 1
            if prepared.note:
                notes.append(f"фото {index}: {prepared.note}")
    card.photo_message = "; ".join(notes)
    card.photo_at = card.photo_at or ctx.now()  # stays the time of the first save: fall_back_to_files orders by it
    if ctx.dry:
        card.photo_state = StepState.PLANNED
    else:
        card.photo_state = StepState.DONE if number else StepState.FAILED


def download(http: httpx.Client, url: str) -> bytes | str:
    """The file behind ``url``, or why it could not be had (Russian)."""
    if not url.startswith(("http://", "https://")):
        return f"ссылка «{url[:80]}» не ведёт на файл"
    try:
        with http.stream("GET", url) as response:
            if response.status_code != httpx.codes.OK:
                return f"не удалось скачать (HTTP {response.status_code})"
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > DOWNLOAD_LIMIT:
                    return "файл больше 64 МБ"
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        return f"не удалось скачать ({type(exc).__name__})"

