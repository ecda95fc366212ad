"""The photo CDN: product photos drawn with Pillow, deterministically from their URL name.

* ``/cdn/img/<key>-<w>x<h>.jpg|jpeg|png|webp`` - a "product photo" of that size;
* ``/cdn/img/corrupt-<n>.jpg`` - bytes that claim to be a JPEG but are not an image;
* ``/cdn/img/huge-<n>.png`` - a valid PNG over 32 MB (noise does not compress).

Drawing is cached (LRU), so a photo costs its rendering only once per process.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
from functools import lru_cache

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response
from PIL import Image, ImageDraw, ImageFont

from sandbox.context import SandboxContext

MAX_SIDE = 4000
HUGE_SIDE = 3400  # 3400 x 3400 x 3 bytes of noise: about 34.7 MB as an uncompressed PNG
PHOTO_NAME = re.compile(
    r"^(?P<key>[a-z0-9][a-z0-9_-]{0,150}?)-(?P<w>\d{1,5})x(?P<h>\d{1,5})\.(?P<ext>jpg|jpeg|png|webp)$"
)
CORRUPT_NAME = re.compile(r"^corrupt-(?P<n>\d{1,9})\.(?P<ext>jpg|jpeg|png|webp)$")
HUGE_NAME = re.compile(r"^huge-(?P<n>\d{1,9})\.png$")
MEDIA_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PIL_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# The colour codes the sample catalog puts into photo keys, so a black T-shirt gets a dark photo.
COLOUR_CODES = {
    "wht": (245, 245, 240), "blk": (25, 25, 28), "gry": (140, 140, 145), "bei": (222, 200, 170),
    "blu": (30, 60, 160), "lbl": (120, 180, 230), "red": (200, 30, 40), "pnk": (240, 150, 180),
    "grn": (40, 140, 70), "yel": (245, 210, 50), "brn": (110, 70, 40), "vio": (120, 60, 160),
    "org": (240, 130, 30), "khk": (120, 120, 80), "brd": (110, 20, 40), "mlt": (200, 120, 200),
    "nvy": (20, 30, 80), "slv": (190, 190, 200), "mlk": (250, 245, 230), "mnt": (170, 230, 200),
}
CACHE_HEADERS = {"Cache-Control": "public, max-age=86400"}


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def _product_colour(key: str) -> tuple[int, int, int]:
    for part in key.split("-"):
        if part in COLOUR_CODES:
            return COLOUR_CODES[part]
    d = _digest(key)
    return d[0], d[1], d[2]


@lru_cache(maxsize=256)
def draw_photo(key: str, width: int, height: int, ext: str) -> bytes:
    """A light backdrop, the product as a coloured shape with a shadow, and the key as a caption."""
    d = _digest(key)
    backdrop = (236 + d[3] % 20, 236 + d[4] % 20, 236 + d[5] % 20)
    image = Image.new("RGB", (width, height), backdrop)
    draw = ImageDraw.Draw(image)
    colour = _product_colour(key)
    outline = tuple(max(0, c - 60) for c in colour)
    box = (width * 0.18, height * 0.14, width * 0.82, height * 0.78)
    shadow = (box[0] + width * 0.03, box[1] + height * 0.03, box[2] + width * 0.03, box[3] + height * 0.03)
    radius = int(min(width, height) * 0.08)
    line = max(1, width // 150)
    if d[6] % 2:
        draw.rounded_rectangle(shadow, radius=radius, fill=(200, 200, 200))
        draw.rounded_rectangle(box, radius=radius, fill=colour, outline=outline, width=line)
    else:
        draw.ellipse(shadow, fill=(200, 200, 200))
        draw.ellipse(box, fill=colour, outline=outline, width=line)
    font = ImageFont.load_default(size=max(10, min(width, height) // 18))
    draw.text((width / 2, height * 0.88), key.upper(), fill=(60, 60, 60), font=font, anchor="mm")
    out = io.BytesIO()
    if PIL_FORMATS[ext] == "JPEG":
        image.save(out, "JPEG", quality=85)
    else:
        image.save(out, PIL_FORMATS[ext])
    return out.getvalue()


@lru_cache(maxsize=16)
def corrupt_bytes(n: int) -> bytes:
    """A JPEG start marker followed by noise: it looks like a photo to a sniffer and fails to decode."""
    noise = random.Random(n).randbytes(2048)
    return b"\xff\xd8\xff\xe0" + noise.replace(b"\xff", b"\x00")


@lru_cache(maxsize=2)
def huge_png(n: int) -> bytes:
    noise = random.Random(n).randbytes(HUGE_SIDE * HUGE_SIDE * 3)
    image = Image.frombytes("RGB", (HUGE_SIDE, HUGE_SIDE), noise)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=0)
    return out.getvalue()


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)


def build_router(ctx: SandboxContext) -> APIRouter:
    router = APIRouter()

    @router.api_route("/img/{name}", methods=["GET", "HEAD"])
    def image(name: str) -> Response:
        if match := CORRUPT_NAME.match(name):
            ctx.stats.count_event("cdn.corrupt_served")
            return Response(corrupt_bytes(int(match["n"])), media_type=MEDIA_TYPES[match["ext"]], headers=CACHE_HEADERS)
        if match := HUGE_NAME.match(name):
            ctx.stats.count_event("cdn.huge_served")
            return Response(huge_png(int(match["n"])), media_type="image/png", headers=CACHE_HEADERS)
        match = PHOTO_NAME.match(name)
        if match is None:
            return _not_found()
        width, height = int(match["w"]), int(match["h"])
        if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
            return _not_found()
        body = draw_photo(match["key"], width, height, match["ext"])
        return Response(body, media_type=MEDIA_TYPES[match["ext"]], headers=CACHE_HEADERS)

    return router
