"""Password rules and argon2 hashing (rehashed on sign-in when the parameters change)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.accounts.errors import WeakPasswordError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # argon2 would take any length; a cap stops a megabyte "password" DoS

_hasher = PasswordHasher()


def check_password_rules(password: str, email: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"Пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"Пароль должен быть не длиннее {MAX_PASSWORD_LENGTH} символов.")
    lowered = password.strip().lower()
    if lowered == email.strip().lower() or lowered == email.strip().lower().split("@")[0]:
        raise WeakPasswordError("Пароль не должен совпадать с адресом электронной почты.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Verifying against this when the email is unknown keeps the answer time the same for both cases.
DUMMY_HASH = _hasher.hash("ozwb-timing-equaliser")
