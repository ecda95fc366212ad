"""Making a seller's photo acceptable to WB ourselves, when WB could not take it by link.

WB's rules (wb-api.md §8): JPG/PNG/WebP (BMP and static GIF too, but we send JPG/PNG), at least
700×900 px, at most 32 MB, decodable. A photo that is too small is first padded towards WB's 3:4
frame (white margins, nothing cropped) and then scaled up; each change is reported as a note.
"""

from __future__ import annotations

import io
import math
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from PIL import Image, ImageOps, UnidentifiedImageError

MIN_WIDTH = 700
MIN_HEIGHT = 900
MAX_BYTES = 32 * 1024 * 1024
KEPT_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
LINK_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".mp4", ".mov"}
JPEG_QUALITY = 90
FRAME = 3 / 4  # WB's photo frame, width : height


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes
    filename: str
    content_type: str
    note: str  # what was changed, in Russian; "" when the file went as it was


def link_acceptable(url: str) -> bool:
    """A direct http(s) link ending in a file name with an extension: WB's media/save takes nothing else."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and \
        posixpath.splitext(parts.path)[1].lower() in LINK_EXTENSIONS


def prepare_photo(data: bytes, stem: str) -> PreparedPhoto | str:
    """The photo as WB takes it, or why it cannot be made acceptable (Russian)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format or ""
            frames = int(getattr(opened, "n_frames", 1))
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return "файл повреждён или не является изображением"
    notes: list[str] = []
    if frames > 1:
        notes.append("взят первый кадр анимации")
    width, height = image.size
    changed = frames > 1 or width < MIN_WIDTH or height < MIN_HEIGHT
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        image = _enlarged(image)
        notes.append(f"увеличено с {width}×{height} до {image.size[0]}×{image.size[1]}")
    if not changed and kind in KEPT_FORMATS and len(data) <= MAX_BYTES:
        ext, content_type = KEPT_FORMATS[kind]
        return PreparedPhoto(data, f"{stem}.{ext}", content_type, "")
    if kind not in KEPT_FORMATS:
        notes.append(f"формат {kind or 'неизвестный'} переведён в JPG")
    content, ext, content_type = _encoded(image, keep_png=kind == "PNG" and len(data) <= MAX_BYTES)
    if len(content) > MAX_BYTES:
        content, ext, content_type = _encoded(image, keep_png=False, quality=75)
        notes.append("сжато до 32 МБ")
    if len(content) > MAX_BYTES:
        return "файл больше 32 МБ даже после сжатия"
    return PreparedPhoto(content, f"{stem}.{ext}", content_type, ", ".join(notes))


def _enlarged(image: Image.Image) -> Image.Image:
    width, height = image.size
    # Pad towards 3:4 first, so a very wide or tall picture is not blown up along its long side.
    frame_w = max(width, math.ceil(height * FRAME))
    frame_h = max(height, math.ceil(width / FRAME))
    if (frame_w, frame_h) != (width, height):
        canvas = Image.new("RGB", (frame_w, frame_h), (255, 255, 255))
        canvas.paste(image.convert("RGB"), ((frame_w - width) // 2, (frame_h - height) // 2))
        image = canvas
    scale = max(MIN_WIDTH / image.size[0], MIN_HEIGHT / image.size[1], 1.0)
    target = (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale))
    return image.resize(target, Image.Resampling.LANCZOS) if target != image.size else image


def _encoded(image: Image.Image, *, keep_png: bool, quality: int = JPEG_QUALITY) -> tuple[bytes, str, str]:
    out = io.BytesIO()
    if keep_png:
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), "png", "image/png"
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue(), "jpg", "image/jpeg"
