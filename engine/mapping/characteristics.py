"""Filling a WB subject's characteristics from an Ozon product's attributes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from engine.drafts import CharcSpec, CharcType, CharcValue, SubjectSpec
from engine.mapping.dictionary import match_dictionary
from engine.mapping.units import parse_number

# Ozon attribute id -> WB characteristic names it fills (known meanings; ids are global on Ozon).
KNOWN_ATTRIBUTES: dict[int, tuple[str, ...]] = {
    10096: ("цвет",),
    9163: ("пол",),
    4495: ("сезон",),
    4604: ("состав",),
    4496: ("материал изделия", "материал верха", "материал", "материал корпуса"),
    4389: ("страна производства",),
    22232: ("тнвэд",),
    4383: ("вес без упаковки (кг)", "вес товара без упаковки"),
    4385: ("гарантийный срок",),
    9024: ("артикул производителя",),
}
# Attributes that travel elsewhere (title, description, sizes, brand, grouping) or mean nothing on WB.
NOT_CHARACTERISTICS = frozenset({85, 31, 4180, 4191, 8229, 8292, 9048, 10097, 4295, 9533, 11254, 13164, 22336, 4080})
NAME_CUTOFF = 88.0
_UNIT_SUFFIX = re.compile(r",\s*([^,]+)$")


@dataclass
class CharacteristicFill:
    values: dict[int, CharcValue] = field(default_factory=dict)
    missing_required: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _split_name(name: str) -> tuple[str, str]:
    """"Вес товара, г" -> ("вес товара", "г")."""
    match = _UNIT_SUFFIX.search(name)
    if match and len(match.group(1)) <= 6:
        return name[: match.start()].strip().casefold(), match.group(1).strip()
    return name.strip().casefold(), ""


def fill_characteristics(
    attributes: dict[int, list[str]],
    attribute_names: dict[int, str],
    subject: SubjectSpec,
    extra: dict[str, list[str]] | None = None,
) -> CharacteristicFill:
    """Values for every characteristic of ``subject`` that the Ozon product can supply.

    ``extra`` carries values known from elsewhere, keyed by WB characteristic name
    (casefolded), e.g. VAT from the product's price block.
    """
    fill = CharacteristicFill()
    charcs, wb_names = _folded_names(subject)
    sources = _sources_by_wb_name(attributes, attribute_names, wb_names)
    for name, texts in (extra or {}).items():
        sources.setdefault(name, (texts, ""))
    for charc, wb_name in charcs:
        found = sources.get(wb_name)
        if found is not None:
            value = _convert(charc, found[0], found[1], fill.notes)
            if value is not None:
                fill.values[charc.charc_id] = value
        if charc.charc_id not in fill.values and (charc.required or charc.required_for_create):
            fill.missing_required.append(charc.charc_id)
    return fill


SUBJECTS_KEPT = 256
# id(subject) -> (subject, its charcs with casefolded names, the names): a few subjects serve every
# card. Keyed by identity (hashing a spec hashes its dictionaries); the entry keeps the spec alive,
# so its id is not reused while it is here.
_FOLDED: dict[int, tuple[SubjectSpec, tuple[tuple[CharcSpec, str], ...], tuple[str, ...]]] = {}


def _folded_names(subject: SubjectSpec) -> tuple[tuple[tuple[CharcSpec, str], ...], tuple[str, ...]]:
    found = _FOLDED.get(id(subject))
    if found is None or found[0] is not subject:
        if len(_FOLDED) >= SUBJECTS_KEPT:
            _FOLDED.clear()
        pairs = tuple((c, c.name.casefold()) for c in subject.charcs)
        found = _FOLDED[id(subject)] = (subject, pairs, tuple(name for _, name in pairs))
    return found[1], found[2]


def _sources_by_wb_name(
    attributes: dict[int, list[str]], attribute_names: dict[int, str], wb_names: tuple[str, ...]
) -> dict[str, tuple[list[str], str]]:
    """WB characteristic name (casefolded) -> (Ozon texts, Ozon unit)."""
    named = tuple(
        (aid, attribute_names.get(aid, "")) for aid, texts in attributes.items()
        if texts and aid not in NOT_CHARACTERISTICS
    )
    plan = _name_plan(wb_names, named)
    return {wb_name: (attributes[aid], unit) for aid, wb_name, unit in plan}


@functools.lru_cache(maxsize=4096)
def _name_plan(wb_names: tuple[str, ...], named: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str, str], ...]:
    """Which Ozon attribute fills which WB name, with its unit: ``(attribute id, WB name, unit)``.

    The products of one Ozon type carry the same attribute names, and fuzzy-matching them against
    the same subject for every card was most of the drafts' time; the answer depends on nothing else.
    """
    found: dict[str, tuple[int, str]] = {}
    for attribute_id, full_name in named:
        ozon_name, unit = _split_name(full_name)
        for wanted in KNOWN_ATTRIBUTES.get(attribute_id, ()):
            if wanted in wb_names and wanted not in found:
                found[wanted] = (attribute_id, unit)
                break
        else:
            if not ozon_name:
                continue
            for wb_name in wb_names:
                if wb_name in found:
                    continue
                wb_base, _ = _split_name(wb_name)
                if fuzz.token_set_ratio(ozon_name, wb_base) >= NAME_CUTOFF:
                    found[wb_name] = (attribute_id, unit)
                    break
    return tuple((aid, wb_name, unit) for wb_name, (aid, unit) in found.items())


def _convert(charc: CharcSpec, texts: list[str], unit: str, notes: list[str]) -> CharcValue | None:
    if charc.charc_type is CharcType.NUMBER:
        text = texts[0] if unit == "" or any(ch.isalpha() for ch in texts[0]) else f"{texts[0]} {unit}"
        number = parse_number(text, charc.unit)
        if number is None:
            notes.append(f"«{charc.name}»: не удалось прочитать число из «{texts[0]}»")
        return number
    values: list[str] = []
    for text in texts:
        value = match_dictionary(text, charc.dictionary, charc.dictionary_name) if charc.dictionary else text
        if value is None:
            notes.append(f"«{charc.name}»: значения «{text}» нет в справочнике WB")
            continue
        if value not in values:
            values.append(value)
    if charc.max_count and len(values) > charc.max_count:
        notes.append(f"«{charc.name}»: WB принимает не больше {charc.max_count}, лишние значения убраны")
        values = values[: charc.max_count]
    return values or None
