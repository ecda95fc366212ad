"""How the process allocates while a whole catalog is parsed: no cyclic collections, large blocks unmapped."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import threading
from collections.abc import Iterator

logger = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3  # mallopt parameter, <malloc.h>
_MMAP_THRESHOLD = 128 * 1024  # glibc's default starting value


@functools.cache
def _fix_mmap_threshold() -> None:
    """Have glibc hand every large block (an answer body, its text) back to the system when it is freed.

    glibc raises its mmap threshold to 32 MB after the first large block is freed; from then on
    each multi-megabyte answer body of the read was carved from the heap, and the holes it left
    between long-lived products kept ~60 MB of a 100,000-product read (400 → 336 MB peak).
    Fixing the threshold at glibc's own starting value stops that. Process-wide and once; a no-op
    where the C library is not glibc.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    except (OSError, AttributeError):
        logger.debug("not glibc: the allocator keeps its own large-block policy")


class _CollectorPause:
    """The cyclic collector off while at least one read runs in the process, back as it was after the last.

    Counted, not saved and restored per read: two overlapping reads (threads of one worker) must not
    leave it off, nor turn it back on under the other.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._was_enabled = False

    def enter(self) -> None:
        with self._lock:
            if self._active == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._active += 1

    def leave(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._was_enabled:
                gc.enable()


_PAUSE = _CollectorPause()


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalog is parsed.

    Each answer page decodes into a few hundred thousand short-lived containers, and the products
    pile up; the collector's passes over them were ~15 % of the read's CPU even at a 50,000
    young threshold. Nothing the read makes is cyclic once the HTTP client unties httpx's
    response <-> stream cycle (:meth:`engine.http.HttpClient.decode`), so every answer body is
    still freed as soon as it is parsed and pausing costs no memory.
    """
    _fix_mmap_threshold()
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()
