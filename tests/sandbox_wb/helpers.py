"""A thin WB client for the emulator tests, and payloads that pass (or fail) WB's checks."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import httpx

from sandbox.wb.barcodes import check_digit

TSHIRT = 192  # Футболки: needs Пол, Состав and ТНВЭД (the last one before WB accepts the card)
SOCKS = 212
_sellers = itertools.count(1)
_codes = itertools.count(1)


def fresh_seller() -> str:
    """A seller no other test uses, so tests sharing one sandbox never see each other's cards."""
    return f"t{next(_sellers)}x{int(time.time() * 1000) % 100000}"


def ean13(n: int) -> str:
    body = f"46{n:010d}"
    return body + str(check_digit(body))


def vendor_code(prefix: str = "vc") -> str:
    return f"{prefix}-{next(_codes)}"


def tshirt(code: str | None = None, colour: str = "белый", **overrides: Any) -> dict[str, Any]:
    """A Футболки variant WB accepts and creates."""
    card: dict[str, Any] = {
        "vendorCode": code or vendor_code(),
        "title": "Футболка хлопковая",
        "description": "Мягкая футболка из хлопка",
        "brand": "Северная Нить",
        "dimensions": {"length": 30, "width": 20, "height": 3, "weightBrutto": 0.25},
        "characteristics": [
            {"id": 17596, "value": ["Женский"]},
            {"id": 14177450, "value": ["хлопок 100%"]},
            {"id": 15000001, "value": ["6109100000"]},
            {"id": 14177449, "value": [colour]},
        ],
        "sizes": [{"techSize": "S", "wbSize": "42", "price": 1500}, {"techSize": "M", "wbSize": "44", "price": 1500}],
    }
    card.update(overrides)
    return card


def group(*variants: dict[str, Any], subject: int = TSHIRT) -> dict[str, Any]:
    return {"subjectID": subject, "variants": list(variants)}


class WbClient:
    """Calls one sandbox as one seller; waits out 429s unless ``raw`` is asked for."""

    def __init__(self, base_url: str, seller: str | None = "default", *, token: str | None = None,
                 event_hooks: dict[str, list[Callable[[Any], Any]]] | None = None) -> None:
        if token is None:
            token = "sandbox-wb-token" if seller in (None, "default") else f"sandbox-wb-token.{seller}"
        self.seller = seller or "default"
        self.http = httpx.Client(base_url=f"{base_url}/wb", headers={"Authorization": f"Bearer {token}"},
                                 timeout=30, event_hooks=event_hooks or {})

    def call(self, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> httpx.Response:
        for _ in range(50):
            response = self.http.request(method, path, **kwargs)
            if raw or response.status_code != httpx.codes.TOO_MANY_REQUESTS:
                return response
            time.sleep(float(response.headers["X-Ratelimit-Retry"]) + 0.001)
        raise AssertionError(f"{method} {path} stayed rate limited")

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("PUT", path, **kwargs)

    def upload(self, *groups: dict[str, Any]) -> httpx.Response:
        return self.post("/content/v2/cards/upload", json=list(groups))

    def cards(self, **filters: Any) -> list[dict[str, Any]]:
        body = {"settings": {"cursor": {"limit": 100}, "filter": {"withPhoto": -1, **filters}}}
        response = self.post("/content/v2/get/cards/list", json=body)
        assert response.status_code == 200, response.text
        return list(response.json()["cards"])

    def card(self, code: str) -> dict[str, Any] | None:
        return next((c for c in self.cards(textSearch=code) if c["vendorCode"] == code), None)

    def errors(self) -> list[dict[str, Any]]:
        response = self.post("/content/v2/cards/error/list", json={"cursor": {"limit": 100}})
        assert response.status_code == 200, response.text
        return list(response.json()["data"]["items"])

    def errors_for(self, code: str) -> list[str]:
        return [msg for item in self.errors() for msg in item["errors"].get(code, [])]

    def close(self) -> None:
        self.http.close()


def wait_for(probe: Callable[[], Any], timeout: float = 10.0, step: float = 0.02) -> Any:
    """Poll ``probe`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(step)
