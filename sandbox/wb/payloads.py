"""Whole-request checks of card writes: what real WB refuses with HTTP 400 before accepting anything.

WB decodes bodies into typed Go structs, so a wrong JSON type anywhere is ``Invalid request
format``. Dimensions are the exception: odd values there are accepted and only flagged as
``isValid: false`` on the card, so any number is let through here.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from sandbox.wb.directory import COLOUR_CHARC_ID, Charc, Directory
from sandbox.wb.replies import RefusedError, content_error

MAX_GROUPS = 100
MAX_VARIANTS = 30
MAX_UPDATE_CARDS = 3000
INVALID_FORMAT = "Invalid request format"
NO_VENDOR_CODE = "A card cannot be created without a vendorCode"
VENDOR_CODE_USED = "bad request; Unexpected the specified card's vendor code is used in other cards"
NO_CATEGORY = "This category does not exist"
MISSING_REQUIRED = "some items lacks required characteristics. please fill them and try again."
NON_UNIQUE = "non unique characteristics in one group"
GROUP_TOO_BIG = "В группу можно объединить не больше 30 карточек. В результате запроса будет превышен лимит"
TOO_MANY_GROUPS = "В одном запросе можно передать не больше 100 карточек или групп"


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _optional(value: Any, kind: type) -> bool:
    """Absent/null, or exactly ``kind`` (a bool is not a number here, as in Go)."""
    if value is None:
        return True
    if kind is bool:
        return isinstance(value, bool)
    return isinstance(value, kind) and not isinstance(value, bool)


def invalid(detail: str | None = None) -> RefusedError:
    return content_error(INVALID_FORMAT, {"error": detail} if detail else {})


def _check_value(value: Any, charc: Charc | None) -> bool:
    strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if charc is None or charc.charc_type == 0:
        return strings or is_number(value)
    if charc.charc_type == 4:
        return is_number(value)
    return strings


def check_variant(variant: Any, charcs: dict[int, Charc], *, update: bool = False) -> None:
    """Types of one card as WB's decoder sees them; raises ``Invalid request format``."""
    if not isinstance(variant, dict):
        raise invalid("card must be an object")
    for key in ("vendorCode", "title", "description", "brand"):
        if not _optional(variant.get(key), str):
            raise invalid(f"{key} must be a string")
    if not _optional(variant.get("kizMarked"), bool):
        raise invalid("kizMarked must be a boolean")
    if update and not is_int(variant.get("nmID")):
        raise invalid("nmID must be an integer")
    wholesale = variant.get("wholesale")
    if wholesale is not None and not (
        isinstance(wholesale, dict) and _optional(wholesale.get("enabled"), bool)
        and (wholesale.get("quantum") is None or is_number(wholesale.get("quantum")))
    ):
        raise invalid("wholesale is malformed")
    dims = variant.get("dimensions")
    if dims is not None and not (
        isinstance(dims, dict) and all(dims.get(k) is None or is_number(dims.get(k))
                                       for k in ("length", "width", "height", "weightBrutto"))
    ):
        raise invalid("dimensions must be numbers")
    chars = variant.get("characteristics")
    if chars is not None:
        if not isinstance(chars, list):
            raise invalid("characteristics must be an array")
        for item in chars:
            if not isinstance(item, dict) or not is_int(item.get("id")) or "value" not in item:
                raise invalid("characteristic needs an integer id and a value")
            if not _check_value(item["value"], charcs.get(item["id"])):
                raise invalid(f"characteristic {item['id']} has a value of the wrong type")
    sizes = variant.get("sizes")
    if sizes is None and not update:
        return
    if not isinstance(sizes, list) or not sizes:
        raise invalid("sizes must be a non-empty array")
    for size in sizes:
        if not isinstance(size, dict):
            raise invalid("size must be an object")
        if not (_optional(size.get("techSize"), str) and _optional(size.get("wbSize"), str)):
            raise invalid("techSize and wbSize must be strings")
        if size.get("price") is not None and not is_int(size.get("price")):
            raise invalid("price must be an integer")
        if size.get("chrtID") is not None and not is_int(size.get("chrtID")):
            raise invalid("chrtID must be an integer")
        skus = size.get("skus")
        if skus is not None and not (isinstance(skus, list) and all(isinstance(s, str) for s in skus)):
            raise invalid("skus must be an array of strings")


def charcs_by_id(directory: Directory, subject_id: int) -> dict[int, Charc]:
    return {c.charc_id: c for c in directory.charcs_of(subject_id)}


def parse_upload(body: Any, directory: Directory) -> list[tuple[int, list[dict[str, Any]]]]:
    """``cards/upload`` body as ``(subjectID, variants)`` groups, or the 400 WB answers."""
    if not isinstance(body, list) or not body:
        raise invalid("body must be a non-empty array")
    if len(body) > MAX_GROUPS:
        raise content_error(TOO_MANY_GROUPS)
    groups: list[tuple[int, list[dict[str, Any]]]] = []
    for group in body:
        if not isinstance(group, dict) or not is_int(group.get("subjectID")):
            raise invalid("subjectID must be an integer")
        variants = group.get("variants")
        if not isinstance(variants, list) or not variants:
            raise invalid("variants must be a non-empty array")
        if len(variants) > MAX_VARIANTS:
            raise content_error(GROUP_TOO_BIG)
        groups.append((group["subjectID"], variants))
    for subject_id, variants in groups:
        for variant in variants:
            check_variant(variant, charcs_by_id(directory, subject_id))
    return groups


def require_vendor_codes(variants: list[dict[str, Any]]) -> None:
    if any(not v.get("vendorCode") for v in variants):
        raise content_error(NO_VENDOR_CODE)


def require_subject(directory: Directory, subject_id: int) -> None:
    if directory.subject(subject_id) is None:
        raise content_error(NO_CATEGORY, {"id": str(subject_id)})


def require_free_vendor_codes(vendor_codes: list[str], used: set[str]) -> list[str]:
    """The vendor codes that clash with the seller's cards (created or pending) or repeat in the request."""
    seen: set[str] = set()
    clashes: list[str] = []
    for code in vendor_codes:
        if code in used or code in seen:
            clashes.append(code)
        seen.add(code)
    return clashes


def present_ids(variant: dict[str, Any]) -> set[int]:
    found: set[int] = set()
    for item in variant.get("characteristics") or []:
        value = item.get("value")
        if value not in (None, [], ""):
            found.add(int(item["id"]))
    return found


def require_create_charcs(variants: list[dict[str, Any]], charcs: list[Charc]) -> None:
    """WB's 2026 ``isRequiredForCreate`` charcs are checked before a card is accepted."""
    needed = [c.charc_id for c in charcs if c.required_for_create]
    missing: dict[str, str] = {}
    for variant in variants:
        absent = [cid for cid in needed if cid not in present_ids(variant)]
        if absent:
            ids = ", ".join(str(cid) for cid in absent)
            missing[str(variant["vendorCode"])] = f"missing required characteristics with ids: {ids}"
    if missing:
        raise content_error(MISSING_REQUIRED, missing)


def variant_key(variant: dict[str, Any], variable_ids: set[int]) -> tuple[tuple[int, str], ...]:
    parts: list[tuple[int, str]] = []
    for item in variant.get("characteristics") or []:
        if int(item["id"]) in variable_ids:
            value = item.get("value")
            text = "|".join(sorted(str(v).casefold() for v in value)) if isinstance(value, list) else str(value)
            parts.append((int(item["id"]), text))
    return tuple(sorted(parts))


def require_distinct(variants: list[dict[str, Any]], charcs: list[Charc], *, imt_id: int | None = None) -> None:
    """Cards of one group must differ by colour or another ``isVariable`` charc."""
    if len(variants) < 2:
        return
    variable_ids = {c.charc_id for c in charcs if c.variable} | {COLOUR_CHARC_ID}
    ids = ", ".join(str(i) for i in sorted(variable_ids))
    seen: dict[tuple[tuple[int, str], ...], str] = {}
    clashes: dict[str, str] = {}
    for variant in variants:
        key = variant_key(variant, variable_ids)
        code = str(variant.get("vendorCode", ""))
        if key in seen:
            where = f"group id: {imt_id} with characteristic ids" if imt_id else "group with ids"
            clashes[code] = f"non unique characteristics in {where}: {ids}"
        seen[key] = code
    if clashes:
        raise content_error(NON_UNIQUE, clashes)
