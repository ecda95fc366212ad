"""Accepted cards appear after the creation delay, or land in the error list in Russian."""

from __future__ import annotations

import time
from typing import Any

import pytest

from sandbox.config import SandboxConfig
from sandbox.wb import cards_of, store_for
from sandbox.wb.barcodes import is_valid_gtin
from tests.sandbox_wb.helpers import WbClient, ean13, fresh_seller, group, tshirt, vendor_code, wait_for


def test_group_appears_later_with_shared_imt_and_wide_chrt_ids(sandbox, wb):
    white, black = tshirt(colour="белый"), tshirt(colour="черный")
    assert wb.upload(group(white, black)).status_code == 200
    assert wb.card(white["vendorCode"]) is None  # accepted is not created
    first = wait_for(lambda: wb.card(white["vendorCode"]))
    second = wb.card(black["vendorCode"])
    assert first["imtID"] == second["imtID"] and first["nmID"] != second["nmID"]
    assert first["nmUUID"] != second["nmUUID"]
    chrt_ids = [s["chrtID"] for c in (first, second) for s in c["sizes"]]
    assert len(set(chrt_ids)) == 4 and all(c > 2**32 for c in chrt_ids)
    skus = [sku for c in (first, second) for s in c["sizes"] for sku in s["skus"]]
    assert len(set(skus)) == 4 and all(is_valid_gtin(s) for s in skus)
    assert first["dimensions"]["isValid"] is True and first["photos"] == []
    assert {c["name"] for c in first["characteristics"]} >= {"Цвет", "Пол", "Состав"}
    assert first["createdAt"] == first["updatedAt"]
    assert len(cards_of(sandbox, wb.seller)) == 2


def test_created_cards_are_counted(sandbox, wb):

    def events() -> int:
        return store_for(sandbox).ctx.stats.snapshot()["events"].get("wb.card_created", 0)

    before = events()
    wb.upload(group(tshirt()), group(tshirt()))
    wait_for(lambda: len(wb.cards()) == 2)
    assert events() - before == 2


def test_given_barcodes_and_sizeless_cards(wb):
    code, barcode = vendor_code(), ean13(7)
    wb.upload(group(tshirt(code, sizes=[{"skus": [barcode]}])), group(tshirt("nosize", sizes=None)))
    card = wait_for(lambda: wb.card(code))
    assert card["sizes"] == [{"chrtID": card["sizes"][0]["chrtID"], "techSize": "0", "wbSize": "", "skus": [barcode]}]
    assert len(wb.card("nosize")["sizes"]) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "Ф" * 61}, "Наименование товара не должно быть длиннее 60 символов"),
        ({"vendorCode": "v" * 73}, "Артикул продавца не должен быть длиннее 72 символов"),
        ({"title": "Футболка 😈"}, "Поле Наименование не должно содержать запрещенные символы: 😈"),
        ({"description": "Круто 🔥"}, "Поле Описание не должно содержать запрещенные символы: 🔥"),
        ({"title": "Пишите shop@example.ru"}, "Запрещено использовать E-Mail в поле Наименование"),
        ({"description": "почта a.b@mail.ru"}, "Запрещено использовать E-Mail в поле Описание"),
        ({"description": "д" * 2001}, "Описание товара не должно быть длиннее 2000 символов"),
        ({"colour": ["белый", "черный", "серый", "синий", "красный", "зеленый"]},
         "Превышено максимальное количество значений характеристики «Цвет»: 5"),
        ({"extra": {"id": 424242, "value": ["x"]}}, "Характеристика с id 424242 отсутствует у предмета «Футболки»"),
        ({"colour": ["фиолетово-бирюзовый"]}, "Недопустимое значение «фиолетово-бирюзовый» для характеристики «Цвет»"),
        ({"drop": 14177450}, "Не заполнена обязательная характеристика «Состав»"),
        ({"sizes": [{"skus": ["1234567890123"]}]}, "Некорректный баркод 1234567890123"),
    ],
    ids=["title-60", "vendor-code-72", "title-emoji", "description-emoji", "title-email", "description-email",
         "description-2000", "max-count", "foreign-charc", "not-in-directory", "required-missing", "bad-barcode"],
)
def test_rejected_cards_land_in_the_error_list(wb, overrides, message):
    card = tshirt()
    for key, value in overrides.items():
        if key == "colour":
            card["characteristics"] = [c for c in card["characteristics"] if c["id"] != 14177449]
            card["characteristics"].append({"id": 14177449, "value": value})
        elif key == "extra":
            card["characteristics"].append(value)
        elif key == "drop":
            card["characteristics"] = [c for c in card["characteristics"] if c["id"] != value]
        else:
            card[key] = value
    assert wb.upload(group(card)).status_code == 200
    code = card["vendorCode"]
    messages = wait_for(lambda: wb.errors_for(code))
    assert any(m.startswith(message) for m in messages), messages
    item = next(i for i in wb.errors() if code in i["errors"])
    assert item["vendorCodes"] == [code] and item["subjects"][code] == {"id": 192, "name": "Футболки"}
    assert wb.card(code) is None


def test_barcode_of_another_card_is_rejected(wb):
    barcode = ean13(11)
    wb.upload(group(tshirt("first", sizes=[{"skus": [barcode]}])))
    wait_for(lambda: wb.card("first"))
    wb.upload(group(tshirt("second", sizes=[{"skus": [barcode]}])))
    assert wait_for(lambda: wb.errors_for("second")) == [f"Баркод {barcode} уже используется в другой карточке"]


@pytest.mark.parametrize("dims", [{"length": 10.5, "width": 20, "height": 3, "weightBrutto": 0.2},
                                  {"length": 0, "width": 20, "height": 3, "weightBrutto": 0.2},
                                  {"length": 10, "width": 20, "height": 3, "weightBrutto": 0.2345}, None])
def test_odd_dimensions_still_create_the_card_but_flag_it(wb, dims):
    card = tshirt(dimensions=dims)
    wb.upload(group(card))
    created = wait_for(lambda: wb.card(card["vendorCode"]))
    assert created["dimensions"]["isValid"] is False


def test_one_bad_variant_does_not_stop_its_group(wb):
    good, bad = tshirt(colour="белый"), tshirt(colour="черный", title="😈")
    wb.upload(group(good, bad))
    wait_for(lambda: wb.card(good["vendorCode"]))
    assert wb.card(bad["vendorCode"]) is None and wb.errors_for(bad["vendorCode"])


def test_error_entry_disappears_when_the_card_is_resent_fixed(wb):
    card = tshirt(title="📦 Футболка")
    wb.upload(group(card))
    wait_for(lambda: wb.errors_for(card["vendorCode"]))
    card["title"] = "Футболка"
    assert wb.upload(group(card)).status_code == 200
    assert wb.errors_for(card["vendorCode"]) == []
    wait_for(lambda: wb.card(card["vendorCode"]))


def test_cards_list_pages_with_the_cursor_and_filters(wb):
    codes = [vendor_code("page") for _ in range(7)]
    wb.upload(*(group(tshirt(c)) for c in codes))
    wait_for(lambda: len(wb.cards()) == 7)
    seen: list[int] = []
    cursor: dict[str, Any] = {"limit": 3}
    while True:
        body = {"settings": {"sort": {"ascending": True}, "cursor": cursor, "filter": {"withPhoto": -1}}}
        page = wb.post("/content/v2/get/cards/list", json=body).json()
        seen += [c["nmID"] for c in page["cards"]]
        if page["cursor"]["total"] < 3:
            break
        cursor = {"limit": 3, "updatedAt": page["cursor"]["updatedAt"], "nmID": page["cursor"]["nmID"]}
    assert len(seen) == 7 == len(set(seen))
    one = wb.cards(textSearch=codes[0])
    assert [c["vendorCode"] for c in one] == [codes[0]]
    assert [c["vendorCode"] for c in wb.cards(textSearch=str(one[0]["nmID"]))] == [codes[0]]
    barcode = one[0]["sizes"][0]["skus"][0]
    assert [c["vendorCode"] for c in wb.cards(textSearch=barcode)] == [codes[0]]
    assert len(wb.cards(textSearch="page-")) == 7  # a substring of the vendor code matches too
    assert wb.cards(objectIDs=[212]) == [] and len(wb.cards(objectIDs=[192])) == 7
    assert wb.cards(withPhoto=1) == [] and len(wb.cards(withPhoto=2)) == 7
    assert [c["vendorCode"] for c in wb.cards(imtID=one[0]["imtID"])] == [codes[0]]


@pytest.mark.parametrize(
    "settings",
    [{"cursor": {"limit": 101}}, {"cursor": {"limit": "5"}}, {"filter": {"withPhoto": 5}},
     {"cursor": {"updatedAt": "yesterday", "nmID": 1}}, {"sort": []}],
)
def test_cards_list_refuses_bad_settings(wb, settings):
    response = wb.post("/content/v2/get/cards/list", json={"settings": settings})
    assert response.status_code == 400 and response.json()["errorText"] == "Invalid request format"


def test_error_list_pages_with_next(wb):
    wb.upload(*(group(tshirt(title="😈")) for _ in range(3)))
    wait_for(lambda: len(wb.errors()) == 3)
    first = wb.post("/content/v2/cards/error/list", json={"cursor": {"limit": 2}}).json()["data"]
    assert len(first["items"]) == 2 and first["cursor"]["next"] is True
    cursor = {"limit": 2, "updatedAt": first["cursor"]["updatedAt"], "batchUUID": first["cursor"]["batchUUID"]}
    second = wb.post("/content/v2/cards/error/list", json={"cursor": cursor}).json()["data"]
    assert len(second["items"]) == 1 and second["cursor"]["next"] is False
    batches = {i["batchUUID"] for i in first["items"] + second["items"]}
    assert len(batches) == 3


def test_speed_knob_scales_the_creation_delay(start_sandbox):
    # 60 s of real WB delay at speed 200 is 0.3 s here.
    with start_sandbox(SandboxConfig(speed=200, card_creation_delay=60)) as sandbox:
        client = WbClient(sandbox.url, fresh_seller())
        card = tshirt()
        started = time.monotonic()
        client.upload(group(card))
        wait_for(lambda: client.card(card["vendorCode"]), step=0.01)
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 2.0
