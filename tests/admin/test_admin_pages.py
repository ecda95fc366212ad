"""/admin: only admins reach it (everyone else: 404), block / unblock with every consequence, CSRF, the lists."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.connections import add_wb
from engine.store.account_models import User
from tests.admin.support import audit_actions, is_blocked, user_id
from tests.security.routes import endpoints
from tests.support.web import PASSWORD, WebUser, bearer_token, csrf_token, login

Person = Callable[[str], tuple[WebUser, TestClient]]


def _post(browser: TestClient, path: str, **fields: str) -> httpx.Response:
    token = csrf_token(browser, "/admin/users")
    response: httpx.Response = browser.post(path, data={"csrf_token": token, **fields}, follow_redirects=False)
    return response


def test_nobody_but_an_admin_reaches_any_admin_route(web_app: FastAPI, person: Person,
                                                     new_client: Callable[[], TestClient]) -> None:
    admin, admin_browser = person("admin")
    _, seller = person("seller")
    _, manager = person("manager")
    anonymous = new_client()
    target = user_id(web_app, admin.email)
    admin_routes = [e for e in endpoints(web_app) if e.path == "/admin" or e.path.startswith("/admin/")]
    assert {(e.method, e.path) for e in admin_routes} >= {
        ("GET", "/admin"), ("GET", "/admin/users"), ("GET", "/admin/audit"),
        ("POST", "/admin/users/{user_id}/block"), ("POST", "/admin/users/{user_id}/unblock")}
    failures = []
    for endpoint in admin_routes:
        for name, browser in (("seller", seller), ("manager", manager), ("anonymous", anonymous)):
            arguments = endpoint.request({"user_id": target}, csrf=csrf_token(browser, "/login"))
            response = browser.request(**arguments, follow_redirects=False)
            if response.status_code != 404:
                failures.append(f"{endpoint.method} {endpoint.path} as {name}: {response.status_code}")
    assert not failures, "\n".join(failures)
    for path in ("/admin/users", "/admin/audit"):
        assert admin_browser.get(path).status_code == 200
    assert admin_browser.get("/admin", follow_redirects=False).headers["location"] == "/admin/users"
    assert 'href="/admin/users"' in admin_browser.get("/account").text
    assert 'href="/admin/users"' not in seller.get("/account").text
    assert not is_blocked(web_app, admin.email)


def test_block_ends_sessions_and_tokens_and_refuses_sign_in_until_unblocked(
        web_app: FastAPI, person: Person, new_client: Callable[[], TestClient]) -> None:
    _, admin_browser = person("admin")
    victim, victim_browser = person("seller")
    bearer = {"Authorization": f"Bearer {bearer_token(victim_browser, victim.email, victim.password)}"}
    assert victim_browser.get("/account", follow_redirects=False).status_code == 200
    assert victim_browser.get("/api/v1/auth/me", headers=bearer).status_code == 200
    victim_id = user_id(web_app, victim.email)

    blocked = admin_browser.post(f"/admin/users/{victim_id}/block",
                                 data={"csrf_token": csrf_token(admin_browser, "/admin/users"), "q": victim.email,
                                       "page": "1"}, follow_redirects=False)
    assert blocked.status_code == 303
    assert blocked.headers["location"].startswith("/admin/users?q=")
    assert "заблокирован: его сеансы" in admin_browser.get(blocked.headers["location"]).text
    assert is_blocked(web_app, victim.email)
    assert victim_browser.get("/account", follow_redirects=False).headers["location"].startswith("/login")
    assert victim_browser.get("/api/v1/auth/me", headers=bearer).status_code == 401

    other = new_client()
    page = other.post("/login", data={"email": victim.email, "password": victim.password,
                                      "csrf_token": csrf_token(other)}, follow_redirects=False)
    assert page.status_code == 400
    assert "заблокирован администратором" in page.text
    api = other.post("/api/v1/auth/token", data={"username": victim.email, "password": victim.password})
    assert (api.status_code, api.json()["error"]["code"]) == (400, "account_blocked")
    guess = other.post("/api/v1/auth/token", data={"username": victim.email, "password": "not the password at all"})
    assert guess.json()["error"]["code"] == "invalid_credentials"  # the block is told only to the password's owner

    assert _post(admin_browser, f"/admin/users/{victim_id}/unblock").status_code == 303
    assert not is_blocked(web_app, victim.email)
    assert victim_browser.get("/api/v1/auth/me", headers=bearer).status_code == 401  # voided tokens stay void
    login(other, victim.email, victim.password)
    assert other.get("/account", follow_redirects=False).status_code == 200
    fresh = {"Authorization": f"Bearer {bearer_token(other, victim.email, victim.password)}"}
    assert other.get("/api/v1/auth/me", headers=fresh).status_code == 200
    actions = audit_actions(web_app, f"user:{victim_id}")
    assert actions.index("user_blocked") < actions.index("user_unblocked") < len(actions) - 1


def test_an_admin_cannot_block_themselves(web_app: FastAPI, person: Person) -> None:
    admin, browser = person("admin")
    own = user_id(web_app, admin.email)
    assert f"/admin/users/{own}/block" not in browser.get("/admin/users").text
    response = _post(browser, f"/admin/users/{own}/block")
    assert response.status_code == 303
    assert "Нельзя заблокировать самого себя" in browser.get(response.headers["location"]).text
    assert not is_blocked(web_app, admin.email)
    assert browser.get("/admin/users").status_code == 200


def test_admin_forms_need_the_csrf_token_of_the_admins_browser(web_app: FastAPI, person: Person) -> None:
    _, admin_browser = person("admin")
    victim, victim_browser = person("seller")
    path = f"/admin/users/{user_id(web_app, victim.email)}/block"
    for data in ({}, {"csrf_token": csrf_token(victim_browser, "/account")}, {"csrf_token": "0" * 64}):
        assert admin_browser.post(path, data=data, follow_redirects=False).status_code == 403
    assert not is_blocked(web_app, victim.email)
    assert victim_browser.get("/account", follow_redirects=False).status_code == 200


def test_users_are_searched_by_email_and_paged(web_app: FastAPI, person: Person) -> None:
    _, browser = person("admin")
    with web_app.state.store.session() as session:
        session.add_all(User(email=f"bulk-{n:02d}@example.ru", password_hash="-", role="seller", is_active=True,
                             created_at=time.time()) for n in range(60))
    first = browser.get("/admin/users", params={"q": "BULK-"}).text
    assert "Найдено: 60" in first
    assert first.count("/admin/audit?user=bulk-") == 50
    assert "страница 1 из 2" in first and "q=BULK-&amp;page=2" in first
    second = browser.get("/admin/users", params={"q": "bulk-", "page": 2}).text
    assert second.count("/admin/audit?user=bulk-") == 10
    assert "bulk-00@example.ru" in second and "bulk-59@example.ru" not in second  # newest first
    assert "Найдено: 1" in browser.get("/admin/users", params={"q": "bulk-07"}).text
    assert "Найдено: 0" in browser.get("/admin/users", params={"q": "bulk_%"}).text  # wildcards are literal
    assert browser.get("/admin/users", params={"page": 0}).status_code == 400


def test_audit_log_filters_and_shows_no_secrets(web_app: FastAPI, person: Person) -> None:
    _, browser = person("admin")
    victim, _ = person("seller")
    victim_id = user_id(web_app, victim.email)
    secret = "wb-token-SECRET-a1b2c3d4e5f6a7b8c9"
    with web_app.state.store.session() as session:
        add_wb(session, web_app.state.keyring, victim_id, name="Магазин Тайный", token=secret)
    assert _post(browser, f"/admin/users/{victim_id}/block").status_code == 303

    mine = browser.get("/admin/audit", params={"user": victim.email}).text
    assert mine.count("<td><code>") == 3  # register, login_ok, user_blocked (done by the admin, aimed at them)
    assert "пользователь заблокирован" in mine and "регистрация" in mine
    blocks = browser.get("/admin/audit", params={"action": "user_blocked"}).text
    assert blocks.count("<td><code>") == 1 and f"user:{victim_id}" in blocks
    nobody = browser.get("/admin/audit", params={"user": "nobody-at-all"}).text
    assert "Записей: 0" in nobody
    for page in (mine, blocks, browser.get("/admin/users").text, browser.get("/admin/audit").text):
        assert secret not in page and secret[-6:] not in page and "Магазин Тайный" not in page
    assert PASSWORD not in mine
