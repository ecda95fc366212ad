"""Cards and error batches as WB lists them: rendering, filters, cursors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sandbox.wb.payloads import invalid, is_int
from sandbox.wb.store import Card, ErrorBatch

CARDS_DEFAULT_LIMIT = 10
PAGE_MAX = 100
ERRORS_DEFAULT_LIMIT = 100
WITH_PHOTO = (-1, 0, 1, 2)
NARROWING = ("textSearch", "objectIDs", "brands", "tagIDs", "imtID")  # filters that leave cards out when set
# What Go prints for an unset time / UUID; WB echoes these on an empty page.
ZERO_TIME = "0001-01-01T00:00:00Z"
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def stamp(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1_000_000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def micros_of(text: Any) -> int | None:
    """Microseconds since the epoch of an RFC 3339 time, None when absent; 400 when unreadable."""
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise invalid("updatedAt must be a string")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise invalid("updatedAt is not a date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def render_card(card: Card) -> dict[str, Any]:
    body: dict[str, Any] = {
        "nmID": card.nm_id,
        "imtID": card.imt_id,
        "nmUUID": card.nm_uuid,
        "subjectID": card.subject_id,
        "subjectName": card.subject_name,
        "vendorCode": card.vendor_code,
        "brand": card.brand,
        "title": card.title,
        "description": card.description,
        "needKiz": card.need_kiz,
        "kizMarked": card.kiz_marked,
        "photos": [dict(p) for p in card.photos],
        "wholesale": dict(card.wholesale or {"enabled": False, "quantum": 0}),
        "dimensions": dict(card.dimensions),
        "characteristics": [dict(c) for c in card.characteristics],
        "sizes": [s.render() for s in card.sizes],
        "tags": [],
        "createdAt": stamp(card.created_us),
        "updatedAt": stamp(card.updated_us),
    }
    if card.video:
        body["video"] = card.video
    return body


def _dict(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid(f"{name} must be an object")
    return value


def _int_list(value: Any, name: str) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(is_int(v) for v in value):
        raise invalid(f"{name} must be an array of integers")
    return list(value)


def _matches(card: Card, flt: dict[str, Any]) -> bool:
    """``textSearch`` is a case-insensitive substring of the vendor code, or an exact nmID or barcode."""
    text = flt.get("textSearch")
    if text:
        needle = str(text).casefold()
        barcodes = {sku for size in card.sizes for sku in size.skus}
        if needle not in card.vendor_code.casefold() and text != str(card.nm_id) and text not in barcodes:
            return False
    with_photo = flt.get("withPhoto", 0)
    if (with_photo == 1 and not card.photos) or (with_photo == 2 and card.photos):
        return False
    if flt.get("objectIDs") and card.subject_id not in flt["objectIDs"]:
        return False
    if flt.get("brands") and card.brand not in flt["brands"]:
        return False
    if flt.get("tagIDs"):
        return False  # the sandbox has no tags, so no card carries one
    return not (flt.get("imtID") and card.imt_id != flt["imtID"])


def list_cards(cards: list[Card], body: Any) -> dict[str, Any]:
    """``get/cards/list``: filter, sort by (updatedAt, nmID), page after the cursor."""
    if not isinstance(body, dict):
        raise invalid("body must be an object")
    settings = _dict(body.get("settings"), "settings")
    sort = _dict(settings.get("sort"), "sort")
    flt = _dict(settings.get("filter"), "filter")
    cursor = _dict(settings.get("cursor"), "cursor")
    ascending = sort.get("ascending", False)
    limit = cursor.get("limit", CARDS_DEFAULT_LIMIT)
    if not isinstance(ascending, bool) or not is_int(limit) or not 1 <= limit <= PAGE_MAX:
        raise invalid(f"cursor.limit must be 1..{PAGE_MAX}")
    if flt.get("withPhoto", 0) not in WITH_PHOTO or not isinstance(flt.get("textSearch", ""), str):
        raise invalid("filter is malformed")
    if (flt.get("imtID") is not None and not is_int(flt["imtID"])) or not isinstance(flt.get("brands") or [], list):
        raise invalid("filter is malformed")
    _int_list(flt.get("objectIDs"), "objectIDs")
    _int_list(flt.get("tagIDs"), "tagIDs")
    after = micros_of(cursor.get("updatedAt"))
    after_nm = cursor.get("nmID")
    if after_nm is not None and not is_int(after_nm):
        raise invalid("cursor.nmID must be an integer")
    narrowed = flt.get("withPhoto") in (1, 2) or any(flt.get(k) for k in NARROWING)
    chosen = [c for c in cards if _matches(c, flt)] if narrowed else cards
    found = sorted(chosen, key=lambda c: (c.updated_us, c.nm_id), reverse=not ascending)
    if after is not None:
        mark = (after, after_nm or 0)
        found = [c for c in found if ((c.updated_us, c.nm_id) > mark) == ascending and (c.updated_us, c.nm_id) != mark]
    page = found[:limit]
    out: dict[str, Any] = {"total": len(page)}
    if page:
        out.update(updatedAt=stamp(page[-1].updated_us), nmID=page[-1].nm_id)
    elif after is not None:
        out.update(updatedAt=cursor.get("updatedAt"), nmID=after_nm or 0)
    return {"cards": [render_card(c) for c in page], "cursor": out}


def list_errors(batches: list[ErrorBatch], body: Any) -> dict[str, Any]:
    """``cards/error/list``: batches by (updatedAt, batchUUID), ``next`` while more remain."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise invalid("body must be an object")
    cursor = _dict(body.get("cursor"), "cursor")
    order = _dict(body.get("order"), "order")
    ascending = order.get("ascending", True)
    limit = cursor.get("limit", ERRORS_DEFAULT_LIMIT)
    if isinstance(limit, float) and limit.is_integer():
        limit = int(limit)
    if not isinstance(ascending, bool) or not is_int(limit) or not 1 <= limit <= PAGE_MAX:
        raise invalid(f"cursor.limit must be 1..{PAGE_MAX}")
    after = micros_of(cursor.get("updatedAt"))
    after_uuid = cursor.get("batchUUID") or ""
    if not isinstance(after_uuid, str):
        raise invalid("cursor.batchUUID must be a string")
    found = sorted(batches, key=lambda b: (b.updated_us, b.batch_uuid), reverse=not ascending)
    if after is not None:
        mark = (after, after_uuid)
        found = [b for b in found if ((b.updated_us, b.batch_uuid) > mark) == ascending
                 and (b.updated_us, b.batch_uuid) != mark]
    page = found[:limit]
    last = page[-1] if page else None
    return {
        "items": [b.render(stamp(b.updated_us)) for b in page],
        "cursor": {
            "next": len(found) > limit,
            "updatedAt": stamp(last.updated_us) if last else (cursor.get("updatedAt") or ZERO_TIME),
            "batchUUID": last.batch_uuid if last else (after_uuid or ZERO_UUID),
        },
    }
