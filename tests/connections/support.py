"""Two sellers (and a stranger's-eye view) for tenant-isolation tests; base settings for a sandbox."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from engine.settings import Settings, get_settings
from engine.store import Store, User


@dataclass(frozen=True)
class Owners:
    alice: int
    bob: int


def make_owners(store: Store) -> Owners:
    with store.session() as session:
        ids = []
        for name in ("alice", "bob"):
            user = User(email=f"{name}-{secrets.token_hex(3)}@example.com", password_hash="-", role="seller",
                        is_active=True, created_at=time.time())
            session.add(user)
            session.flush()
            ids.append(user.id)
    return Owners(*ids)


def base_settings(speed: float, files: Path, database_url: str = "sqlite:///:memory:") -> Settings:
    """Settings a web process would have: no marketplace keys of its own, fast sandbox pacing."""
    return get_settings(limit_speed=speed, http_backoff_base=0.02, http_backoff_cap=0.3, http_timeout=5.0,
                        http_max_retries=4, files_dir=str(files), cache_dir=str(files.parent / "cache"),
                        database_url=database_url)
