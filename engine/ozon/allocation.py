"""How the process allocates while a whole catalog is parsed: fewer young collections, large blocks unmapped."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
from collections.abc import Iterator

logger = logging.getLogger(__name__)

YOUNG_THRESHOLD = 50_000  # allocations between young collections during a read (CPython's default: 700)
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


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Collect young garbage less often while a catalog is parsed.

    Each answer page decodes into a few hundred thousand short-lived containers; at the default
    threshold the cyclic collector ran thousands of times per read (most of the read's CPU in
    the benchmark). It cannot simply be paused: httpx responses sit in reference cycles, so with
    the collector off every answer body (megabytes each) stayed in memory until the read ended.
    """
    _fix_mmap_threshold()
    old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
