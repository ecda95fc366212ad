import random

import httpx
import pytest

from engine.http.retry import (
    Outcome,
    RetryPolicy,
    backoff_delay,
    classify_exception,
    classify_status,
    hinted_delay,
    ozon_retry_after,
    wb_retry_after,
)
from engine.settings import get_settings


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 8, 20])
def test_backoff_stays_within_jitter_bounds(attempt):
    rng = random.Random(attempt)
    base, cap = 0.5, 8.0
    ceiling = min(cap, base * 2 ** (attempt - 1))
    waits = [backoff_delay(attempt, base, cap, rng) for _ in range(500)]
    assert min(waits) >= ceiling / 2
    assert max(waits) <= ceiling
    # Jitter really spreads callers out across the allowed band.
    assert max(waits) - min(waits) > ceiling / 4


def test_backoff_doubles_then_caps():
    class Top(random.Random):
        def random(self):
            return 1.0

    top = Top()
    assert [backoff_delay(n, 0.5, 4.0, top) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_hinted_delay_never_undercuts_the_hint():
    rng = random.Random(3)
    for hint in (0.05, 1.0, 2.5, 60.0):
        waits = [hinted_delay(hint, rng) for _ in range(200)]
        assert min(waits) >= hint
        assert max(waits) <= hint + min(0.1 * hint, 1.0)


def test_policy_from_settings():
    policy = RetryPolicy.from_settings(get_settings(http_max_retries=3, http_backoff_base=0.2, http_backoff_cap=5,
                                                    http_timeout=7), overall_timeout=40)
    assert (policy.max_attempts, policy.backoff_base, policy.backoff_cap, policy.timeout, policy.overall_timeout) == (
        4, 0.2, 5.0, 7.0, 40.0)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-Ratelimit-Retry": "2", "X-Ratelimit-Reset": "9"}, 2.0),
        ({"X-Ratelimit-Retry": "0.125"}, 0.125),  # the sandbox at --speed 60 sends sub-second waits
        ({"x-ratelimit-reset": "3.5"}, 3.5),  # no Retry: fall back to the full refill time
        ({"X-Ratelimit-Retry": "soon", "X-Ratelimit-Reset": "4"}, 4.0),
        ({"X-Ratelimit-Retry": "-1"}, None),
        ({"Retry-After": "5"}, None),  # WB does not speak Retry-After
        ({}, None),
    ],
)
def test_wb_retry_after(headers, expected):
    assert wb_retry_after(httpx.Headers(headers)) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "1"}, 1.0),
        ({"Item-Retry-After": "2"}, 120.0),  # minutes
        ({"Retry-After": "1", "Item-Retry-After": "3"}, 180.0),  # the longer wait wins
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date in the past: go now
        ({"Retry-After": "nan"}, None),
        ({"X-Ratelimit-Retry": "4"}, None),
        ({}, None),
    ],
)
def test_ozon_retry_after(headers, expected):
    assert ozon_retry_after(httpx.Headers(headers)) == expected


def test_ozon_retry_after_http_date_in_the_future():
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    wait = ozon_retry_after(httpx.Headers({"Retry-After": later}))
    assert wait is not None and 25 <= wait <= 30


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(200, Outcome.FAIL), (400, Outcome.FAIL), (401, Outcome.FAIL), (404, Outcome.FAIL), (409, Outcome.FAIL),
     (422, Outcome.FAIL), (408, Outcome.RETRY), (429, Outcome.RETRY), (500, Outcome.AMBIGUOUS),
     (502, Outcome.AMBIGUOUS), (503, Outcome.AMBIGUOUS), (504, Outcome.AMBIGUOUS)],
)
def test_classify_status(status, outcome):
    assert classify_status(status) is outcome


def test_classify_exception():
    request = httpx.Request("POST", "http://x/y")
    assert classify_exception(httpx.ConnectError("refused", request=request)) is Outcome.RETRY
    assert classify_exception(httpx.ConnectTimeout("slow", request=request)) is Outcome.RETRY
    assert classify_exception(httpx.PoolTimeout("busy", request=request)) is Outcome.RETRY
    assert classify_exception(httpx.ReadTimeout("lost", request=request)) is Outcome.AMBIGUOUS
    assert classify_exception(httpx.RemoteProtocolError("dropped", request=request)) is Outcome.AMBIGUOUS
    assert classify_exception(httpx.ReadError("reset", request=request)) is Outcome.AMBIGUOUS
    assert classify_exception(httpx.TooManyRedirects("loop", request=request)) is Outcome.FAIL
