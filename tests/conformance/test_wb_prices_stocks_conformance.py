"""WB prices (upload task, history) and marketplace (warehouses, stocks): success and error paths."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.conformance.wb_cards import CardFactory, data_of, wait_for_cards
from tests.support.callers import SpecCaller


@pytest.fixture(scope="module")
def card(wb: SpecCaller) -> dict[str, Any]:
    subjects = data_of(wb.get("/content/v2/object/all", params={"name": "Футболки", "limit": 10}))
    factory = CardFactory(wb, subjects[0]["subjectID"])
    wb.post("/content/v2/cards/upload", [{"subjectID": factory.subject_id, "variants": [factory.card("PRICE-1")]}])
    return wait_for_cards(wb, {"PRICE-1"})["PRICE-1"]


@pytest.fixture(scope="module")
def warehouse(wb: SpecCaller) -> dict[str, Any]:
    found = wb.get("/api/v3/warehouses").json()
    assert found
    return next(w for w in found if not w["isProcessing"] and not w["isDeleting"])


def test_price_upload_history_and_duplicate(wb, card):
    item = {"nmID": card["nmID"], "price": 1990, "discount": 15}
    task = data_of(wb.post("/api/v2/upload/task", {"data": [item]}))
    assert task["alreadyExists"] is False
    again = wb.post("/api/v2/upload/task", {"data": [item]}, expect=208).json()
    assert again["data"] == {"id": task["id"], "alreadyExists": True}
    for _ in range(200):
        history = data_of(wb.get("/api/v2/history/tasks", params={"uploadID": task["id"]}))
        if history is not None:
            break
        time.sleep(0.05)
    assert history["uploadID"] == task["id"] and history["status"] in (3, 5, 6)
    goods = data_of(wb.get("/api/v2/history/goods/task", params={"uploadID": task["id"], "limit": 10, "offset": 0}))
    assert [g["nmID"] for g in goods["historyGoods"]] == [card["nmID"]]


PRICE_ERRORS = [
    {"data": []},
    {"data": "x"},
    {"data": [{"nmID": 1}]},
    {"data": [{"nmID": 1, "price": 10}, {"nmID": 1, "price": 20}]},
    {"data": [{"nmID": 1, "price": 10.5}]},
    {"data": [{"nmID": i + 1, "price": 100} for i in range(1001)]},
]


@pytest.mark.parametrize("body", PRICE_ERRORS, ids=lambda b: str(b)[:40])
def test_price_upload_errors_are_400_envelopes(wb, body):
    answer = wb.post("/api/v2/upload/task", body, expect=400).json()
    assert answer["error"] is True and answer["errorText"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v2/history/tasks", {}),
        ("/api/v2/history/tasks", {"uploadID": "x"}),
        ("/api/v2/history/goods/task", {"uploadID": 1}),
        ("/api/v2/history/goods/task", {"uploadID": 1, "limit": 1001}),
    ],
)
def test_history_refuses_bad_parameters(wb, path, params):
    assert wb.get(path, params=params, expect=400).json()["error"] is True


def test_a_content_only_token_is_403_on_prices(wb):
    content_only = wb.with_headers(Authorization="sandbox-wb-token~content")
    content_only.post("/api/v2/upload/task", {"data": [{"nmID": 1, "price": 100}]}, expect=403)
    content_only.get("/api/v2/history/tasks", params={"uploadID": 1}, expect=403)


def test_marketplace_403_has_the_marketplace_error_shape(wb: SpecCaller) -> None:
    # The spec's Error schema has no `required`, so only a hand check catches an envelope here:
    # the documented 403 is {"code": "AccessDenied", "message": ""} (or the gateway's problem+json).
    response = wb.with_headers(Authorization="sandbox-wb-token~content").get("/api/v3/warehouses", expect=403)
    body = response.json()
    assert (isinstance(body.get("code"), str) and "message" in body) or body.get("status") == 403, body


def test_stocks_are_set_and_read_by_chrt_id(wb, card, warehouse):
    chrt = card["sizes"][0]["chrtID"]
    response = wb.put(f"/api/v3/stocks/{warehouse['id']}", {"stocks": [{"chrtId": chrt, "amount": 7}]}, expect=204)
    assert response.content == b""
    read = wb.post(f"/api/v3/stocks/{warehouse['id']}", {"chrtIds": [chrt]}).json()
    assert read == {"stocks": [{"chrtId": chrt, "amount": 7}]}
    # WB does not check item keys: a typo is silently ignored, still 204.
    wb.put(f"/api/v3/stocks/{warehouse['id']}", {"stocks": [{"chrtID": chrt, "amount": 9}]}, expect=204)


def _marketplace_error(response: httpx.Response, status: int, code: str) -> None:
    body = response.json()
    if isinstance(body, list):  # 409 answers carry a list of errors
        body = body[0]
    assert response.status_code == status and body["code"] == code and "message" in body, body


def test_stock_errors(wb, card, warehouse):
    chrt = card["sizes"][0]["chrtID"]
    path = f"/api/v3/stocks/{warehouse['id']}"
    _marketplace_error(wb.put(path, {"stocks": []}, expect=400), 400, "IncorrectRequestBody")
    _marketplace_error(wb.put(path, {"stocks": "x"}, expect=400), 400, "IncorrectRequestBody")
    _marketplace_error(
        wb.put(path, {"stocks": [{"sku": "460000000000", "amount": 1}]}, expect=400), 400, "SKUUploadDisabled"
    )
    _marketplace_error(wb.put(path, {"stocks": [{"chrtId": 1, "amount": 1}]}, expect=409), 409, "NotFound")
    _marketplace_error(
        wb.put(path, {"stocks": [{"chrtId": chrt, "amount": 100001}]}, expect=409), 409, "UploadDataLimit"
    )
    _marketplace_error(
        wb.put("/api/v3/stocks/424242", {"stocks": [{"chrtId": chrt, "amount": 1}]}, expect=404), 404, "NotFound"
    )
    _marketplace_error(wb.post(path, {"chrtIds": "x"}, expect=400), 400, "IncorrectRequestBody")
    _marketplace_error(wb.post("/api/v3/stocks/424242", {"chrtIds": [chrt]}, expect=404), 404, "NotFound")
    raw = wb.call("PUT", path, content=b"{", headers={"Content-Type": "application/json"}, expect=400)
    _marketplace_error(raw, 400, "IncorrectRequestBody")
