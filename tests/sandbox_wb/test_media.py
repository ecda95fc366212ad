"""media/save fetches every link later and replaces all media only if every file passes."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from sandbox.server import RunningSandbox
from sandbox.wb import store_for
from tests.sandbox_wb.helpers import WbClient, group, tshirt, wait_for


@pytest.fixture
def card(wb):
    made = tshirt()
    wb.upload(group(made))
    return wait_for(lambda: wb.card(made["vendorCode"]))


def media_outcome(sandbox: RunningSandbox, before_saved: int, before_rejected: int) -> tuple[int, int]:
    events = store_for(sandbox).ctx.stats.snapshot()["events"]
    return (events.get("wb.media_saved", 0) - before_saved, events.get("wb.media_rejected", 0) - before_rejected)


def save_and_settle(sandbox: RunningSandbox, wb: WbClient, card: dict[str, Any], urls: list[str]) -> Any:
    stats = store_for(sandbox).ctx.stats
    before = stats.snapshot()["events"]
    saved, rejected = before.get("wb.media_saved", 0), before.get("wb.media_rejected", 0)
    response = wb.post("/content/v3/media/save", json={"nmId": card["nmID"], "data": urls})
    assert response.status_code == 200 and response.json()["error"] is False
    return wait_for(lambda: any(media_outcome(sandbox, saved, rejected)), timeout=20)


def test_good_photos_replace_all_media(sandbox, wb, card):
    cdn = f"{sandbox.url}/cdn/img"
    save_and_settle(sandbox, wb, card, [f"{cdn}/a-900x1200.jpg", f"{cdn}/b-1000x1000.jpg"])
    photos = wb.card(card["vendorCode"])["photos"]
    assert len(photos) == 2 and set(photos[0]) == {"big", "c246x328", "c516x688", "square", "tm"}
    assert wb.cards(withPhoto=1)[0]["nmID"] == card["nmID"]
    save_and_settle(sandbox, wb, card, [f"{cdn}/c-900x1200.jpg"])
    assert len(wb.card(card["vendorCode"])["photos"]) == 1  # replaced, not appended


BAD_FILES = ["small-600x800.jpg", "corrupt-1.jpg", "huge-1.png", "no-extension", "missing-file.jpg"]


@pytest.mark.parametrize("bad", BAD_FILES)
def test_one_bad_file_keeps_the_old_media(sandbox, wb, card, bad):
    cdn = f"{sandbox.url}/cdn/img"
    save_and_settle(sandbox, wb, card, [f"{cdn}/a-900x1200.jpg"])
    save_and_settle(sandbox, wb, card, [f"{cdn}/b-900x1200.jpg", f"{cdn}/{bad}"])
    state = store_for(sandbox).sellers[wb.seller]
    assert state.cards[card["nmID"]].photo_sources == [f"{cdn}/a-900x1200.jpg"]
    assert state.media_problems[card["nmID"]]


def test_media_save_refusals(wb, card):
    unknown = wb.post("/content/v3/media/save", json={"nmId": 1, "data": ["http://x/a.jpg"]})
    assert unknown.status_code == 422 and unknown.json()["errorText"] == "Указан несуществующий nmID карточки товара"
    links = [f"http://x/{i}.jpg" for i in range(31)]
    too_many = wb.post("/content/v3/media/save", json={"nmId": card["nmID"], "data": links})
    assert too_many.status_code == 400
    assert wb.post("/content/v3/media/save", json={"nmId": card["nmID"], "data": "x"}).status_code == 400
    assert wb.post("/content/v3/media/save", json={"data": ["http://x/a.jpg"]}).status_code == 422


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def upload_file(wb: WbClient, nm_id: int, number: int, data: bytes, name: str = "photo.jpg") -> httpx.Response:
    headers = {"X-Nm-Id": str(nm_id), "X-Photo-Number": str(number)}
    return wb.post("/content/v3/media/file", headers=headers, files={"uploadfile": (name, data, "image/jpeg")})


def test_media_file_fills_slots_and_checks_at_once(sandbox, wb, card):
    assert upload_file(wb, card["nmID"], 1, _jpeg(700, 900)).status_code == 200
    assert upload_file(wb, card["nmID"], 5, _jpeg(800, 1000)).status_code == 200  # past the end: appended
    assert upload_file(wb, card["nmID"], 1, _jpeg(900, 1200), "new.jpg").status_code == 200  # replaced
    sources = store_for(sandbox).sellers[wb.seller].cards[card["nmID"]].photo_sources
    assert sources == ["upload:new.jpg", "upload:photo.jpg"]
    assert len(wb.card(card["vendorCode"])["photos"]) == 2
    small = upload_file(wb, card["nmID"], 3, _jpeg(100, 100))
    assert small.status_code == 400 and "меньше минимального 700x900" in small.json()["errorText"]
    broken = upload_file(wb, card["nmID"], 3, b"not an image")
    assert broken.status_code == 400 and broken.json()["error"] is True
    assert upload_file(wb, 1, 1, _jpeg(700, 900)).status_code == 400
    no_headers = wb.post("/content/v3/media/file", files={"uploadfile": ("a.jpg", _jpeg(700, 900), "image/jpeg")})
    assert no_headers.status_code == 400
