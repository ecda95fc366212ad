"""Photos of created cards: by link first (one ``media/save`` per card), our own upload when WB can't.

WB fetches linked photos later and, if any one fails its rules, silently keeps none (HTTP 200 all
the same). So a card's photos count as set only once a later card listing shows them; if that does
not happen within ``Timing.photos``, each photo is downloaded here, checked and converted with
Pillow, and uploaded with ``media/file``, which WB checks at once.
"""

from __future__ import annotations

import json
from functools import partial

import httpx

from engine.errors import BadRequestError
from engine.push.context import PushContext
from engine.push.errands import PHOTOS
from engine.push.images import PreparedPhoto, link_acceptable, prepare_photo
from engine.push.states import LIVE_CARDS, CardStatus, StepState
from engine.store.push_models import PushCard

MAX_PHOTOS = 30
DOWNLOAD_LIMIT = 64 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30.0
LATE_FACTOR = 10


def send_photos(ctx: PushContext) -> int:
    """``media/save`` for every live card whose photos are not set yet; returns how many were sent off.

    The saves go out from the photo lane (:mod:`engine.push.errands`), as fast as WB's media limit
    allows, while the slice goes on; a card counts as sent once its answer is collected. A card whose
    links WB could not take is uploaded file by file here and now.
    """
    ready = [c for c in ctx.cards if c.photo_state == StepState.PENDING and _has_card(c) and c.id not in ctx.linking]
    sent = 0
    for card in ready:
        urls = json.loads(card.photos)[:MAX_PHOTOS]
        if not all(link_acceptable(u) for u in urls):
            upload_files(ctx, card, urls)
            continue
        ctx.linking[card.id] = ctx.now()
        ctx.errands.send(PHOTOS, partial(ctx.writer.media_save, card.nm_id or 0, urls), partial(_linked, ctx, card))
        sent += 1
    if len(ready) > sent:
        ctx.save()
    return sent


def _linked(ctx: PushContext, card: PushCard, _answer: None) -> None:
    ctx.linking.pop(card.id, None)
    if card.photo_state == StepState.PENDING:
        card.photo_state = StepState.PLANNED if ctx.dry else StepState.SENT
        card.photo_at = ctx.now()
        if card.id in ctx.photos_shown:
            # A listing already showed them (WB was quicker than our collecting the answer); the
            # cursor is past that card, so this is the only time we learn it.
            card.photo_state = StepState.DONE
    ctx.photos_shown.discard(card.id)


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

