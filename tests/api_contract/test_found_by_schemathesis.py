"""What schemathesis found, kept as plain regression tests: keys with characters an HTTP header cannot carry
made the connection check crash (500); they are a seller's typo and get a Russian 400 instead."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from engine.settings import Settings
from tests.support.web import api_user_headers


@pytest.mark.parametrize("body", [
    {"kind": "wb", "name": "WB", "secret": "token\x80"},
    {"kind": "wb", "name": "WB", "secret": "токен-из-кабинета"},
    {"kind": "ozon", "name": "Ozon", "client_id": "١٢٣", "secret": "key"},  # Arabic-Indic digits are digits
    {"kind": "ozon", "name": "Ozon", "client_id": "123", "secret": "ключ"},
])
def test_a_key_no_header_can_carry_is_refused_in_russian(sqlite_web_settings: Settings,
                                                         body: dict[str, str]) -> None:
    with TestClient(create_app(sqlite_web_settings.for_sandbox("http://127.0.0.1:9")),
                    base_url="http://testserver") as client:
        headers = api_user_headers(client)
        response = client.post("/api/v1/connections", headers=headers, json=body)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "invalid_connection"
        assert "выглядит неправильно" in response.json()["error"]["message"] or "число" in response.json()[
            "error"]["message"]
        assert client.get("/api/v1/connections", headers=headers).json() == {"connections": []}
