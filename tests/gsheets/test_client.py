"""The gspread client from a service-account key, and the e-mail the seller shares with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from engine.gsheets import SHEETS_SCOPE, ServiceAccountError, client_from_service_account, service_account_email
from engine.gsheets.writer import client_email

EMAIL = "ozwb-export@ozwb-test.iam.gserviceaccount.com"


def _key_file(tmp_path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path = tmp_path / "key.json"
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "ozwb-test", "private_key_id": "0" * 40, "private_key": pem,
        "client_email": EMAIL, "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token",
    }), "utf-8")
    return path


def test_client_from_a_key_knows_its_email(tmp_path: Path) -> None:
    path = _key_file(tmp_path)
    client = client_from_service_account(path)
    assert client_email(client) == EMAIL == service_account_email(path)
    assert client.http_client.auth.scopes == [SHEETS_SCOPE]  # type: ignore[attr-defined]


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(ServiceAccountError, match="не найден"):
        client_from_service_account(tmp_path / "nope.json")


def test_not_a_key_file(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text('{"type": "authorized_user"}', "utf-8")
    with pytest.raises(ServiceAccountError, match="не похож"):
        client_from_service_account(path)
    with pytest.raises(ServiceAccountError):
        service_account_email(tmp_path / "nope.json")
