"""Register, sign in and out, password rules, password reset and sessions through the pages (SQLite + PostgreSQL)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from engine.store.account_models import AuditEvent, EmailToken, User, WebSession
from tests.support.web import PASSWORD, csrf_token, login, register_and_login


def _post(client: Any, path: str, data: dict[str, str], page: str | None = None, **kwargs: Any) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)}, **kwargs)


def _store(client: Any) -> Any:
    return client.app.state.store


def _actions(client: Any, email: str) -> list[str]:
    with _store(client).session() as session:
        user = session.scalar(select(User).where(User.email == email))
        return [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id))]


def test_register_without_smtp_is_active_at_once_and_the_link_is_logged(client):
    response = _post(client, "/register", {"email": "Seller@Example.ru", "password": PASSWORD})
    assert response.status_code == 200
    assert "Войдите" in response.text
    mail = client.app.state.mailer.sent[-1]
    assert mail["To"] == "seller@example.ru"
    assert "http://testserver/confirm/" in mail.get_content()
    login(client, "seller@example.ru")
    assert "Выйти" in client.get("/").text
    assert _actions(client, "seller@example.ru")[:2] == ["register", "login_ok"]


def test_password_rules_and_duplicate_email(client):
    short = _post(client, "/register", {"email": "a@example.ru", "password": "short"})
    assert short.status_code == 400
    assert "не короче 10 символов" in short.text
    same = _post(client, "/register", {"email": "longname12@example.ru", "password": "longname12@example.ru"})
    assert same.status_code == 400
    assert "не должен совпадать с адресом" in same.text
    bad = _post(client, "/register", {"email": "not-an-email", "password": PASSWORD})
    assert bad.status_code == 400
    assert "правильный адрес" in bad.text
    assert _post(client, "/register", {"email": "a@example.ru", "password": PASSWORD}).status_code == 200
    again = _post(client, "/register", {"email": "A@example.ru", "password": PASSWORD})
    assert again.status_code == 400
    assert "уже зарегистрирован" in again.text


def test_password_is_stored_with_argon2(client):
    user = register_and_login(client)
    with _store(client).session() as session:
        stored = session.scalar(select(User).where(User.email == user.email))
        assert stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash


def test_wrong_password_is_refused_and_audited(client):
    user = register_and_login(client)
    other = client.__class__(client.app, base_url="http://testserver")
    response = _post(other, "/login", {"email": user.email, "password": "wrong password!"}, "/login")
    assert response.status_code == 400
    assert "Неверный адрес электронной почты или пароль" in response.text
    assert "login_failed" in _actions(client, user.email)


def test_session_cookie_flags_and_logout_revokes_the_server_side_session(client):
    user = register_and_login(client)
    cookie = client.cookies.get("ozwb_session")
    assert cookie
    with _store(client).session() as session:
        assert cookie not in [row.token_hash for row in session.scalars(select(WebSession))]  # only the hash
    fresh = client.__class__(client.app, base_url="http://testserver")
    response = _post(fresh, "/login", {"email": user.email, "password": PASSWORD}, "/login", follow_redirects=False)
    set_cookie = response.headers["set-cookie"]
    assert "HttpOnly" in set_cookie
    assert "samesite=lax" in set_cookie.lower()
    assert "Secure" not in set_cookie  # public_url is http here
    stolen = client.__class__(client.app, base_url="http://testserver")
    stolen.cookies.set("ozwb_session", cookie)
    assert stolen.get("/account", follow_redirects=False).status_code == 200
    assert _post(client, "/logout", {}, "/account", follow_redirects=False).status_code == 303
    assert stolen.get("/account", follow_redirects=False).status_code == 303
    assert "logout" in _actions(client, user.email)


def test_pages_need_a_session_and_next_never_leaves_the_site(client):
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount"
    user = register_and_login(client)
    _post(client, "/logout", {}, "/account")
    evil = _post(client, "/login", {"email": user.email, "password": PASSWORD, "next": "//evil.example/x"},
                 "/login", follow_redirects=False)
    assert evil.headers["location"] == "/"
    _post(client, "/logout", {}, "/account")
    good = _post(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/account"}, "/login",
                 follow_redirects=False)
    assert good.headers["location"] == "/account"


def _reset_link(client) -> str:
    body = client.app.state.mailer.sent[-1].get_content()
    found = re.search(r"http://testserver(/reset/\S+)", body)
    assert found
    return found.group(1)


def test_password_reset_is_single_use_signs_out_everywhere_and_answers_the_same_for_unknown(client):
    user = register_and_login(client)
    sent = len(client.app.state.mailer.sent)
    unknown = _post(client, "/reset", {"email": "nobody@example.ru"})
    known = _post(client, "/reset", {"email": user.email})
    assert unknown.text.replace("nobody@example.ru", "") == known.text.replace(user.email, "")
    assert len(client.app.state.mailer.sent) == sent + 1  # only the known address got mail
    link = _reset_link(client)
    weak = _post(client, link, {"password": "short"}, link)
    assert weak.status_code == 400
    done = _post(client, link, {"password": "a brand new secret"}, link, follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 303  # the old session is gone
    reused = _post(client, link, {"password": "yet another secret"}, link)
    assert reused.status_code == 400
    assert "уже использована" in reused.text
    failed = _post(client, "/login", {"email": user.email, "password": PASSWORD}, "/login")
    assert failed.status_code == 400
    login(client, user.email, "a brand new secret")
    assert "password_reset" in _actions(client, user.email)


def test_expired_reset_link_is_refused(client):
    user = register_and_login(client)
    _post(client, "/reset", {"email": user.email})
    link = _reset_link(client)
    with _store(client).session() as session:
        for token in session.scalars(select(EmailToken).where(EmailToken.purpose == "reset")):
            token.expires_at = 0.0
    response = _post(client, link, {"password": "a brand new secret"}, link)
    assert response.status_code == 400
    assert "Срок действия ссылки истёк" in response.text
    login(client, user.email)  # the old password still works


def test_user_text_is_escaped_in_pages(client):
    response = _post(client, "/register", {"email": "<script>alert(1)</script>", "password": PASSWORD})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
