"""Russian product names and descriptions, assembled from the templates in ``samples/ozon/types.json``."""

from __future__ import annotations

import random
from typing import Any

NO_BRAND = "Нет бренда"


def compose_name(tpl: dict[str, Any], brand: str, feature: str, gender_word: str, colour_name: str) -> str:
    """Ozon style: type, (gender), what it is, brand, then the colour after a comma."""
    parts = [tpl["noun"]]
    if gender_word:
        parts.append(gender_word)
    parts.append(feature)
    if brand != NO_BRAND:
        parts.append(brand)
    name = " ".join(parts)
    return f"{name}, {colour_name}" if colour_name else name


def compose_model_name(tpl: dict[str, Any], brand: str, feature: str) -> str:
    """What sellers put in 9048: the name without the variant part."""
    return " ".join(p for p in (tpl["noun"], brand if brand != NO_BRAND else "", feature) if p)


def compose_description(
    rng: random.Random, tpl: dict[str, Any], brand: str, feature: str, composition: str, country: str, care: str
) -> str:
    """A marketing text in one of the three shapes sellers use: plain, ``<br/>`` breaks, or a ``<ul>`` list.

    Ozon keeps the seller's light HTML as is, so a third of the samples carry it.
    """
    about: list[str] = list(tpl["about"])
    picked = rng.sample(about, k=min(len(about), rng.randint(2, 3)))
    lead = f"{tpl['noun']} {feature}" + (f" от бренда {brand}." if brand != NO_BRAND else ".")
    style = rng.randrange(3)
    if style == 0:
        return f"{lead} {' '.join(picked)} Состав: {composition}. Страна производства: {country}."
    if style == 1:
        return f"{lead}<br/>{' '.join(picked)}<br/><br/>Состав: {composition}.<br/>Уход: {care}"
    items = [*picked[1:], f"Состав: {composition}", f"Страна производства: {country}", f"Уход: {care}"]
    return f"{lead} {picked[0]}<ul><li>" + "</li><li>".join(items) + "</li></ul>"


def price_text(value: float) -> str:
    """Prices as ``/v3/product/info/list`` writes them."""
    return f"{value:.2f}"
