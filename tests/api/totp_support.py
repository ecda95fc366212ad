"""Turning 2FA on through the pages, for tests."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
from sqlalchemy import select

from engine.store.account_models import User
from tests.support.web import csrf_token


def enable_totp(client) -> str:
    """Start and confirm 2FA on the signed-in account; returns the secret."""
    client.post("/account/totp/start", data={"csrf_token": csrf_token(client, "/account")})
    page = client.get("/account").text
    found = re.search(r'href="(otpauth://[^"]+)"', page)
    assert found
    uri = unquote(found.group(1).replace("&amp;", "&"))
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    assert secret in page
    response = client.post("/account/totp/confirm", data={"code": pyotp.TOTP(secret).now(),
                                                          "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 200
    assert "Двухфакторная защита включена" in response.text
    return secret


def forget_last_step(client, email: str) -> None:
    """Let the current code be used once more (each code is single use; tests need a few in one 30 s step)."""
    with client.app.state.store.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        user.totp_last_step = None
