"""Checking media the way WB does before it takes them: format, size, resolution, decodability."""

from __future__ import annotations

import asyncio
import io
import posixpath
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import httpx
from PIL import Image

MAX_PHOTOS = 30
MAX_PHOTO_BYTES = 32 * 1024 * 1024
MAX_VIDEO_BYTES = 50 * 1024 * 1024
MIN_WIDTH = 700
MIN_HEIGHT = 900
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"}
VIDEO_EXTENSIONS = {".mp4", ".mov"}
PHOTO_FORMATS = {"JPEG", "PNG", "BMP", "GIF", "WEBP", "MPO"}
PHOTO_SIZES = ("big", "c246x328", "c516x688", "square", "tm")
FETCH_TIMEOUT = 10.0
PARALLEL_CHECKS = 8  # links fetched at once; the rest wait their turn, as WB's queue does
VERDICTS_KEPT = 4096
VERDICT_TTL = 600.0  # wall-clock seconds a fetched file's verdict is reused for the same link


def extension_of(url: str) -> str:
    return posixpath.splitext(urlsplit(url).path)[1].lower()


def is_video(url: str) -> bool:
    return extension_of(url) in VIDEO_EXTENSIONS


def photo_urls(nm_id: int, number: int) -> dict[str, str]:
    """Where WB would serve photo ``number`` of a card, in every size it renders."""
    basket = f"https://basket-{nm_id % 30 + 1:02d}.wbbasket.ru/vol{nm_id // 100_000}/part{nm_id // 1000}/{nm_id}"
    return {size: f"{basket}/images/{size}/{number}.webp" for size in PHOTO_SIZES}


def video_url(nm_id: int) -> str:
    host = f"https://videonme-basket-{nm_id % 12 + 1:02d}.wbbasket.ru"
    return f"{host}/vol{nm_id // 100_000}/{nm_id}/hls/1440p/index.m3u8"


def check_photo(data: bytes) -> str | None:
    """Why WB would refuse this image, or None when it is fine."""
    if len(data) > MAX_PHOTO_BYTES:
        return "Размер файла превышает 32 МБ"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            frames = int(getattr(image, "n_frames", 1))
            image.load()
    except Exception:
        return "Файл повреждён или не является изображением"
    if kind not in PHOTO_FORMATS:
        return f"Неподдерживаемый формат файла {kind}: допустимы JPG, PNG, BMP, GIF, WebP"
    if frames > 1:
        return "Анимированные GIF не поддерживаются"
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return f"Разрешение {width}x{height} меньше минимального {MIN_WIDTH}x{MIN_HEIGHT}"
    return None


def check_link(url: str) -> str | None:
    """Links must be direct http(s) links ending in a file name with a known extension."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"Некорректная ссылка {url}"
    if extension_of(url) not in PHOTO_EXTENSIONS | VIDEO_EXTENSIONS:
        return f"Ссылка {url} должна заканчиваться именем файла с расширением"
    return None


async def fetch(client: httpx.AsyncClient, url: str, limit: int) -> bytes | str:
    """The file's bytes, or why it could not be had; stops reading past ``limit``."""
    try:
        async with client.stream("GET", url) as response:
            if response.status_code != httpx.codes.OK:
                return f"Не удалось скачать файл {url}: HTTP {response.status_code}"
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    return f"Размер файла {url} превышает {limit // (1024 * 1024)} МБ"
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        return f"Не удалось скачать файл {url}: {type(exc).__name__}"


class PhotoFetcher:
    """What every background check of linked media shares: one HTTP client, a bound on parallel
    fetches, and the verdict on each link fetched lately.

    WB fetches links on its own machines, long after it answered; the sandbox does that work on the
    CPU that also answers the API, so a new client (TLS context and all) per save, or decoding the same
    file for every card that links it, would set the API's pace. Only verdicts on files that were
    actually fetched are kept: a link that could not be fetched is tried again next time.
    """

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None
        self._users = 0
        self._slots: asyncio.Semaphore | None = None
        self._verdicts: OrderedDict[str, tuple[float, str | None]] = OrderedDict()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[httpx.AsyncClient]:
        """The shared client, opened for the first user and closed after the last."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(PARALLEL_CHECKS)
        async with self._slots:
            if self._client is None:
                self._client = httpx.AsyncClient(timeout=FETCH_TIMEOUT, follow_redirects=True)
            client = self._client
            self._users += 1
            try:
                yield client
            finally:
                self._users -= 1
                if self._users == 0 and self._client is client:
                    self._client = None
                    await client.aclose()

    def known(self, url: str) -> tuple[bool, str | None]:
        """(True, verdict) when ``url`` was fetched and judged within the last ``VERDICT_TTL`` seconds."""
        found = self._verdicts.get(url)
        if found is None or time.monotonic() - found[0] > VERDICT_TTL:
            return False, None
        self._verdicts.move_to_end(url)
        return True, found[1]

    def remember(self, url: str, verdict: str | None) -> None:
        self._verdicts[url] = (time.monotonic(), verdict)
        self._verdicts.move_to_end(url)
        while len(self._verdicts) > VERDICTS_KEPT:
            self._verdicts.popitem(last=False)
