"""Stable WB vendor codes for cards built from several Ozon offer ids."""

from __future__ import annotations

import hashlib
import re

WB_VENDOR_CODE_LIMIT = 72
_SEPARATORS = "-_./ "
_TOKENS = re.compile(r"[^-_./ ]+|[-_./ ]")
_UNSAFE = re.compile(r"[^0-9A-Za-zА-Яа-яЁё_\-./]+")


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text.strip()).strip("-")


def derive_vendor_code(offer_ids: list[str], colour: str = "") -> str:
    """One vendor code per WB card, the same every time for the same offers.

    Ozon has one offer_id per size; WB one vendorCode per colour card. The common
    prefix of the size offers (``TS-001-RED-S``, ``TS-001-RED-M`` → ``TS-001-RED``)
    is what sellers recognise; when there is none we fall back to a hash.
    """
    ids = sorted({o.strip() for o in offer_ids if o.strip()})
    if not ids:
        raise ValueError("no offer ids to derive a vendor code from")
    if len(ids) == 1:
        base = ids[0]
    else:
        base = _common_token_prefix(ids).rstrip(_SEPARATORS)
        if len(base) < 3:
            base = f"{ids[0]}-{_short_hash(ids)}"
    if colour and len(ids) > 1 and colour.lower() not in base.lower():
        base = f"{base}-{_slug(colour)}"
    return fit_vendor_code(_slug(base) or _short_hash(ids), ids)


def _common_token_prefix(ids: list[str]) -> str:
    """Common prefix cut at a separator, so ``TS-001``/``TS-002`` share ``TS`` and not ``TS-00``."""
    split = [_TOKENS.findall(i) for i in ids]
    common: list[str] = []
    for tokens in zip(*split, strict=False):
        if any(t != tokens[0] for t in tokens):
            break
        common.append(tokens[0])
    return "".join(common)


def fit_vendor_code(code: str, salt: list[str]) -> str:
    if len(code) <= WB_VENDOR_CODE_LIMIT:
        return code
    tail = _short_hash([code, *salt])
    return f"{code[: WB_VENDOR_CODE_LIMIT - len(tail) - 1]}-{tail}"


def make_unique(code: str, taken: set[str], salt: str) -> str:
    """Another card already has this code (e.g. an archived twin): add a stable suffix."""
    if code not in taken:
        return code
    candidate = fit_vendor_code(f"{code}-{_short_hash([salt])[:4]}", [salt])
    n = 2
    while candidate in taken:
        candidate = fit_vendor_code(f"{code}-{n}", [salt])
        n += 1
    return candidate


def _short_hash(parts: list[str]) -> str:
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()[:8]
