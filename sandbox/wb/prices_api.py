"""Prices and discounts: upload tasks processed later, and their history.

Request-level mistakes are 400s with WB's English texts; item-level ones (unknown or not yet
synced nmID, discount over 99, price not positive) only show in ``history/goods/task``.
A task still being processed is not in the history yet: ``data`` is null there, as the
spec's nullable fields suggest.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import Request
from starlette.responses import Response

from sandbox.wb.access import PRICES, Gate, Seller
from sandbox.wb.payloads import is_int
from sandbox.wb.replies import RefusedError, Utf8JSONResponse, envelope, prices_error
from sandbox.wb.requests import int_query, read_json
from sandbox.wb.store import PriceTask, WbStore

MAX_ITEMS = 1000
HISTORY_MAX_LIMIT = 1000


def _invalid_params() -> RefusedError:
    return prices_error("Invalid request parameters")


def _items(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise prices_error("Invalid data format")
    items = body["data"]
    if not items:
        raise prices_error("Empty data")
    if len(items) > MAX_ITEMS:
        raise prices_error("Upload limit exceeded: You can upload a maximum of 1 000 items")
    clean: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict) or not is_int(item.get("nmID")):
            raise prices_error("Invalid data format")
        if item["nmID"] <= 0:
            raise prices_error("Invalid item No.")
        price, discount = item.get("price"), item.get("discount")
        if price is not None and not is_int(price):
            raise prices_error("Price should be a whole number")
        if discount is not None and not is_int(discount):
            raise prices_error("Invalid discount value")
        if price is None and discount is None:
            raise prices_error("Price and discount not specified")
        clean.append({"nmID": item["nmID"], "price": price, "discount": discount})
    if len({i["nmID"] for i in clean}) != len(clean):
        raise prices_error("Duplicate item Nos.")
    return clean


def register_prices(gate: Gate, store: WbStore) -> None:
    @gate.route("POST", "/api/v2/upload/task", "prices", PRICES)
    async def upload_task(request: Request, seller: Seller) -> Response:
        items = _items(await read_json(request, lambda: prices_error("Invalid data format")))
        key = json.dumps(sorted(items, key=lambda i: i["nmID"]), sort_keys=True)
        with store.lock:
            state = store.seller(seller.account)
            same = next((t for t in state.tasks.values() if t.key == key), None)
            if same is not None:
                return _already(same.upload_id)
            cards = state.cards
            if all(
                i["nmID"] in cards
                and (i["price"] is None or cards[i["nmID"]].price == i["price"])
                and (i["discount"] is None or cards[i["nmID"]].discount == i["discount"])
                for i in items
            ):
                raise prices_error("The specified prices and discounts are already set")
            task = PriceTask(store.new_id("upload"), store.ctx.now() + store.delay(), store.now_us(), items, key)
            state.tasks[task.upload_id] = task
        return envelope({"id": task.upload_id, "alreadyExists": False}, with_additional=False)

    @gate.route("GET", "/api/v2/history/tasks", "prices", PRICES)
    async def history_tasks(request: Request, seller: Seller) -> Response:
        upload_id = int_query(request, "uploadID", None, _invalid_params)
        if upload_id is None:
            raise _invalid_params()
        with store.lock:
            task = store.seller(seller.account).tasks.get(upload_id)
            if task is None or task.results is None:
                return envelope(None, with_additional=False)
            ok = sum(1 for r in task.results if r["status"] == 2)
            status = 3 if ok == len(task.results) else (6 if ok == 0 else 5)
            stamp = _moscow(task.created_us)
            return envelope({
                "uploadID": task.upload_id, "status": status, "uploadDate": stamp,
                "activationDate": stamp, "overAllGoodsNumber": len(task.results), "successGoodsNumber": ok,
            }, with_additional=False)

    @gate.route("GET", "/api/v2/history/goods/task", "prices", PRICES)
    async def history_goods(request: Request, seller: Seller) -> Response:
        upload_id = int_query(request, "uploadID", None, _invalid_params)
        limit = int_query(request, "limit", None, _invalid_params)
        offset = int_query(request, "offset", 0, _invalid_params) or 0
        if upload_id is None or limit is None or not 0 <= limit <= HISTORY_MAX_LIMIT or offset < 0:
            raise _invalid_params()
        with store.lock:
            task = store.seller(seller.account).tasks.get(upload_id)
            if task is None or task.results is None:
                return envelope({"uploadID": None, "historyGoods": None}, with_additional=False)
            goods = task.results[offset: offset + limit]
            return envelope({"uploadID": task.upload_id, "historyGoods": goods}, with_additional=False)


def _already(upload_id: int) -> Response:
    """208: the very same upload exists; WB says so in ``errorText`` while ``error`` stays false."""
    body = {"data": {"id": upload_id, "alreadyExists": True}, "error": False, "errorText": "This task already exists"}
    return Utf8JSONResponse(body, status_code=208)


def _moscow(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1_000_000, timezone(timedelta(hours=3))).isoformat(timespec="seconds")
