"""With SMTP configured: mail goes through a real (local) SMTP server, and the test follows the links."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from api.app import create_app
from tests.support.web import PASSWORD, csrf_token, login


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def last_link(self, kind: str) -> str:
        body = self.messages[-1].get_content()
        found = re.search(rf"http://testserver(/{kind}/\S+)", body)
        assert found
        return found.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[_Inbox, int]]:
    handler = _Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


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
    link = mails.last_link("confirm")
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
    link = mails.last_link("reset")
    client.post(link, data={"password": "a brand new secret", "csrf_token": csrf_token(client, link)})
    login(client, "r@example.ru", "a brand new secret")  # following the mailed link also confirmed the address
