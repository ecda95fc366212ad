"""What a WB token says about itself: categories and expiry, read from its JWT claims or a sandbox name.

Used only to *explain* a check's outcome (which categories are missing, when it expired): the
signature is not verified, and a real call always confirms. The category bits are WB's own
(``s`` claim, a bitmask; community-documented, not in the published spec), so a token
whose claims cannot be read is simply judged by the calls.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

# What ozwb needs, in the order the seller sees it; the values are WB's category names in Russian.
NEEDED = {"content": "Контент", "prices": "Цены и скидки", "marketplace": "Маркетплейс"}
# Bit positions of the ``s`` claim for the categories ozwb uses.
SCOPE_BITS = {"content": 1, "prices": 3, "marketplace": 4}
READ_ONLY_BIT = 30
_SANDBOX = re.compile(r"^sandbox-wb-token(?:\.[a-z0-9]+)?(?:~(?P<cats>[a-z,+]+))?$")
_SANDBOX_ALIASES = {"content": "content", "prices": "prices", "discountsandprices": "prices",
                    "marketplace": "marketplace"}


@dataclass(frozen=True)
class TokenFacts:
    """What could be read from the token; ``None`` means "not stated"."""

    categories: frozenset[str] | None = None
    expires_at: float | None = None
    read_only: bool = False
    expired_marker: bool = False  # a sandbox token named expired

    def missing(self) -> list[str]:
        if self.categories is None:
            return []
        return [key for key in NEEDED if key not in self.categories]


def bare_token(token: str) -> str:
    raw = token.strip()
    return raw[7:].strip() if raw.lower().startswith("bearer ") else raw


def read_token(token: str) -> TokenFacts:
    raw = bare_token(token)
    sandbox = _SANDBOX.match(raw)
    if sandbox is not None:
        cats = sandbox.group("cats")
        if cats is None:
            return TokenFacts()
        words = {w for w in re.split(r"[,+]", cats) if w}
        return TokenFacts(categories=frozenset(_SANDBOX_ALIASES[w] for w in words if w in _SANDBOX_ALIASES),
                          expired_marker="expired" in words)
    claims = _claims(raw)
    if claims is None:
        return TokenFacts()
    expires = claims.get("exp")
    scope = claims.get("s")
    categories = None
    read_only = False
    if isinstance(scope, int) and scope > 0:
        categories = frozenset(name for name, bit in SCOPE_BITS.items() if scope & (1 << bit))
        read_only = bool(scope & (1 << READ_ONLY_BIT))
    return TokenFacts(categories=categories, expires_at=float(expires) if isinstance(expires, int | float) else None,
                      read_only=read_only)


def _claims(raw: str) -> dict[str, Any] | None:
    parts = raw.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, binascii.Error):
        return None
    return claims if isinstance(claims, dict) else None
