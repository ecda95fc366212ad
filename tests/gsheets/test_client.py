"""The gspread client from a service-account key, and the e-mail the seller shares with."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.gsheets import SHEETS_SCOPE, ServiceAccountError, client_from_service_account, service_account_email
from engine.gsheets.writer import client_email
from tests.gsheets.conftest import write_service_account_key

EMAIL = "ozwb-export@ozwb-test.iam.gserviceaccount.com"


def _key_file(tmp_path: Path) -> Path:
    return write_service_account_key(tmp_path / "key.json", EMAIL)


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
