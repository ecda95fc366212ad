"""cards/upload/add and cards/update: same validation style, whole-card overwrite, sizes by chrtID."""

from __future__ import annotations

from typing import Any

from tests.sandbox_wb.helpers import WbClient, ean13, group, tshirt, vendor_code, wait_for


def created(wb: WbClient, card: dict[str, Any]) -> Any:
    wb.upload(group(card))
    return wait_for(lambda: wb.card(card["vendorCode"]))


def as_update(card: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {k: card[k] for k in ("nmID", "vendorCode", "brand", "title", "description", "dimensions")}
    body["dimensions"] = {k: v for k, v in card["dimensions"].items() if k != "isValid"}
    body["characteristics"] = [{"id": c["id"], "value": c["value"]} for c in card["characteristics"]]
    body["sizes"] = [{"chrtID": s["chrtID"], "techSize": s["techSize"], "wbSize": s["wbSize"], "skus": s["skus"]}
                     for s in card["sizes"]]
    body.update(changes)
    return body


def test_upload_add_joins_the_group(wb):
    base = created(wb, tshirt(colour="белый"))
    extra = tshirt(colour="черный")
    response = wb.post("/content/v2/cards/upload/add", json={"imtID": base["imtID"], "cardsToAdd": [extra]})
    assert response.status_code == 200 and response.json()["additionalErrors"] == {}
    joined = wait_for(lambda: wb.card(extra["vendorCode"]))
    assert joined["imtID"] == base["imtID"] and joined["subjectID"] == base["subjectID"]


def test_upload_add_refusals(wb):
    base = created(wb, tshirt(colour="белый"))
    same_colour = wb.post("/content/v2/cards/upload/add", json={"imtID": base["imtID"], "cardsToAdd": [tshirt()]})
    assert same_colour.json()["errorText"] == "non unique characteristics in one group"
    used = wb.post("/content/v2/cards/upload/add",
                   json={"imtID": base["imtID"], "cardsToAdd": [tshirt(base["vendorCode"], colour="черный")]})
    assert used.json()["errorText"].endswith("vendor code is used in other cards")
    unknown = wb.post("/content/v2/cards/upload/add", json={"imtID": 1, "cardsToAdd": [tshirt(colour="черный")]})
    assert unknown.status_code == 400 and unknown.json()["errorText"] == "Указан несуществующий imt"
    malformed = wb.post("/content/v2/cards/upload/add", json={"imtID": base["imtID"], "cardsToAdd": "x"})
    assert malformed.json()["errorText"] == "Invalid request format"


def test_update_overwrites_the_whole_card(wb):
    card = created(wb, tshirt(description="Старое описание"))
    update = as_update(card, title="Новая футболка")
    del update["description"]
    assert wb.post("/content/v2/cards/update", json=[update]).status_code == 200
    changed = wait_for(lambda: (c := wb.card(card["vendorCode"])) and c["title"] == "Новая футболка" and c)
    assert changed["description"] == ""  # not sent, so gone
    assert changed["updatedAt"] > card["updatedAt"] and changed["createdAt"] == card["createdAt"]


def test_update_keeps_sizes_by_chrt_id_adds_new_ones_and_never_drops_barcodes(wb):
    card = created(wb, tshirt())
    kept, dropped = card["sizes"]
    extra_barcode = ean13(99)
    sizes = [{"chrtID": kept["chrtID"], "techSize": "S", "wbSize": "42", "skus": [extra_barcode]},
             {"techSize": "L", "wbSize": "46"}]
    wb.post("/content/v2/cards/update", json=[as_update(card, sizes=sizes)])
    changed = wait_for(lambda: (c := wb.card(card["vendorCode"])) and len(c["sizes"]) == 2
                       and c["sizes"][1]["techSize"] == "L" and c)
    assert changed["sizes"][0]["chrtID"] == kept["chrtID"]
    assert changed["sizes"][0]["skus"] == [*kept["skus"], extra_barcode]
    assert changed["sizes"][1]["chrtID"] not in (kept["chrtID"], dropped["chrtID"])


def test_update_refusals_and_moderation(wb):
    card = created(wb, tshirt())
    other = created(wb, tshirt())
    unknown = wb.post("/content/v2/cards/update", json=[as_update(card, nmID=1)])
    assert unknown.status_code == 400 and unknown.json()["errorText"] == "Указан несуществующий nmID карточки товара"
    clash = wb.post("/content/v2/cards/update", json=[as_update(card, vendorCode=other["vendorCode"])])
    assert clash.json()["errorText"].endswith("vendor code is used in other cards")
    no_sizes = wb.post("/content/v2/cards/update", json=[as_update(card, sizes=[])])
    assert no_sizes.json()["errorText"] == "Invalid request format"
    wb.post("/content/v2/cards/update", json=[as_update(card, title="😈 Футболка")])
    assert wait_for(lambda: wb.errors_for(card["vendorCode"]))[0].startswith("Поле Наименование")
    assert wb.card(card["vendorCode"])["title"] == card["title"]  # a rejected update changes nothing


def test_update_with_a_foreign_chrt_id_is_rejected(wb):
    card = created(wb, tshirt())
    wb.post("/content/v2/cards/update", json=[as_update(card, sizes=[{"chrtID": 12345, "techSize": "S"}])])
    assert wait_for(lambda: wb.errors_for(card["vendorCode"])) == ["Размер с chrtID 12345 не принадлежит карточке"]


def test_vendor_code_can_change_on_update(wb):
    card = created(wb, tshirt())
    renamed = vendor_code("renamed")
    wb.post("/content/v2/cards/update", json=[as_update(card, vendorCode=renamed)])
    moved = wait_for(lambda: wb.card(renamed))
    assert moved["nmID"] == card["nmID"] and wb.card(card["vendorCode"]) is None
