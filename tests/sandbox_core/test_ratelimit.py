import pytest

from sandbox.ratelimit import Bucket, BucketLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


CARD_WRITES = Bucket("cards", limit=10, period=60.0, burst=5)


def test_burst_then_refill_at_the_interval():
    clock = FakeClock()
    limiter = BucketLimiter(speed=1.0, clock=clock)
    results = [limiter.take("acc", CARD_WRITES).allowed for _ in range(6)]
    assert results == [True] * 5 + [False]
    denied = limiter.take("acc", CARD_WRITES)
    assert denied.retry_after == pytest.approx(6.0)
    clock.now += 6.0
    assert limiter.take("acc", CARD_WRITES).allowed
    assert not limiter.take("acc", CARD_WRITES).allowed


def test_speed_makes_refill_faster():
    clock = FakeClock()
    limiter = BucketLimiter(speed=60.0, clock=clock)
    for _ in range(5):
        limiter.take("acc", CARD_WRITES)
    denied = limiter.take("acc", CARD_WRITES)
    assert denied.retry_after == pytest.approx(0.1)
    clock.now += 0.1
    assert limiter.take("acc", CARD_WRITES).allowed


def test_accounts_do_not_share_buckets():
    limiter = BucketLimiter(clock=FakeClock())
    for _ in range(5):
        assert limiter.take("a", CARD_WRITES).allowed
    assert limiter.take("b", CARD_WRITES).allowed


def test_a_charged_4xx_costs_extra_tokens():
    clock = FakeClock()
    marketplace = Bucket("marketplace", limit=300, period=60.0, burst=20)
    limiter = BucketLimiter(clock=clock)
    assert limiter.take("acc", marketplace).allowed
    limiter.charge("acc", marketplace, 9)
    allowed = sum(limiter.take("acc", marketplace).allowed for _ in range(20))
    assert allowed == 10
