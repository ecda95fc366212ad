"""The keyring: newest key encrypts, all decrypt, rotation re-encrypts stored secrets, the local key file."""

from __future__ import annotations

import stat
import time

import pytest
from pydantic import SecretStr

from engine.connections import add_ozon, add_wb, settings_for
from engine.errors import ConfigurationError
from engine.keyring import Keyring, SecretUnreadableError, generate_key, key_file, keyring_from_settings, rotate_all
from engine.settings import get_settings
from engine.store import Connection, User, open_store, upgrade_to_head


def test_newest_key_encrypts_and_every_key_decrypts():
    old, new = generate_key(), generate_key()
    before = Keyring([old.encode()])
    token = before.encrypt("api-key-1")
    both = Keyring([new.encode(), old.encode()])
    assert both.decrypt(token) == "api-key-1"
    assert both.current_id != before.current_id
    assert Keyring([new.encode()]).decrypt(both.encrypt("x")) == "x"
    with pytest.raises(SecretUnreadableError):
        Keyring([new.encode()]).decrypt(token)


def test_configured_keys_come_newest_first(tmp_path):
    old, new = generate_key(), generate_key()
    settings = get_settings(secret_keys=SecretStr(f"{new}, {old}"), files_dir=str(tmp_path / "files"))
    keyring = keyring_from_settings(settings)
    assert keyring.key_ids == [Keyring([new.encode()]).current_id, Keyring([old.encode()]).current_id]
    assert not key_file(settings).exists()  # configured keys never write a file


def test_a_malformed_key_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError):
        keyring_from_settings(get_settings(secret_keys=SecretStr("not-a-key"), files_dir=str(tmp_path / "f")))


def test_embedded_default_generates_one_private_key_file_and_reuses_it(tmp_path):
    settings = get_settings(files_dir=str(tmp_path / "var" / "files"))
    first = keyring_from_settings(settings)
    path = key_file(settings)
    assert path == tmp_path / "var" / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = keyring_from_settings(settings)
    assert again.current_id == first.current_id
    assert again.decrypt(first.encrypt("s")) == "s"


def test_rotation_re_encrypts_connections_and_totp_secrets(tmp_path):
    old, new = generate_key(), generate_key()
    base = get_settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", files_dir=str(tmp_path / "files"))
    store = open_store(base)
    upgrade_to_head(base, store.engine)
    old_ring = Keyring([old.encode()])
    with store.session() as session:
        user = User(email="s@example.com", password_hash="x", role="seller", is_active=True,
                    totp_secret=old_ring.encrypt("JBSWY3DPEHPK3PXP"), created_at=time.time())
        session.add(user)
        session.flush()
        add_ozon(session, old_ring, user.id, name="Магазин", client_id="123", api_key="ozon-secret-key")
        add_wb(session, old_ring, user.id, name="WB", token="wb-secret-token")
        user_id = user.id

    both = Keyring([new.encode(), old.encode()])
    with store.session() as session:  # a new key in front: everything stored still reads
        for connection in session.query(Connection):
            assert settings_for(connection, both, base).model_dump() is not None
        assert rotate_all(session, both) == 3
    only_new = Keyring([new.encode()])
    with store.session() as session:  # the old key dropped after the rotation: still readable
        ozon, wb = session.query(Connection).order_by(Connection.id).all()
        assert {ozon.key_id, wb.key_id} == {only_new.current_id}
        assert settings_for(ozon, only_new, base).ozon_api_key.get_secret_value() == "ozon-secret-key"
        assert settings_for(wb, only_new, base).wb_token.get_secret_value() == "wb-secret-token"
        found = session.get(User, user_id)
        assert found is not None and found.totp_secret is not None
        assert only_new.decrypt(found.totp_secret) == "JBSWY3DPEHPK3PXP"
    with store.session() as session, pytest.raises(SecretUnreadableError):
        first = session.query(Connection).first()
        assert first is not None
        settings_for(first, old_ring, base)  # the dropped key no longer opens anything
    store.close()
