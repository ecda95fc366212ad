"""Writes on their way to WB while the slice goes on with other work.

A request waits for its rate-limit token and then for WB's answer; done one after another, those waits
add up and the push runs slower than WB's limits allow. So the writes of a kind ("lane") go out from a
few threads of their own, and the rate limiter, shared by all of them, sets the pace.

Only the HTTP call runs on those threads. Every change to the job's rows, and every checkpoint, stays
on the slice's own thread: it hands each finished write's answer to the write's ``done`` callback when
it calls :meth:`Errands.collect`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

CARDS = "cards"
PHOTOS = "photos"
# Threads per lane. One card upload at a time is enough at 10 a minute; photo links go 100 a minute,
# and WB's answer can take longer than the 0.6 s between two of them.
LANES: dict[str, int] = {CARDS: 1, PHOTOS: 4}


@dataclass
class _Errand:
    lane: str
    future: Future[Any]
    done: Callable[[Any], None]
    dropped: Callable[[], None] | None  # the write was cancelled before it started: it never left


class Errands:
    """Thread pools per lane, made on first use; the answers come back through :meth:`collect`."""

    def __init__(self, lanes: dict[str, int] | None = None) -> None:
        self._lanes = dict(lanes or LANES)
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._open: list[_Errand] = []

    def send(self, lane: str, call: Callable[[], T], done: Callable[[T], None],
             dropped: Callable[[], None] | None = None) -> None:
        """Run ``call`` on the lane's threads; ``done(answer)`` runs later, in :meth:`collect`
        (``dropped()`` instead if :meth:`stop` cancelled it before it started)."""
        pool = self._pools.get(lane)
        if pool is None:
            pool = ThreadPoolExecutor(max_workers=self._lanes.get(lane, 1), thread_name_prefix=f"push-{lane}")
            self._pools[lane] = pool
        self._open.append(_Errand(lane, pool.submit(call), done, dropped))

    def waiting(self, lane: str | None = None) -> int:
        """Writes sent and not collected yet (on the wire, waiting for a token, or answered)."""
        return sum(1 for e in self._open if lane is None or e.lane == lane)

    def collect(self) -> int:
        """Hand every answered write to its ``done``, in the order they were sent; return how many.

        A write that failed raises here, after the other answers are handed over, so that what did
        happen is recorded before the slice gives up.
        """
        finished = [e for e in self._open if e.future.done()]
        if not finished:
            return 0
        gone = {id(e) for e in finished}
        self._open = [e for e in self._open if id(e) not in gone]
        failure: BaseException | None = None
        handed = 0
        for errand in finished:
            if errand.future.cancelled():
                if errand.dropped is not None:
                    errand.dropped()
                continue
            error = errand.future.exception()
            if error is not None:
                failure = failure or error
                continue
            errand.done(errand.future.result())
            handed += 1
        if failure is not None:
            raise failure
        return handed

    def wait(self, timeout: float, lane: str | None = None) -> None:
        """Until a write (of ``lane``) is answered or ``timeout`` seconds have passed."""
        futures = [e.future for e in self._open if lane is None or e.lane == lane]
        if futures and timeout > 0:
            wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)

    def drain(self) -> None:
        """Wait for every write and collect it."""
        while self._open:
            wait([e.future for e in self._open])
            self.collect()

    def stop(self, lane: str) -> None:
        """Writes of ``lane`` that have not started never will (their rows stay as they were)."""
        for errand in self._open:
            if errand.lane == lane:
                errand.future.cancel()

    def close(self) -> None:
        """Cancel what has not started, wait for what is on the wire, and forget the answers.

        For a slice that ends on an error: whatever was not collected is redone by the next slice
        (a card upload is looked up on WB first, a photo link is simply sent again).
        """
        for errand in self._open:
            errand.future.cancel()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        self._pools.clear()
        self._open.clear()
