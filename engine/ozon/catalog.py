"""Reading a whole Ozon catalog with as few requests as the batch limits allow.

The flow (ozon-api.md §5): page ``/v3/product/list`` by 1000 with ``visibility=ALL`` and then
``ARCHIVED`` (``ALL`` excludes archived products); fetch info, attributes, prices and stocks
for the listed ids in batches of exactly 1000 (ids are pooled across list pages, so a short
last page does not cost an extra batch); fetch a description only for products whose
attribute 4191 is empty. Batches run in a small thread pool while listing continues; the
shared rate limiter keeps the whole read under Ozon's 50 rps.

Answers are parsed straight into compact parts (:mod:`engine.ozon.records`) and each batch is
joined into :class:`OzonProduct` objects as soon as its last answer is in, so the read never
holds more than a few batches of raw data however big the catalog is.

Products are joined by ``product_id``: an ``offer_id`` can belong to an archived and an
active product at once, and each of them is kept, exactly once.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from engine.errors import NotFoundError
from engine.ozon.allocation import bulk_allocation
from engine.ozon.product import (
    EMPTY_ATTRIBUTES,
    DescriptionSource,
    Interner,
    OzonProduct,
    PriceBlock,
    Stock,
)
from engine.ozon.records import (
    DetailsPart,
    InfoPart,
    parse_details,
    parse_info,
    parse_prices,
    parse_stocks,
    read_item,
)

if TYPE_CHECKING:
    from engine.ozon.client import OzonClient

logger = logging.getLogger(__name__)

VISIBILITIES = ("ALL", "ARCHIVED")
T = TypeVar("T")


class Listed(NamedTuple):
    """A ``/v3/product/list`` item, as far as the join uses it."""

    offer_id: str
    sku: int | None
    archived: bool


@dataclass
class Batch:
    """Up to 1000 listed products and the answers fetched for them so far."""

    listed: list[tuple[int, Listed]]
    pending: int = 4  # info, attributes, prices, stocks; plus one per description call
    info: dict[int, InfoPart] = field(default_factory=dict)
    details: dict[int, DetailsPart] = field(default_factory=dict)
    prices: dict[int, PriceBlock] = field(default_factory=dict)
    stocks: dict[int, tuple[Stock, ...]] = field(default_factory=dict)
    descriptions: dict[int, str] = field(default_factory=dict)
    products: list[OzonProduct] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [pid for pid, _ in self.listed]


class CatalogReader:
    """Runs one full read for :meth:`OzonClient.read_catalog`."""

    def __init__(self, client: OzonClient, max_workers: int = 4, batch_size: int = 1000) -> None:
        self.client = client
        self.batch_size = batch_size
        self.batches: list[Batch] = []
        self.interner = Interner()
        self.lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="ozon-read")
        self._futures: list[Future[None]] = []

    def run(self) -> list[OzonProduct]:
        with bulk_allocation():
            return self._run()

    def _run(self) -> list[OzonProduct]:
        try:
            seen: set[int] = set()
            pending: list[tuple[int, Listed]] = []
            for visibility in VISIBILITIES:
                for page in self.client.iter_product_list_pages(visibility):
                    for item in page:
                        if item.product_id in seen:
                            continue
                        seen.add(item.product_id)
                        archived = item.archived or visibility == "ARCHIVED"
                        pending.append((item.product_id, Listed(item.offer_id, item.sku, archived)))
                    while len(pending) >= self.batch_size:
                        self._submit_batch(pending[: self.batch_size])
                        pending = pending[self.batch_size :]
            if pending:
                self._submit_batch(pending)
            self._wait_all()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        return [product for batch in self.batches for product in batch.products]

    def _submit(self, task: Callable[[], None]) -> None:
        future = self._pool.submit(task)
        with self.lock:
            self._futures.append(future)

    def _wait_all(self) -> None:
        done = 0
        while True:
            with self.lock:
                waiting = self._futures[done:]
            if not waiting:
                return
            for future in waiting:
                future.result()  # re-raises the first failure; ``finally`` cancels the rest
            done += len(waiting)

    def _submit_batch(self, listed: list[tuple[int, Listed]]) -> None:
        batch = Batch(listed)
        self.batches.append(batch)
        ids = batch.ids
        client = self.client
        self._submit(lambda: self._fetch(batch, batch.info, client.iter_raw_product_info(ids),
                                         parse_info, "/v3/product/info/list"))
        self._submit(lambda: self._fetch_details(batch, ids))
        self._submit(lambda: self._fetch(batch, batch.prices, client.iter_raw_prices(ids),
                                         parse_prices, "/v5/product/info/prices"))
        self._submit(lambda: self._fetch(batch, batch.stocks, client.iter_raw_stocks(ids),
                                         parse_stocks, "/v4/product/info/stocks"))

    def _parse_all(
        self, items: Iterable[Any], parse: Callable[[dict[str, Any], Interner], tuple[int, T]], path: str
    ) -> list[tuple[int, T]]:
        # The interner is shared across threads without a lock: dict.setdefault is atomic.
        return [read_item(parse, item, self.interner, path) for item in items]

    def _fetch(
        self, batch: Batch, target: dict[int, T], items: Iterable[Any],
        parse: Callable[[dict[str, Any], Interner], tuple[int, T]], path: str,
    ) -> None:
        for pid, part in self._parse_all(items, parse, path):
            target.setdefault(pid, part)
        self._finish(batch)

    def _fetch_details(self, batch: Batch, ids: list[int]) -> None:
        parsed = self._parse_all(self.client.iter_raw_product_attributes(ids), parse_details,
                                 "/v4/product/info/attributes")
        for pid, part in parsed:
            batch.details.setdefault(pid, part)
        for pid, part in parsed:
            if not part.description.strip():
                with self.lock:
                    batch.pending += 1
                self._submit(functools.partial(self._fetch_description, batch, pid))
        self._finish(batch)

    def _fetch_description(self, batch: Batch, product_id: int) -> None:
        try:
            text = self.client.get_description(product_id).description
        except NotFoundError:
            text = ""  # Ozon answers 404 "Not Found" for a product without one
        batch.descriptions[product_id] = text
        self._finish(batch)

    def _finish(self, batch: Batch) -> None:
        """Count one answer in; the batch's last one joins it and lets go of its parts."""
        with self.lock:
            batch.pending -= 1
            if batch.pending:
                return
        batch.products = [self._join(batch, pid, listed) for pid, listed in batch.listed]
        batch.listed, batch.info, batch.details, batch.prices, batch.stocks, batch.descriptions = [], {}, {}, {}, {}, {}

    @staticmethod
    def _join(batch: Batch, product_id: int, listed: Listed) -> OzonProduct:
        details = batch.details.get(product_id)
        description = details.description if details else ""
        source: DescriptionSource = "attribute" if description.strip() else "none"
        fetched = batch.descriptions.get(product_id, "")
        if source == "none" and fetched.strip():
            description, source = fetched, "endpoint"
        return join_product(
            product_id, listed, batch.info.get(product_id), details, batch.prices.get(product_id),
            batch.stocks.get(product_id), description, source,
        )


_EMPTY = (None, "", (), 0)


def _first(*values: T | None) -> T | None:
    """The first value that is set and not empty (a zero is empty: ``Decimal(0) == 0``)."""
    for value in values:  # a loop, not next(genexpr): 13 calls per product
        if value not in _EMPTY:
            return value
    return None


def join_product(
    product_id: int,
    listed: Listed,
    info: InfoPart | None,
    details: DetailsPart | None,
    prices: PriceBlock | None,
    stocks: tuple[Stock, ...] | None,
    description: str = "",
    description_source: DescriptionSource = "none",
) -> OzonProduct:
    """One product from its parts; v4 attributes win for content, v5 prices for money."""
    block, d, i = prices, details, info
    images = _first(d.images if d else None, i.images if i else None) or ()
    primary = _first(d.primary_image if d else None, i.primary_image if i else None) or images[:1]
    name = _first(i.name if i else None, d.name if d else None) or ""
    if d is not None and name == d.name:
        name = d.name  # the copy the attributes share
    return OzonProduct(
        product_id=product_id,
        offer_id=_first(listed.offer_id, i.offer_id if i else None, d.offer_id if d else None) or "",
        sku=_first(listed.sku, i.sku if i else None, d.sku if d else None),
        archived=listed.archived or bool(i and i.is_archived),
        name=name,
        description=description,
        description_source=description_source,
        description_category_id=_first(
            d.description_category_id if d else None, i.description_category_id if i else None
        ),
        type_id=_first(d.type_id if d else None, i.type_id if i else None),
        model_id=_first(d.model_id if d else None, i.model_id if i else None),
        barcodes=list(_first(d.barcodes if d else None, i.barcodes if i else None) or ()),
        images=list(images),
        primary_image=(images[0] if images and images[0] == primary[0] else primary[0]) if primary else None,
        price=_first(block.price if block else None, i.price if i else None),
        old_price=_first(block.old_price if block else None, i.old_price if i else None),
        min_price=_first(block.min_price if block else None, i.min_price if i else None),
        currency_code=_first(block.currency_code if block else None, i.currency_code if i else None) or "",
        vat=_first_number(block.vat if block else None, i.vat if i else None),
        attributes=d.attributes if d else EMPTY_ATTRIBUTES,
        stocks=stocks or (),
        info=i.status if i else None,
        details=d.package if d else None,
        prices=block,
    )


def _first_number(*values: Decimal | None) -> Decimal | None:
    """Like :func:`_first`, but a zero (VAT 0 %) is a real value."""
    return next((v for v in values if isinstance(v, Decimal)), None)


__all__ = ["Batch", "CatalogReader", "Listed", "OzonProduct", "join_product"]
