"""``ozwb admin grant`` / ``list`` / ``rotate-keys`` against the database of OZWB_DATABASE_URL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cli.main import app
from engine.accounts import register
from engine.mail import Mailer
from engine.settings import Settings
from engine.store import open_store, upgrade_to_head
from engine.store.account_models import AuditEvent, User
from tests.support.web import PASSWORD

runner = CliRunner()


def test_grant_makes_an_admin_and_is_audited(web_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OZWB_DATABASE_URL", web_settings.database_url)
    store = open_store(web_settings)
    try:
        upgrade_to_head(web_settings, store.engine)
        with store.session() as session:
            register(session, Mailer(web_settings), "boss@example.ru", PASSWORD)
        granted = runner.invoke(app, ["admin", "grant", "Boss@Example.ru", "--role", "admin"])
        assert granted.exit_code == 0, granted.output
        assert "boss@example.ru" in granted.output and "администратор" in granted.output
        with store.session() as session:
            user = session.scalar(select(User).where(User.email == "boss@example.ru"))
            assert user is not None and user.role == "admin"
            event = session.scalar(select(AuditEvent).where(AuditEvent.action == "role_granted"))
            assert event is not None
            assert (event.target, event.user_id) == (f"user:{user.id}", None)
            assert event.detail == {"role": "admin", "previous": "seller", "via": "cli"}
        listed = runner.invoke(app, ["admin", "list"])
        assert listed.exit_code == 0, listed.output
        assert "boss@example.ru" in listed.output and "admin" in listed.output
    finally:
        store.close()


def test_grant_refuses_unknown_accounts_and_roles(web_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OZWB_DATABASE_URL", web_settings.database_url)
    missing = runner.invoke(app, ["admin", "grant", "ghost@example.ru", "--role", "admin"])
    assert missing.exit_code != 0
    assert "ghost@example.ru" in missing.output and "нет" in missing.output
    wrong = runner.invoke(app, ["admin", "grant", "ghost@example.ru", "--role", "owner"])
    assert wrong.exit_code != 0
    empty = runner.invoke(app, ["admin", "list"])
    assert empty.exit_code == 0 and "Аккаунтов пока нет" in empty.output


def test_rotate_keys_re_encrypts_every_secret_with_the_newest_key(
    web_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.fernet import Fernet

    from engine.connections.service import add_wb
    from engine.keyring import Keyring
    from engine.store.web_models import Connection

    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("OZWB_DATABASE_URL", web_settings.database_url)
    store = open_store(web_settings)
    try:
        upgrade_to_head(web_settings, store.engine)
        with store.session() as session:
            user = register(session, Mailer(web_settings), "seller@example.ru", PASSWORD)
            session.flush()
            add_wb(session, Keyring([old]), user.id, name="WB", token="sandbox-wb-token")
        monkeypatch.setenv("OZWB_SECRET_KEYS", f"{new.decode()},{old.decode()}")
        rotated = runner.invoke(app, ["admin", "rotate-keys"])
        assert rotated.exit_code == 0, rotated.output
        assert "Перешифровано секретов: 1" in rotated.output
        with store.session() as session:
            stored = session.scalars(select(Connection)).one()
            assert Keyring([new]).decrypt(stored.secret) == "sandbox-wb-token"  # the old key is no longer needed
        again = runner.invoke(app, ["admin", "rotate-keys"])
        assert again.exit_code == 0 and "Перешифровано секретов: 0" in again.output
    finally:
        store.close()
