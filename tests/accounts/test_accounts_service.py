"""The accounts service on its own (no web): tokens, throttling, TOTP, managers, audit."""

from __future__ import annotations

import time

import pyotp
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from engine.accounts import (
    EmailNotConfirmedError,
    InvalidCredentialsError,
    InviteInvalidError,
    TokenInvalidError,
    TooManyAttemptsError,
    TotpInvalidError,
    TotpRequiredError,
    accept_invite,
    authenticate,
    begin_totp,
    confirm_email,
    confirm_totp,
    end_all_sessions,
    invite_manager,
    issue_token,
    register,
    reset_password,
    sellers_visible_to,
    session_user,
    start_session,
    token_claims,
    verify_code,
)
from engine.accounts.passwords import check_password_rules, hash_password, needs_rehash
from engine.mail import Mailer
from engine.store.account_models import AuditEvent, EmailToken, User

PASSWORD = "correct horse battery"


def _link_token(mailer: Mailer) -> str:
    return str(mailer.sent[-1].get_content().split("/")[-1].split()[0])


def test_with_smtp_configured_a_new_account_waits_for_confirmation(store, web_settings):
    mailer = Mailer(web_settings.model_copy(update={"smtp_host": "smtp.invalid"}))
    mailer._deliver = mailer.sent.append  # type: ignore[method-assign,assignment]  # keep the message, no network
    with store.session() as session:
        user = register(session, mailer, "a@example.ru", PASSWORD)
        assert not user.is_active
        with pytest.raises(EmailNotConfirmedError):
            authenticate(session, web_settings, None, "a@example.ru", PASSWORD)  # type: ignore[arg-type]
        token = _link_token(mailer)
        confirm_email(session, token)
        assert user.is_active and user.email_confirmed_at
        with pytest.raises(TokenInvalidError, match="уже использована"):
            confirm_email(session, token)
        with pytest.raises(TokenInvalidError, match="недействительна"):
            confirm_email(session, "made-up")
        stored = session.scalars(select(EmailToken.token_hash)).all()
        assert token not in stored  # only hashes are kept


def test_reset_token_expires_and_is_single_use(store, mailer, web_settings):
    with store.session() as session:
        user = register(session, mailer, "b@example.ru", PASSWORD)
        from engine.accounts import request_password_reset

        request_password_reset(session, mailer, "b@example.ru")
        token = _link_token(mailer)
        session_token = start_session(session, web_settings, user)
        reset_password(session, token, "another long secret")
        assert session_user(session, session_token) is None
        with pytest.raises(TokenInvalidError):
            reset_password(session, token, "a third long secret")
        request_password_reset(session, mailer, "b@example.ru")
        late = _link_token(mailer)
        for row in session.scalars(select(EmailToken)):
            row.expires_at = time.time() - 1
        with pytest.raises(TokenInvalidError, match="истёк"):
            reset_password(session, late, "a third long secret")


def test_failed_logins_are_counted_even_when_the_caller_rolls_back_nothing(store, mailer, web_settings, keyring):
    with store.session() as session:
        register(session, mailer, "c@example.ru", PASSWORD)
    for _ in range(web_settings.login_max_failures):
        with store.session() as session, pytest.raises(InvalidCredentialsError):
            authenticate(session, web_settings, keyring, "c@example.ru", "wrong one", ip="1.2.3.4")
    with store.session() as session:
        with pytest.raises(TooManyAttemptsError):
            authenticate(session, web_settings, keyring, "c@example.ru", PASSWORD, ip="1.2.3.4")
        assert authenticate(session, web_settings, keyring, "c@example.ru", PASSWORD, ip="5.6.7.8").email
        failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
        assert len(failed) == web_settings.login_max_failures
        assert all("wrong one" not in str(e.detail) for e in failed)


def test_unknown_email_fails_like_a_wrong_password(store, web_settings, keyring):
    with store.session() as session, pytest.raises(InvalidCredentialsError):
        authenticate(session, web_settings, keyring, "nobody@example.ru", PASSWORD)


def test_totp_flow_and_replay(store, mailer, web_settings, keyring):
    with store.session() as session:
        user = register(session, mailer, "d@example.ru", PASSWORD)
        secret, uri = begin_totp(session, keyring, user)
        assert uri.startswith("otpauth://totp/") and "issuer=ozwb" in uri
        assert secret not in (user.totp_secret or "")
        assert keyring.decrypt(user.totp_secret or "") == secret
        with pytest.raises(TotpInvalidError):
            confirm_totp(session, keyring, user, "000000")
        # Not confirmed yet: sign-in does not ask for a code.
        assert authenticate(session, web_settings, keyring, "d@example.ru", PASSWORD)
        totp = pyotp.TOTP(secret)
        confirm_totp(session, keyring, user, totp.at(time.time() - 30))
        with pytest.raises(TotpRequiredError):
            authenticate(session, web_settings, keyring, "d@example.ru", PASSWORD)
        code = totp.now()
        assert authenticate(session, web_settings, keyring, "d@example.ru", PASSWORD, totp_code=code)
        with pytest.raises(TotpInvalidError):
            verify_code(keyring, user, code)  # the same code twice
        with pytest.raises(TotpInvalidError):
            verify_code(keyring, user, totp.at(time.time() - 30))  # an older one after a newer one


def test_bearer_token_carries_the_password_fingerprint(store, mailer, web_settings):
    with store.session() as session:
        user = register(session, mailer, "e@example.ru", PASSWORD)
        token = issue_token(web_settings, user)
        user_id, fingerprint = token_claims(web_settings, token)
        assert user_id == user.id
        user.password_hash = hash_password("another long secret")
        from engine.accounts.bearer import password_fingerprint

        assert password_fingerprint(user) != fingerprint
    with pytest.raises(TokenInvalidError):
        token_claims(web_settings.model_copy(update={"jwt_secret": SecretStr("x" * 32)}), token)


def test_managers_link_only_the_invited_address(store, mailer):
    with store.session() as session:
        seller = register(session, mailer, "s@example.ru", PASSWORD)
        other = register(session, mailer, "o@example.ru", PASSWORD)
        manager = register(session, mailer, "m@example.ru", PASSWORD)
        with pytest.raises(InviteInvalidError):
            invite_manager(session, mailer, seller, "S@example.ru")
        invite_manager(session, mailer, seller, "m@example.ru")
        token = _link_token(mailer)
        with pytest.raises(InviteInvalidError):
            accept_invite(session, token, other)
        accept_invite(session, token, manager)
        assert sellers_visible_to(session, manager) == {seller.id}
        assert sellers_visible_to(session, other.id) == set()
        assert sellers_visible_to(session, seller) == set()
        with pytest.raises(InviteInvalidError, match="уже принято"):
            accept_invite(session, token, manager)


def test_password_rules():
    check_password_rules("long enough password", "x@example.ru")
    for bad in ("short", "x@example.ru", "X@Example.ru", "xxxxxxxxxx@example.ru"):
        with pytest.raises(Exception, match="Пароль"):
            check_password_rules(bad, bad if "@" in bad else "x@example.ru")
    assert not needs_rehash(hash_password("long enough password"))


def test_end_all_sessions(store, mailer, web_settings):
    with store.session() as session:
        user = register(session, mailer, "f@example.ru", PASSWORD)
        tokens = [start_session(session, web_settings, user) for _ in range(2)]
        end_all_sessions(session, user.id)
        assert all(session_user(session, t) is None for t in tokens)
        assert session.get(User, user.id)
