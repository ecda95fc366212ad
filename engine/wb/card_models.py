"""WB cards: what we send to create or update them, what the list and error list return,
and what an upload finally amounted to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from engine.http.fields import LenientInt, StrList, Text, WireModel


class Dimensions(WireModel):
    """Package size in whole cm and gross weight in kg (≤ 3 decimals)."""

    length: int | None = None
    width: int | None = None
    height: int | None = None
    weight_brutto: float | None = Field(default=None, alias="weightBrutto")
    is_valid: bool | None = Field(default=None, alias="isValid")  # answers only


class Characteristic(WireModel):
    """``value`` is a list of strings (charcType 1) or one number (charcType 4)."""

    id: int
    value: Any = None
    name: str | None = None  # answers only


class Size(WireModel):
    chrt_id: LenientInt = Field(default=None, alias="chrtID")  # uint64; absent for a new size
    tech_size: str | None = Field(default=None, alias="techSize")
    wb_size: str | None = Field(default=None, alias="wbSize")
    price: int | None = None  # creation only
    skus: StrList = Field(default_factory=list)


class CardDraft(WireModel):
    """One card (a colour/model variant with all its sizes) to create."""

    vendor_code: str = Field(alias="vendorCode")
    title: str | None = None
    description: str | None = None
    brand: str | None = None
    kiz_marked: bool | None = Field(default=None, alias="kizMarked")
    dimensions: Dimensions | None = None
    characteristics: list[Characteristic] = Field(default_factory=list)
    sizes: list[Size] = Field(default_factory=list)


class CardGroup(WireModel):
    """One element of a ``cards/upload`` body: a standalone card, or up to 30 merged ones."""

    subject_id: int = Field(alias="subjectID")
    variants: list[CardDraft]


class CardUpdate(CardDraft):
    """A whole card for ``cards/update`` (it overwrites everything); sizes keep their ``chrt_id``."""

    nm_id: int = Field(alias="nmID")


class Photo(WireModel):
    big: Text = ""
    c246x328: Text = ""
    c516x688: Text = ""
    square: Text = ""
    tm: Text = ""


class Card(WireModel):
    """A created card from ``get/cards/list``."""

    nm_id: int = Field(alias="nmID")
    imt_id: LenientInt = Field(default=None, alias="imtID")
    nm_uuid: Text = Field(default="", alias="nmUUID")
    subject_id: LenientInt = Field(default=None, alias="subjectID")
    subject_name: Text = Field(default="", alias="subjectName")
    vendor_code: Text = Field(default="", alias="vendorCode")
    brand: Text = ""
    title: Text = ""
    description: Text = ""
    need_kiz: bool = Field(default=False, alias="needKiz")
    kiz_marked: bool = Field(default=False, alias="kizMarked")
    photos: list[Photo] = Field(default_factory=list)
    video: Text = ""
    dimensions: Dimensions = Field(default_factory=Dimensions)
    characteristics: list[Characteristic] = Field(default_factory=list)
    sizes: list[Size] = Field(default_factory=list)
    created_at: Text = Field(default="", alias="createdAt")
    updated_at: Text = Field(default="", alias="updatedAt")


class CardsCursor(WireModel):
    updated_at: Text = Field(default="", alias="updatedAt")
    nm_id: LenientInt = Field(default=None, alias="nmID")
    total: int = 0


class CardsPage(WireModel):
    cards: list[Card] = Field(default_factory=list)
    cursor: CardsCursor = Field(default_factory=CardsCursor)


class ErrorBatch(WireModel):
    """One batch of ``cards/error/list``: cards accepted but not created, errors by vendorCode."""

    batch_uuid: Text = Field(default="", alias="batchUUID")
    subjects: dict[str, Any] = Field(default_factory=dict)
    vendor_codes: StrList = Field(default_factory=list, alias="vendorCodes")
    errors: dict[str, StrList] = Field(default_factory=dict)
    updated_at: Text = Field(default="", alias="updatedAt")


class ErrorCursor(WireModel):
    next: bool = False
    updated_at: Text = Field(default="", alias="updatedAt")
    batch_uuid: Text = Field(default="", alias="batchUUID")


class ErrorPage(WireModel):
    items: list[ErrorBatch] = Field(default_factory=list)
    cursor: ErrorCursor = Field(default_factory=ErrorCursor)


class UploadOutcome(BaseModel):
    """What a card write amounted to, after any reconciliation.

    ``accepted``: vendor codes WB took in (creation is asynchronous: each still becomes a
    card or an error-list entry later). ``created``/``rejected``: what reconciliation
    already saw of them. ``resent``: codes sent again because no trace of an earlier,
    unanswered attempt was found. ``ambiguous_attempts``: attempts whose answer was lost.
    """

    accepted: list[str] = Field(default_factory=list)
    created: dict[str, int] = Field(default_factory=dict)  # vendorCode -> nmID
    rejected: dict[str, list[str]] = Field(default_factory=dict)
    resent: list[str] = Field(default_factory=list)
    ambiguous_attempts: int = 0


def parse_stamp(text: str) -> datetime | None:
    """WB's RFC 3339 times (``Z`` or offset, any fraction digits) as aware datetimes."""
    raw = text.strip()
    if not raw:
        return None
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    head, dot, tail = raw.partition(".")
    if dot:
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        raw = f"{head}.{(digits + '000000')[:6]}{zone}"
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
