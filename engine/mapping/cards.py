"""Regrouped Ozon products → WB card drafts with every field the sheet shows."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from engine.drafts import CardDraft, Dimensions, SizeRow, SubjectChoice, SubjectSpec
from engine.mapping.characteristics import fill_characteristics
from engine.mapping.dictionary import vat_text
from engine.mapping.pricing import PriceRule, convert_price
from engine.mapping.regroup import ColourCard, ProductGroup, brand_of, sizes_of
from engine.mapping.text import html_to_text, shorten_title, strip_emoji, truncate_text
from engine.mapping.units import UnitError, convert_dimensions
from engine.mapping.vendor_codes import derive_vendor_code, make_unique
from engine.ozon.catalog import OzonProduct

WB_PHOTO_LIMIT = 30
TypeKey = tuple[int, int]


@dataclass(frozen=True)
class ExportOptions:
    price_rule: PriceRule = field(default_factory=PriceRule)
    # Ozon stock type (fbs, rfbs, fbo, fbp) -> WB warehouse id. FBO stock sits in Ozon's own
    # warehouses and cannot be sold from WB, so it is not mapped unless the seller says so.
    warehouse_map: dict[str, int] = field(default_factory=dict)
    include_archived: bool = False
    low_confidence: float = 0.5


@dataclass(frozen=True)
class CatalogContext:
    """What the drafts need besides the products: suggestions, WB subjects, Ozon names."""

    suggestions: dict[TypeKey, list[SubjectChoice]]
    subjects: dict[int, SubjectSpec]
    attribute_names: dict[TypeKey, dict[int, str]]
    ozon_paths: dict[TypeKey, str]
    type_names: dict[TypeKey, str]


def build_card_drafts(groups: list[ProductGroup], context: CatalogContext, options: ExportOptions) -> list[CardDraft]:
    return list(iter_card_drafts(groups, context, options))


def iter_card_drafts(
    groups: Iterable[ProductGroup], context: CatalogContext, options: ExportOptions
) -> Iterator[CardDraft]:
    """The drafts one at a time, in group order, so a big catalog never holds them all."""
    taken: set[str] = set()
    for group in groups:
        for card in group.cards:
            draft = _draft(group.key, card, context, options)
            draft.vendor_code = make_unique(draft.vendor_code, taken, str(card.products[0].product_id))
            taken.add(draft.vendor_code)
            yield draft


def _type_key(product: OzonProduct) -> TypeKey:
    return (product.description_category_id or 0, product.type_id or 0)


def _draft(group_key: str, card: ColourCard, context: CatalogContext, options: ExportOptions) -> CardDraft:
    first = card.products[0]
    key = _type_key(first)
    choices = context.suggestions.get(key, [])
    subject = choices[0] if choices else None
    spec = context.subjects.get(subject.subject_id) if subject else None
    brand = strip_emoji(brand_of(first))
    type_name = context.type_names.get(key, "")
    notes: list[str] = []

    title, title_notes = _title(first.name, brand, type_name.split(" ")[0] if type_name else "")
    notes.extend(title_notes)
    limit = spec.description_limit if spec else 2000
    description, cut = _description(first.description, limit)
    if cut:
        notes.append(f"Описание сокращено до {limit} символов")

    photos = list(dict.fromkeys(first.images))
    if len(photos) > WB_PHOTO_LIMIT:
        notes.append(f"Фото больше {WB_PHOTO_LIMIT}: лишние не переносятся")
        photos = photos[:WB_PHOTO_LIMIT]

    draft = CardDraft(
        group_key=group_key,
        vendor_code=derive_vendor_code([p.offer_id for p in card.products], card.colour),
        title=title,
        ozon_name=first.name,
        subject=subject,
        alternatives=choices[1:3],
        low_confidence=subject is None or subject.score < options.low_confidence,
        description=description,
        brand=brand,
        dimensions=_dimensions(first, notes),
        photos=photos,
        ozon_category=context.ozon_paths.get(key, ""),
        ozon_values=_ozon_values(first, context.attribute_names.get(key, {})),
        vat=vat_text(float(first.vat) if first.vat is not None else None),
        sizes=[_size_row(p, options) for p in card.products],
        notes=notes,
    )
    if card.ambiguous:
        notes.append("Размер не указан, а цвет совпадает с другими товарами модели: карточка оставлена отдельной")
    if first.archived:
        notes.append("Товар в архиве Ozon")
    if spec is not None:
        attributes = {aid: list(texts) for aid, texts in first.attribute_pairs() if texts}
        extra = {"ставка ндс": [draft.vat]} if draft.vat else None
        fill = fill_characteristics(attributes, context.attribute_names.get(key, {}), spec, extra=extra)
        draft.characteristics = fill.values
        draft.missing_required = fill.missing_required
        notes.extend(fill.notes)
    return draft


# Variants of one model share their texts (10,000 sample products have 1,791 descriptions), and
# parsing HTML was the drafts' biggest cost; the bounds keep a long-lived worker's memory flat.
@functools.lru_cache(maxsize=4096)
def _title(name: str, brand: str, type_word: str) -> tuple[str, tuple[str, ...]]:
    """The WB title of an Ozon name and the notes it earns."""
    notes: list[str] = []
    clean_name = strip_emoji(html_to_text(name)).replace("\n", " ")
    title = shorten_title(name, brand=brand, type_word=type_word)
    if title != clean_name:
        notes.append("Название сокращено до 60 символов для WB")
    if clean_name != " ".join(name.split()):
        notes.append("Из названия убраны эмодзи или разметка")
    return title, tuple(notes)


@functools.lru_cache(maxsize=2048)
def _description(markup: str, limit: int) -> tuple[str, bool]:
    """Plain description text within ``limit`` characters, and whether it had to be cut."""
    text = strip_emoji(html_to_text(markup))
    if len(text) > limit:
        return truncate_text(text, limit), True
    return text, False


def _dimensions(product: OzonProduct, notes: list[str]) -> Dimensions | None:
    details = product.details
    if details is None:
        notes.append("Нет габаритов упаковки")
        return None
    try:
        dims = convert_dimensions(
            _float(details.depth), _float(details.width), _float(details.height), details.dimension_unit or "mm",
            _float(details.weight), details.weight_unit or "g",
        )
    except UnitError as exc:
        notes.append(f"Габариты не пересчитаны: {exc}")
        return None
    if dims is None:
        notes.append("Нет габаритов упаковки")
    return dims


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _size_row(product: OzonProduct, options: ExportOptions) -> SizeRow:
    tech, wb = sizes_of(product)
    price = convert_price(product.price, product.old_price, options.price_rule)
    stocks: dict[int, int] = {}
    for entry in product.stocks:
        warehouse = options.warehouse_map.get(entry.type)
        if warehouse is not None:
            stocks[warehouse] = stocks.get(warehouse, 0) + max(0, entry.present - entry.reserved)
    return SizeRow(
        ozon_product_id=product.product_id,
        ozon_offer_id=product.offer_id,
        ozon_sku=product.sku or None,
        tech_size=tech,
        wb_size=wb,
        barcodes=list(product.barcodes),
        price=price.price if price else None,
        discount=price.discount if price else None,
        stocks=stocks,
    )


def _ozon_values(product: OzonProduct, names: dict[int, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for attribute_id, texts in product.attribute_pairs():
        if attribute_id in (4191, 11254) or not texts:
            continue
        values[names.get(attribute_id, f"Атрибут {attribute_id}")] = "; ".join(texts)
    return values
