"""Two-factor sign-in through the pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyotp
import segno
from sqlalchemy import select

from engine.store.account_models import AuditEvent, User
from tests.api.totp_support import enable_totp, forget_last_step
from tests.support.web import PASSWORD, csrf_token, register_and_login


def _login_password(browser: Any, email: str) -> Any:
    return browser.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(browser)},
                        follow_redirects=False)


def test_totp_secret_is_encrypted_and_login_asks_for_the_code(client, new_client):
    user = register_and_login(client)
    secret = enable_totp(client)
    with client.app.state.store.session() as session:
        stored = session.scalar(select(User).where(User.email == user.email))
        assert stored.totp_secret and secret not in stored.totp_secret
    browser = new_client()
    first = _login_password(browser, user.email)
    assert first.headers["location"].startswith("/login/totp")
    assert browser.get("/account", follow_redirects=False).status_code == 303  # half signed in is not signed in
    wrong = browser.post("/login/totp", data={"code": "000000", "csrf_token": csrf_token(browser, "/login/totp")})
    assert wrong.status_code == 400
    assert "Неверный код" in wrong.text
    forget_last_step(client, user.email)
    code = pyotp.TOTP(secret).now()
    ok = browser.post("/login/totp", data={"code": code, "csrf_token": csrf_token(browser, "/login/totp")},
                      follow_redirects=False)
    assert ok.status_code == 303
    assert browser.get("/account", follow_redirects=False).status_code == 200
    again = new_client()
    _login_password(again, user.email)
    replay = again.post("/login/totp", data={"code": code, "csrf_token": csrf_token(again, "/login/totp")})
    assert replay.status_code == 400  # a code is accepted once


def test_disable_needs_a_valid_code_and_both_are_audited(client):
    user = register_and_login(client)
    secret = enable_totp(client)
    refused = client.post("/account/totp/disable",
                          data={"code": "123456", "csrf_token": csrf_token(client, "/account")})
    assert "Неверный код" in refused.text
    forget_last_step(client, user.email)
    done = client.post("/account/totp/disable", data={"code": pyotp.TOTP(secret).now(),
                                                      "csrf_token": csrf_token(client, "/account")})
    assert "выключена" in done.text
    with client.app.state.store.session() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert "totp_enabled" in actions
    assert "totp_disabled" in actions
    fresh = client.__class__(client.app, base_url="http://testserver")
    assert _login_password(fresh, user.email).headers["location"] == "/"


def test_totp_page_without_a_pending_login_goes_back_to_login(client):
    assert client.get("/login/totp", follow_redirects=False).headers["location"] == "/login"


def _svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) a segno SVG path draws: ``M x y``/``m dx dy`` moves, ``h n`` runs of n."""
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)
    assert path, svg[:300]
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path.group(1)):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            run = int(values[0])
            dark.update((int(x) + i, int(y)) for i in range(run))
            x += run
    return dark


def test_the_pending_setup_has_a_qr_code_of_its_link_and_nothing_else_has(client, new_client):
    assert new_client().get("/account/2fa/qr.svg", follow_redirects=False).status_code == 404  # anonymous
    register_and_login(client)
    assert client.get("/account/2fa/qr.svg").status_code == 404  # no setup started
    client.post("/account/totp/start", data={"csrf_token": csrf_token(client, "/account")})
    page = client.get("/account").text
    assert '<img id="totp-qr" src="/account/2fa/qr.svg"' in page
    uri = re.search(r'href="(otpauth://[^"]+)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    qr = client.get("/account/2fa/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"] == "image/svg+xml"
    assert qr.headers["cache-control"] == "no-store" and "style" not in qr.text
    expected = segno.make(uri, error="m").matrix
    border = 4
    assert _svg_modules(qr.text) == {(col + border, row + border) for row, line in enumerate(expected)
                                     for col, bit in enumerate(line) if bit}
    assert new_client().get("/account/2fa/qr.svg").status_code == 404  # someone else's browser

    secret = parse_qs(urlparse(uri).query)["secret"][0]
    client.post("/account/totp/confirm", data={"code": pyotp.TOTP(secret).now(),
                                               "csrf_token": csrf_token(client, "/account")})
    assert client.get("/account/2fa/qr.svg").status_code == 404  # set up: the secret is not shown again
