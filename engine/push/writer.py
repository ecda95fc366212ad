"""The "WB writer" every push step sends its writes through: the real client, or a recorder (dry run).

A dry run and a real push run the very same steps; only this object differs. Reads (the card list,
the error list, price task history) always go to WB, so a dry run sees what really exists.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.wb.card_models import CardDraft, CardGroup, CardUpdate, UploadOutcome
from engine.wb.client import WbClient
from engine.wb.models import PriceItem, PriceTaskRef, StockAmount, dump

DRY_BARCODE_PREFIX = "DRY"  # placeholders a dry run puts where WB would put generated barcodes


class WbWriter(Protocol):
    """Every write a push makes."""

    dry: bool

    def generate_barcodes(self, count: int) -> list[str]: ...

    def upload_cards(self, groups: Sequence[CardGroup]) -> UploadOutcome: ...

    def upload_add(self, imt_id: int, cards: Sequence[CardDraft]) -> UploadOutcome: ...

    def update_cards(self, cards: Sequence[CardUpdate]) -> None: ...

    def media_save(self, nm_id: int, urls: Sequence[str]) -> None: ...

    def media_file(self, nm_id: int, photo_number: int, content: bytes, *, filename: str,
                   content_type: str) -> None: ...

    def upload_price_task(self, items: Sequence[PriceItem]) -> PriceTaskRef: ...

    def set_stocks(self, warehouse_id: int, stocks: Sequence[StockAmount]) -> None: ...


class ClientWriter:
    """Writes go to WB through the client (which paces, retries and never resends a card WB accepted)."""

    dry = False

    def __init__(self, client: WbClient) -> None:
        self.client = client

    def generate_barcodes(self, count: int) -> list[str]:
        return self.client.generate_barcodes(count)

    def upload_cards(self, groups: Sequence[CardGroup]) -> UploadOutcome:
        return self.client.upload_cards(groups)

    def upload_add(self, imt_id: int, cards: Sequence[CardDraft]) -> UploadOutcome:
        return self.client.upload_add(imt_id, cards)

    def update_cards(self, cards: Sequence[CardUpdate]) -> None:
        self.client.update_cards(cards)

    def media_save(self, nm_id: int, urls: Sequence[str]) -> None:
        self.client.media_save(nm_id, urls)

    def media_file(self, nm_id: int, photo_number: int, content: bytes, *, filename: str,
                   content_type: str) -> None:
        self.client.media_file(nm_id, photo_number, content, filename=filename, content_type=content_type)

    def upload_price_task(self, items: Sequence[PriceItem]) -> PriceTaskRef:
        return self.client.upload_price_task(items)

    def set_stocks(self, warehouse_id: int, stocks: Sequence[StockAmount]) -> None:
        self.client.set_stocks(warehouse_id, stocks)


@dataclass(frozen=True)
class RecordedWrite:
    method: str
    path: str
    body: Any

    def body_json(self) -> str:
        return json.dumps(self.body, ensure_ascii=False, sort_keys=True)


@dataclass
class RecordingWriter:
    """A dry run's writer: keeps every request WB would get, byte for byte in content, and sends nothing.

    Barcodes WB would generate become ``DRY0000000001``…; a created card's nmID is not known yet,
    so later payloads carry ``0`` where it would go (the results name the card by vendor code).
    """

    dry: bool = True
    writes: list[RecordedWrite] = field(default_factory=list)
    _barcodes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)  # writes come from the push's lanes too

    def drain(self) -> list[RecordedWrite]:
        with self._lock:
            taken, self.writes = self.writes, []
        return taken

    def _record(self, method: str, path: str, body: Any) -> None:
        with self._lock:
            self.writes.append(RecordedWrite(method, path, body))

    def generate_barcodes(self, count: int) -> list[str]:
        self._record("POST", "/content/v2/barcodes", {"count": count})
        start = self._barcodes
        self._barcodes += count
        return [f"{DRY_BARCODE_PREFIX}{n:010d}" for n in range(start + 1, start + count + 1)]

    def upload_cards(self, groups: Sequence[CardGroup]) -> UploadOutcome:
        self._record("POST", "/content/v2/cards/upload", [dump(g) for g in groups])
        return UploadOutcome(accepted=[v.vendor_code for g in groups for v in g.variants])

    def upload_add(self, imt_id: int, cards: Sequence[CardDraft]) -> UploadOutcome:
        self._record("POST", "/content/v2/cards/upload/add", {"imtID": imt_id, "cardsToAdd": [dump(c) for c in cards]})
        return UploadOutcome(accepted=[c.vendor_code for c in cards])

    def update_cards(self, cards: Sequence[CardUpdate]) -> None:
        self._record("POST", "/content/v2/cards/update", [dump(c) for c in cards])

    def media_save(self, nm_id: int, urls: Sequence[str]) -> None:
        self._record("POST", "/content/v3/media/save", {"nmId": nm_id, "data": list(urls)})

    def media_file(self, nm_id: int, photo_number: int, content: bytes, *, filename: str,
                   content_type: str) -> None:
        self._record("POST", "/content/v3/media/file", {
            "headers": {"X-Nm-Id": str(nm_id), "X-Photo-Number": str(photo_number)},
            "uploadfile": {"filename": filename, "content_type": content_type, "bytes": len(content)},
        })

    def upload_price_task(self, items: Sequence[PriceItem]) -> PriceTaskRef:
        self._record("POST", "/api/v2/upload/task", {"data": [dump(i) for i in items]})
        return PriceTaskRef(id=0)

    def set_stocks(self, warehouse_id: int, stocks: Sequence[StockAmount]) -> None:
        self._record("PUT", f"/api/v3/stocks/{warehouse_id}", {"stocks": [dump(s) for s in stocks]})
