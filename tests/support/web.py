"""Fixtures and helpers for web tests (import the fixtures into a conftest.py, see tests/api/conftest.py).

``web_settings`` is parametrised: every test using it runs on a SQLite file and on a PostgreSQL schema
of its own. ``client`` is a Starlette TestClient of ``create_app(web_settings)`` (lifespan run: migrated).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.app import create_app
from engine.settings import Settings, get_settings

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def pg_url() -> str:
    return os.environ.get("OZWB_TEST_DATABASE_URL", DEFAULT_PG)


def _base_settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "files_dir": str(tmp_path / "files"),
        "secret_keys": Fernet.generate_key().decode(),
        "public_url": "http://testserver",
        "smtp_host": "",
        "redis_url": None,
        **overrides,
    }
    return get_settings(**values)


@pytest.fixture
def sqlite_web_settings(tmp_path: Path) -> Settings:
    return _base_settings(tmp_path, f"sqlite:///{tmp_path / 'db' / 'ozwb.sqlite3'}")


@pytest.fixture
def pg_web_settings(tmp_path: Path) -> Iterator[Settings]:
    schema = f"ozwb_web_{secrets.token_hex(5)}"
    admin = create_engine(pg_url())
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(pg_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield _base_settings(tmp_path, url.render_as_string(hide_password=False))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


WEB_DB_ENV = "OZWB_TEST_WEB_DB"  # "both" (default, CI), "sqlite" or "postgresql": a quicker local run on one
_WEB_DBS = {"both": ["sqlite", "postgresql"], "sqlite": ["sqlite"], "postgresql": ["postgresql"]}


def web_databases() -> list[str]:
    choice = os.environ.get(WEB_DB_ENV, "").strip().lower() or "both"
    if choice not in _WEB_DBS:
        raise ValueError(f"{WEB_DB_ENV}={choice!r}: use one of {', '.join(_WEB_DBS)}")
    return _WEB_DBS[choice]


@pytest.fixture(params=web_databases())
def web_settings(request: pytest.FixtureRequest) -> Settings:
    name = "sqlite_web_settings" if request.param == "sqlite" else "pg_web_settings"
    settings: Settings = request.getfixturevalue(name)
    return settings


@pytest.fixture
def web_app(web_settings: Settings) -> FastAPI:
    return create_app(web_settings)


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def new_client(web_app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    """Another browser (own cookies) on the same app."""
    opened: list[TestClient] = []

    def make() -> TestClient:
        test_client = TestClient(web_app, base_url="http://testserver")
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@dataclass(frozen=True)
class WebUser:
    email: str
    password: str


def csrf_token(client: TestClient, page: str = "/login") -> str:
    """The CSRF token of this browser, read from a page's form."""
    response = client.get(page)
    found = _CSRF.search(response.text)
    assert found, f"no csrf_token field on {page}"
    return found.group(1)


def register_and_login(client: TestClient, email: str | None = None, password: str = PASSWORD) -> WebUser:
    """A new active seller (no SMTP → active at once) signed in on ``client``."""
    email = email or f"seller-{secrets.token_hex(4)}@example.ru"
    token = csrf_token(client, "/register")
    response = client.post("/register", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 200, response.text
    login(client, email, password)
    return WebUser(email, password)


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def bearer_token(client: TestClient, email: str, password: str = PASSWORD, totp: str | None = None) -> str:
    data = {"username": email, "password": password, "grant_type": "password"}
    if totp:
        data["totp"] = totp
    response = client.post("/api/v1/auth/token", data=data)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def api_user_headers(client: TestClient, email: str | None = None, password: str = PASSWORD) -> dict[str, str]:
    """Register a seller through the REST API and return its ``Authorization`` header."""
    email = email or f"api-{secrets.token_hex(4)}@example.ru"
    response = client.post("/api/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {bearer_token(client, email, password)}"}
