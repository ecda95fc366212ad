"""``media/save`` (by link, checked later, all-or-nothing) and ``media/file`` (one file, checked now)."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from sandbox.wb.access import MEDIA, Gate, Seller
from sandbox.wb.media import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_VIDEO_BYTES,
    PhotoFetcher,
    check_link,
    check_photo,
    fetch,
    is_video,
    photo_urls,
    video_url,
)
from sandbox.wb.payloads import invalid, is_int
from sandbox.wb.replies import content_error, envelope
from sandbox.wb.requests import read_json
from sandbox.wb.store import Card, WbStore

UNKNOWN_NM = "Указан несуществующий nmID карточки товара"
TOO_MANY = f"Превышено максимальное количество фото: {MAX_PHOTOS}"


def _show(card: Card, sources: list[str], video: str | None, stamp: int) -> None:
    card.photo_sources = sources
    card.photos = [photo_urls(card.nm_id, i) for i in range(1, len(sources) + 1)]
    if video is not None:
        card.video = video_url(card.nm_id) if video else ""
    card.updated_us = max(stamp, card.updated_us + 1)


async def _check_all(fetcher: PhotoFetcher, urls: list[str]) -> list[str]:
    problems = [p for p in (check_link(u) for u in urls) if p]
    if problems:
        return problems
    todo: list[str] = []
    for url in urls:
        seen, verdict = fetcher.known(url)
        if not seen:
            todo.append(url)
        elif verdict:
            problems.append(verdict)
    if todo:
        async with fetcher.session() as client:
            for url in todo:
                got = await fetch_checked(fetcher, client, url)
                if got:
                    problems.append(got)
    return problems


async def fetch_checked(fetcher: PhotoFetcher, client: httpx.AsyncClient, url: str) -> str | None:
    data = await fetch(client, url, MAX_VIDEO_BYTES if is_video(url) else MAX_PHOTO_BYTES)
    if isinstance(data, str):
        return data  # not fetched: not remembered, the next save tries again
    if is_video(url):
        verdict = None if data else f"Пустой файл {url}"
    else:
        # Decoding a large image takes a while; keep the server answering meanwhile.
        verdict = await asyncio.to_thread(check_photo, data)
    fetcher.remember(url, verdict)
    return verdict


class MediaApi:
    """Media by link (checked in the background) and by file (checked at once)."""

    def __init__(self, store: WbStore) -> None:
        self.store = store
        self.running: set[asyncio.Task[None]] = set()
        self.fetcher = PhotoFetcher()

    def register(self, gate: Gate) -> None:
        gate.route("POST", "/content/v3/media/save", "content", MEDIA)(self.media_save)
        gate.route("POST", "/content/v3/media/file", "content", MEDIA)(self.media_file)

    async def process(self, account: str, nm_id: int, urls: list[str], generation: int) -> None:
        await asyncio.sleep(self.store.delay())
        problems = await _check_all(self.fetcher, urls)
        with self.store.lock:
            state = self.store.seller(account)
            card = state.cards.get(nm_id)
            if card is None or state.media_generation.get(nm_id) != generation:
                return  # a later media/save for this card wins
            if problems:
                state.media_problems[nm_id] = problems
                self.store.ctx.stats.count_event("wb.media_rejected")
                return
            state.media_problems.pop(nm_id, None)
            videos = [u for u in urls if is_video(u)]
            _show(card, [u for u in urls if not is_video(u)], videos[-1] if videos else "", self.store.now_us())
            self.store.ctx.stats.count_event("wb.media_saved")

    async def media_save(self, request: Request, seller: Seller) -> Response:
        """Answers 200 at once; if any link fails later, nothing changes, and WB says nothing."""
        body = await read_json(request, invalid)
        if not isinstance(body, dict):
            raise invalid("body must be an object")
        nm_id, urls = body.get("nmId"), body.get("data")
        if not is_int(nm_id):
            raise content_error("nmId is required", status=422)
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise invalid("data must be a non-empty array of links")
        if sum(1 for u in urls if not is_video(u)) > MAX_PHOTOS:
            raise content_error(TOO_MANY)
        with self.store.lock:
            state = self.store.seller(seller.account)
            if nm_id not in state.cards:
                raise content_error(UNKNOWN_NM, status=422)
            generation = state.media_generation.get(nm_id, 0) + 1
            state.media_generation[nm_id] = generation
        task = asyncio.create_task(self.process(seller.account, nm_id, list(urls), generation))
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        return envelope({}, additional=None)

    async def media_file(self, request: Request, seller: Seller) -> Response:
        """Slot ``X-Photo-Number`` (from 1) is replaced; a number past the last photo appends."""
        try:
            nm_id = int(request.headers.get("x-nm-id", ""))
            number = int(request.headers.get("x-photo-number", ""))
        except ValueError:
            raise content_error("Заголовки X-Nm-Id и X-Photo-Number обязательны и должны быть числами") from None
        if number < 1 or number > MAX_PHOTOS:
            raise content_error(f"X-Photo-Number должен быть от 1 до {MAX_PHOTOS}")
        try:
            form = await request.form(max_part_size=MAX_PHOTO_BYTES + 1)
        except Exception:
            raise content_error("Invalid 'boundary' for 'multipart/form-data' request") from None
        upload = form.get("uploadfile")
        if not isinstance(upload, UploadFile):
            raise content_error("Не передан файл uploadfile")
        problem = await asyncio.to_thread(check_photo, await upload.read())
        if problem:
            raise content_error(problem)
        with self.store.lock:
            card = self.store.seller(seller.account).cards.get(nm_id)
            if card is None:
                raise content_error(UNKNOWN_NM)
            sources = list(card.photo_sources)
            name = f"upload:{upload.filename or number}"
            if number <= len(sources):
                sources[number - 1] = name
            else:
                sources.append(name)
            _show(card, sources, None, self.store.now_us())
            self.store.ctx.stats.count_event("wb.media_saved")
        return envelope({}, additional=None)
