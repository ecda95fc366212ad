"""Putting free Ozon words onto WB's closed value lists (colours, countries, kinds, seasons, VAT)."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

# Ozon says it one way, WB another; the keys are Ozon's words, casefolded.
_KIND_WORDS = {
    "женский": "Женский", "мужской": "Мужской", "унисекс": "Унисекс",
    "девочки": "Детский", "мальчики": "Детский", "детский": "Детский", "для девочек": "Детский",
    "для мальчиков": "Детский",
}
_SEASON_WORDS = {
    "демисезон": "демисезон", "лето": "лето", "зима": "зима", "на любой сезон": "круглогодичный",
    "всесезон": "круглогодичный", "круглогодичный": "круглогодичный", "весна": "демисезон", "осень": "демисезон",
}
SYNONYMS: dict[str, dict[str, str]] = {"kinds": _KIND_WORDS, "seasons": _SEASON_WORDS}
FUZZY_CUTOFF = 90.0
_TNVED_CODE = re.compile(r"(\d{10})\b")


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


@lru_cache(maxsize=256)
def _index(allowed: tuple[str, ...]) -> dict[str, str]:
    return {_fold(value): value for value in allowed}


def match_dictionary(value: str, allowed: tuple[str, ...], dictionary_name: str = "") -> str | None:
    """The WB spelling of ``value``, or None when WB's list has nothing close enough."""
    folded = _fold(value)
    if not folded or not allowed:
        return None
    if dictionary_name == "tnved":
        # Ozon writes "6109100000 - Футболки, майки…"; WB lists the bare code.
        code = _TNVED_CODE.match(folded)
        return _index(allowed).get(code.group(1)) if code else None
    index = _index(allowed)
    synonym = SYNONYMS.get(dictionary_name, {}).get(folded)
    if synonym is not None and _fold(synonym) in index:
        return index[_fold(synonym)]
    if folded in index:
        return index[folded]
    best = process.extractOne(folded, list(index), scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return index[best[0]]
    if dictionary_name == "colors" and "-" in folded:
        # "светло-розовый" is still "розовый" to a buyer filtering by colour.
        return match_dictionary(folded.rsplit("-", 1)[1], allowed, dictionary_name)
    return None


def vat_text(fraction: float | None) -> str:
    """Ozon's VAT fraction ("0.2") as WB's rate ("20"); zero means the seller pays none."""
    if fraction is None:
        return ""
    percent = round(fraction * 100)
    return "Без НДС" if percent == 0 else str(percent)
