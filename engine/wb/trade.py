"""Prices (prices host), warehouses and stocks (marketplace host), and ``/ping``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from engine.ratelimit import WB_MARKETPLACE, WB_PING, WB_PRICES
from engine.wb.base import Host, WbBase
from engine.wb.models import PingResult, PriceItem, PriceTask, PriceTaskGood, PriceTaskRef, StockAmount, Warehouse, dump

PRICE_ITEMS = 1000
HISTORY_PAGE = 1000
STOCK_ITEMS = 1000


class TradeMixin(WbBase):
    def upload_price_task(self, items: Sequence[PriceItem]) -> PriceTaskRef:
        """Set prices/discounts of ≤ 1000 cards; processing is asynchronous (see :meth:`get_price_task`).

        Repeating it is harmless: WB answers an identical upload with 208 and the first task's
        id, so a lost answer is simply asked again.
        """
        if not 1 <= len(items) <= PRICE_ITEMS:
            raise ValueError(f"upload/task takes 1..{PRICE_ITEMS} items")
        path = "/api/v2/upload/task"
        body = {"data": [dump(item) for item in items]}
        answer = self.call("prices", "POST", path, json=body, bucket=WB_PRICES, idempotent=True)
        if isinstance(answer, dict) and answer.get("error") is False:
            # 208 "This task already exists" sets errorText but not error; it is a success.
            return self.parse(PriceTaskRef, answer.get("data") or {}, "POST", path)
        return self.parse(PriceTaskRef, self.unwrap(answer, "POST", path) or {}, "POST", path)

    def get_price_task(self, upload_id: int) -> PriceTask | None:
        """The processed task's status, or ``None`` while WB is still processing it."""
        path = "/api/v2/history/tasks"
        answer = self.call("prices", "GET", path, params={"uploadID": upload_id}, bucket=WB_PRICES, idempotent=True)
        data = self.unwrap(answer, "GET", path)
        return self.parse(PriceTask, data, "GET", path) if data else None

    def iter_price_task_goods(self, upload_id: int, *, limit: int = HISTORY_PAGE) -> Iterator[PriceTaskGood]:
        """Per-card results of a processed task (status 2 ok, 3 error with ``error_text``)."""
        path = "/api/v2/history/goods/task"
        offset = 0
        while True:
            query = {"uploadID": upload_id, "limit": limit, "offset": offset}
            answer = self.call("prices", "GET", path, params=query, bucket=WB_PRICES, idempotent=True)
            data = self.unwrap(answer, "GET", path) or {}
            goods = self.parse_list(PriceTaskGood, data.get("historyGoods") if isinstance(data, dict) else None,
                                    "GET", path)
            yield from goods
            if len(goods) < limit:
                return
            offset += limit

    def list_warehouses(self) -> list[Warehouse]:
        path = "/api/v3/warehouses"
        answer = self.call("marketplace", "GET", path, bucket=WB_MARKETPLACE, idempotent=True)
        return self.parse_list(Warehouse, answer, "GET", path)

    def set_stocks(self, warehouse_id: int, stocks: Sequence[StockAmount]) -> None:
        """Set stock per size (``chrt_id``) at a seller warehouse, in batches of 1000 (204 each).

        WB ignores unknown field names silently, so the body is always built from the model.
        """
        path = f"/api/v3/stocks/{warehouse_id}"
        for start in range(0, len(stocks), STOCK_ITEMS):
            body = {"stocks": [dump(s) for s in stocks[start : start + STOCK_ITEMS]]}
            self.call("marketplace", "PUT", path, json=body, bucket=WB_MARKETPLACE, idempotent=True)

    def get_stocks(self, warehouse_id: int, chrt_ids: Sequence[int]) -> list[StockAmount]:
        path = f"/api/v3/stocks/{warehouse_id}"
        found: list[StockAmount] = []
        for start in range(0, len(chrt_ids), STOCK_ITEMS):
            body = {"chrtIds": list(chrt_ids[start : start + STOCK_ITEMS])}
            answer: Any = self.call("marketplace", "POST", path, json=body, bucket=WB_MARKETPLACE, idempotent=True)
            rows = answer.get("stocks") if isinstance(answer, dict) else None
            found.extend(self.parse_list(StockAmount, rows, "POST", path))
        return found

    def ping(self, host: Host = "content") -> PingResult:
        """Checks token, token category and URL — not service health; WB allows 3 per 30 s."""
        answer = self.call(host, "GET", "/ping", bucket=WB_PING, idempotent=True)
        return self.parse(PingResult, answer or {}, "GET", "/ping")
