"""With SMTP configured: mail goes through a real (local) SMTP server, and the test follows the links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.support.smtp import inbox_fixture  # noqa: F401 - the `inbox` fixture
from tests.support.web import PASSWORD, csrf_token, login


@pytest.fixture
def smtp_client(web_settings, inbox) -> Iterator[TestClient]:
    _, port = inbox
    settings = web_settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False,
                                               "smtp_from": "ozwb@example.ru"})
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client


def test_registration_waits_for_the_mailed_confirmation_link(smtp_client, inbox):
    mails, _ = inbox
    client = smtp_client
    response = client.post("/register", data={"email": "new@example.ru", "password": PASSWORD,
                                              "csrf_token": csrf_token(client, "/register")})
    assert "отправили письмо" in response.text
    assert mails.messages[-1]["To"] == "new@example.ru"
    assert mails.messages[-1]["Subject"].startswith("ozwb: подтвердите")
    refused = client.post("/login", data={"email": "new@example.ru", "password": PASSWORD,
                                          "csrf_token": csrf_token(client)})
    assert refused.status_code == 400
    assert "Подтвердите адрес" in refused.text
    link = mails.link("http://testserver", "confirm").removeprefix("http://testserver")
    assert "Адрес подтверждён" in client.get(link).text
    assert "уже использована" in client.get(link).text
    login(client, "new@example.ru")
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_password_reset_mail_through_smtp(smtp_client, inbox):
    mails, _ = inbox
    client = smtp_client
    client.post("/register", data={"email": "r@example.ru", "password": PASSWORD,
                                   "csrf_token": csrf_token(client, "/register")})
    client.post("/reset", data={"email": "r@example.ru", "csrf_token": csrf_token(client, "/reset")})
    link = mails.link("http://testserver", "reset").removeprefix("http://testserver")
    client.post(link, data={"password": "a brand new secret", "csrf_token": csrf_token(client, link)})
    login(client, "r@example.ru", "a brand new secret")  # following the mailed link also confirmed the address
