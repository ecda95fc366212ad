"""Marketplace: the seller's warehouses and FBS stocks keyed by chrtId.

Like WB, stock items are not checked for unknown keys: an item without ``chrtId`` or
``amount`` (a typo such as ``chrtID``) is skipped and the answer is still 204.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import Response

from sandbox.wb.access import MARKETPLACE, Gate, Seller
from sandbox.wb.payloads import is_int
from sandbox.wb.replies import RefusedError, Utf8JSONResponse, marketplace_error
from sandbox.wb.requests import read_json
from sandbox.wb.store import WbStore

MAX_ITEMS = 1000
MAX_AMOUNT = 100_000
SKU_DISABLED = "Uploading stock is not allowed by 'sku'. Please use the 'chrtId' key"
# A seller always has somewhere to keep stock, even before sample warehouses exist.
FALLBACK_WAREHOUSE = {"name": "Склад продавца", "officeId": 507, "id": 1_000_001, "cargoType": 1,
                      "deliveryType": 1, "isDeleting": False, "isProcessing": False}


def _bad_body() -> RefusedError:
    return marketplace_error(400, "IncorrectRequestBody", "Incorrect required body")


def _warehouse(store: WbStore, request: Request) -> dict[str, Any]:
    try:
        warehouse_id = int(request.path_params["warehouseId"])
    except ValueError:
        raise marketplace_error(400, "IncorrectParameter", "IncorrectParameter") from None
    found = next((w for w in warehouses_of(store) if w["id"] == warehouse_id), None)
    if found is None:
        raise marketplace_error(404, "NotFound", "Склад не найден")
    return found


def warehouses_of(store: WbStore) -> list[dict[str, Any]]:
    return store.directory.warehouses or [FALLBACK_WAREHOUSE]


def _stock_items(body: Any) -> list[tuple[int, int]]:
    if not isinstance(body, dict) or not isinstance(body.get("stocks"), list):
        raise _bad_body()
    items = body["stocks"]
    if not 1 <= len(items) <= MAX_ITEMS or not all(isinstance(i, dict) for i in items):
        raise _bad_body()
    if any("sku" in i for i in items):
        raise marketplace_error(400, "SKUUploadDisabled", SKU_DISABLED)
    pairs: list[tuple[int, int]] = []
    for item in items:
        chrt, amount = item.get("chrtId"), item.get("amount")
        if chrt is None or amount is None:
            continue
        if not is_int(chrt) or not is_int(amount):
            raise _bad_body()
        pairs.append((chrt, amount))
    return pairs


def register_stocks(gate: Gate, store: WbStore) -> None:
    @gate.route("GET", "/api/v3/warehouses", "marketplace", MARKETPLACE)
    async def warehouses(request: Request, seller: Seller) -> Response:
        return Utf8JSONResponse(warehouses_of(store))

    @gate.route("GET", "/api/v3/offices", "marketplace", MARKETPLACE)
    async def offices(request: Request, seller: Seller) -> Response:
        return Utf8JSONResponse(store.directory.offices)

    @gate.route("PUT", "/api/v3/stocks/{warehouseId}", "marketplace", MARKETPLACE)
    async def put_stocks(request: Request, seller: Seller) -> Response:
        warehouse = _warehouse(store, request)
        pairs = _stock_items(await read_json(request, _bad_body))
        too_big = [{"chrtId": c, "amount": a} for c, a in pairs if not 0 <= a <= MAX_AMOUNT]
        if too_big:
            raise RefusedError(Utf8JSONResponse(
                [{"code": "UploadDataLimit", "message": "Upload limit exceeded.", "data": too_big}], status_code=409))
        if warehouse["isProcessing"] or warehouse["isDeleting"]:
            raise RefusedError(Utf8JSONResponse(
                [{"code": "StoreIsProcessing", "message": "The store is processing"}], status_code=409))
        with store.lock:
            state = store.seller(seller.account)
            known = state.chrt_ids()
            missing = [{"chrtId": c, "amount": a} for c, a in pairs if c not in known]
            if missing:
                raise RefusedError(Utf8JSONResponse(
                    [{"code": "NotFound", "message": "Not found", "data": missing}], status_code=409))
            for chrt, amount in pairs:
                state.stocks[(warehouse["id"], chrt)] = amount
            store.ctx.stats.count_event("wb.stocks_set", len(pairs))
        return Response(status_code=204)

    @gate.route("POST", "/api/v3/stocks/{warehouseId}", "marketplace", MARKETPLACE)
    async def read_stocks(request: Request, seller: Seller) -> Response:
        warehouse = _warehouse(store, request)
        body = await read_json(request, _bad_body)
        chrt_ids = body.get("chrtIds") if isinstance(body, dict) else None
        if not isinstance(chrt_ids, list) or len(chrt_ids) > MAX_ITEMS or not all(is_int(c) for c in chrt_ids):
            raise _bad_body()
        with store.lock:
            state = store.seller(seller.account)
            known = state.chrt_ids()
            stocks = [{"chrtId": c, "amount": state.stocks.get((warehouse["id"], c), 0)}
                      for c in dict.fromkeys(chrt_ids) if c in known]
        return Utf8JSONResponse({"stocks": stocks})
