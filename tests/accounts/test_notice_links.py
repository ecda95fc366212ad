"""A notice links only inside the service: its link is rendered as ``href`` on the notices page and the dashboard."""

from __future__ import annotations

import time

import pytest

from engine.accounts import add_notice
from engine.store import Store
from engine.store.account_models import User


@pytest.mark.parametrize(("link", "kept"), [
    ("/jobs/7", "/jobs/7"),
    ("javascript:alert(1)", ""),
    ("https://evil.example/", ""),
    ("//evil.example/", ""),
    ("/\\evil.example/", ""),  # browsers read the backslash as a slash
])
def test_only_paths_inside_the_service_are_kept(store: Store, link: str, kept: str) -> None:
    with store.session() as session:
        user = User(email=f"n{time.time_ns()}@example.com", password_hash="-", role="seller", is_active=True,
                    created_at=time.time())
        session.add(user)
        session.flush()
        assert add_notice(session, user.id, "Перенос №7 завершён", link).link == kept
