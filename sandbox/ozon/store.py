"""The seller's products as the emulator serves them: lookups, visibility filters and opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable, Sequence

from sandbox.catalog import Product, generate_catalog
from sandbox.ozon.errors import invalid_argument
from sandbox.ozon.requests import ProductFilter


def _visible(p: Product) -> bool:
    return not p.archived and p.moderated and p.has_stock and float(p.price) > 0


def _active(test: Callable[[Product], bool]) -> Callable[[Product], bool]:
    return lambda p: not p.archived and test(p)


def _nothing(_: Product) -> bool:
    return False


# ``ALL`` leaves archived products out, as the real API does; a full export asks for ``ARCHIVED`` too.
# States the sample catalog never has (quarantine, overpriced, failed moderation...) match nothing.
VISIBILITY_TESTS: dict[str, Callable[[Product], bool]] = {
    "ALL": _active(lambda p: True),
    "VISIBLE": _visible,
    "IN_SALE": _visible,
    "INVISIBLE": _active(lambda p: not _visible(p)),
    "EMPTY_STOCK": _active(lambda p: not p.has_stock),
    "NOT_MODERATED": _active(lambda p: not p.moderated),
    "VALIDATION_STATE_PENDING": _active(lambda p: not p.moderated),
    "MODERATED": _active(lambda p: p.moderated),
    "VALIDATION_STATE_SUCCESS": _active(lambda p: p.moderated),
    "READY_TO_SUPPLY": _active(lambda p: p.moderated and p.fbo_present == 0),
    "TO_SUPPLY": _active(lambda p: p.moderated and p.fbo_present == 0),
    "EMPTY_BARCODE": _active(lambda p: not p.barcodes),
    "BARCODE_EXISTS": _active(lambda p: bool(p.barcodes)),
    "VISIBLE_WITH_FBO_STOCK": _active(lambda p: p.fbo_present > 0),
    "ARCHIVED": lambda p: p.archived,
    "MANUAL_ARCHIVED": lambda p: p.archived,
}

SORT_KEYS: dict[str, Callable[[Product], tuple[object, int]]] = {
    "id": lambda p: (p.product_id, p.product_id),
    "sku": lambda p: (p.sku, p.product_id),
    "offer_id": lambda p: (p.offer_id, p.product_id),
    "title": lambda p: (p.name, p.product_id),
}


def encode_cursor(product: Product, next_offset: int) -> str:
    """Looks like Ozon's ``last_id`` (base64 of a small JSON array) and carries where to go on."""
    raw = json.dumps([str(product.product_id), str(next_offset)], separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=True))
        offset = int(data[1])
    except (binascii.Error, ValueError, TypeError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise invalid_argument("invalid last_id / cursor value") from exc
    if offset < 0:
        raise invalid_argument("invalid last_id / cursor value")
    return offset


class CatalogStore:
    """Read-only: the catalog never changes, so cached filter results stay valid."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.products = sorted(products, key=lambda p: p.product_id)
        self.by_id = {p.product_id: p for p in self.products}
        self.by_offer: dict[str, list[Product]] = {}
        self.by_sku: dict[int, Product] = {}
        for p in self.products:
            self.by_offer.setdefault(p.offer_id, []).append(p)
            if p.sku:
                self.by_sku[p.sku] = p
        self._views: dict[tuple[str, str, bool], list[Product]] = {}
        self._lock = threading.Lock()

    @classmethod
    def generate(cls, size: int | None, seed: int) -> CatalogStore:
        return cls(generate_catalog(size, seed))

    def view(self, visibility: str, sort_by: str = "id", descending: bool = False) -> list[Product]:
        key = (visibility, sort_by, descending)
        with self._lock:
            found = self._views.get(key)
        if found is None:
            test = VISIBILITY_TESTS.get(visibility, _nothing)
            found = [p for p in self.products if test(p)]
            if sort_by != "id" or descending:
                found.sort(key=SORT_KEYS[sort_by], reverse=descending)
            with self._lock:
                self._views[key] = found
        return found

    def select(self, flt: ProductFilter | None, sort_by: str = "id", descending: bool = False) -> list[Product]:
        """Products matching the filter. Id filters ignore visibility, as on Ozon; several id kinds narrow."""
        flt = flt or ProductFilter()
        groups: list[set[int]] = []
        if flt.offer_id:
            groups.append({p.product_id for o in flt.offer_id for p in self.by_offer.get(o, [])})
        if flt.product_id:
            groups.append({i for i in flt.product_id if i in self.by_id})
        skus = [*(flt.sku or []), *(flt.skus or [])]
        if skus:
            groups.append({self.by_sku[s].product_id for s in skus if s in self.by_sku})
        if not groups:
            return self.view(flt.visibility, sort_by, descending)
        ids = set.intersection(*groups)
        found = [self.by_id[i] for i in ids]
        found.sort(key=SORT_KEYS[sort_by], reverse=descending)
        return found

    def find_for_description(self, offer_id: str | None, product_id: int | None) -> Product | None:
        if product_id is not None:
            return self.by_id.get(product_id)
        same_offer = self.by_offer.get(offer_id or "", [])
        # An offer_id reused after archiving means the active product.
        active = [p for p in same_offer if not p.archived]
        candidates = active or same_offer
        return candidates[0] if candidates else None
