"""Random tokens for links and sessions, and the hashes stored in their place."""

from __future__ import annotations

import hashlib
import secrets
import time

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    # The tokens are 256 random bits: a plain hash is enough, no slow KDF needed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now() -> float:
    return time.time()
