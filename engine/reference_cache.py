"""A file cache for WB reference data (subjects, characteristics, value lists).

One JSON file per list under ``<cache dir>/wb-<scope hash>/``, the scope being the WB content
host and the locale, so a sandbox and the real WB (or two locales) never share an entry. Only
what WB returns for a reference request is stored: no token, no seller data.

A file is replaced atomically (written beside it, then renamed), so concurrent exports never read
a half-written one; an unreadable, foreign or expired file is ignored and fetched again. The cache
never makes a fetch fail: a folder that cannot be written just means nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from engine.settings import Settings

logger = logging.getLogger(__name__)

FORMAT = 1
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,80}$")

Json = Any  # what json.loads returns


class ReferenceCache:
    """Lists by name for one WB scope, each kept for ``ttl`` seconds."""

    def __init__(
        self, directory: str | Path, scope: str, ttl: float, *, refresh: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.scope = scope
        self.folder = Path(directory) / f"wb-{hashlib.sha256(scope.encode()).hexdigest()[:16]}"
        self.ttl = ttl
        self.refresh = refresh  # fetch every list again (and keep the fresh copy)
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings, *, locale: str = "ru", refresh: bool = False) -> ReferenceCache:
        return cls(settings.cache_dir, scope_of(settings.wb_content_url, locale), settings.wb_reference_ttl,
                   refresh=refresh)

    def get_or_fetch(
        self, name: str, fetch: Callable[[], Json], *, check: Callable[[Json], object] | None = None
    ) -> Json:
        """The list ``name`` from the cache if it is fresh, else ``fetch()``-ed and stored.

        ``check`` (e.g. model validation) raising on a cached list makes it count as missing.
        """
        if not _NAME.match(name):
            raise ValueError(f"bad cache entry name {name!r}")
        path = self.folder / f"{name}.json"
        if not self.refresh:
            found = self._load(path, name)
            if found is not None:
                try:
                    if check is not None:
                        check(found)
                except ValueError:
                    logger.warning("cached WB list %s does not fit the model; fetching it again", name)
                else:
                    return found
        data = fetch()
        self._store(path, name, data)
        return data

    def _load(self, path: Path, name: str) -> Json | None:
        try:
            record = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            logger.warning("cached WB list %s is unreadable; fetching it again", name)
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("scope") != self.scope \
                or record.get("name") != name or "data" not in record:
            return None
        saved = record.get("saved_at")
        if not isinstance(saved, int | float) or not 0 <= self._clock() - saved < self.ttl:
            return None
        return record["data"]

    def _store(self, path: Path, name: str, data: Json) -> None:
        record = {"format": FORMAT, "scope": self.scope, "name": name, "saved_at": self._clock(), "data": data}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, scratch = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
                os.replace(scratch, path)
            finally:
                if os.path.exists(scratch):
                    os.unlink(scratch)
        except OSError as exc:
            logger.warning("could not keep WB list %s in %s: %s", name, self.folder, exc)


def scope_of(url: str, locale: str) -> str:
    """The cache scope of a WB content host: the URL without credentials, query or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return f"{urlunsplit((parts.scheme, netloc, parts.path.rstrip('/'), '', ''))}|{locale}"
