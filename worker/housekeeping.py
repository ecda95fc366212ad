"""Periodic cleanup run from each worker process: cheap, at most once per ``HOUSEKEEPING_EVERY`` per worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from engine.accounts import delete_expired
from engine.settings import Settings
from engine.store.database import Store

HOUSEKEEPING_EVERY = 3600.0  # seconds; expired rows only cost space, so an hour's delay is harmless

logger = logging.getLogger("worker.housekeeping")


class Housekeeping:
    """``maybe_run()`` from a loop: deletes expired account rows when the last run is old enough."""

    def __init__(self, store: Store, settings: Settings, every: float = HOUSEKEEPING_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._settings = settings
        self._every = every
        self._clock = clock
        self._last: float | None = None

    def maybe_run(self) -> bool:
        """True when it ran now."""
        moment = self._clock()
        if self._last is not None and moment - self._last < self._every:
            return False
        self._last = moment
        with self._store.session() as session:
            removed = delete_expired(session, self._settings)
        if removed.total:
            logger.info("deleted %s expired sessions, %s links, %s sign-in attempts, %s invitations",
                        removed.sessions, removed.email_tokens, removed.login_attempts, removed.invites)
        return True
