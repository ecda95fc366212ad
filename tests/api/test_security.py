"""CSRF, security headers, the body size limit and sign-in throttling."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from api.app import create_app
from tests.support.web import PASSWORD, csrf_token, register_and_login


def test_forged_or_missing_csrf_is_refused_on_every_form(client, new_client):
    user = register_and_login(client)
    attacker = new_client()
    foreign_token = csrf_token(attacker)  # a valid token, but of another browser
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": foreign_token}):
        response = client.post("/account/managers", data={"email": "m@example.ru", **data})
        assert response.status_code == 403
        assert "Форма устарела" in response.text
    login_forged = attacker.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": "x"})
    assert login_forged.status_code == 403
    assert client.post("/logout", data={"csrf_token": foreign_token}).status_code == 403
    assert client.get("/account", follow_redirects=False).status_code == 200  # still signed in
    ok = client.post("/logout", headers={"X-CSRF-Token": csrf_token(client, "/account")}, follow_redirects=False)
    assert ok.status_code == 303


def test_the_rest_api_is_not_cookie_authenticated_so_it_needs_no_csrf(client):
    register_and_login(client)
    response = client.get("/api/v1/auth/me")  # the session cookie is sent, but means nothing here
    assert response.status_code == 401


def test_security_headers_on_pages_api_errors_and_static(client):
    for path in ("/", "/login", "/api/v1/auth/me", "/no-such-page", "/static/ozwb.css", "/openapi.json"):
        headers = client.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self'"), path
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in headers  # http here


def test_https_public_url_adds_hsts_and_secure_cookies(sqlite_web_settings):
    app = create_app(sqlite_web_settings.model_copy(update={"public_url": "https://ozwb.example"}))
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "Secure" in page.headers["set-cookie"]
        user = register_and_login(client)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": csrf_token(client)}, follow_redirects=False)
        assert "Secure" in response.headers["set-cookie"]


def test_request_body_limit(sqlite_web_settings):
    app = create_app(sqlite_web_settings.model_copy(update={"upload_max_bytes": 1000}))
    with TestClient(app) as client:
        big = "x" * 2000
        api = client.post("/api/v1/auth/register", content=big, headers={"content-type": "application/json"})
        assert api.status_code == 413
        assert api.json()["error"]["code"] == "payload_too_large"
        page = client.post("/register", data={"email": big, "password": PASSWORD, "csrf_token": csrf_token(client)})
        assert page.status_code == 413
        assert "Слишком большой запрос" in page.text

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts the streamed bytes
            for _ in range(5):
                yield b"y" * 400

        streamed = client.post("/api/v1/auth/register", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_login_throttled_after_five_failures_per_email_and_ip(client, new_client):
    user = register_and_login(client)
    browser = new_client()
    for _ in range(5):
        response = browser.post("/login", data={"email": user.email, "password": "wrong password",
                                                "csrf_token": csrf_token(browser)})
        assert response.status_code == 400
    blocked = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(browser)})
    assert blocked.status_code == 429
    assert "Слишком много неудачных попыток" in blocked.text
    api = browser.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD})
    assert api.status_code == 429
    assert api.json()["error"]["code"] == "too_many_attempts"
    other = browser.post("/login", data={"email": "other@example.ru", "password": "wrong password",
                                         "csrf_token": csrf_token(browser)})
    assert other.status_code == 400  # another email is not blocked


def test_throttle_window_passes(client, new_client):
    from sqlalchemy import update

    from engine.store.account_models import LoginAttempt

    user = register_and_login(client)
    browser = new_client()
    for _ in range(5):
        browser.post("/login", data={"email": user.email, "password": "wrong password",
                                     "csrf_token": csrf_token(browser)})
    with client.app.state.store.session() as session:
        session.execute(update(LoginAttempt).values(at=LoginAttempt.at - 16 * 60))
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": csrf_token(browser)}, follow_redirects=False)
    assert response.status_code == 303
