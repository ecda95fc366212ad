"""Optional TOTP two-factor: secrets encrypted with the keyring; each code is accepted once."""

from __future__ import annotations

import time

import pyotp
from sqlalchemy.orm import Session

from engine.accounts.errors import TotpInvalidError
from engine.accounts.secrets import now
from engine.keyring import Keyring
from engine.store.account_models import User

ISSUER = "ozwb"
STEP = 30


def totp_enabled(user: User) -> bool:
    return user.totp_secret is not None and user.totp_enabled_at is not None


def begin_totp(session: Session, keyring: Keyring, user: User) -> tuple[str, str]:
    """A fresh secret (not active until confirmed): returns (secret for manual entry, otpauth URI for a QR)."""
    secret = pyotp.random_base32()
    user.totp_secret = keyring.encrypt(secret)
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.flush()
    return secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def pending_uri(keyring: Keyring, user: User) -> tuple[str, str] | None:
    """The secret being set up (to show it again), or None."""
    if user.totp_secret is None or user.totp_enabled_at is not None:
        return None
    secret = keyring.decrypt(user.totp_secret)
    return secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def verify_code(keyring: Keyring, user: User, code: str) -> None:
    """Accept a current code once (a replayed code within its window fails)."""
    if user.totp_secret is None:
        raise TotpInvalidError("Двухфакторная защита не настроена.")
    cleaned = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(keyring.decrypt(user.totp_secret))
    current = int(time.time()) // STEP
    for step in (current - 1, current, current + 1):  # one step of clock drift either way
        if step <= (user.totp_last_step or -1):
            continue
        if len(cleaned) == 6 and pyotp.utils.strings_equal(totp.generate_otp(step), cleaned):
            user.totp_last_step = step
            return
    raise TotpInvalidError("Неверный код подтверждения. Введите текущий код из приложения.")


def confirm_totp(session: Session, keyring: Keyring, user: User, code: str) -> None:
    verify_code(keyring, user, code)
    user.totp_enabled_at = now()
    session.flush()


def disable_totp(session: Session, keyring: Keyring, user: User, code: str) -> None:
    verify_code(keyring, user, code)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.flush()
