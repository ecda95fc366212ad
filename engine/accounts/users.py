"""Registration, email confirmation, password reset and sign-in checks."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.accounts.errors import (
    AccountBlockedError,
    EmailNotConfirmedError,
    EmailTakenError,
    InvalidCredentialsError,
    InvalidEmailError,
    TokenInvalidError,
    TotpInvalidError,
    TotpRequiredError,
)
from engine.accounts.passwords import (
    DUMMY_HASH,
    check_password_rules,
    hash_password,
    needs_rehash,
    verify_password,
)
from engine.accounts.secrets import hash_token, new_token, now
from engine.accounts.sessions import end_all_sessions
from engine.accounts.throttle import check_throttle, record_attempt
from engine.accounts.totp import totp_enabled, verify_code
from engine.keyring import Keyring
from engine.mail import Mailer
from engine.settings import Settings
from engine.store.account_models import EMAIL_LENGTH, EmailToken, User

CONFIRM_TTL = 3 * 86_400.0
RESET_TTL = 3_600.0
ROLES = ("seller", "manager", "admin")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if len(cleaned) > EMAIL_LENGTH or not _EMAIL.match(cleaned):
        raise InvalidEmailError("Укажите правильный адрес электронной почты, например name@example.ru.")
    return cleaned


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def register(
    session: Session, mailer: Mailer, email: str, password: str, *, ip: str = "", role: str = "seller",
    confirmed: bool = False,
) -> User:
    """A new account. With SMTP it waits for the emailed link; without SMTP (or ``confirmed``) it is active at once."""
    address = normalise_email(email)
    check_password_rules(password, address)
    if user_by_email(session, address) is not None:
        raise EmailTakenError("Этот адрес уже зарегистрирован. Войдите или восстановите пароль.")
    at = now()
    active = confirmed or not mailer.configured
    user = User(email=address, password_hash=hash_password(password), role=role, is_active=active,
                email_confirmed_at=at if confirmed else None, created_at=at)
    session.add(user)
    session.flush()
    record_audit(session, "register", user_id=user.id, target=f"user:{user.id}", ip=ip, detail={"role": role})
    if not confirmed:
        token = _email_token(session, user, "confirm", CONFIRM_TTL)
        mailer.send(address, "ozwb: подтвердите адрес электронной почты",
                    "Здравствуйте!\n\nЧтобы подтвердить адрес и начать работу, откройте ссылку:\n"
                    f"{mailer.link('/confirm/' + token)}\n\nСсылка действует 3 дня. "
                    "Если вы не регистрировались в ozwb, просто удалите это письмо.\n")
    return user


def confirm_email(session: Session, token: str, *, ip: str = "") -> User:
    row = _use_token(session, token, "confirm")
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover - the token row is deleted with its user
        raise TokenInvalidError("Ссылка недействительна.")
    user.is_active = True
    user.email_confirmed_at = now()
    record_audit(session, "email_confirmed", user_id=user.id, target=f"user:{user.id}", ip=ip)
    return user


def request_password_reset(session: Session, mailer: Mailer, email: str, *, ip: str = "") -> None:
    """Mail a reset link if the address is known; the caller answers the same either way (no account probing)."""
    try:
        address = normalise_email(email)
    except InvalidEmailError:
        return
    user = user_by_email(session, address)
    if user is None:
        return
    token = _email_token(session, user, "reset", RESET_TTL)
    record_audit(session, "password_reset_requested", user_id=user.id, target=f"user:{user.id}", ip=ip)
    mailer.send(address, "ozwb: восстановление пароля",
                "Здравствуйте!\n\nЧтобы задать новый пароль, откройте ссылку:\n"
                f"{mailer.link('/reset/' + token)}\n\nСсылка действует 1 час и сработает один раз. "
                "Если вы не просили сменить пароль, просто удалите это письмо.\n")


def reset_password(session: Session, token: str, new_password: str, *, ip: str = "") -> User:
    """Set a new password by a reset link; every session of the user is signed out."""
    row = _peek_token(session, token, "reset")
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover
        raise TokenInvalidError("Ссылка недействительна.")
    check_password_rules(new_password, user.email)
    row.used_at = now()
    user.password_hash = hash_password(new_password)
    # Following the mailed link proves the address, so a not yet confirmed account becomes usable.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now()
        user.is_active = True
    end_all_sessions(session, user.id)
    record_audit(session, "password_reset", user_id=user.id, target=f"user:{user.id}", ip=ip)
    session.flush()
    return user


def authenticate(
    session: Session, settings: Settings, keyring: Keyring, email: str, password: str, *,
    ip: str = "", totp_code: str | None = None, require_totp: bool = True,
) -> User:
    """The user with these credentials, or an :class:`AccountError`. Every result is throttled and audited.

    ``require_totp=False`` (the pages) checks only the password; the caller then asks for the code.
    Catch the error INSIDE the session block: the failed attempt must be committed to count.
    """
    address = email.strip().lower()
    check_throttle(session, settings, address, ip)
    user = user_by_email(session, address)
    if user is None or not verify_password(user.password_hash, password):
        if user is None:
            verify_password(DUMMY_HASH, password)
        _failed(session, settings, address, ip, user, "password")
        raise InvalidCredentialsError("Неверный адрес электронной почты или пароль.")
    if user.blocked_at is not None:  # told only to whoever knows the password
        record_audit(session, "login_failed", user_id=user.id, target=address[:255], ip=ip,
                     detail={"reason": "blocked"})
        raise AccountBlockedError("Аккаунт заблокирован администратором. Обратитесь в поддержку ozwb.")
    if require_totp and totp_enabled(user):
        if not totp_code:
            raise TotpRequiredError("Для этого аккаунта включена двухфакторная защита: укажите код из приложения.")
        try:
            verify_code(keyring, user, totp_code)
        except TotpInvalidError:
            _failed(session, settings, address, ip, user, "totp")
            raise
    if not user.is_active:
        raise EmailNotConfirmedError("Подтвердите адрес электронной почты: откройте ссылку из письма.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if require_totp or not totp_enabled(user):
        record_attempt(session, settings, address, ip, ok=True)
        record_audit(session, "login_ok", user_id=user.id, target=f"user:{user.id}", ip=ip)
    return user


def note_totp_result(session: Session, settings: Settings, user: User, ip: str, *, ok: bool) -> None:
    """The second step of a page sign-in: count a wrong code like a wrong password."""
    if ok:
        record_attempt(session, settings, user.email, ip, ok=True)
        record_audit(session, "login_ok", user_id=user.id, target=f"user:{user.id}", ip=ip, detail={"totp": True})
    else:
        _failed(session, settings, user.email, ip, user, "totp")


def _failed(session: Session, settings: Settings, address: str, ip: str, user: User | None, why: str) -> None:
    record_attempt(session, settings, address, ip, ok=False)
    record_audit(session, "login_failed", user_id=user.id if user else None, target=address[:255], ip=ip,
                 detail={"reason": why})


def _email_token(session: Session, user: User, purpose: str, ttl: float) -> str:
    token = new_token()
    at = now()
    session.add(EmailToken(user_id=user.id, purpose=purpose, token_hash=hash_token(token), expires_at=at + ttl,
                           created_at=at))
    session.flush()
    return token


def _peek_token(session: Session, token: str, purpose: str) -> EmailToken:
    row = session.scalar(select(EmailToken).where(EmailToken.token_hash == hash_token(token)))
    if row is None or row.purpose != purpose:
        raise TokenInvalidError("Ссылка недействительна. Запросите новое письмо.")
    if row.used_at is not None:
        raise TokenInvalidError("Эта ссылка уже использована. Запросите новое письмо.")
    if row.expires_at < now():
        raise TokenInvalidError("Срок действия ссылки истёк. Запросите новое письмо.")
    return row


def _use_token(session: Session, token: str, purpose: str) -> EmailToken:
    row = _peek_token(session, token, purpose)
    row.used_at = now()
    session.flush()
    return row
