"""Typed access to the Ozon Seller API methods ozwb reads (all POST + JSON, even reads).

Ids go out as strings (the spec types them ``string(int64)``); answers are parsed leniently.
Every list method has an iterator that pages until the end; pagination differs per method
(``last_id``, ``cursor``, ``last_value_id`` + ``has_next``), see ozon-api.md §9.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, Self, TypeVar

import httpx
from pydantic import BaseModel

from engine.errors import ConfigurationError
from engine.http import OZON, HttpClient, RetryPolicy
from engine.http.decoding import parse_model
from engine.ozon.catalog import CatalogReader, OzonProduct
from engine.ozon.models import (
    CategoryAttribute,
    CategoryNode,
    CursorPage,
    DictionaryPage,
    DictionaryValue,
    KeyInfo,
    ProductAttributes,
    ProductDescription,
    ProductInfo,
    ProductListItem,
    ProductListPage,
    ProductPrices,
    ProductStocks,
    RawItemsPage,
    RawResultPage,
)
from engine.ratelimit import OZON_GLOBAL, RateLimiter, limiter_key, shared_limiter
from engine.settings import Settings

logger = logging.getLogger(__name__)

PAGE_LIMIT = 1000  # list, attributes, stocks, prices: 1..1000
BATCH_LIMIT = 1000  # ids per call
DICTIONARY_LIMIT = 2000
Language = Literal["DEFAULT", "RU", "EN", "TR", "ZH_HANS"]
ModelT = TypeVar("ModelT", bound=BaseModel)


def chunked(ids: Sequence[int], size: int = BATCH_LIMIT) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _id_filter(product_ids: Iterable[int]) -> list[str]:
    return [str(pid) for pid in product_ids]


class OzonClient:
    """One Ozon seller account (Client-Id + Api-Key)."""

    def __init__(
        self,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        client_id = settings.ozon_client_id.strip()
        api_key = settings.ozon_api_key.get_secret_value().strip()
        if not client_id or not api_key:
            raise ConfigurationError("Ozon Client-Id and Api-Key are required (OZWB_OZON_CLIENT_ID, OZWB_OZON_API_KEY)")
        self.http = HttpClient(
            dialect=OZON,
            base_url=settings.ozon_base_url,
            credentials={"Client-Id": client_id, "Api-Key": api_key},
            secrets=[api_key],
            limiter=limiter or shared_limiter(settings.limit_speed),
            # Ozon counts its 50 rps per Client-Id.
            limiter_key=limiter_key("ozon", client_id),
            policy=policy or RetryPolicy.from_settings(settings),
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"OzonClient(base_url={self.http.base_url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def _post(self, path: str, body: dict[str, Any] | None) -> Any:
        # Every method used here is a read: repeating it is always safe.
        return self.http.request_json("POST", path, json=body, bucket=OZON_GLOBAL, idempotent=True)

    def _parse(self, model: type[ModelT], data: Any, path: str) -> ModelT:
        return parse_model(model, data, marketplace="ozon", method="POST", path=path)

    # --- key -------------------------------------------------------------------------

    def check_key(self) -> KeyInfo:
        """The key's roles and expiry; raises ``AuthenticationError`` for a wrong key."""
        path = "/v1/roles"
        return self._parse(KeyInfo, self._post(path, None), path)

    # --- products --------------------------------------------------------------------

    def iter_product_list_pages(
        self, visibility: str = "ALL", *, limit: int = PAGE_LIMIT
    ) -> Iterator[list[ProductListItem]]:
        """Pages of ``/v3/product/list``. ``ALL`` is everything *except* archived; ask ``ARCHIVED`` too."""
        path = "/v3/product/list"
        last_id = ""
        seen = 0
        cursors: set[str] = set()
        while True:
            body = {"filter": {"visibility": visibility}, "last_id": last_id, "limit": limit}
            data = self._post(path, body)
            page = self._parse(ProductListPage, (data or {}).get("result") or {}, path)
            if page.items:
                yield page.items
            seen += len(page.items)
            if _last_page(len(page.items), limit, seen, page.total, page.last_id, cursors):
                return
            last_id = page.last_id

    def iter_product_list(self, visibility: str = "ALL", *, limit: int = PAGE_LIMIT) -> Iterator[ProductListItem]:
        for page in self.iter_product_list_pages(visibility, limit=limit):
            yield from page

    def get_product_info(self, product_ids: Sequence[int]) -> list[ProductInfo]:
        """``/v3/product/info/list`` in batches of ≤ 1000 ids (no pagination, no ``result`` wrapper)."""
        path = "/v3/product/info/list"
        return [self._parse(ProductInfo, item, path) for item in self.iter_raw_product_info(product_ids)]

    def iter_raw_product_info(self, product_ids: Sequence[int]) -> Iterator[Any]:
        """The items of :meth:`get_product_info` as decoded JSON (not yet checked to be objects), for the bulk
        read that parses them itself."""
        path = "/v3/product/info/list"
        for batch in chunked(product_ids):
            data = self._post(path, {"product_id": _id_filter(batch)})
            yield from self._parse(RawItemsPage, data or {}, path).items or []

    def iter_product_attributes(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[ProductAttributes]:
        """``/v4/product/info/attributes``: by id batches, or everything of one ``visibility``."""
        path = "/v4/product/info/attributes"
        for item in self.iter_raw_product_attributes(product_ids, visibility=visibility, limit=limit):
            yield self._parse(ProductAttributes, item, path)

    def iter_raw_product_attributes(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[Any]:
        """The items of :meth:`iter_product_attributes` as decoded JSON (see :meth:`iter_raw_product_info`)."""
        batches: Iterable[list[int] | None] = chunked(product_ids) if product_ids is not None else [None]
        for batch in batches:
            yield from self._attribute_pages(batch, visibility, limit)

    def _attribute_pages(self, batch: list[int] | None, visibility: str, limit: int) -> Iterator[Any]:
        path = "/v4/product/info/attributes"
        filter_: dict[str, Any] = {"product_id": _id_filter(batch)} if batch is not None else {}
        filter_["visibility"] = visibility
        last_id = ""
        seen = 0
        cursors: set[str] = set()
        while True:
            body = {"filter": filter_, "last_id": last_id, "limit": limit, "sort_by": "id"}
            page = self._parse(RawResultPage, self._post(path, body) or {}, path)
            yield from page.result
            seen += len(page.result)
            expected = page.total if batch is None else min(page.total or len(batch), len(batch))
            if _last_page(len(page.result), limit, seen, expected, page.last_id, cursors):
                return
            last_id = page.last_id

    def get_description(self, product_id: int) -> ProductDescription:
        """One product's description (HTML allowed). One product per call: prefer attribute 4191."""
        path = "/v1/product/info/description"
        data = self._post(path, {"product_id": product_id})
        return self._parse(ProductDescription, (data or {}).get("result") or {}, path)

    def iter_stocks(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[ProductStocks]:
        """``/v4/product/info/stocks`` (FBS/rFBS/FBP; FBO figures may be incomplete)."""
        for item in self.iter_raw_stocks(product_ids, visibility=visibility, limit=limit):
            yield self._parse(ProductStocks, item, "/v4/product/info/stocks")

    def iter_raw_stocks(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[Any]:
        """The items of :meth:`iter_stocks` as decoded JSON (see :meth:`iter_raw_product_info`)."""
        return self._cursor_items("/v4/product/info/stocks", product_ids, visibility, limit)

    def iter_prices(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[ProductPrices]:
        """``/v5/product/info/prices``: prices as numbers, commissions, promo prices."""
        for item in self.iter_raw_prices(product_ids, visibility=visibility, limit=limit):
            yield self._parse(ProductPrices, item, "/v5/product/info/prices")

    def iter_raw_prices(
        self, product_ids: Sequence[int] | None = None, *, visibility: str = "ALL", limit: int = PAGE_LIMIT
    ) -> Iterator[Any]:
        """The items of :meth:`iter_prices` as decoded JSON (see :meth:`iter_raw_product_info`)."""
        return self._cursor_items("/v5/product/info/prices", product_ids, visibility, limit)

    def _cursor_items(
        self, path: str, product_ids: Sequence[int] | None, visibility: str, limit: int
    ) -> Iterator[Any]:
        batches: Iterable[list[int] | None] = chunked(product_ids) if product_ids is not None else [None]
        for batch in batches:
            filter_: dict[str, Any] = {"visibility": visibility}
            if batch is not None:
                filter_["product_id"] = _id_filter(batch)
            cursor = ""
            seen = 0
            cursors: set[str] = set()
            while True:
                page = self._parse(CursorPage, self._post(path, {"cursor": cursor, "filter": filter_, "limit": limit})
                                   or {}, path)
                yield from page.items
                seen += len(page.items)
                expected = page.total if batch is None else min(page.total or len(batch), len(batch))
                if _last_page(len(page.items), limit, seen, expected, page.cursor, cursors):
                    break
                cursor = page.cursor

    def read_catalog(self, *, max_workers: int = 4) -> list[OzonProduct]:
        """The whole catalog, archived included, each product exactly once, in as few requests
        as the batch limits allow (see :mod:`engine.ozon.catalog`)."""
        return CatalogReader(self, max_workers=max_workers).run()

    # --- categories ------------------------------------------------------------------

    def get_category_tree(self, language: Language = "DEFAULT") -> list[CategoryNode]:
        """The whole tree in one answer; leaves are types, keyed with their parent category."""
        path = "/v1/description-category/tree"
        data = self._post(path, {"language": language})
        return [self._parse(CategoryNode, node, path) for node in (data or {}).get("result") or []]

    def get_category_attributes(
        self, description_category_id: int, type_id: int, language: Language = "DEFAULT"
    ) -> list[CategoryAttribute]:
        path = "/v1/description-category/attribute"
        body = {"description_category_id": description_category_id, "type_id": type_id, "language": language}
        data = self._post(path, body)
        return [self._parse(CategoryAttribute, item, path) for item in (data or {}).get("result") or []]

    def iter_attribute_values(
        self,
        attribute_id: int,
        description_category_id: int,
        type_id: int,
        *,
        language: Language = "DEFAULT",
        limit: int = DICTIONARY_LIMIT,
    ) -> Iterator[DictionaryValue]:
        """A dictionary, paged by ``last_value_id`` while ``has_next``. Brand/colour dictionaries are huge."""
        path = "/v1/description-category/attribute/values"
        last_value_id = 0
        while True:
            body = {
                "attribute_id": attribute_id,
                "description_category_id": description_category_id,
                "type_id": type_id,
                "language": language,
                "last_value_id": last_value_id,
                "limit": limit,
            }
            page = self._parse(DictionaryPage, self._post(path, body) or {}, path)
            yield from page.result
            if not page.has_next or not page.result or page.result[-1].id == last_value_id:
                return
            last_value_id = page.result[-1].id


def _last_page(count: int, limit: int, seen: int, total: int | None, cursor: str, cursors: set[str]) -> bool:
    """Whether a ``last_id``/``cursor`` listing is done, without spending a call on an empty page."""
    if count == 0 or count < limit or not cursor:
        return True
    if total is not None and seen >= total:
        return True
    if cursor in cursors:
        logger.warning("ozon pagination cursor repeated; stopping")
        return True
    cursors.add(cursor)
    return False
