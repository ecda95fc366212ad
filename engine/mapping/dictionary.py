"""Putting free Ozon words onto WB's closed value lists (colours, countries, kinds, seasons, VAT)."""

from __future__ import annotations

import re

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


LOOKUPS_KEPT = 256  # allowed lists with a folded index (a worker's subjects x their dictionaries)
ANSWERS_KEPT = 4096  # answers remembered per list


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


class _Lookup:
    """One allowed list: its folded index and the answers given so far (the answer is a pure function
    of the value, the list and its name, and Ozon's colours, countries and seasons repeat on every card)."""

    __slots__ = ("allowed", "answers", "index")

    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.index = {_fold(value): value for value in allowed}
        self.answers: dict[tuple[str, str], str | None] = {}


# Keyed by identity: a subject's lists are the same tuple objects on every card, and hashing a
# list of a few thousand colours on each call cost more than the lookup. The entry keeps its
# tuple alive, so an id is never reused while it is here.
_LOOKUPS: dict[int, _Lookup] = {}


def _lookup(allowed: tuple[str, ...]) -> _Lookup:
    found = _LOOKUPS.get(id(allowed))
    if found is None or found.allowed is not allowed:
        if len(_LOOKUPS) >= LOOKUPS_KEPT:
            _LOOKUPS.clear()
        found = _LOOKUPS[id(allowed)] = _Lookup(allowed)
    return found


def match_dictionary(value: str, allowed: tuple[str, ...], dictionary_name: str = "") -> str | None:
    """The WB spelling of ``value``, or None when WB's list has nothing close enough."""
    if not allowed:
        return None
    lookup = _lookup(allowed)
    key = (value, dictionary_name)
    try:
        return lookup.answers[key]
    except KeyError:
        pass
    found = _match(value, lookup.index, dictionary_name)
    if len(lookup.answers) >= ANSWERS_KEPT:
        lookup.answers.clear()
    lookup.answers[key] = found
    return found


def _match(value: str, index: dict[str, str], dictionary_name: str) -> str | None:
    folded = _fold(value)
    if not folded:
        return None
    if dictionary_name == "tnved":
        # Ozon writes "6109100000 - Футболки, майки…"; WB lists the bare code.
        code = _TNVED_CODE.match(folded)
        return index.get(code.group(1)) if code else None
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
        return _match(folded.rsplit("-", 1)[1], index, dictionary_name)
    return None


def vat_text(fraction: float | None) -> str:
    """Ozon's VAT fraction ("0.2") as WB's rate ("20"); zero means the seller pays none."""
    if fraction is None:
        return ""
    percent = round(fraction * 100)
    return "Без НДС" if percent == 0 else str(percent)
