"""Admin tests: the web app on SQLite and PostgreSQL, people with roles, and a migrated store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.accounts import grant_role
from tests.support.web import (  # noqa: F401 - fixtures are found by name
    WebUser,
    client,
    new_client,
    pg_web_settings,
    register_and_login,
    sqlite_web_settings,
    web_app,
    web_settings,
)


@pytest.fixture
def person(web_app: FastAPI, new_client: Callable[[], TestClient]  # noqa: F811
           ) -> Callable[[str], tuple[WebUser, TestClient]]:
    """A new signed-in browser of a new account with the given role."""

    def make(role: str = "seller") -> tuple[WebUser, TestClient]:
        browser = new_client()
        user = register_and_login(browser)
        if role != "seller":
            with web_app.state.store.session() as session:
                grant_role(session, user.email, role, via="test")
        return user, browser

    return make
