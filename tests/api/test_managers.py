"""Managers and tenant isolation of the account routes: two users try each other's objects."""

from __future__ import annotations

import re

from sqlalchemy import select

from engine.accounts import add_notice, sellers_visible_to
from engine.store.account_models import ManagerLink, User
from tests.support.web import PASSWORD, csrf_token, login, register_and_login


def _invite_link(client) -> str:
    body = client.app.state.mailer.sent[-1].get_content()
    found = re.search(r"http://testserver(/invite/\S+)", body)
    assert found
    return found.group(1)


def _user_id(client, email) -> int:
    with client.app.state.store.session() as session:
        found = session.scalar(select(User.id).where(User.email == email))
        assert found is not None
        return int(found)


def test_new_manager_registers_through_the_invite_and_reads_the_sellers_results(client, new_client):
    seller = register_and_login(client)
    response = client.post("/account/managers", data={"email": "Boss@Example.ru",
                                                      "csrf_token": csrf_token(client, "/account")})
    assert "Приглашение отправлено" in response.text
    link = _invite_link(client)
    manager = new_client()
    landing = manager.get(link, follow_redirects=False)
    assert landing.headers["location"].startswith("/register?invite=")
    form = manager.get(landing.headers["location"])
    assert "boss@example.ru" in form.text
    token = link.rsplit("/", 1)[1]
    done = manager.post("/register", data={"email": "ignored@example.ru", "password": PASSWORD, "invite": token,
                                           "csrf_token": csrf_token(manager, "/login")}, follow_redirects=False)
    assert done.status_code == 303
    with client.app.state.store.session() as session:
        boss = session.scalar(select(User).where(User.email == "boss@example.ru"))
        assert boss.role == "manager"
        assert boss.email_confirmed_at is not None
        assert sellers_visible_to(session, boss) == {_user_id(client, seller.email)}
        assert sellers_visible_to(session, boss.id) == sellers_visible_to(session, boss)
        assert session.scalar(select(User).where(User.email == "ignored@example.ru")) is None
    assert "boss@example.ru" in client.get("/account").text
    reused = new_client().get(link)
    assert "уже принято" in reused.text


def test_existing_user_accepts_only_an_invite_addressed_to_them(client, new_client):
    register_and_login(client)
    other_browser = new_client()
    other = register_and_login(other_browser)
    third_browser = new_client()
    third = register_and_login(third_browser)
    client.post("/account/managers", data={"email": other.email, "csrf_token": csrf_token(client, "/account")})
    link = _invite_link(client)
    wrong = third_browser.post(link, data={"csrf_token": csrf_token(third_browser, link)})
    assert wrong.status_code == 400
    assert other.email in wrong.text
    page = other_browser.get(link)
    assert "Принять приглашение" in page.text
    ok = other_browser.post(link, data={"csrf_token": csrf_token(other_browser, link)}, follow_redirects=False)
    assert ok.status_code == 303
    with client.app.state.store.session() as session:
        assert session.scalar(select(ManagerLink.manager_id)) == _user_id(client, other.email)
        assert sellers_visible_to(session, _user_id(client, third.email)) == set()


def test_signed_out_invitee_with_an_account_is_sent_to_login(client, new_client):
    register_and_login(client)
    other = register_and_login(new_client())
    client.post("/account/managers", data={"email": other.email, "csrf_token": csrf_token(client, "/account")})
    link = _invite_link(client)
    response = new_client().get(link, follow_redirects=False)
    assert response.headers["location"].startswith("/login?next=%2Finvite%2F")


def test_users_cannot_touch_each_others_managers_notices_or_account(client, new_client):
    seller_a = register_and_login(client)
    browser_b = new_client()
    seller_b = register_and_login(browser_b)
    manager_browser = new_client()
    manager = register_and_login(manager_browser)
    client.post("/account/managers", data={"email": manager.email, "csrf_token": csrf_token(client, "/account")})
    link = _invite_link(client)
    manager_browser.post(link, data={"csrf_token": csrf_token(manager_browser, link)})
    manager_id = _user_id(client, manager.email)
    with client.app.state.store.session() as session:
        add_notice(session, _user_id(client, seller_a.email), "Перенос №7 завершён", "/jobs/7")
        add_notice(session, _user_id(client, seller_a.email), "bad link", "javascript:alert(1)")
    # B tries to revoke A's manager: not found, and the link stays.
    response = browser_b.post(f"/account/managers/{manager_id}/remove", data={"csrf_token": csrf_token(browser_b,
                                                                                                      "/account")})
    assert response.status_code == 404
    with client.app.state.store.session() as session:
        assert session.scalar(select(ManagerLink.id)) is not None
    page_b = browser_b.get("/account").text
    assert seller_a.email not in page_b
    assert manager.email not in page_b
    assert "Перенос №7" not in browser_b.get("/notices").text
    notices_a = client.get("/notices").text
    assert 'href="/jobs/7"' in notices_a
    assert "javascript:" not in notices_a
    assert '<span class="badge">2</span>' in notices_a
    client.post("/notices/read", data={"csrf_token": csrf_token(client, "/notices")})
    assert 'class="badge"' not in client.get("/notices").text
    # A revokes its own manager.
    done = client.post(f"/account/managers/{manager_id}/remove", data={"csrf_token": csrf_token(client, "/account")})
    assert "отозван" in done.text
    with client.app.state.store.session() as session:
        assert sellers_visible_to(session, manager_id) == set()
    assert seller_b.email


def test_a_manager_cannot_invite_managers(client, new_client):
    register_and_login(client)
    client.post("/account/managers", data={"email": "m@example.ru", "csrf_token": csrf_token(client, "/account")})
    token = _invite_link(client).rsplit("/", 1)[1]
    manager = new_client()
    manager.post("/register", data={"password": PASSWORD, "email": "m@example.ru", "invite": token,
                                    "csrf_token": csrf_token(manager, "/login")})
    response = manager.post("/account/managers", data={"email": "x@example.ru",
                                                       "csrf_token": csrf_token(manager, "/account")})
    assert response.status_code == 404
    login(new_client(), "m@example.ru")
