"""Encryption of stored secrets (marketplace keys, TOTP secrets) with rotatable Fernet keys.

``Settings.secret_keys`` holds comma-separated Fernet keys, newest first: the newest encrypts, every
one decrypts, so adding a key in front never breaks what is stored. :func:`rotate_all` then
re-encrypts every stored secret with the newest key, after which the old keys can be dropped.
With nothing configured, one key is generated on first use into ``<files_dir>/../secret.key``
(mode 0600) and reused, so a single-machine install keeps its secrets readable across restarts.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import ConfigurationError, OzwbError
from engine.settings import Settings

KEY_FILE_NAME = "secret.key"
KEY_ID_LENGTH = 12


class SecretUnreadableError(OzwbError):
    """A stored secret was encrypted with a key this keyring no longer has (or was tampered with)."""


def key_id(key: bytes) -> str:
    """A short, non-reversible name of a key: which key encrypted a row, without storing the key."""
    return hashlib.sha256(key).hexdigest()[:KEY_ID_LENGTH]


class Keyring:
    """Newest key encrypts; all keys decrypt."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ConfigurationError("the keyring needs at least one key")
        try:
            fernets = [Fernet(k) for k in keys]
        except ValueError as exc:
            raise ConfigurationError("OZWB_SECRET_KEYS: every key must be a urlsafe-base64 Fernet key") from exc
        self._keys = list(keys)
        self._fernet = MultiFernet(fernets)

    def __repr__(self) -> str:
        return f"Keyring(keys={len(self._keys)}, current={self.current_id!r})"

    @property
    def current_id(self) -> str:
        return key_id(self._keys[0])

    @property
    def key_ids(self) -> list[str]:
        return [key_id(k) for k in self._keys]

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SecretUnreadableError(
                "a stored secret cannot be decrypted with the configured keys (was a key dropped too early?)"
            ) from exc

    def rotate(self, token: str) -> str:
        """The same secret, encrypted with the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise SecretUnreadableError("a stored secret cannot be decrypted with the configured keys") from exc


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def key_file(settings: Settings) -> Path:
    return Path(settings.files_dir).expanduser().resolve().parent / KEY_FILE_NAME


def keyring_from_settings(settings: Settings) -> Keyring:
    """The configured keys, or the embedded default: one generated key kept in a 0600 file."""
    raw = settings.secret_keys.get_secret_value()
    keys = [part.strip().encode("ascii") for part in raw.split(",") if part.strip()]
    if keys:
        return Keyring(keys)
    return Keyring([_local_key(key_file(settings))])


def _local_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        # O_EXCL: two processes starting at once must not each write their own key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return key


def rotate_all(session: Session, keyring: Keyring) -> int:
    """Re-encrypt every stored secret with the newest key; returns how many were rewritten."""
    from engine.store.account_models import User
    from engine.store.web_models import Connection

    changed = 0
    for connection in session.scalars(select(Connection)):
        if connection.key_id != keyring.current_id:
            connection.secret = keyring.rotate(connection.secret)
            connection.key_id = keyring.current_id
            changed += 1
    for user in session.scalars(select(User).where(User.totp_secret.is_not(None))):
        if user.totp_secret:
            rotated = keyring.rotate(user.totp_secret)
            if rotated != user.totp_secret:
                user.totp_secret = rotated
                changed += 1
    session.flush()
    return changed
