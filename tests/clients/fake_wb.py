"""A scripted WB content host for unit tests of card uploads and their reconciliation."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

CONFLICT = "bad request; Unexpected the specified card's vendor code is used in other cards"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class FakeWb:
    """``script`` says what happens to each upload attempt, in order:
    ``ok``; ``lost`` (processed, answer lost); ``fail`` (500 before processing).
    Accepted cards become visible after ``visible_after`` card-list reads."""

    script: list[str] = field(default_factory=lambda: ["ok"])
    visible_after: int = 0
    reject: dict[str, list[str]] = field(default_factory=dict)  # vendorCode -> moderation errors
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    created: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    uploads: int = 0
    next_nm: int = 1000

    def preexisting(self, code: str, days_ago: int = 3) -> None:
        moment = stamp(datetime.now(UTC) - timedelta(days=days_ago))
        self.cards[code] = {"nmID": self._nm(), "vendorCode": code, "createdAt": moment, "updatedAt": moment}

    def _nm(self) -> int:
        self.next_nm += 1
        return self.next_nm

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls[path] += 1
        body: Any = json.loads(request.content) if request.content else None
        if path == "/content/v2/cards/upload":
            return self._upload(request, body)
        if path == "/content/v2/get/cards/list":
            self._materialise()
            return self._list(body)
        if path == "/content/v2/cards/error/list":
            self._materialise()
            return httpx.Response(200, json={"data": {"items": list(reversed(self.errors)), "cursor": {"next": False}},
                                             "error": False, "errorText": "", "additionalErrors": None})
        raise AssertionError(f"unexpected call {path}")

    def _upload(self, request: httpx.Request, body: list[dict[str, Any]]) -> httpx.Response:
        step = self.script[min(self.uploads, len(self.script) - 1)]
        self.uploads += 1
        if step == "fail":
            return httpx.Response(500, json={"title": "internal server error", "status": 500})
        codes = [v["vendorCode"] for g in body for v in g["variants"]]
        used = set(self.cards) | {c for _, cs in self.pending for c in cs}
        if used & set(codes):
            self.conflicts += 1
            return httpx.Response(400, json={"data": None, "error": True, "errorText": CONFLICT,
                                             "additionalErrors": {}})
        self.pending.append((self.calls["/content/v2/get/cards/list"] + self.visible_after, codes))
        if step == "lost":
            raise httpx.ReadTimeout("answer lost", request=request)
        return httpx.Response(200, json={"data": None, "error": False, "errorText": "", "additionalErrors": {}})

    def _materialise(self) -> None:
        now = stamp(datetime.now(UTC))
        due = [p for p in self.pending if p[0] <= self.calls["/content/v2/get/cards/list"]]
        for entry in due:
            self.pending.remove(entry)
            failed = {c: self.reject[c] for c in entry[1] if c in self.reject}
            for code in entry[1]:
                if code not in failed:
                    self.created[code] += 1
                    self.cards[code] = {"nmID": self._nm(), "vendorCode": code, "createdAt": now, "updatedAt": now}
            if failed:
                self.errors.append({"batchUUID": f"b{len(self.errors)}", "vendorCodes": list(failed),
                                    "errors": failed, "updatedAt": now})

    def _list(self, body: dict[str, Any]) -> httpx.Response:
        settings = body["settings"]
        text = settings.get("filter", {}).get("textSearch")
        rows = sorted(self.cards.values(), key=lambda c: (c["updatedAt"], c["nmID"]), reverse=True)
        if text:
            rows = [c for c in rows if text in c["vendorCode"]]
        limit = settings["cursor"]["limit"]
        rows = rows[:limit]
        cursor = {"total": len(rows)}
        if rows:
            cursor.update(updatedAt=rows[-1]["updatedAt"], nmID=rows[-1]["nmID"])
        return httpx.Response(200, json={"cards": rows, "cursor": cursor})
