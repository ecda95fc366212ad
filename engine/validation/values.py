"""Turning what a seller typed into the values WB takes, and the text tests WB applies.

Shared by the rules (is this cell acceptable?) and the row model (what does it hold?), so a value
that passed validation parses to exactly what the push will send.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

ReadValue = str | int | float | None

LIST_SEPARATOR = ";"
# What WB's moderation calls forbidden characters: emoji, pictographs and their joiners.
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001fc00-\U0001ffff\ufe0f\u200d\U000e0020-\U000e007f]"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0]+")


def text_of(value: ReadValue) -> str:
    """A cell as text: numbers without a spurious ``.0``; empty cells as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def split_list(value: ReadValue) -> tuple[str, ...]:
    """Values joined with ``;`` as separate, stripped, non-empty items in their order."""
    if value is None:
        return ()
    text = value if type(value) is str else text_of(value)
    if LIST_SEPARATOR not in text:  # the common case, kept cheap: one barcode, one value
        single = text.strip()
        return (single,) if single else ()
    return tuple(part for part in (p.strip() for p in text.split(LIST_SEPARATOR)) if part)


def number_of(value: ReadValue, unit: str = "") -> float | int | None:
    """The number in a cell, or None when it holds none; ``"70 см"`` counts when ``unit`` is ``"см"``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    if value is None:
        return None
    text = _SPACES.sub("", value).replace(",", ".")
    if unit:
        bare = _SPACES.sub("", unit).casefold()
        if bare and text.casefold().endswith(bare):
            text = text[: len(text) - len(bare)]
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


def is_number(value: ReadValue, unit: str = "") -> bool:
    return number_of(value, unit) is not None


def is_whole(value: ReadValue) -> bool:
    """True unless the cell holds a number with a fractional part (text is judged elsewhere)."""
    number = number_of(value)
    return number is None or float(number).is_integer()


def decimals_of(number: float | int) -> int:
    """Significant digits after the point, as typed (0.35 → 2, not float noise)."""
    if isinstance(number, int) or float(number).is_integer():
        return 0
    try:
        exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def whole_of(value: ReadValue) -> int | None:
    number = number_of(value)
    return int(number) if number is not None and float(number).is_integer() else None


def is_url(text: str) -> bool:
    return _URL.match(text) is not None


def forbidden_in(text: str) -> str:
    """What WB's moderation would reject in a title or description: ``"emoji"``, ``"email"`` or ``""``."""
    if _may_hold_emoji(text) and EMOJI.search(text) is not None:
        return "emoji"
    if "@" in text and EMAIL.search(text) is not None:
        return "email"
    return ""


def _may_hold_emoji(text: str) -> bool:
    """False when ``text`` holds no first byte (in UTF-8) of a character EMOJI matches: F0 and F3 (U+1xxxx and
    U+Exxxx), E2 (U+2600–U+27BF, U+200D), EF (U+FE0F). Four byte searches cost a third of the regex, and a
    title or description has no emoji, as a rule."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\xf0" in data or b"\xf3" in data or b"\xe2" in data or b"\xef" in data


def emoji_in(text: str) -> str:
    """The distinct emoji in ``text``, space-separated, for a message."""
    return " ".join(dict.fromkeys(EMOJI.findall(text)))


_GTIN_LENGTHS = frozenset((8, 12, 13, 14))


def is_gtin(code: str) -> bool:
    """A GTIN-8/12/13/14 (EAN-13 included) with a right GS1 check digit.

    Same answer as ``engine.mapping.barcodes.is_valid_gtin``, written for speed: every barcode of a
    100,000-row workbook passes through here.
    """
    if len(code) not in _GTIN_LENGTHS or not code.isascii() or not code.isdigit():
        return False
    digits = code.encode("ascii")  # byte values are the digits plus 48 ("0"), summed in C
    odd_digits, even_digits = digits[-2::-2], digits[-3::-2]  # weight 3 from the digit before the check digit
    odd = sum(odd_digits) - 48 * len(odd_digits)
    even = sum(even_digits) - 48 * len(even_digits)
    return (10 - (odd * 3 + even) % 10) % 10 == digits[-1] - 48


def bad_barcodes(value: ReadValue) -> list[str]:
    return [code for code in split_list(value) if not is_gtin(code)]


def shown(value: ReadValue, limit: int = 40) -> str:
    """A cell's text for a message: one line, cut to ``limit`` characters."""
    text = " ".join(text_of(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
