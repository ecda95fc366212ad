"""WB card writes, the card and error lists (cursors), media - success and error paths."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conformance.wb_cards import CardFactory, data_of, wait_for_cards, wait_for_errors
from tests.support.callers import SpecCaller


@pytest.fixture(scope="module")
def factory(wb: SpecCaller) -> CardFactory:
    subjects = data_of(wb.get("/content/v2/object/all", params={"name": "Футболки", "limit": 10}))
    return CardFactory(wb, subjects[0]["subjectID"])


@pytest.fixture(scope="module")
def created(wb: SpecCaller, factory: CardFactory) -> dict[str, dict[str, Any]]:
    groups = [
        {"subjectID": factory.subject_id, "variants": [factory.card("TS-RED", 0), factory.card("TS-BLUE", 1)]},
        {"subjectID": factory.subject_id, "variants": [factory.card("SOLO-1", 2)]},
        {"subjectID": factory.subject_id, "variants": [factory.card("SOLO-2", 3)]},
    ]
    body = wb.post("/content/v2/cards/upload", groups).json()
    assert body == {"data": None, "error": False, "errorText": "", "additionalErrors": {}}
    return wait_for_cards(wb, {"TS-RED", "TS-BLUE", "SOLO-1", "SOLO-2"})


def test_uploaded_cards_appear_merged_as_sent(created):
    assert created["TS-RED"]["imtID"] == created["TS-BLUE"]["imtID"] != created["SOLO-1"]["imtID"]
    assert all(card["sizes"][0]["chrtID"] for card in created.values())


def test_card_list_cursor_walks_every_card_once(wb, created):
    seen: list[int] = []
    cursor: dict[str, Any] = {"limit": 2}
    for _ in range(20):
        body = {"settings": {"sort": {"ascending": True}, "cursor": cursor, "filter": {"withPhoto": -1}}}
        page = wb.post("/content/v2/get/cards/list", body).json()
        seen.extend(card["nmID"] for card in page["cards"])
        if page["cursor"]["total"] < 2:
            break
        cursor = {"limit": 2, "updatedAt": page["cursor"]["updatedAt"], "nmID": page["cursor"]["nmID"]}
    assert sorted(seen) == sorted(card["nmID"] for card in created.values())
    search = {"settings": {"cursor": {"limit": 10}, "filter": {"textSearch": "SOLO-2", "withPhoto": -1}}}
    assert [c["vendorCode"] for c in wb.post("/content/v2/get/cards/list", search).json()["cards"]] == ["SOLO-2"]


def test_upload_add_joins_the_group(wb, factory, created):
    imt = created["TS-RED"]["imtID"]
    wb.post("/content/v2/cards/upload/add", {"imtID": imt, "cardsToAdd": [factory.card("TS-GREEN", 4)]})
    assert wait_for_cards(wb, {"TS-GREEN"})["TS-GREEN"]["imtID"] == imt


def test_update_overwrites_the_card(wb, factory, created):
    card = created["SOLO-1"]
    sizes = [
        {"chrtID": s["chrtID"], "techSize": s["techSize"], "wbSize": s["wbSize"], "skus": s["skus"]}
        for s in card["sizes"]
    ]
    update = {**factory.card("SOLO-1", 2), "nmID": card["nmID"], "title": "Футболка новая", "sizes": sizes}
    wb.post("/content/v2/cards/update", [update])
    for _ in range(200):
        if wait_for_cards(wb, {"SOLO-1"})["SOLO-1"]["title"] == "Футболка новая":
            break
    else:
        pytest.fail("the update never showed")


def test_a_card_failing_moderation_lands_in_the_error_list(wb, factory):
    wb.post(
        "/content/v2/cards/upload",
        [{"subjectID": factory.subject_id, "variants": [factory.card("BAD-1", 5, title="Футболка 🙂")]}],
    )
    assert wait_for_errors(wb, "BAD-1")
    page = data_of(wb.post("/content/v2/cards/error/list", {"cursor": {"limit": 1}, "order": {"ascending": True}}))
    assert len(page["items"]) == 1 and set(page["cursor"]) >= {"next"}
    assert data_of(wb.post("/content/v2/cards/error/list", None, content=b"", expect=200))


def test_limits_shrink_with_created_cards(wb, created):
    limits = data_of(wb.get("/content/v2/cards/limits"))
    assert isinstance(limits["freeLimits"], int)


def test_media_save_and_file(wb, sandbox, http, created):
    nm = created["SOLO-2"]["nmID"]
    urls = [f"{sandbox.url}/cdn/img/solo2-{i}-900x1200.jpg" for i in (1, 2)]
    assert data_of(wb.post("/content/v3/media/save", {"nmId": nm, "data": urls})) == {}
    photo = http.get(urls[0]).content
    response = wb.call(
        "POST",
        "/content/v3/media/file",
        headers={"X-Nm-Id": str(nm), "X-Photo-Number": "3"},
        files={"uploadfile": ("3.jpg", photo, "image/jpeg")},
        json=None,
    )
    assert response.json()["error"] is False


def _envelope_error(response: httpx.Response, status: int = 400) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert response.status_code == status and body["error"] is True and body["errorText"], body
    return body


def _bad_upload(case: str, factory: CardFactory) -> bytes:
    subject = factory.subject_id
    bodies = {
        "object instead of array": {"subjectID": subject},
        "empty array": [],
        "no vendorCode": [{"subjectID": subject, "variants": [{"title": "x"}]}],
        "unknown subject": [{"subjectID": 999999999, "variants": [{"vendorCode": "Z-1"}]}],
        "vendorCode taken": [{"subjectID": subject, "variants": [factory.card("SOLO-1", 2)]}],
        "101 cards": [{"subjectID": subject, "variants": [factory.card(f"M-{i}", i)]} for i in range(101)],
    }
    return b"{" if case == "not json" else json.dumps(bodies[case], ensure_ascii=False).encode()


UPLOAD_ERRORS = [
    "not json",
    "object instead of array",
    "empty array",
    "no vendorCode",
    "unknown subject",
    "vendorCode taken",
    "101 cards",
]


@pytest.mark.parametrize("case", UPLOAD_ERRORS)
def test_upload_errors_are_400_envelopes(wb, factory, created, case):
    response = wb.call(
        "POST",
        "/content/v2/cards/upload",
        content=_bad_upload(case, factory),
        headers={"Content-Type": "application/json"},
        expect=400,
    )
    _envelope_error(response)


def test_a_group_of_31_variants_is_refused(wb, factory):
    variants = [factory.card(f"G31-{i}", i) for i in range(31)]
    _envelope_error(
        wb.post("/content/v2/cards/upload", [{"subjectID": factory.subject_id, "variants": variants}], expect=400)
    )


def test_upload_add_and_update_refuse_unknown_targets(wb, factory):
    _envelope_error(
        wb.post("/content/v2/cards/upload/add", {"imtID": 1, "cardsToAdd": [factory.card("NEW-9")]}, expect=400)
    )
    _envelope_error(wb.post("/content/v2/cards/upload/add", {"cardsToAdd": []}, expect=400))
    _envelope_error(wb.post("/content/v2/cards/update", [{**factory.card("X-9"), "nmID": 1}], expect=400))
    _envelope_error(wb.post("/content/v2/cards/update", {"nmID": 1}, expect=400))


def test_list_errors_are_400(wb):
    response = wb.post("/content/v2/get/cards/list", {"settings": {"cursor": {"limit": 1000}}}, expect=400)
    assert response.text
    _envelope_error(wb.post("/content/v2/cards/error/list", {"cursor": {"limit": "x"}}, expect=400))


def test_media_errors(wb, created):
    assert wb.post("/content/v3/media/save", {"data": ["https://example.com/a.jpg"]}, expect=422).json()["error"]
    assert wb.post("/content/v3/media/save", {"nmId": created["SOLO-2"]["nmID"], "data": []}, expect=400)
    assert wb.post("/content/v3/media/save", {"nmId": 1, "data": ["https://e.com/1.jpg"]}, expect=422)
    headers = {"X-Nm-Id": "1", "X-Photo-Number": "1", "Content-Type": "multipart/form-data; boundary=x"}
    wb.call("POST", "/content/v3/media/file", headers=headers, content=b"garbage", expect=400)


@pytest.mark.parametrize("path", ["/content/v2/cards/upload", "/content/v2/cards/upload/add"])
def test_a_token_without_content_is_403_on_card_writes(wb: SpecCaller, path: str) -> None:
    # These methods declare no 403 in the YAML; WB's gateway answers problem+json (wb-api.md §4).
    wb.with_headers(Authorization="sandbox-wb-token~prices").post(path, [], expect=403)


def test_a_body_over_10_mb_is_413(wb, factory):
    huge = [{"subjectID": factory.subject_id, "variants": [factory.card("HUGE", description="я" * 6_000_000)]}]
    response = wb.post("/content/v2/cards/upload", huge, expect=413)
    assert response.json()["title"]
