"""Reading a whole Ozon catalog with as few requests as the batch limits allow.

The flow (ozon-api.md §5): page ``/v3/product/list`` by 1000 with ``visibility=ALL`` and then
``ARCHIVED`` (``ALL`` excludes archived products); fetch info, attributes, prices and stocks
for the listed ids in batches of exactly 1000 (ids are pooled across list pages, so a short
last page does not cost an extra batch); fetch a description only for products whose
attribute 4191 is empty. Batches run in a small thread pool while listing continues; the
shared rate limiter keeps the whole read under Ozon's 50 rps.

Products are joined by ``product_id``: an ``offer_id`` can belong to an archived and an
active product at once, and each of them is kept, exactly once.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import NotFoundError
from engine.ozon.models import (
    ProductAttribute,
    ProductAttributes,
    ProductInfo,
    ProductListItem,
    ProductPrices,
    ProductStocks,
    StockEntry,
)

if TYPE_CHECKING:
    from engine.ozon.client import OzonClient

logger = logging.getLogger(__name__)

DESCRIPTION_ATTRIBUTE = 4191
VISIBILITIES = ("ALL", "ARCHIVED")
DescriptionSource = Literal["attribute", "endpoint", "none"]
T = TypeVar("T")


class OzonProduct(BaseModel):
    """One Ozon product (one size/colour variant) with everything ozwb reads about it."""

    model_config = ConfigDict(frozen=False)

    product_id: int
    offer_id: str
    sku: int | None = None
    archived: bool = False
    name: str = ""
    description: str = ""
    description_source: DescriptionSource = "none"
    description_category_id: int | None = None
    type_id: int | None = None
    model_id: int | None = None
    barcodes: list[str] = Field(default_factory=list)
    images: list[str] = Field(default_factory=list)
    primary_image: str | None = None
    price: Decimal | None = None
    old_price: Decimal | None = None
    min_price: Decimal | None = None
    currency_code: str = ""
    vat: Decimal | None = None
    attributes: list[ProductAttribute] = Field(default_factory=list)
    complex_attributes: list[ProductAttribute] = Field(default_factory=list)
    stocks: list[StockEntry] = Field(default_factory=list)
    listing: ProductListItem
    info: ProductInfo | None = None
    details: ProductAttributes | None = None
    prices: ProductPrices | None = None

    def attribute_texts(self, attribute_id: int) -> list[str]:
        found = next((a for a in self.attributes if a.id == attribute_id), None)
        return found.texts if found else []


@dataclass
class CatalogRead:
    """Everything fetched so far, keyed by product_id."""

    listing: dict[int, ProductListItem] = field(default_factory=dict)
    info: dict[int, ProductInfo] = field(default_factory=dict)
    details: dict[int, ProductAttributes] = field(default_factory=dict)
    prices: dict[int, ProductPrices] = field(default_factory=dict)
    stocks: dict[int, ProductStocks] = field(default_factory=dict)
    descriptions: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalog is parsed.

    A 10,000-product read allocates millions of objects that all stay alive; every full
    collection walks them again, which tripled the client's CPU time in the benchmark. The
    parsed payloads hold no reference cycles, so reference counting frees the garbage anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _description_of(details: ProductAttributes | None) -> str:
    if details is None:
        return ""
    found = details.attribute(DESCRIPTION_ATTRIBUTE)
    return "\n".join(found.texts) if found else ""


class CatalogReader:
    """Runs one full read for :meth:`OzonClient.read_catalog`."""

    def __init__(self, client: OzonClient, max_workers: int = 4, batch_size: int = 1000) -> None:
        self.client = client
        self.batch_size = batch_size
        self.read = CatalogRead()
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="ozon-read")
        self._futures: list[Future[None]] = []
        self._futures_lock = threading.Lock()

    def run(self) -> list[OzonProduct]:
        with _bulk_allocation():
            return self._run()

    def _run(self) -> list[OzonProduct]:
        try:
            pending: list[int] = []
            for visibility in VISIBILITIES:
                for page in self.client.iter_product_list_pages(visibility):
                    for item in page:
                        if item.product_id in self.read.listing:
                            continue
                        if visibility == "ARCHIVED":
                            item.archived = True
                        self.read.listing[item.product_id] = item
                        pending.append(item.product_id)
                    while len(pending) >= self.batch_size:
                        self._submit_batch(pending[: self.batch_size])
                        pending = pending[self.batch_size :]
            if pending:
                self._submit_batch(pending)
            self._wait_all()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        return [self._join(pid) for pid in self.read.listing]

    def _submit(self, task: Callable[[], None]) -> None:
        future = self._pool.submit(task)
        with self._futures_lock:
            self._futures.append(future)

    def _wait_all(self) -> None:
        done = 0
        while True:
            with self._futures_lock:
                batch = self._futures[done:]
            if not batch:
                return
            for future in batch:
                future.result()  # re-raises the first failure; ``finally`` cancels the rest
            done += len(batch)

    def _submit_batch(self, ids: list[int]) -> None:
        self._submit(lambda: self._store(self.read.info, self.client.get_product_info(ids), lambda p: p.id))
        self._submit(lambda: self._fetch_details(ids))
        self._submit(lambda: self._store(self.read.prices, self.client.iter_prices(ids), lambda p: p.product_id))
        self._submit(lambda: self._store(self.read.stocks, self.client.iter_stocks(ids), lambda p: p.product_id))

    def _store(self, target: dict[int, T], items: Iterable[T], key: Callable[[T], int]) -> None:
        fetched = list(items)
        with self.read.lock:
            for item in fetched:
                target.setdefault(key(item), item)

    def _fetch_details(self, ids: list[int]) -> None:
        fetched = list(self.client.iter_product_attributes(ids))
        self._store(self.read.details, fetched, lambda p: p.id)
        for details in fetched:
            if not _description_of(details).strip():
                self._submit(functools.partial(self._fetch_description, details.id))

    def _fetch_description(self, product_id: int) -> None:
        try:
            text = self.client.get_description(product_id).description
        except NotFoundError:
            text = ""  # Ozon answers 404 "Not Found" for a product without one
        with self.read.lock:
            self.read.descriptions[product_id] = text

    def _join(self, product_id: int) -> OzonProduct:
        description = _description_of(self.read.details.get(product_id))
        source: DescriptionSource = "attribute" if description.strip() else "none"
        fetched = self.read.descriptions.get(product_id, "")
        if source == "none" and fetched.strip():
            description, source = fetched, "endpoint"
        return join_product(
            self.read.listing[product_id],
            self.read.info.get(product_id),
            self.read.details.get(product_id),
            self.read.prices.get(product_id),
            self.read.stocks.get(product_id),
            description,
            source,
        )


def _first(*values: T | None) -> T | None:
    """The first value that is set and not empty."""
    return next((v for v in values if v not in (None, "", [], 0)), None)


def join_product(
    listing: ProductListItem,
    info: ProductInfo | None,
    details: ProductAttributes | None,
    prices: ProductPrices | None,
    stocks: ProductStocks | None,
    description: str = "",
    description_source: DescriptionSource = "none",
) -> OzonProduct:
    """One product from its records; v4 attributes win for content, v5 prices for money."""
    block = prices.price if prices else None
    d, i = details, info
    images = _first(d.images if d else None, i.images if i else None) or []
    primary = _first(d.primary_image if d else None, i.primary_image if i else None) or images[:1]
    return OzonProduct(
        product_id=listing.product_id,
        offer_id=_first(listing.offer_id, i.offer_id if i else None, d.offer_id if d else None) or "",
        sku=_first(listing.sku, i.sku if i else None, d.sku if d else None),
        archived=listing.archived or bool(i and i.is_archived),
        name=_first(i.name if i else None, d.name if d else None) or "",
        description=description,
        description_source=description_source,
        description_category_id=_first(
            d.description_category_id if d else None, i.description_category_id if i else None
        ),
        type_id=_first(d.type_id if d else None, i.type_id if i else None),
        model_id=_first(d.model_info.model_id if d else None, i.model_info.model_id if i else None),
        barcodes=_first(d.barcodes if d else None, i.barcodes if i else None) or [],
        images=images,
        primary_image=primary[0] if primary else None,
        price=_first(block.price if block else None, i.price if i else None),
        old_price=_first(block.old_price if block else None, i.old_price if i else None),
        min_price=_first(block.min_price if block else None, i.min_price if i else None),
        currency_code=_first(block.currency_code if block else None, i.currency_code if i else None) or "",
        vat=_first_number(block.vat if block else None, i.vat if i else None),
        attributes=d.attributes if d else [],
        complex_attributes=d.complex_attributes if d else [],
        stocks=stocks.stocks if stocks else [],
        listing=listing,
        info=info,
        details=details,
        prices=prices,
    )


def _first_number(*values: Decimal | None) -> Decimal | None:
    """Like :func:`_first`, but a zero (VAT 0 %) is a real value."""
    return next((v for v in values if isinstance(v, Decimal)), None)
