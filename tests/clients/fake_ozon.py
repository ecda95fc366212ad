"""A tiny in-memory Ozon for unit tests through ``httpx.MockTransport``: just enough of the
read methods (wrappers, pagination, id filters) to count what a client spends."""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class FakeOzon:
    products: list[dict[str, Any]]
    calls: Counter[str] = field(default_factory=Counter)
    fail_once: dict[str, int] = field(default_factory=dict)  # path -> status to answer once

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls[path] += 1
        if path in self.fail_once:
            status = self.fail_once.pop(path)
            return httpx.Response(status, json={"code": 13, "message": "Internal error", "details": []})
        body = json.loads(request.content or b"{}")
        handler = {
            "/v3/product/list": self._list,
            "/v3/product/info/list": self._info,
            "/v4/product/info/attributes": self._attributes,
            "/v5/product/info/prices": self._prices,
            "/v4/product/info/stocks": self._stocks,
            "/v1/product/info/description": self._description,
        }[path]
        return httpx.Response(200, json=handler(body))

    def _select(self, flt: dict[str, Any]) -> list[dict[str, Any]]:
        if flt.get("product_id"):
            wanted = {int(x) for x in flt["product_id"]}
            return [p for p in self.products if p["id"] in wanted]
        archived = flt.get("visibility") == "ARCHIVED"
        return [p for p in self.products if p["archived"] == archived]

    @staticmethod
    def _page(rows: list[dict[str, Any]], token: str, limit: int) -> tuple[list[dict[str, Any]], str]:
        start = int(base64.b64decode(token).decode()) if token else 0
        chunk = rows[start : start + limit]
        nxt = base64.b64encode(str(start + len(chunk)).encode()).decode() if chunk else ""
        return chunk, nxt

    def _list(self, body: dict[str, Any]) -> dict[str, Any]:
        rows = self._select(body.get("filter") or {})
        chunk, nxt = self._page(rows, body.get("last_id") or "", body["limit"])
        items = [{"product_id": p["id"], "offer_id": p["offer_id"], "sku": p["sku"], "archived": p["archived"]}
                 for p in chunk]
        return {"result": {"items": items, "total": len(rows), "last_id": nxt}}

    def _info(self, body: dict[str, Any]) -> dict[str, Any]:
        assert len(body["product_id"]) <= 1000
        rows = self._select({"product_id": body["product_id"]})
        return {"items": [{"id": p["id"], "offer_id": p["offer_id"], "sku": str(p["sku"]), "name": p["name"],
                           "price": "100.00", "is_archived": p["archived"], "primary_image": [],
                           "images": [], "model_info": {"model_id": 7, "count": 1}} for p in rows]}

    def _attributes(self, body: dict[str, Any]) -> dict[str, Any]:
        rows = self._select(body["filter"])
        chunk, nxt = self._page(rows, body.get("last_id") or "", body["limit"])
        result = []
        for p in chunk:
            attrs = [{"id": 85, "values": [{"dictionary_value_id": 1, "value": "Бренд"}]}]
            if p.get("annotation"):
                attrs.append({"id": 4191, "values": [{"dictionary_value_id": 0, "value": p["annotation"]}]})
            result.append({"id": p["id"], "offer_id": p["offer_id"], "sku": p["sku"], "attributes": attrs,
                           "images": [f"https://cdn/{p['id']}.jpg"], "primary_image": ""})
        return {"result": result, "total": len(rows), "last_id": nxt}

    def _cursor(self, body: dict[str, Any], render: Any) -> dict[str, Any]:
        rows = self._select(body["filter"])
        chunk, nxt = self._page(rows, body.get("cursor") or "", body["limit"])
        return {"items": [render(p) for p in chunk], "cursor": nxt, "total": len(rows)}

    def _prices(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._cursor(body, lambda p: {"product_id": p["id"], "offer_id": p["offer_id"],
                                             "price": {"price": 99.5, "currency_code": "RUB", "vat": 0.2}})

    def _stocks(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._cursor(body, lambda p: {"product_id": p["id"], "offer_id": p["offer_id"],
                                             "stocks": [{"type": "fbs", "present": 3, "reserved": 1}]})

    def _description(self, body: dict[str, Any]) -> dict[str, Any]:
        p = next(p for p in self.products if p["id"] == body["product_id"])
        return {"result": {"id": p["id"], "offer_id": p["offer_id"], "name": p["name"],
                           "description": f"<p>Описание {p['id']}</p>"}}


def make_products(active: int, archived: int, without_annotation: int = 0) -> list[dict[str, Any]]:
    products = []
    for n in range(active + archived):
        products.append({
            "id": 1000 + n,
            "offer_id": f"OF-{n}",
            "sku": 500000 + n if n % 10 else 0,
            "name": f"Товар {n}",
            "archived": n >= active,
            "annotation": "" if n < without_annotation else f"Аннотация {n}",
        })
    if archived:
        # The same offer_id on an active and an archived product.
        products[-1]["offer_id"] = products[0]["offer_id"]
    return products
