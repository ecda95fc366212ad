"""A Google Sheet import keeps a link that is safe to show: pages and the API render it as ``href``."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from engine.jobs import create_import
from engine.keyring import Keyring, generate_key
from engine.store import open_store, upgrade_to_head
from tests.connections.support import base_settings, make_owners
from tests.gsheets.conftest import KEY, URL
from tests.gsheets.fake_google import ROBOT, FakeGoogle

CANONICAL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"


@pytest.mark.parametrize(("typed", "kept"), [
    (URL, URL),  # the seller's own link, tab and all
    (f"  {KEY} ", CANONICAL),
    (f"javascript:alert(document.cookie)//docs.google.com/spreadsheets/d/{KEY}", CANONICAL),
    (f"https://evil.example/?docs.google.com/spreadsheets/d/{KEY}", CANONICAL),
])
def test_the_stored_link_is_the_sellers_only_when_it_is_googles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 typed: str, kept: str) -> None:
    google = FakeGoogle()
    google.spreadsheet(KEY)
    monkeypatch.setattr("engine.gsheets.client_from_service_account", lambda path: google.client())
    monkeypatch.setattr("engine.gsheets.service_account_email", lambda path: ROBOT)
    key = generate_key()
    settings = base_settings(1.0, tmp_path / "files", f"sqlite:///{tmp_path / 'ozwb.sqlite3'}").model_copy(
        update={"secret_keys": SecretStr(key), "google_service_account_file": "robot.json"})
    store = open_store(settings)
    try:
        upgrade_to_head(settings, store.engine)
        owner = make_owners(store).alice
        view = create_import(store, Keyring([key.encode()]), settings, owner, "Каталог", sheet_url=typed)
    finally:
        store.close()
    assert view.sheet_url == kept
    assert view.file_problem is not None  # the blank sheet was read: the link reached Google
