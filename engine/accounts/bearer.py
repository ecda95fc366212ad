"""Bearer tokens (JWT, HS256) for the REST API.

The signing key is ``Settings.jwt_secret`` or, when empty, derived from the keyring's newest key.
A token carries a fingerprint of the password hash and the user's token version, so a password reset or
an admin's block voids every token issued before (and unblocking does not revive them).
"""

from __future__ import annotations

import hashlib

import jwt

from engine.accounts.errors import TokenInvalidError
from engine.accounts.secrets import now
from engine.keyring import key_file, keyring_from_settings
from engine.settings import Settings
from engine.store.account_models import User

ALGORITHM = "HS256"
AUDIENCE = "ozwb-api"


def signing_key(settings: Settings) -> bytes:
    configured = settings.jwt_secret.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    # Derive, not reuse: the keyring's newest Fernet key never signs anything directly.
    return hashlib.sha256(b"ozwb-jwt\x00" + _newest_key(settings)).digest()


def _newest_key(settings: Settings) -> bytes:
    configured = [part.strip() for part in settings.secret_keys.get_secret_value().split(",") if part.strip()]
    if configured:
        return configured[0].encode("ascii")
    keyring_from_settings(settings)  # creates the embedded key file on first use
    return key_file(settings).read_bytes().strip()


def password_fingerprint(user: User) -> str:
    # Version 0 keeps the plain password-hash fingerprint, so tokens of never-blocked users stay valid.
    material = user.password_hash if not user.token_version else f"{user.password_hash}\x00{user.token_version}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def issue_token(settings: Settings, user: User) -> str:
    issued = now()
    claims = {"sub": str(user.id), "pwd": password_fingerprint(user), "aud": AUDIENCE,
              "iat": int(issued), "exp": int(issued + settings.jwt_ttl)}
    return jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM)


def token_claims(settings: Settings, token: str) -> tuple[int, str]:
    """(user id, password fingerprint) of a valid token, else :class:`TokenInvalidError`."""
    try:
        claims = jwt.decode(token, signing_key(settings), algorithms=[ALGORITHM], audience=AUDIENCE,
                            options={"require": ["sub", "exp", "pwd"]})
        return int(claims["sub"]), str(claims["pwd"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise TokenInvalidError("Токен недействителен или истёк. Получите новый: POST /api/v1/auth/token.") from exc
