import threading
import time

import pytest

from engine.ratelimit import (
    OZON_GLOBAL,
    WB_CARD_WRITES,
    WB_MARKETPLACE,
    LocalRateLimiter,
    RateLimit,
    fingerprint,
    limiter_key,
    shared_limiter,
    wb_account_id,
)
from tests.engine_http.helpers import FakeTime


def fake_limiter(speed: float = 1.0) -> tuple[LocalRateLimiter, FakeTime]:
    clock = FakeTime()
    return LocalRateLimiter(speed, clock=clock.clock, sleep=clock.sleep), clock


def test_documented_limits():
    assert (WB_CARD_WRITES.limit, WB_CARD_WRITES.period, WB_CARD_WRITES.burst) == (10, 60.0, 5)
    assert WB_CARD_WRITES.interval == 6.0
    assert WB_MARKETPLACE.client_error_cost == 10
    assert OZON_GLOBAL.rate() == 50.0


def test_burst_then_steady_interval():
    limiter, clock = fake_limiter()
    for _ in range(WB_CARD_WRITES.client_burst):
        assert limiter.acquire("k", WB_CARD_WRITES) == 0.0
    waited = [limiter.acquire("k", WB_CARD_WRITES) for _ in range(3)]
    assert waited == pytest.approx([6.0, 6.0, 6.0])
    assert clock.now == pytest.approx(18.0)


def test_speed_scales_the_rate():
    limiter, clock = fake_limiter(speed=30)
    for _ in range(WB_CARD_WRITES.client_burst + 10):
        limiter.acquire("k", WB_CARD_WRITES)
    assert clock.now == pytest.approx(10 * 6.0 / 30)


def test_keys_and_buckets_are_independent():
    limiter, clock = fake_limiter()
    bucket = RateLimit("b", 1, 10.0, 1)
    other = RateLimit("c", 1, 10.0, 1)
    limiter.acquire("seller-1", bucket)
    limiter.acquire("seller-2", bucket)
    limiter.acquire("seller-1", other)
    assert clock.now == 0.0
    limiter.acquire("seller-1", bucket)
    assert clock.now == pytest.approx(10.0)


def test_penalty_holds_the_bucket_then_releases_one():
    limiter, _ = fake_limiter()
    bucket = RateLimit("b", 10, 1.0, 5)
    limiter.penalize("k", bucket, 2.5)
    assert limiter.acquire("k", bucket) == pytest.approx(2.5)
    # One token at release, then the normal interval.
    assert limiter.acquire("k", bucket) == pytest.approx(0.1)
    limiter.penalize("k", bucket, 0.0)  # no-op
    limiter.penalize("k", bucket, 1.0)
    limiter.penalize("k", bucket, 0.5)  # a shorter penalty never shortens a longer one
    assert limiter.acquire("k", bucket) == pytest.approx(1.0)


def test_charge_drives_the_bucket_negative():
    limiter, _ = fake_limiter()
    bucket = RateLimit("m", 300, 60.0, 20, client_error_cost=10)
    limiter.acquire("k", bucket)
    limiter.charge("k", bucket, 9)
    for _ in range(9):  # 19 - 10 = 9 tokens left
        assert limiter.acquire("k", bucket) == 0.0
    assert limiter.acquire("k", bucket) == pytest.approx(0.2)


def test_threads_share_one_bucket_within_the_rate():
    limiter = LocalRateLimiter(speed=1.0)
    bucket = RateLimit("t", 100, 1.0, 5)  # 100/s, 4 back to back
    stamps: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(15):
            limiter.acquire("k", bucket)
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    # 60 takes = 4 burst + 56 at 10 ms.
    assert elapsed >= 0.55
    assert elapsed < 1.5
    stamps.sort()
    for i in range(len(stamps)):
        window = [s for s in stamps if stamps[i] <= s < stamps[i] + 0.2]
        assert len(window) <= 4 + 20 + 1


def test_fingerprints_hide_the_credential():
    token = "sandbox-wb-token.alice"
    key = limiter_key("wb", wb_account_id(token))
    assert token not in key and "alice" not in key
    assert key.startswith("wb:") and key == limiter_key("wb", wb_account_id("Bearer " + token))
    assert fingerprint("a") != fingerprint("b") and len(fingerprint("a")) == 20


def test_two_tokens_of_one_seller_share_buckets():
    import base64
    import json

    def jwt(claims: dict[str, str]) -> str:
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        return f"eyJhbGciOiJFUzI1NiJ9.{payload}.c2ln"

    assert wb_account_id(jwt({"sid": "s-1", "id": "t1"})) == wb_account_id(jwt({"sid": "s-1", "id": "t2"}))
    assert wb_account_id(jwt({"sid": "s-1"})) != wb_account_id(jwt({"sid": "s-2"}))
    assert wb_account_id("not.a!.jwt") == "token:not.a!.jwt"


def test_shared_limiter_is_per_speed():
    assert shared_limiter(7.0) is shared_limiter(7.0)
    assert shared_limiter(7.0) is not shared_limiter(8.0)
