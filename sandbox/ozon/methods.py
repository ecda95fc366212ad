"""The emulated read methods: request body in, response body out (wrappers and paging as on Ozon).

| method | wrapper | paging |
|---|---|---|
| /v3/product/list | ``result.items`` + ``total``, ``last_id`` | ``last_id`` |
| /v3/product/info/list | top-level ``items`` | none (<= 1000 ids of one kind) |
| /v4/product/info/attributes | ``result`` is the list, + ``total``, ``last_id`` | ``last_id`` |
| /v1/product/info/description | ``result`` object | one product |
| /v1/description-category/tree | ``result`` list | none |
| /v1/description-category/attribute | ``result`` list | none |
| /v1/description-category/attribute/values | ``result`` + ``has_next`` | ``last_value_id`` |
| /v4/product/info/stocks, /v5/product/info/prices | ``items`` + ``cursor`` + ``total`` | ``cursor`` |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.catalog import Product
from sandbox.ozon import directory, render
from sandbox.ozon.auth import Caller
from sandbox.ozon.errors import invalid_argument, not_found
from sandbox.ozon.requests import (
    MAX_IDS,
    AttributesBody,
    AttributeValuesBody,
    CategoryBody,
    CursorBody,
    DescriptionBody,
    InfoListBody,
    ProductListBody,
    TreeBody,
    check_limit,
    parse_body,
)
from sandbox.ozon.store import SORT_KEYS, CatalogStore, decode_cursor, encode_cursor

MAX_PAGE = 1000
MAX_VALUES_PAGE = 2000
DEFAULT_PAGE = 100


@dataclass(frozen=True)
class Call:
    """One admitted request: its JSON body, the sandbox's base URL (for photo links) and the caller."""

    data: dict[str, Any]
    base: str
    caller: Caller
    now: float


def _page(found: list[Product], cursor: str | None, limit: int) -> tuple[list[Product], int]:
    offset = decode_cursor(cursor)
    return found[offset:offset + limit], offset + limit


class OzonMethods:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    def product_list(self, call: Call) -> dict[str, Any]:
        body = parse_body(ProductListBody, call.data)
        limit = check_limit(body.limit, MAX_PAGE, default=DEFAULT_PAGE)
        found = self.store.select(body.filter)
        page, next_offset = _page(found, body.last_id, limit)
        last_id = encode_cursor(page[-1], next_offset) if page else ""
        return {"result": {"items": [render.list_item(p) for p in page], "total": len(found), "last_id": last_id}}

    def info_list(self, call: Call) -> dict[str, Any]:
        body = parse_body(InfoListBody, call.data)
        kinds = [k for k in (body.offer_id, body.product_id, body.sku) if k]
        if len(kinds) > 1:
            raise invalid_argument("use only one kind of identifiers per request: offer_id, product_id or sku")
        if sum(len(k) for k in kinds) > MAX_IDS:
            raise invalid_argument(f"no more than {MAX_IDS} identifiers per request")
        found: list[Product] = []
        if body.offer_id:
            found = [p for o in dict.fromkeys(body.offer_id) for p in self.store.by_offer.get(o, [])]
        elif body.product_id:
            found = [self.store.by_id[i] for i in dict.fromkeys(body.product_id) if i in self.store.by_id]
        elif body.sku:
            found = [self.store.by_sku[s] for s in dict.fromkeys(body.sku) if s in self.store.by_sku]
        found.sort(key=lambda p: p.product_id)
        return {"items": [render.info_item(p, call.base) for p in found]}

    def attributes(self, call: Call) -> dict[str, Any]:
        body = parse_body(AttributesBody, call.data)
        limit = check_limit(body.limit, MAX_PAGE, default=DEFAULT_PAGE)
        sort_by = (body.sort_by or "id").lower()
        if sort_by not in SORT_KEYS:
            raise invalid_argument(f"sort_by must be one of {', '.join(SORT_KEYS)}")
        sort_dir = (body.sort_dir or "asc").lower()
        if sort_dir not in ("asc", "desc"):
            raise invalid_argument("sort_dir must be asc or desc")
        found = self.store.select(body.filter, sort_by, sort_dir == "desc")
        page, next_offset = _page(found, body.last_id, limit)
        last_id = encode_cursor(page[-1], next_offset) if page else ""
        return {"result": [render.attributes_item(p, call.base) for p in page], "total": len(found),
                "last_id": last_id}

    def description(self, call: Call) -> dict[str, Any]:
        body = parse_body(DescriptionBody, call.data)
        has_offer = bool(body.offer_id)
        has_product = body.product_id is not None and body.product_id != 0
        if has_offer == has_product:
            raise invalid_argument("specify exactly one of offer_id or product_id")
        product = self.store.find_for_description(body.offer_id if has_offer else None,
                                                  body.product_id if has_product else None)
        if product is None:
            raise not_found()
        return {"result": {"id": product.product_id, "offer_id": product.offer_id, "name": product.name,
                           "description": product.description}}

    def tree(self, call: Call) -> dict[str, Any]:
        parse_body(TreeBody, call.data)
        return {"result": directory.category_tree()}

    def category_attributes(self, call: Call) -> dict[str, Any]:
        body = parse_body(CategoryBody, call.data)
        return {"result": list(directory.category_attributes(body.description_category_id, body.type_id))}

    def attribute_values(self, call: Call) -> dict[str, Any]:
        body = parse_body(AttributeValuesBody, call.data)
        limit = check_limit(body.limit, MAX_VALUES_PAGE)
        values = directory.attribute_values(body.description_category_id, body.type_id, body.attribute_id)
        after = body.last_value_id or 0
        rest = [v for v in values if v["id"] > after]
        return {
            "result": [{**v, "picture": render.absolute(call.base, v["picture"])} for v in rest[:limit]],
            "has_next": len(rest) > limit,
        }

    def _cursor_page(self, call: Call) -> tuple[list[Product], str, int]:
        body = parse_body(CursorBody, call.data)
        limit = check_limit(body.limit, MAX_PAGE)
        found = self.store.select(body.filter)
        page, next_offset = _page(found, body.cursor, limit)
        cursor = encode_cursor(page[-1], next_offset) if page and next_offset < len(found) else ""
        return page, cursor, len(found)

    def stocks(self, call: Call) -> dict[str, Any]:
        page, cursor, total = self._cursor_page(call)
        return {"items": [render.stocks_item(p) for p in page], "cursor": cursor, "total": total}

    def prices(self, call: Call) -> dict[str, Any]:
        page, cursor, total = self._cursor_page(call)
        return {"items": [render.prices_item(p) for p in page], "cursor": cursor, "total": total}

    def roles(self, call: Call) -> dict[str, Any]:
        return {"expires_at": call.caller.expires_at(call.now), "roles": call.caller.roles()}
