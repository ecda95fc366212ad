"""Client-side pacing: token buckets at the marketplaces' documented limits.

A marketplace enforces its limits per seller account, so every caller that uses one
account must draw from the same bucket: :class:`LocalRateLimiter` shares buckets between
threads of one process, ``worker.ratelimit.RedisRateLimiter`` between processes.

Buckets are keyed by marketplace, a one-way fingerprint of the account credential (the
secret itself never becomes a key) and the bucket name. Limits are given in real-world
units and run ``speed`` times faster (``Settings.limit_speed``, for a sandbox started with
``--speed K``). Waits imposed by a marketplace (``penalize``) are already in the
marketplace's own time frame and are not scaled.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

_FINGERPRINT_PERSON = b"ozwb-ratelimit"
# Refill arithmetic in floats lands a hair below a whole token; without slack a waiter
# would sleep for 1e-17 s forever.
_EPSILON = 1e-9


@dataclass(frozen=True)
class RateLimit:
    """``limit`` requests per ``period`` seconds, at most ``burst`` back to back."""

    name: str
    limit: int
    period: float
    burst: int
    # What a request answered with a 4xx (other than 429) costs in the end; WB marketplace says 10.
    client_error_cost: int = 1

    @property
    def interval(self) -> float:
        return self.period / self.limit

    def rate(self, speed: float = 1.0) -> float:
        """Tokens per second at ``speed``."""
        return speed * self.limit / self.period

    @property
    def client_burst(self) -> int:
        """The burst we allow ourselves: one token of slack, because requests can reach the
        server in a different order and spacing than they left us."""
        return max(1, self.burst - 1)


# WB, per seller account (wb-api.md §3). Card writes share one budget.
WB_CONTENT = RateLimit("wb.content", 100, 60.0, 5)
WB_CARD_WRITES = RateLimit("wb.card_writes", 10, 60.0, 5)
WB_ERROR_LIST = RateLimit("wb.error_list", 10, 60.0, 5)
WB_MEDIA = RateLimit("wb.media", 100, 60.0, 5)
WB_BRANDS = RateLimit("wb.brands", 1, 1.0, 5)
WB_PRICES = RateLimit("wb.prices", 10, 6.0, 5)
WB_MARKETPLACE = RateLimit("wb.marketplace", 300, 60.0, 20, client_error_cost=10)
WB_PING = RateLimit("wb.ping", 3, 30.0, 3)
# Ozon: 50 requests per second per Client-Id across all methods (ozon-api.md §2).
OZON_GLOBAL = RateLimit("ozon.global", 50, 1.0, 50)


class RateLimiter(Protocol):
    """Token buckets shared by everyone calling one marketplace account."""

    def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
        """Block until ``bucket`` has a token for ``key``, spend ``cost``; return seconds waited."""
        ...

    def penalize(self, key: str, bucket: RateLimit, seconds: float) -> None:
        """Hold everyone off ``bucket`` for ``seconds`` (the marketplace said so in a 429)."""
        ...

    def charge(self, key: str, bucket: RateLimit, extra: float) -> None:
        """Spend ``extra`` tokens after the fact (WB counts a marketplace 4xx as ten) without waiting."""
        ...


def fingerprint(credential: str) -> str:
    """A stable, non-reversible name for a credential, safe to put in keys and logs."""
    return hashlib.blake2b(credential.encode(), digest_size=10, person=_FINGERPRINT_PERSON).hexdigest()


def wb_account_id(token: str) -> str:
    """What WB keys its limits on: the seller id inside the token's JWT payload when there is one.

    Two tokens of one seller share WB's buckets, so they must share ours. The token is not
    verified (we only read a claim); a token that is not a JWT stands for its own account.
    """
    raw = token.strip()
    if raw.lower().startswith("bearer "):
        raw = raw[7:].strip()
    parts = raw.split(".")
    if len(parts) == 3:
        try:
            padded = parts[1] + "=" * (-len(parts[1]) % 4)
            claims = json.loads(base64.urlsafe_b64decode(padded))
        except ValueError:
            claims = None
        if isinstance(claims, dict) and claims.get("sid"):
            return f"sid:{claims['sid']}"
    return f"token:{raw}"


def limiter_key(marketplace: str, credential: str) -> str:
    """``<marketplace>:<fingerprint>``; buckets hang below it."""
    return f"{marketplace}:{fingerprint(credential)}"


@dataclass
class _BucketState:
    tokens: float
    stamp: float  # when ``tokens`` was true; in the future while a penalty holds


class LocalRateLimiter:
    """In-process token buckets; thread-safe. Waiting happens outside the lock."""

    def __init__(
        self,
        speed: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._speed = speed
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._state: dict[tuple[str, str], _BucketState] = {}

    def __repr__(self) -> str:
        return f"LocalRateLimiter(speed={self._speed})"

    def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
        waited = 0.0
        while True:
            wait = self._try_take(key, bucket, cost)
            if wait <= 0:
                return waited
            self._sleep(wait)
            waited += wait

    def penalize(self, key: str, bucket: RateLimit, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._lock:
            now = self._clock()
            state = self._current(key, bucket, now)
            until = now + seconds
            if until > state.stamp:
                # One request may go when the marketplace said so; the bucket refills from there.
                state.tokens = 1.0
                state.stamp = until

    def charge(self, key: str, bucket: RateLimit, extra: float) -> None:
        with self._lock:
            state = self._current(key, bucket, self._clock())
            state.tokens -= extra

    def _try_take(self, key: str, bucket: RateLimit, cost: float) -> float:
        """Take the tokens and return 0, or return how long to wait before trying again."""
        with self._lock:
            now = self._clock()
            state = self._current(key, bucket, now)
            if state.stamp > now:
                return state.stamp - now
            if state.tokens >= 1.0 - _EPSILON:
                # Like the marketplaces, a costly request may drive the bucket below zero.
                state.tokens -= cost
                return 0.0
            return (1.0 - state.tokens) / bucket.rate(self._speed)

    def _current(self, key: str, bucket: RateLimit, now: float) -> _BucketState:
        """The bucket refilled up to ``now`` (caller holds the lock)."""
        burst = float(bucket.client_burst)
        state = self._state.get((key, bucket.name))
        if state is None:
            state = _BucketState(burst, now)
            self._state[(key, bucket.name)] = state
        elif now > state.stamp:
            state.tokens = min(burst, state.tokens + (now - state.stamp) * bucket.rate(self._speed))
            state.stamp = now
        return state


class UnlimitedRateLimiter:
    """No pacing at all; for unit tests that fake the transport."""

    def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
        return 0.0

    def penalize(self, key: str, bucket: RateLimit, seconds: float) -> None:
        return None

    def charge(self, key: str, bucket: RateLimit, extra: float) -> None:
        return None


_shared: dict[float, LocalRateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(speed: float = 1.0) -> LocalRateLimiter:
    """The process-wide limiter for ``speed``: every client built without one shares it."""
    with _shared_lock:
        limiter = _shared.get(speed)
        if limiter is None:
            limiter = _shared[speed] = LocalRateLimiter(speed)
        return limiter
