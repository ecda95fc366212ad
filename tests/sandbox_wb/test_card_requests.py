"""cards/upload refusals that come back at once as HTTP 400, with nothing created."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from sandbox.server import RunningSandbox
from sandbox.wb import store_for
from tests.sandbox_wb.helpers import SOCKS, TSHIRT, WbClient, group, tshirt, vendor_code, wait_for

INVALID = "Invalid request format"


def refused(response: httpx.Response, text: str) -> Any:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] is True and body["data"] is None
    assert body["errorText"].startswith(text)
    return body["additionalErrors"]


def nothing_created(sandbox: RunningSandbox, wb: WbClient) -> bool:
    state = store_for(sandbox).sellers.get(wb.seller)
    return state is None or (not state.pending and not state.cards)


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        {"subjectID": TSHIRT},
        [{"subjectID": "192", "variants": [tshirt()]}],
        [{"subjectID": TSHIRT, "variants": tshirt()}],
        [{"subjectID": TSHIRT, "variants": []}],
        [group(tshirt(characteristics=[{"id": 14177449, "value": "белый"}]))],
        [group(tshirt(characteristics=[{"id": 14177449, "value": 98}]))],
        [group(tshirt(characteristics=[{"id": 59609, "value": "70"}]))],
        [group(tshirt(sizes=[]))],
        [group(tshirt(sizes=[{"skus": "2000000000001"}]))],
        [group(tshirt(title=5))],
        [group(tshirt(dimensions={"length": "10"}))],
    ],
    ids=["not-json", "object", "string-subject", "variants-object", "no-variants", "string-for-type1",
         "number-for-type1", "string-for-type4", "empty-sizes", "skus-string", "numeric-title", "string-length"],
)
def test_malformed_bodies_are_invalid_request_format(sandbox, wb, body):
    content = body.encode() if isinstance(body, str) else None
    response = wb.post("/content/v2/cards/upload", content=content, json=None if content else body,
                       headers={"Content-Type": "application/json"})
    refused(response, INVALID)
    assert nothing_created(sandbox, wb)


def test_more_than_100_groups_is_refused(sandbox, wb):
    groups = [group(tshirt()) for _ in range(101)]
    refused(wb.upload(*groups), "В одном запросе")
    assert nothing_created(sandbox, wb)


def test_more_than_30_variants_in_a_group_is_refused(sandbox, wb):
    colours = [f"c{i}" for i in range(31)]
    refused(wb.upload(group(*(tshirt(colour=c) for c in colours))), "В группу можно объединить не больше 30")
    assert nothing_created(sandbox, wb)


def test_body_over_10_mb_is_413(wb):
    huge = tshirt(description="я" * (6 * 1024 * 1024))
    response = wb.upload(group(huge))
    assert response.status_code == 413
    body = response.json()
    assert body["title"] == "request body too long" and body["status"] == 413


def test_unknown_subject(sandbox, wb):
    extra = refused(wb.upload(group(tshirt(), subject=987654321)), "This category does not exist")
    assert extra == {"id": "987654321"}
    assert nothing_created(sandbox, wb)


@pytest.mark.parametrize("code", [None, ""])
def test_missing_vendor_code(sandbox, wb, code):
    card = tshirt()
    if code is None:
        del card["vendorCode"]
    else:
        card["vendorCode"] = code
    refused(wb.upload(group(tshirt(), card)), "A card cannot be created without a vendorCode")
    assert nothing_created(sandbox, wb)


def test_vendor_code_used_by_a_pending_or_created_card(sandbox, wb):
    code = vendor_code()

    def events() -> int:
        return store_for(sandbox).ctx.stats.snapshot()["events"].get("wb.vendor_code_conflict", 0)

    before = events()
    assert wb.upload(group(tshirt(code))).status_code == 200
    used = "bad request; Unexpected the specified card's vendor code is used in other cards"
    refused(wb.upload(group(tshirt(code, colour="черный"))), used)  # still pending
    wait_for(lambda: wb.card(code))
    refused(wb.upload(group(tshirt(code, colour="черный"))), used)  # created
    refused(wb.upload(group(tshirt("twice"), tshirt("twice", colour="черный"))), used)  # twice in one request
    assert events() - before == 3
    time.sleep(store_for(sandbox).delay() * 2)
    assert [c["vendorCode"] for c in wb.cards()] == [code]


def test_missing_required_for_create_charcs(sandbox, wb):
    bare = tshirt(characteristics=[{"id": 14177449, "value": ["белый"]}])
    extra = refused(wb.upload(group(bare)), "some items lacks required characteristics")
    assert extra == {bare["vendorCode"]: "missing required characteristics with ids: 15000001"}
    assert nothing_created(sandbox, wb)


def test_variants_must_differ_by_colour_or_variable_charcs(sandbox, wb):
    one, two = tshirt(colour="белый"), tshirt(colour="белый")
    extra = refused(wb.upload(group(one, two)), "non unique characteristics in one group")
    assert two["vendorCode"] in extra and "14177449" in extra[two["vendorCode"]]
    assert nothing_created(sandbox, wb)


def test_a_valid_group_is_only_accepted_at_first(wb):
    response = wb.upload(group(tshirt(colour="белый"), tshirt(colour="черный")), group(tshirt(), subject=SOCKS))
    assert response.status_code == 200
    assert response.json() == {"data": None, "error": False, "errorText": "", "additionalErrors": {}}
    assert wb.cards() == []
