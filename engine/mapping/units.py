"""Ozon's mixed units to WB's: whole centimetres and kilograms."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from engine.drafts import Dimensions
from engine.errors import OzwbError

_LENGTH_TO_CM = {"mm": 0.1, "cm": 1.0, "m": 100.0, "in": 2.54, "мм": 0.1, "см": 1.0, "м": 100.0}
_WEIGHT_TO_KG = {"g": 0.001, "kg": 1.0, "lb": 0.45359237, "г": 0.001, "кг": 1.0, "mg": 0.000001, "мг": 0.000001}


class UnitError(OzwbError, ValueError):
    """A unit we do not know how to convert (a ValueError too: the value names no unit we know)."""


def to_whole_cm(value: float, unit: str) -> int:
    """Round *up*: WB charges logistics on what we declare, and undersizing gets a package rejected."""
    factor = _LENGTH_TO_CM.get(unit.strip().lower())
    if factor is None:
        raise UnitError(f"неизвестная единица длины: {unit!r}")
    cm = value * factor
    # A float like 10.000000001 from mm/10 must not become 11.
    return max(0, math.ceil(round(cm, 6)))


def to_kg(value: float, unit: str) -> float:
    factor = _WEIGHT_TO_KG.get(unit.strip().lower())
    if factor is None:
        raise UnitError(f"неизвестная единица веса: {unit!r}")
    kg = Decimal(str(value * factor)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return float(kg)


def convert_dimensions(
    depth: float | None, width: float | None, height: float | None, dimension_unit: str,
    weight: float | None, weight_unit: str,
) -> Dimensions | None:
    """Ozon package dimensions (depth → WB length) or None when any is missing or zero."""
    if depth is None or width is None or height is None or weight is None:
        return None
    if min(depth, width, height, weight) <= 0:
        return None
    return Dimensions(
        length_cm=max(1, to_whole_cm(depth, dimension_unit)),
        width_cm=max(1, to_whole_cm(width, dimension_unit)),
        height_cm=max(1, to_whole_cm(height, dimension_unit)),
        weight_kg=max(0.001, to_kg(weight, weight_unit)),
    )


_NUMBER_WITH_UNIT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*([a-zA-Zа-яА-ЯёЁ²/.]*)")

_UNIT_FAMILIES: dict[str, dict[str, float]] = {
    "length": {"мм": 0.001, "см": 0.01, "м": 1.0, "км": 1000.0, "mm": 0.001, "cm": 0.01, "m": 1.0},
    "mass": {"мг": 0.000001, "г": 0.001, "кг": 1.0, "т": 1000.0, "mg": 0.000001, "g": 0.001, "kg": 1.0},
    "volume": {"мл": 0.001, "л": 1.0, "ml": 0.001, "l": 1.0},
    "power": {"вт": 1.0, "квт": 1000.0, "w": 1.0, "kw": 1000.0},
    "capacity": {"мач": 1.0, "ач": 1000.0, "mah": 1.0, "ah": 1000.0},
}


def _family_of(unit: str) -> tuple[dict[str, float], float] | None:
    key = unit.strip().lower().rstrip(".")
    for family in _UNIT_FAMILIES.values():
        if key in family:
            return family, family[key]
    return None


def parse_number(text: str, target_unit: str = "") -> float | None:
    """A number from Ozon text like ``"1,5 л"`` or ``"250"``, in ``target_unit`` when both units are known.

    Returns None when the text holds no number or the units are of different kinds.
    """
    match = _NUMBER_WITH_UNIT.search(text.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    source_unit = match.group(2)
    if not source_unit or not target_unit:
        return number
    source = _family_of(source_unit)
    target = _family_of(target_unit)
    if source is None or target is None:
        return number
    if source[0] is not target[0]:
        return None
    return round(number * source[1] / target[1], 6)
