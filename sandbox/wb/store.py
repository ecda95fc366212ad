"""In-memory WB state per seller: cards, pending writes, error batches, price tasks, stocks.

Card writes are accepted at once and take effect ``card_creation_delay`` (scaled) later; the
store applies whatever is due whenever anyone reads it, so no timers run.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.context import SandboxContext
from sandbox.wb.barcodes import new_ean13
from sandbox.wb.directory import Directory

# Real WB ids, first values: nmIDs ~ 2e8; chrtIDs are uint64 and already past 2**32 here so a
# client that keeps them in 32 bits breaks in the sandbox, not in production.
FIRST_NM_ID = 200_000_000
FIRST_IMT_ID = 150_000_000
FIRST_CHRT_ID = 2**32 + 1_000_000
FIRST_UPLOAD_ID = 1_000_000
FREE_CARD_LIMIT = 1500


@dataclass
class Size:
    chrt_id: int
    tech_size: str
    wb_size: str
    skus: list[str]

    def render(self) -> dict[str, Any]:
        return {"chrtID": self.chrt_id, "techSize": self.tech_size, "wbSize": self.wb_size, "skus": list(self.skus)}


@dataclass
class Card:
    nm_id: int
    imt_id: int
    nm_uuid: str
    subject_id: int
    subject_name: str
    vendor_code: str
    brand: str
    title: str
    description: str
    kiz_marked: bool
    need_kiz: bool
    wholesale: dict[str, Any] | None
    dimensions: dict[str, Any]
    characteristics: list[dict[str, Any]]
    sizes: list[Size]
    created_us: int
    updated_us: int
    photos: list[dict[str, str]] = field(default_factory=list)
    photo_sources: list[str] = field(default_factory=list)  # what each photo came from, for tests
    video: str = ""
    price: int | None = None
    discount: int = 0


@dataclass
class Pending:
    """An accepted card write waiting for ``ready_at``: one upload group, or one add/update request."""

    ready_at: float
    batch_uuid: str
    kind: str  # "create" | "update"
    subject_id: int
    variants: list[dict[str, Any]]
    imt_id: int | None = None


@dataclass
class ErrorBatch:
    batch_uuid: str
    updated_us: int
    subjects: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def render(self, stamp: str) -> dict[str, Any]:
        return {"batchUUID": self.batch_uuid, "subjects": self.subjects, "brands": {},
                "vendorCodes": list(self.errors), "errors": self.errors, "updatedAt": stamp}


@dataclass
class PriceTask:
    upload_id: int
    ready_at: float
    created_us: int
    items: list[dict[str, Any]]
    key: str
    results: list[dict[str, Any]] | None = None
    processed_us: int = 0


@dataclass
class SellerState:
    cards: dict[int, Card] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    errors: list[ErrorBatch] = field(default_factory=list)
    tasks: dict[int, PriceTask] = field(default_factory=dict)
    stocks: dict[tuple[int, int], int] = field(default_factory=dict)
    media_generation: dict[int, int] = field(default_factory=dict)
    media_problems: dict[int, list[str]] = field(default_factory=dict)  # why the last media/save was dropped

    def card_by_vendor_code(self, code: str) -> Card | None:
        return next((c for c in self.cards.values() if c.vendor_code == code), None)

    def vendor_codes_in_use(self) -> set[str]:
        used = {c.vendor_code for c in self.cards.values()}
        for write in self.pending:
            if write.kind == "create":
                used.update(str(v["vendorCode"]) for v in write.variants)
        return used

    def barcode_owners(self) -> dict[str, int]:
        return {sku: card.nm_id for card in self.cards.values() for size in card.sizes for sku in size.skus}

    def chrt_ids(self) -> set[int]:
        return {size.chrt_id for card in self.cards.values() for size in card.sizes}

    def forget_errors(self, vendor_codes: set[str]) -> None:
        """A resent card clears its old entry from the error list, as on WB."""
        for batch in self.errors:
            for code in vendor_codes & batch.errors.keys():
                batch.errors.pop(code)
                batch.subjects.pop(code, None)
        self.errors = [b for b in self.errors if b.errors]


class WbStore:
    """Every seller's WB state in one app; ids are unique across sellers like real nmIDs."""

    def __init__(self, ctx: SandboxContext, directory: Directory) -> None:
        self.ctx = ctx
        self.directory = directory
        self.lock = threading.RLock()
        self.sellers: dict[str, SellerState] = {}
        self._next = {"nm": FIRST_NM_ID, "imt": FIRST_IMT_ID, "chrt": FIRST_CHRT_ID, "upload": FIRST_UPLOAD_ID}
        self.generated_barcodes: set[str] = set()

    def seller(self, account: str) -> SellerState:
        """The seller's state with everything due applied (call with ``lock`` held)."""
        state = self.sellers.setdefault(account, SellerState())
        from sandbox.wb.materialise import apply_due

        apply_due(self, state)
        return state

    def new_id(self, kind: str) -> int:
        # Gaps like real ids, so nobody relies on them being consecutive.
        self._next[kind] += 1 + int(self.ctx.roll() * 7)
        return self._next[kind]

    def new_uuid(self) -> str:
        with self.ctx.rng_lock:
            bits = self.ctx.rng.getrandbits(128)
        return str(uuid.UUID(int=bits, version=4))

    def new_barcode(self) -> str:
        return new_ean13(lambda: int(self.ctx.roll() * 10) % 10, self.generated_barcodes)

    def now_us(self) -> int:
        return int(self.ctx.now() * 1_000_000)

    def delay(self) -> float:
        return self.ctx.config.scaled(self.ctx.config.card_creation_delay)

    def sync_delay(self) -> float:
        """How long after creation a card is ready for prices: WB syncs new cards for a while."""
        return 2 * self.delay()

    def free_limits(self) -> int:
        size = self.ctx.config.catalog_size or 0
        return max(FREE_CARD_LIMIT, 2 * size)
