"""Warehouses and FBS stocks keyed by chrtId."""

from __future__ import annotations

import pytest

from tests.sandbox_wb.helpers import WbClient, group, tshirt, wait_for

WAREHOUSE = 1093405


@pytest.fixture
def chrt_ids(wb):
    card = tshirt()
    wb.upload(group(card))
    return [s["chrtID"] for s in wait_for(lambda: wb.card(card["vendorCode"]))["sizes"]]


def read(wb: WbClient, chrt_ids: list[int], warehouse: int = WAREHOUSE) -> dict[int, int]:
    response = wb.post(f"/api/v3/stocks/{warehouse}", json={"chrtIds": chrt_ids})
    assert response.status_code == 200
    return {s["chrtId"]: s["amount"] for s in response.json()["stocks"]}


def test_warehouses_and_offices(wb):
    warehouses = wb.get("/api/v3/warehouses").json()
    assert WAREHOUSE in {w["id"] for w in warehouses}
    assert all(isinstance(o["id"], int) for o in wb.get("/api/v3/offices").json())


def test_set_and_read_stocks(wb, chrt_ids):
    response = wb.put(f"/api/v3/stocks/{WAREHOUSE}", json={"stocks": [{"chrtId": chrt_ids[0], "amount": 7}]})
    assert response.status_code == 204 and response.content == b""
    assert read(wb, chrt_ids) == {chrt_ids[0]: 7, chrt_ids[1]: 0}
    assert read(wb, [chrt_ids[0]], warehouse=1211570) == {chrt_ids[0]: 0}  # per warehouse


def test_unknown_field_names_are_ignored_with_204(wb, chrt_ids):
    wb.put(f"/api/v3/stocks/{WAREHOUSE}", json={"stocks": [{"chrtId": chrt_ids[0], "amount": 3}]})
    typo = wb.put(f"/api/v3/stocks/{WAREHOUSE}", json={"stocks": [{"chrtID": chrt_ids[0], "amount": 9}]})
    assert typo.status_code == 204
    assert read(wb, chrt_ids)[chrt_ids[0]] == 3


def test_unknown_chrt_id_is_409_array(wb, chrt_ids):
    response = wb.put(f"/api/v3/stocks/{WAREHOUSE}", json={"stocks": [{"chrtId": chrt_ids[0], "amount": 1},
                                                                      {"chrtId": 424242, "amount": 2}]})
    assert response.status_code == 409
    assert response.json() == [{"code": "NotFound", "message": "Not found", "data": [{"chrtId": 424242, "amount": 2}]}]
    assert read(wb, chrt_ids)[chrt_ids[0]] == 0  # nothing applied


def test_amount_over_the_limit_is_409(wb, chrt_ids):
    response = wb.put(f"/api/v3/stocks/{WAREHOUSE}", json={"stocks": [{"chrtId": chrt_ids[0], "amount": 100001}]})
    assert response.status_code == 409 and response.json()[0]["code"] == "UploadDataLimit"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"stocks": [{"sku": "2000000000001", "amount": 1}]}, "SKUUploadDisabled"),
        ({"stocks": []}, "IncorrectRequestBody"),
        ({"stocks": [{"chrtId": "1", "amount": 1}]}, "IncorrectRequestBody"),
        ({}, "IncorrectRequestBody"),
    ],
)
def test_bad_bodies_are_400_with_a_code(wb, body, code):
    response = wb.put(f"/api/v3/stocks/{WAREHOUSE}", json=body)
    assert response.status_code == 400 and response.json()["code"] == code


def test_unknown_warehouse_is_404(wb, chrt_ids):
    response = wb.put("/api/v3/stocks/1", json={"stocks": [{"chrtId": chrt_ids[0], "amount": 1}]})
    assert response.status_code == 404 and response.json()["code"] == "NotFound"
    assert wb.post("/api/v3/stocks/1", json={"chrtIds": chrt_ids}).status_code == 404
    assert wb.post(f"/api/v3/stocks/{WAREHOUSE}", json={"chrtIds": "x"}).status_code == 400
