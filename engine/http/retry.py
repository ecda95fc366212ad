"""When to try again and how long to wait: backoff, retry classification, 429 hints.

Kept free of I/O so every decision can be unit-tested on its own.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum

import httpx

from engine.settings import Settings

# Longest single wait we accept from a marketplace hint before giving up on the call;
# Ozon's daily quotas can say "come back at 03:00 MSK".
DEFAULT_OVERALL_TIMEOUT = 300.0
_RNG = random.Random()


@dataclass(frozen=True)
class RetryPolicy:
    """How persistent one call is. ``overall_timeout`` caps the whole call, waits included."""

    max_attempts: int = 7
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    timeout: float = 30.0
    overall_timeout: float = DEFAULT_OVERALL_TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings, overall_timeout: float | None = None) -> RetryPolicy:
        return cls(
            max_attempts=settings.http_max_retries + 1,
            backoff_base=settings.http_backoff_base,
            backoff_cap=settings.http_backoff_cap,
            timeout=settings.http_timeout,
            overall_timeout=overall_timeout if overall_timeout is not None else DEFAULT_OVERALL_TIMEOUT,
        )


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Wait before retry number ``attempt`` (1 = first retry): "equal jitter" exponential backoff.

    The ceiling doubles per attempt up to ``cap``; the wait is drawn from [ceiling/2, ceiling],
    so callers that failed together spread out yet none retries immediately.
    """
    ceiling = min(cap, base * 2.0 ** max(attempt - 1, 0))
    draw = (rng or _RNG).random()
    return ceiling / 2 + draw * ceiling / 2


def hinted_delay(hint: float, rng: random.Random | None = None) -> float:
    """Wait for a marketplace's own hint: never less than it said, plus up to 10 % so callers do not stampede."""
    draw = (rng or _RNG).random()
    return hint + draw * min(0.1 * hint, 1.0)


class Outcome(Enum):
    """What to do with an attempt that did not succeed."""

    RETRY = "retry"  # safe to send again
    AMBIGUOUS = "ambiguous"  # may have taken effect; only an idempotent request may be resent
    FAIL = "fail"  # the answer is final


# Failures that happen before the request leaves us: the server cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def classify_exception(exc: httpx.HTTPError) -> Outcome:
    if isinstance(exc, _NOT_SENT):
        return Outcome.RETRY
    if isinstance(exc, httpx.TransportError):
        # Read timeouts, resets, dropped connections: the server may have processed the request.
        return Outcome.AMBIGUOUS
    return Outcome.FAIL


def classify_status(status: int) -> Outcome:
    if status in (408, 429):
        # 408: the server gave up waiting for our request; 429: refused before processing.
        return Outcome.RETRY
    if status >= 500:
        return Outcome.AMBIGUOUS
    return Outcome.FAIL


def _number(value: str | None) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:  # NaN, infinite, negative: useless hint
        return None
    return number


def _seconds(value: str | None) -> float | None:
    """Seconds as a number, or an HTTP date (RFC 9110 ``Retry-After``)."""
    number = _number(value)
    if number is not None or not (value or "").strip():
        return number
    return _http_date_seconds((value or "").strip())


def _http_date_seconds(text: str) -> float | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def wb_retry_after(headers: Mapping[str, str]) -> float | None:
    """WB: ``X-Ratelimit-Retry`` (seconds until one request fits, may be decimal), else ``X-Ratelimit-Reset``."""
    retry = _seconds(headers.get("x-ratelimit-retry"))
    if retry is not None:
        return retry
    return _seconds(headers.get("x-ratelimit-reset"))


def ozon_retry_after(headers: Mapping[str, str]) -> float | None:
    """Ozon: ``Retry-After`` in seconds (or an HTTP date), ``Item-Retry-After`` in minutes; the longer wins."""
    hints: list[float] = []
    retry = _seconds(headers.get("retry-after"))
    if retry is not None:
        hints.append(retry)
    item_minutes = _number(headers.get("item-retry-after"))
    if item_minutes is not None:
        hints.append(item_minutes * 60.0)
    return max(hints) if hints else None
