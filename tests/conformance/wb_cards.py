"""Build valid WB cards from what the API itself tells (characteristics, directories), and wait for them."""

from __future__ import annotations

import time
import zlib
from typing import Any

from tests.support.callers import SpecCaller

# The API names no directory per characteristic; WB's own names are the only link.
DIRECTORY_OF = {
    "Пол": "kinds",
    "Цвет": "colors",
    "Страна производства": "countries",
    "Сезон": "seasons",
    "Ставка НДС": "vat",
}


def data_of(response: Any) -> Any:
    body = response.json()
    assert body["error"] is False, body
    return body["data"]


def ean13(seed: int) -> str:
    digits = f"46{seed:010d}"[-12:]
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


class CardFactory:
    """Makes cards of one subject that pass the emulator's moderation."""

    def __init__(self, wb: SpecCaller, subject_id: int) -> None:
        self.wb = wb
        self.subject_id = subject_id
        self.charcs = data_of(wb.get(f"/content/v2/object/charcs/{subject_id}"))
        self.values: dict[str, list[str]] = {}
        for name in set(DIRECTORY_OF.values()):
            found = data_of(wb.get(f"/content/v2/directory/{name}"))
            self.values[name] = [v["name"] if isinstance(v, dict) else v for v in found]
        tnved = data_of(wb.get("/content/v2/directory/tnved", params={"subjectID": subject_id}))
        self.values["tnved"] = [c["tnved"] for c in tnved]
        self.serial = 0

    def _value(self, charc: dict[str, Any], colour: int) -> Any:
        if charc["charcType"] == 4:
            return 10
        directory = "tnved" if charc["name"] == "ТНВЭД" else DIRECTORY_OF.get(charc["name"])
        if directory:
            choices = self.values[directory]
            return [choices[colour % len(choices)]]
        return ["хлопок"]

    def card(self, vendor_code: str, colour: int = 0, **overrides: Any) -> dict[str, Any]:
        self.serial += 1
        charcs = [c for c in self.charcs if c["required"] or c.get("isRequiredForCreate") or c["isVariable"]]
        characteristics = [
            {"id": c["charcID"], "value": self._value(c, colour)} for c in charcs if not c["existNamedField"]
        ]
        card = {
            "vendorCode": vendor_code,
            "title": "Футболка хлопковая",
            "description": "Мягкая футболка из хлопка.",
            "brand": "Северная Нить",
            "dimensions": {"length": 30, "width": 20, "height": 3, "weightBrutto": 0.25},
            "characteristics": characteristics,
            "sizes": [
                {"techSize": "M", "wbSize": "48", "price": 1500, "skus": [ean13(zlib.crc32(vendor_code.encode()))]}
            ],
        }
        return {**card, **overrides}


def wait_for_cards(wb: SpecCaller, vendor_codes: set[str], timeout: float = 10.0) -> dict[str, dict[str, Any]]:
    """Cards appear in get/cards/list some time after a 200; poll (each answer is validated)."""
    deadline = time.monotonic() + timeout
    while True:
        body = {"settings": {"cursor": {"limit": 100}, "filter": {"withPhoto": -1}}}
        cards = {c["vendorCode"]: c for c in wb.post("/content/v2/get/cards/list", body).json()["cards"]}
        if vendor_codes <= cards.keys():
            return cards
        assert time.monotonic() < deadline, f"cards {sorted(vendor_codes - cards.keys())} never appeared"
        time.sleep(0.05)


def wait_for_errors(wb: SpecCaller, vendor_code: str, timeout: float = 10.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        items = data_of(wb.post("/content/v2/cards/error/list", {"cursor": {"limit": 100}}))["items"]
        for item in items:
            if vendor_code in item["errors"]:
                return list(item["errors"][vendor_code])
        assert time.monotonic() < deadline, f"no error batch for {vendor_code}"
        time.sleep(0.05)
