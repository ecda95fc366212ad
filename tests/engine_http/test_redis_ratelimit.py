"""The Redis limiter against the real Redis (``OZWB_TEST_REDIS_URL``, default db 15)."""

import multiprocessing
import os
import time
import uuid

import pytest
import redis

from engine.ratelimit import LocalRateLimiter, RateLimit
from engine.settings import get_settings
from worker.ratelimit import RedisRateLimiter, limiter_for

REDIS_URL = os.environ.get("OZWB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def prefix():
    name = f"ozwb:test:rl:{uuid.uuid4().hex[:8]}:"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{name}*"))
    if keys:
        client.delete(*keys)


def test_burst_then_interval(prefix):
    limiter = RedisRateLimiter.from_url(REDIS_URL, prefix=prefix)
    bucket = RateLimit("b", 20, 1.0, 4)  # 50 ms interval, 3 back to back
    start = time.monotonic()
    waits = [limiter.acquire("k", bucket) for _ in range(9)]
    elapsed = time.monotonic() - start
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert all(w > 0 for w in waits[3:])
    assert 0.27 <= elapsed < 0.8


def test_penalize_and_charge(prefix):
    limiter = RedisRateLimiter.from_url(REDIS_URL, prefix=prefix, speed=10)
    bucket = RateLimit("m", 300, 60.0, 20, client_error_cost=10)
    limiter.penalize("k", bucket, 0.3)
    start = time.monotonic()
    limiter.acquire("k", bucket)
    assert time.monotonic() - start >= 0.28
    limiter.charge("k", bucket, 9)  # 1 - 1 - 9 = -9 tokens: 10 tokens short at 50/s
    start = time.monotonic()
    limiter.acquire("k", bucket)
    assert time.monotonic() - start >= 0.18
    key = limiter.bucket_key("k", bucket)
    assert key.startswith(prefix) and redis.Redis.from_url(REDIS_URL).pttl(key) > 0


def _hammer(url, prefix, count, out):
    limiter = RedisRateLimiter.from_url(url, prefix=prefix)
    bucket = RateLimit("shared", 40, 1.0, 5)
    stamps = []
    for _ in range(count):
        limiter.acquire("seller", bucket)
        stamps.append(time.time())
    out.put(stamps)


def test_processes_share_one_bucket(prefix):
    """Four worker processes on one seller stay within the bucket together."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    workers = [ctx.Process(target=_hammer, args=(REDIS_URL, prefix, 12, out)) for _ in range(4)]
    for w in workers:
        w.start()
    stamps = sorted(s for _ in workers for s in out.get(timeout=30))
    for w in workers:
        w.join(timeout=10)
        assert w.exitcode == 0
    assert len(stamps) == 48
    span = stamps[-1] - stamps[0]
    # 48 takes = 4 burst + 44 at 25 ms: at least 1.1 s whatever the start-up skew of the processes.
    assert span >= 44 / 40 - 0.05
    # No window holds more than the burst plus what the rate refills in it.
    for i, first in enumerate(stamps):
        in_window = sum(1 for s in stamps[i:] if s < first + 0.5)
        assert in_window <= 4 + 0.5 * 40 + 1


def test_limiter_for_settings(prefix):
    assert isinstance(limiter_for(get_settings(redis_url=None)), LocalRateLimiter)
    shared = limiter_for(get_settings(redis_url=REDIS_URL, limit_speed=5), prefix=prefix)
    assert isinstance(shared, RedisRateLimiter) and "5" in repr(shared) and "redis://" not in repr(shared)
    assert shared.acquire("k", RateLimit("x", 1, 1.0, 2)) == 0.0
