"""Server-side token buckets, as WB and Ozon enforce them per seller account."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    """``limit`` requests per ``period`` seconds, at most ``burst`` back to back."""

    name: str
    limit: int
    period: float
    burst: int

    @property
    def interval(self) -> float:
        return self.period / self.limit


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: float  # seconds until one more request fits (0 when allowed)
    reset_after: float  # seconds until the burst is full again


class BucketLimiter:
    """Thread-safe token buckets keyed by (account, bucket), scaled by ``speed``."""

    def __init__(self, speed: float = 1.0, clock: Callable[[], float] | None = None) -> None:
        self._speed = speed
        self._clock = clock or time.monotonic
        self._state: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, account: str, bucket: Bucket, cost: float = 1.0) -> Decision:
        """Spend ``cost`` tokens if they are there; say how long to wait if not."""
        rate = self._speed / bucket.interval  # tokens per second
        with self._lock:
            now = self._clock()
            tokens, stamp = self._state.get((account, bucket.name), (float(bucket.burst), now))
            tokens = min(float(bucket.burst), tokens + (now - stamp) * rate)
            if tokens >= 1.0:
                # A costly request (WB counts a 4xx as 10) may drive the bucket negative.
                tokens -= cost
                self._state[(account, bucket.name)] = (tokens, now)
                return Decision(True, max(0, math.floor(tokens)), 0.0, (bucket.burst - tokens) / rate)
            self._state[(account, bucket.name)] = (tokens, now)
            return Decision(False, 0, (1.0 - tokens) / rate, (bucket.burst - tokens) / rate)

    def charge(self, account: str, bucket: Bucket, extra: float) -> None:
        """Add cost after the fact (a request turned out to be a 4xx)."""
        with self._lock:
            key = (account, bucket.name)
            if key in self._state:
                tokens, stamp = self._state[key]
                self._state[key] = (tokens - extra, stamp)
