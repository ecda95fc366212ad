"""WB payloads built from the validated card model, and how they are cut into requests.

Nothing here reads the sheet again: a :class:`~engine.validation.ValidatedCard` already holds every
value as WB takes it. Batching follows WB's documented limits (wb-api.md §6, §10, §11).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from engine.drafts import CharcValue
from engine.drafts import Dimensions as SheetDimensions
from engine.validation import ValidatedCard, ValidatedRow
from engine.wb.card_models import CardDraft, CardUpdate, Characteristic, Dimensions, Size
from engine.wb.models import dump

MAX_GROUPS_PER_UPLOAD = 100
MAX_VARIANTS_PER_GROUP = 30
MAX_UPDATE_CARDS = 1000  # WB allows 3000; the 10 MB cap comes first with long descriptions
MAX_BODY_BYTES = 10 * 1024 * 1024
BODY_SLACK = 64 * 1024  # headroom for what the HTTP layer adds; WB counts the raw body
MAX_BARCODES_PER_CALL = 5000
MAX_PRICES_PER_TASK = 1000
MAX_STOCKS_PER_CALL = 1000

T = TypeVar("T")


def wb_value(value: CharcValue) -> list[str] | int | float:
    """A characteristic as WB takes it: strings stay a list; a whole number goes without ``.0``."""
    if isinstance(value, list):
        return list(value)
    return int(value) if float(value).is_integer() else value


def wire_dimensions(dims: SheetDimensions | None) -> Dimensions | None:
    if dims is None:
        return None
    return Dimensions(length=dims.length_cm, width=dims.width_cm, height=dims.height_cm,
                      weight_brutto=dims.weight_kg)


def wire_size(row: ValidatedRow, barcodes: Sequence[str] = (), chrt_id: int | None = None) -> Size:
    return Size(chrt_id=chrt_id, tech_size=row.tech_size or None, wb_size=row.wb_size or None,
                skus=list(barcodes or row.barcodes))


def card_variant(card: ValidatedCard) -> CardDraft:
    """The ``cards/upload`` variant of a card, with the barcodes the sheet has (generated ones come later)."""
    return CardDraft(
        vendor_code=card.vendor_code,
        title=card.title or None,
        description=card.description or None,
        brand=card.brand or None,
        dimensions=wire_dimensions(card.dimensions),
        characteristics=[Characteristic(id=cid, value=wb_value(v)) for cid, v in sorted(card.characteristics.items())],
        sizes=[wire_size(row) for row in card.sizes],
    )


def variant_json(card: ValidatedCard) -> str:
    return json.dumps(dump(card_variant(card)), ensure_ascii=False, sort_keys=True)


def with_barcodes(variant: dict[str, Any], barcodes: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``variant`` with each size's barcodes replaced by ``barcodes[i]`` where that is not empty."""
    sizes = []
    for index, size in enumerate(variant.get("sizes") or [{}]):
        codes = list(barcodes[index]) if index < len(barcodes) and barcodes[index] else list(size.get("skus") or [])
        sizes.append({**size, "skus": codes} if codes else {k: v for k, v in size.items() if k != "skus"})
    return {**variant, "sizes": sizes}


def card_update(variant: dict[str, Any], nm_id: int, chrt_ids: Sequence[int | None]) -> CardUpdate:
    """A whole card for ``cards/update``: every field again, each known size with its chrtID (never a duplicate)."""
    update = CardUpdate.model_validate({**variant, "nmID": nm_id})
    for size, chrt in zip(update.sizes, chrt_ids, strict=False):
        size.chrt_id = chrt
        size.price = None  # a price goes through the prices API, never through an update
    return update


def body_bytes(payload: Any) -> int:
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def chunked(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def batches(items: Iterable[T], *, max_items: int, max_bytes: int = MAX_BODY_BYTES - BODY_SLACK,
            size_of: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive items in requests of at most ``max_items`` and ``max_bytes`` (a JSON array: +1 byte each).

    One item over ``max_bytes`` still goes alone: WB answers it with a 413, which the push records.
    """
    batch: list[T] = []
    used = 2
    for item in items:
        size = size_of(item) + 1
        if batch and (len(batch) >= max_items or used + size > max_bytes):
            yield batch
            batch, used = [], 2
        batch.append(item)
        used += size
    if batch:
        yield batch
