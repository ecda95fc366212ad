"""Periodic cleanup run from each worker process: cheap, at most once per ``HOUSEKEEPING_EVERY`` per worker.

Expired account rows go, and so do export scratch files whose writer is long gone (a killed worker's).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from engine.accounts import delete_expired
from engine.jobs.files import sweep_scratch
from engine.settings import Settings
from engine.store.database import Store
from worker.queueing import EXPORT_TIMEOUT

HOUSEKEEPING_EVERY = 3600.0  # seconds; expired rows only cost space, so an hour's delay is harmless

logger = logging.getLogger("worker.housekeeping")


class Housekeeping:
    """``maybe_run()`` from a loop: deletes expired account rows and stale scratch files when the last run is
    old enough."""

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
        # RQ ends an export after EXPORT_TIMEOUT: a scratch file untouched that long has no writer left.
        swept = sweep_scratch(self._settings, EXPORT_TIMEOUT)
        if swept:
            logger.info("removed %s half-written export files", swept)
        return True
