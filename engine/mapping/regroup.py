"""Ozon products (one per colour × size) regrouped into WB groups → cards → sizes.

Ozon merges a model's variants by ``model_info.model_id``; WB wants one card per
colour holding all its sizes, and cards of one model joined in one group (imtID).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from engine.ozon.catalog import OzonProduct

BRAND = 85
APPAREL_BRAND = 31
MODEL_NAME = 9048
MERGE_ON_CARD = 8292
COLOUR = 10096
COLOUR_NAME = 10097
RUSSIAN_SIZE = 4295
MAKER_SIZE = 9533
WB_GROUP_LIMIT = 30  # cards per WB group


@dataclass
class ColourCard:
    """Products of one colour of one model: a WB card, each product one of its sizes."""

    colour: str
    products: list[OzonProduct]
    ambiguous: bool = False  # several size-less products fell into one colour


@dataclass
class ProductGroup:
    key: str  # stable: "m<model_id>", "a<hash of the merge attribute>" or "p<product_id>"
    cards: list[ColourCard] = field(default_factory=list)


def first_text(product: OzonProduct, attribute_id: int) -> str:
    texts = product.attribute_texts(attribute_id)
    return texts[0].strip() if texts else ""


def brand_of(product: OzonProduct) -> str:
    return first_text(product, BRAND) or first_text(product, APPAREL_BRAND)


def colour_of(product: OzonProduct) -> str:
    """Base colours joined (sorted, so "черный, белый" and "белый, черный" agree) plus the colour name."""
    base = ", ".join(sorted({t.strip().lower() for t in product.attribute_texts(COLOUR) if t.strip()}))
    name = first_text(product, COLOUR_NAME)
    if name and name.lower() != base:
        return f"{base} ({name})" if base else name
    return base


def sizes_of(product: OzonProduct) -> tuple[str, str]:
    """(techSize, wbSize): the maker's size and the Russian one; adjacent Russian sizes are joined."""
    russian_values: list[str] = []
    for text in product.attribute_texts(RUSSIAN_SIZE):
        russian_values.extend(part.strip() for part in text.replace(",", ";").split(";") if part.strip())
    russian = "-".join(russian_values)
    maker = first_text(product, MAKER_SIZE)
    return (maker or russian, russian or maker)


def _group_key(product: OzonProduct) -> str:
    if product.model_id:
        return f"m{product.model_id}"
    merge_value = first_text(product, MODEL_NAME) or first_text(product, MERGE_ON_CARD)
    if merge_value:
        # Ozon only merges within one category, type and brand; so do we.
        basis = "\x1f".join(
            [merge_value.lower(), str(product.description_category_id), str(product.type_id), brand_of(product)]
        )
        return "a" + hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"p{product.product_id}"


def regroup(products: list[OzonProduct]) -> list[ProductGroup]:
    """Groups in a stable order; a model of more than 30 colours, or of cards WB could not tell apart, is split
    into several WB groups."""
    by_key: dict[str, list[OzonProduct]] = defaultdict(list)
    for product in products:
        by_key[_group_key(product)].append(product)
    groups: list[ProductGroup] = []
    for key in sorted(by_key, key=lambda k: min(p.offer_id for p in by_key[k])):
        parts = [layer[start : start + WB_GROUP_LIMIT]
                 for layer in _distinct_layers(_split_by_colour(by_key[key]))
                 for start in range(0, len(layer), WB_GROUP_LIMIT)]
        groups.extend(ProductGroup(key if n == 0 else f"{key}-{n + 1}", part) for n, part in enumerate(parts))
    return groups


def wb_colour_key(card: ColourCard) -> tuple[str, ...]:
    """What WB tells the cards of a group apart by: the base colours (the colour name does not travel)."""
    return tuple(sorted({t.strip().casefold() for t in card.products[0].attribute_texts(COLOUR) if t.strip()}))


def _distinct_layers(cards: list[ColourCard]) -> list[list[ColourCard]]:
    """The cards spread over as few groups as possible such that no group holds two cards of one WB colour.

    WB refuses a whole group whose cards it cannot tell apart ("non unique characteristics in one group"):
    two shades named apart on Ozon but of one base colour, or same-colour products kept as separate cards.
    The first card of each colour stays in the model's group, each repeat goes to the next group along;
    the cards (and so their vendor codes) stay as they are, only their grouping changes.
    """
    layers: list[tuple[set[tuple[str, ...]], list[ColourCard]]] = []
    for card in cards:
        colour = wb_colour_key(card)
        for taken, members in layers:
            if colour not in taken:
                taken.add(colour)
                members.append(card)
                break
        else:
            layers.append(({colour}, [card]))
    return [members for _, members in layers]


def _split_by_colour(products: list[OzonProduct]) -> list[ColourCard]:
    by_colour: dict[str, list[OzonProduct]] = defaultdict(list)
    for product in sorted(products, key=lambda p: (p.offer_id, p.product_id)):
        by_colour[colour_of(product)].append(product)
    cards: list[ColourCard] = []
    for colour in sorted(by_colour):
        members = by_colour[colour]
        if len(members) > 1 and _sizes_collide(members):
            # Same colour, no telling the sizes apart: merging would hide a product, so keep each alone.
            cards.extend(ColourCard(colour, [p], ambiguous=True) for p in members)
        else:
            cards.append(ColourCard(colour, members))
    return cards


def _sizes_collide(products: list[OzonProduct]) -> bool:
    seen: set[tuple[str, str]] = set()
    for product in products:
        size = sizes_of(product)
        if size == ("", "") or size in seen:
            return True
        seen.add(size)
    return False
