"""A scripted transport and an HttpClient wired to fake time, for unit tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from engine.http import OZON, WB, HttpClient, RetryPolicy
from engine.ratelimit import RateLimit

SECRET = "3f1c0de5-secret-api-key-0000"
BUCKET = RateLimit("test.bucket", 100, 1.0, 10)

Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Script:
    """Answers requests with the given steps in order (the last one repeats)."""

    steps: Sequence[Step]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        if isinstance(step, Exception):
            raise step
        if callable(step) and not isinstance(step, httpx.Response):
            return step(request)
        return step


@dataclass
class FakeTime:
    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class RecordingLimiter:
    acquired: list[str] = field(default_factory=list)
    penalties: list[tuple[str, float]] = field(default_factory=list)
    charges: list[tuple[str, float]] = field(default_factory=list)

    def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
        self.acquired.append(bucket.name)
        return 0.0

    def penalize(self, key: str, bucket: RateLimit, seconds: float) -> None:
        self.penalties.append((bucket.name, seconds))

    def charge(self, key: str, bucket: RateLimit, extra: float) -> None:
        self.charges.append((bucket.name, extra))


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body, ensure_ascii=False).encode(),
                          headers={"content-type": "application/json", **(headers or {})})


def make_client(
    script: Script, *, marketplace: str = "ozon", max_attempts: int = 4, overall: float = 300.0,
    limiter: RecordingLimiter | None = None, time: FakeTime | None = None,
) -> tuple[HttpClient, FakeTime, RecordingLimiter]:
    fake_time = time or FakeTime()
    recorder = limiter or RecordingLimiter()
    headers = {"Client-Id": "100", "Api-Key": SECRET} if marketplace == "ozon" else {
        "Authorization": f"Bearer {SECRET}"}
    client = HttpClient(
        dialect=OZON if marketplace == "ozon" else WB,
        base_url="https://api.example.test",
        credentials=headers,
        secrets=[SECRET],
        limiter=recorder,
        limiter_key="test:key",
        policy=RetryPolicy(max_attempts=max_attempts, backoff_base=0.5, backoff_cap=4.0, timeout=5.0,
                           overall_timeout=overall),
        transport=httpx.MockTransport(script),
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )
    return client, fake_time, recorder
