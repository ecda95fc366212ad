"""Price upload tasks: request-level 400s, 208 for a repeat, async per-item outcome."""

from __future__ import annotations

import time
from typing import Any

import pytest

from sandbox.wb import store_for
from tests.sandbox_wb.helpers import WbClient, group, tshirt, wait_for


@pytest.fixture
def synced(sandbox, wb):
    """Two cards old enough for prices (WB needs them synced first)."""
    cards = [tshirt(), tshirt()]
    wb.upload(*(group(c) for c in cards))
    found = wait_for(lambda: len(wb.cards()) == 2 and wb.cards())
    time.sleep(store_for(sandbox).sync_delay())
    return found


def task(wb: WbClient, items: list[dict[str, Any]]) -> int:
    response = wb.post("/api/v2/upload/task", json={"data": items})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["alreadyExists"] is False
    return int(response.json()["data"]["id"])


def history(wb: WbClient, upload_id: int) -> Any:
    return wb.get("/api/v2/history/tasks", params={"uploadID": upload_id}).json()["data"]


def goods(wb: WbClient, upload_id: int) -> Any:
    return wb.get("/api/v2/history/goods/task", params={"uploadID": upload_id, "limit": 1000}).json()["data"]


def test_task_is_processed_later_and_all_items_succeed(wb, synced):
    upload_id = task(wb, [{"nmID": c["nmID"], "price": 2500, "discount": 30} for c in synced])
    assert history(wb, upload_id) is None  # still processing
    assert goods(wb, upload_id) == {"uploadID": None, "historyGoods": None}
    done = wait_for(lambda: history(wb, upload_id))
    assert done["status"] == 3 and done["overAllGoodsNumber"] == done["successGoodsNumber"] == 2
    items = goods(wb, upload_id)["historyGoods"]
    assert {i["status"] for i in items} == {2} and {i["price"] for i in items} == {2500}
    assert {i["vendorCode"] for i in items} == {c["vendorCode"] for c in synced}


def test_partly_and_wholly_failed_tasks(wb, synced):
    first, second = synced
    partly = task(wb, [{"nmID": first["nmID"], "price": 1000}, {"nmID": second["nmID"], "discount": 150},
                       {"nmID": 99, "price": 10}])
    assert wait_for(lambda: history(wb, partly))["status"] == 5
    errors = {i["nmID"]: i["errorText"] for i in goods(wb, partly)["historyGoods"] if i["status"] == 3}
    assert errors == {second["nmID"]: "Invalid discount value", 99: "Item not found"}
    wholly = task(wb, [{"nmID": first["nmID"], "price": 0}])
    assert wait_for(lambda: history(wb, wholly))["status"] == 6
    assert goods(wb, wholly)["historyGoods"][0]["errorText"] == "Invalid price value"


def test_prices_wait_for_the_card_to_sync(wb):
    card = tshirt()
    wb.upload(group(card))
    created = wait_for(lambda: wb.card(card["vendorCode"]))
    upload_id = task(wb, [{"nmID": created["nmID"], "price": 900}])
    wait_for(lambda: history(wb, upload_id))
    not_synced = "The item card is not synchronized yet, try again later"
    assert goods(wb, upload_id)["historyGoods"][0]["errorText"] == not_synced


def test_identical_upload_is_208_and_already_set_is_400(wb, synced):
    items = [{"nmID": synced[0]["nmID"], "price": 3000, "discount": 5}]
    upload_id = task(wb, items)
    again = wb.post("/api/v2/upload/task", json={"data": items})
    assert again.status_code == 208
    assert again.json() == {"data": {"id": upload_id, "alreadyExists": True}, "error": False,
                            "errorText": "This task already exists"}
    wait_for(lambda: history(wb, upload_id))
    same_values = wb.post("/api/v2/upload/task", json={"data": [{"nmID": synced[0]["nmID"], "price": 3000}]})
    assert same_values.status_code == 400
    assert same_values.json()["errorText"] == "The specified prices and discounts are already set"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"data": []}, "Empty data"),
        ({"data": [{"nmID": n, "price": 100} for n in range(1, 1002)]}, "Upload limit exceeded"),
        ({"data": [{"nmID": 5, "price": 100}, {"nmID": 5, "price": 200}]}, "Duplicate item Nos."),
        ({"data": [{"nmID": 5}]}, "Price and discount not specified"),
        ({"data": [{"nmID": 5, "price": 10.5}]}, "Price should be a whole number"),
        ({"data": [{"nmID": "5", "price": 10}]}, "Invalid data format"),
        ({"items": []}, "Invalid data format"),
    ],
)
def test_request_level_errors(wb, body, text):
    response = wb.post("/api/v2/upload/task", json=body)
    assert response.status_code == 400
    assert response.json()["errorText"].startswith(text) and response.json()["error"] is True


@pytest.mark.parametrize("params", [{}, {"uploadID": "x"}])
def test_history_needs_an_upload_id(wb, params):
    assert wb.get("/api/v2/history/tasks", params=params).status_code == 400
    assert wb.get("/api/v2/history/goods/task", params={**params, "limit": 10}).status_code == 400
