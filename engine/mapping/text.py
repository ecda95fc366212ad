"""Text clean-up between Ozon and WB: HTML to plain text, titles within 60 characters."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

WB_TITLE_LIMIT = 60

_BLOCK_TAGS = {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED_TAGS = {"script", "style"}
# Emoji and pictographs: WB rejects titles and descriptions that carry them.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\U00002b00-\U00002bff\ufe0f\u200d]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text from Ozon's HTML-ish descriptions; scripts and styles dropped, blocks become lines."""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    if "<" not in markup:
        return _tidy(html.unescape(markup))
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return _tidy("".join(collector.parts))


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def strip_emoji(text: str) -> str:
    return _SPACES.sub(" ", _EMOJI.sub("", text)).strip()


def truncate_text(text: str, limit: int) -> str:
    """Cut at a word boundary when there is one near the limit."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-–—(")


def shorten_title(name: str, brand: str = "", type_word: str = "", limit: int = WB_TITLE_LIMIT) -> str:
    """A WB title within ``limit`` that keeps the product-type word and the brand.

    WB shows the brand separately but sellers expect to recognise their product, and
    naive truncation loses the type word that buyers search by.
    """
    title = strip_emoji(html_to_text(name)).replace("\n", " ")
    title = _SPACES.sub(" ", title).strip()
    if len(title) <= limit:
        return title
    must = [w for w in (type_word.strip(), brand.strip()) if w]
    lowered = title.lower()
    missing_type = bool(type_word) and type_word.lower() not in lowered
    prefix = f"{type_word.strip()} " if missing_type else ""
    keep_brand = bool(brand) and brand.lower() in lowered
    suffix = ""
    body = title
    if keep_brand:
        # Keep the brand whole even if the cut would fall inside it.
        brand_at = lowered.find(brand.lower())
        if brand_at + len(brand) > limit - len(prefix):
            suffix = f" {brand.strip()}"
            body = (title[:brand_at] + title[brand_at + len(brand):]).strip()
    room = limit - len(prefix) - len(suffix)
    short = truncate_text(body, room)
    result = f"{prefix}{short}{suffix}".strip()
    if len(result) > limit:  # pathological: type word plus brand alone exceed the limit
        result = truncate_text(" ".join(must) or title, limit)
    return result
