"""Where a user's files live: ``<files_dir>/<owner id>/<random name>``; the database keeps the path.

Names are random so a path never tells anything about another user, and every read goes through
:func:`owned_file`, which refuses a path outside the owner's folder.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from engine.errors import RecordNotFoundError
from engine.settings import Settings

NAME_BYTES = 16


def owner_dir(settings: Settings, owner_id: int) -> Path:
    folder = Path(settings.files_dir).expanduser().resolve() / str(owner_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_file(settings: Settings, owner_id: int, kind: str, suffix: str) -> Path:
    """A fresh, unguessable path in the owner's folder (not created)."""
    return owner_dir(settings, owner_id) / f"{kind}-{secrets.token_hex(NAME_BYTES)}{suffix}"


def owned_file(settings: Settings, owner_id: int, stored: str) -> Path:
    """The stored path, if it is an existing file inside the owner's folder."""
    if not stored:
        raise RecordNotFoundError("no file")
    path = Path(stored).resolve()
    if not path.is_relative_to(owner_dir(settings, owner_id)) or not path.is_file():
        raise RecordNotFoundError("file not found")
    return path
