"""Where a user's files live: ``<files_dir>/<owner id>/<random name>``; the database keeps the path.

Names are random so a path never tells anything about another user, and every read goes through
:func:`owned_file`, which refuses a path outside the owner's folder.

An export writes its workbook under a hidden scratch name beside the target (:func:`scratch_of`) and
renames it when complete, so a half-written file is never offered. A worker killed mid-write leaves the
scratch behind: the recovery of that job removes it (:func:`remove_scratch`), and housekeeping sweeps
any that are older than an export can run (:func:`sweep_scratch`).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from pathlib import Path

from engine.errors import RecordNotFoundError
from engine.settings import Settings

NAME_BYTES = 16
# Only names of our own making are ever removed: ".export-<32 hex>.xlsx.tmp" in an owner's folder.
SCRATCH_NAME = re.compile(rf"\.export-[0-9a-f]{{{NAME_BYTES * 2}}}\.xlsx\.tmp")

logger = logging.getLogger("engine.jobs")


def owner_dir(settings: Settings, owner_id: int) -> Path:
    folder = Path(settings.files_dir).expanduser().resolve() / str(owner_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_file(settings: Settings, owner_id: int, kind: str, suffix: str) -> Path:
    """A fresh, unguessable path in the owner's folder (not created)."""
    return owner_dir(settings, owner_id) / f"{kind}-{secrets.token_hex(NAME_BYTES)}{suffix}"


def scratch_of(target: Path) -> Path:
    """The hidden name a workbook is written under until it is complete."""
    return target.with_name(f".{target.name}.tmp")


def owned_file(settings: Settings, owner_id: int, stored: str) -> Path:
    """The stored path, if it is an existing file inside the owner's folder."""
    if not stored:
        raise RecordNotFoundError("no file")
    path = Path(stored).resolve()
    if not path.is_relative_to(owner_dir(settings, owner_id)) or not path.is_file():
        raise RecordNotFoundError("file not found")
    return path


def remove_scratch(owner_id: int, stored: str) -> bool:
    """Remove an export's scratch file once nobody writes it any more; True when one was there."""
    path = Path(stored)
    if not stored or not SCRATCH_NAME.fullmatch(path.name) or path.parent.name != str(owner_id):
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def sweep_scratch(settings: Settings, older_than: float, *, now: float | None = None) -> int:
    """Remove scratch files untouched for ``older_than`` seconds (no export writes that long); how many."""
    root = Path(settings.files_dir).expanduser().resolve()
    if not root.is_dir():
        return 0
    limit = (time.time() if now is None else now) - older_than
    removed = 0
    for path in root.glob("*/.export-*.xlsx.tmp"):
        if not path.parent.name.isdigit() or not SCRATCH_NAME.fullmatch(path.name):
            continue
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # removed meanwhile (its export finished or failed)
        except OSError as exc:
            logger.warning("scratch file %s not removed: %s", path.name, exc)
    return removed
